//! Whole programs: declarations, then top-level statements made one at a
//! time and checked against the model, each made again (with other random
//! choices) when the model rejects it or, mostly, when it fails.

use super::ast::*;
use super::eval::{self, Expected};
use super::make::{Gen, Var};
use super::print;
use super::shapes::{Shape, Shapes};

/// A generated program with its text and what it must do.
pub struct Case {
    pub seed: u64,
    pub source: String,
    /// The modules it imports: file name and text, beside it.
    pub modules: Vec<(String, String)>,
    pub expected: Expected,
    /// Why the model rejected statements made and made again.
    pub rejections: Vec<String>,
}

/// What the generator must restore to make top-level statement `k` again.
struct Snapshot {
    scopes: Vec<Vec<Var>>,
    fresh: u32,
    odd_names: Vec<&'static str>,
}

/// Top-level statements in a program (before the final one).
const STATEMENTS: usize = 24;
/// Attempts at one top-level statement before the program ends there.
const ATTEMPTS: u64 = 6;

/// Makes the program of `seed`.
pub fn generate(seed: u64, shapes: &Shapes) -> Case {
    let mut g = Gen::new(seed, shapes);
    let mut prefix = Vec::new();
    if g.chance(1, 6) {
        let m = g.module(0);
        g.modules.push(m);
        prefix.push(Stmt::new(StmtKind::Import(0)));
    }
    prefix.extend(g.classes());
    prefix.extend(g.exts());
    prefix.extend(g.pure_functions());
    let keep_error = shapes.has(Shape::RuntimeErrors) && g.chance(1, 4);
    let mut main: Vec<Vec<Stmt>> = Vec::new();
    let mut snapshots: Vec<Snapshot> = Vec::new();
    let mut attempts = [0u64; STATEMENTS + 1];
    let mut k = 0;
    let mut rejections = Vec::new();
    loop {
        // Make statements k.. (the last one, at index STATEMENTS, is the
        // program's final statement).
        while k <= STATEMENTS {
            snapshots.truncate(k);
            snapshots.push(Snapshot {
                scopes: g.scopes.clone(),
                fresh: g.fresh,
                odd_names: g.odd_names.clone(),
            });
            main.truncate(k);
            let made = if k == STATEMENTS {
                g.final_stmt()
            } else {
                g.top_stmt()
            };
            main.push(made);
            k += 1;
        }
        let program = assemble(&prefix, &main, &g);
        let source = print::program(&program);
        let outcome =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| eval::run(&program, shapes)))
                .unwrap_or_else(|panic| {
                    eprintln!("seed {seed}: the model panicked on this program:\n{source}");
                    std::panic::resume_unwind(panic)
                });
        let failed_at = match &outcome {
            Ok(e) => match &e.error {
                Some(err) if !keep_error => Some(err.statement),
                _ => None,
            },
            Err(rejected) => {
                rejections.push(rejected.reason.clone());
                Some(rejected.statement)
            }
        };
        let Some(index) = failed_at else {
            return Case {
                seed,
                source,
                modules: module_texts(&program),
                expected: outcome.unwrap(),
                rejections,
            };
        };
        // Which of `main` holds top-level statement `index`?
        let group = group_of(&prefix, &main, index);
        attempts[group] += 1;
        let snapshot = &snapshots[group];
        g.scopes = snapshot.scopes.clone();
        g.fresh = snapshot.fresh;
        g.odd_names = snapshot.odd_names.clone();
        g.rng = fastrand::Rng::with_seed(
            seed ^ (group as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ attempts[group] << 48,
        );
        if attempts[group] > ATTEMPTS {
            // Give up on this position: end the program here.
            main.truncate(group);
            g.pending.clear();
            main.push(vec![Stmt::new(StmtKind::Comment("the end".into()))]);
            let program = assemble(&prefix, &main, &g);
            let source = print::program(&program);
            let expected = eval::run(&program, shapes).unwrap_or_else(|r| {
                panic!("seed {seed}: the model rejects a program cut short: {r:?}\n{source}")
            });
            return Case {
                seed,
                source,
                modules: module_texts(&program),
                expected,
                rejections,
            };
        }
        k = group;
    }
}

/// The file name and text of each module of `program`.
fn module_texts(program: &Program) -> Vec<(String, String)> {
    program
        .modules
        .iter()
        .map(|m| (m.file.clone(), print::module(m, &program.classes)))
        .collect()
}

/// The index in `main` of the group that holds top-level statement `index`.
fn group_of(prefix: &[Stmt], main: &[Vec<Stmt>], index: usize) -> usize {
    let mut at = prefix.len();
    for (g, stmts) in main.iter().enumerate() {
        at += stmts.len();
        if index < at {
            return g;
        }
    }
    main.len() - 1
}

fn assemble(prefix: &[Stmt], main: &[Vec<Stmt>], g: &Gen) -> Program {
    let mut body: Vec<Stmt> = prefix.to_vec();
    for group in main {
        body.extend(group.iter().cloned());
    }
    let final_ty = match main.last().and_then(|g| g.last()).map(|s| &s.kind) {
        Some(StmtKind::Comment(_)) => None,
        _ => g.final_ty.clone(),
    };
    Program {
        classes: g.classes.clone(),
        modules: g.modules.clone(),
        body,
        final_ty,
    }
}
