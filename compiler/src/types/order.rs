//! Where a block's functions and classes are defined at run time.
//!
//! Named functions, classes and `ext` methods are visible in their whole
//! block, so they can be used above their declaration. Their definitions
//! therefore move up in the Arc, to just after the last variable of the
//! block they use (a function made earlier could not capture it). A use
//! that runs before a definition is ready, because the function (or one it
//! calls) needs a variable declared further down, is a compile error.

use rustc_hash::FxHashMap;

use super::Checker;
use crate::arc::ir;
use crate::diagnostics::CheckError;
use crate::syntax::Span;
use crate::syntax::ast::{self, StmtKind, TypeExprKind};

/// The uses of one block's names, recorded while its statements are checked.
#[derive(Debug)]
pub(super) struct BlockUses {
    /// The index of the block's scope in `Checker::scopes`.
    scope: usize,
    /// `Checker::frames.len()` in the block: a use from a deeper frame runs
    /// later, when its function is called.
    frames: usize,
    /// The statement being checked.
    current: usize,
    /// The `ext` method functions declared in the block, with their statement.
    exts: FxHashMap<String, usize>,
    uses: Vec<Use>,
}

/// One use of a name declared in the block.
#[derive(Debug)]
struct Use {
    /// The name in the Arc (an `ext` method's function).
    name: String,
    /// The name as written.
    shown: String,
    /// The statement of the block that contains the use.
    stmt: usize,
    span: Span,
    /// Inside a function or method body: it runs when that is called.
    deferred: bool,
}

impl Checker<'_> {
    /// Starts recording uses for a block whose scope was just pushed.
    pub(super) fn begin_block(&mut self) {
        self.blocks.push(BlockUses {
            scope: self.scopes.len() - 1,
            frames: self.frames.len(),
            current: 0,
            exts: FxHashMap::default(),
            uses: Vec::new(),
        });
    }

    /// Notes that statement `index` of the innermost block is being checked.
    pub(super) fn at_statement(&mut self, index: usize) {
        if let Some(block) = self.blocks.last_mut() {
            block.current = index;
        }
    }

    /// Notes an `ext` method function declared by statement `stmt` of the
    /// innermost block.
    pub(super) fn note_ext(&mut self, function: &str, stmt: usize) {
        if let Some(block) = self.blocks.last_mut() {
            block.exts.insert(function.to_string(), stmt);
        }
    }

    /// Records a use of `name` in the block that declares it.
    pub(super) fn note_use(&mut self, name: &str, span: Span) {
        let Some(scope) = self.scopes.iter().rposition(|s| s.contains_key(name)) else {
            return;
        };
        let frames = self.frames.len();
        if let Some(block) = self.blocks.iter_mut().rev().find(|b| b.scope == scope) {
            block.uses.push(Use {
                name: name.to_string(),
                shown: name.to_string(),
                stmt: block.current,
                span,
                deferred: frames > block.frames,
            });
        }
    }

    /// Records a call of the `ext` method `method` implemented by `function`.
    pub(super) fn note_ext_use(&mut self, function: &str, method: &str, span: Span) {
        let frames = self.frames.len();
        if let Some(block) = self
            .blocks
            .iter_mut()
            .rev()
            .find(|b| b.exts.contains_key(function))
        {
            block.uses.push(Use {
                name: function.to_string(),
                shown: method.to_string(),
                stmt: block.current,
                span,
                deferred: frames > block.frames,
            });
        }
    }

    /// Ends the innermost block: orders the Arc of its statements (`arcs`,
    /// one list per statement of `stmts`) so that each definition runs
    /// where it is first possible, and reports uses that come too early.
    pub(super) fn end_block(
        &mut self,
        stmts: &[ast::Stmt],
        arcs: Vec<Vec<ir::Stmt>>,
    ) -> Vec<ir::Stmt> {
        let block = self.blocks.pop().expect("a block being recorded");
        let plan = Plan::new(stmts, &block);
        let errors: Vec<_> = plan.early_uses().collect();
        for (span, error) in errors {
            self.error(span, error);
        }
        plan.arrange(arcs)
    }
}

/// The run-time order of one block's statements.
struct Plan {
    /// Uses that run before their definition is ready: where, the name as
    /// written, and the definition's statement.
    early: Vec<(Span, String, usize)>,
    /// Which statements are definitions (functions, classes, `ext` blocks).
    defines: Vec<bool>,
    /// For each definition, the statement it must follow: one past the last
    /// variable of the block it captures (0 if none).
    placement: Vec<usize>,
    /// For each definition, the variable that delays it.
    cause: Vec<Option<String>>,
    /// A class's parent class when declared in the same block.
    parent: Vec<Option<usize>>,
}

impl Plan {
    fn new(stmts: &[ast::Stmt], block: &BlockUses) -> Plan {
        let n = stmts.len();
        let mut declared: FxHashMap<&str, usize> = FxHashMap::default();
        let mut defines = vec![false; n];
        for (i, stmt) in stmts.iter().enumerate() {
            match &stmt.kind {
                StmtKind::Let(l) => {
                    declared.insert(&l.name.name, i);
                }
                StmtKind::Fn(f) => {
                    defines[i] = true;
                    if let Some(name) = &f.name {
                        declared.insert(&name.name, i);
                    }
                }
                StmtKind::Class(c) => {
                    defines[i] = true;
                    declared.insert(&c.name.name, i);
                }
                StmtKind::Ext(_) => defines[i] = true,
                _ => {}
            }
        }
        let target = |name: &str| declared.get(name).or(block.exts.get(name)).copied();
        let mut placement = vec![0; n];
        let mut cause = vec![None; n];
        let mut calls: Vec<Vec<usize>> = vec![Vec::new(); n];
        for u in &block.uses {
            let Some(j) = target(&u.name) else { continue };
            if !defines[u.stmt] || j == u.stmt {
                continue;
            }
            if defines[j] {
                calls[u.stmt].push(j);
            } else if j + 1 > placement[u.stmt] {
                placement[u.stmt] = j + 1;
                cause[u.stmt] = Some(u.name.clone());
            }
        }
        let mut parent = vec![None; n];
        for (i, stmt) in stmts.iter().enumerate() {
            if let StmtKind::Class(c) = &stmt.kind
                && let Some(ast::TypeExpr {
                    kind: TypeExprKind::Named(p),
                    ..
                }) = &c.parent
                && let Some(&j) = declared.get(p.as_str())
                && defines[j]
                && j != i
            {
                parent[i] = Some(j);
            }
        }
        // A class is made from its parent: it goes after the parent's place.
        let children = reverse(n, |i| parent[i]);
        propagate(&mut placement, &mut cause, &children);
        // The first statement from which a definition can be used: it and
        // everything it calls are defined by then.
        let mut ready = placement.clone();
        let users = reverse(n, |i| calls[i].iter().copied().chain(parent[i]));
        propagate(&mut ready, &mut cause, &users);
        let early = block
            .uses
            .iter()
            .filter(|u| !u.deferred && !defines[u.stmt])
            .filter_map(|u| {
                let j = target(&u.name)?;
                (defines[j] && u.stmt < ready[j]).then(|| (u.span, u.shown.clone(), j))
            })
            .collect();
        Plan {
            early,
            defines,
            placement,
            cause,
            parent,
        }
    }

    /// The errors for uses that run before their definition is ready.
    fn early_uses(&self) -> impl Iterator<Item = (Span, CheckError)> + '_ {
        self.early.iter().filter_map(|(span, name, j)| {
            let needs = self.cause[*j].clone()?;
            let name = name.clone();
            Some((*span, CheckError::UsedBeforeReady { name, needs }))
        })
    }

    /// The Arc in run-time order: each definition just before the statement
    /// it must precede, classes after their parents, the rest in place.
    fn arrange(&self, arcs: Vec<Vec<ir::Stmt>>) -> Vec<ir::Stmt> {
        let n = arcs.len();
        let mut arcs: Vec<Option<Vec<ir::Stmt>>> = arcs.into_iter().map(Some).collect();
        let mut placed: Vec<Vec<usize>> = vec![Vec::new(); n + 1];
        for i in (0..n).filter(|&i| self.defines[i]) {
            placed[self.placement[i]].push(i);
        }
        let mut out = Vec::new();
        for (p, definitions) in placed.iter().enumerate() {
            for &i in definitions {
                self.place(i, &mut arcs, &mut out);
            }
            if p < n && !self.defines[p] {
                out.extend(arcs[p].take().into_iter().flatten());
            }
        }
        out
    }

    fn place(&self, i: usize, arcs: &mut [Option<Vec<ir::Stmt>>], out: &mut Vec<ir::Stmt>) {
        if arcs[i].is_none() {
            return;
        }
        let mine = arcs[i].take();
        if let Some(p) = self.parent[i] {
            self.place(p, arcs, out);
        }
        out.extend(mine.into_iter().flatten());
    }
}

/// For each of `n` statements, the statements that depend on it, from each
/// statement's dependencies `deps`.
fn reverse<I: IntoIterator<Item = usize>>(n: usize, deps: impl Fn(usize) -> I) -> Vec<Vec<usize>> {
    let mut dependents = vec![Vec::new(); n];
    for i in 0..n {
        for j in deps(i) {
            dependents[j].push(i);
        }
    }
    dependents
}

/// Raises each statement's `value` to at least that of every statement it
/// depends on (`dependents` lists, per statement, those depending on it),
/// carrying the `cause` along. A worklist: each raise revisits only the
/// statements that depend on the raised one.
fn propagate(value: &mut [usize], cause: &mut [Option<String>], dependents: &[Vec<usize>]) {
    let mut work: Vec<usize> = (0..value.len()).collect();
    while let Some(j) = work.pop() {
        for &i in &dependents[j] {
            if value[j] > value[i] {
                value[i] = value[j];
                cause[i] = cause[j].clone();
                work.push(i);
            }
        }
    }
}
