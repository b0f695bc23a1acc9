//! One REPL entry as code to run: the statements of the checked session
//! that the entry added, rewritten so that what the session declares at its
//! top level lives in the session's table (the module table `_M` every
//! entry shares) and survives the entry.
//!
//! The whole session is checked as one file each time, so an entry sees
//! the names and types of everything before it. Of the result only the
//! entry's own statements run:
//! - a top-level variable becomes a field of the session table, read and
//!   written there by every entry and every function (closures stay
//!   shared);
//! - a top-level function, class or `ext` method is exported to the table
//!   where it is defined, and later entries bind it to a local of the same
//!   name first;
//! - the entry's final value is printed with its type.

use std::collections::HashSet;

use crate::arc::ir::{self, Builtin, Expr, ExprKind, Function, Part, Stmt, StmtKind, Type};

/// The body to run for the entry of the session module `module`: the
/// statements from Loop lines after `before` (the earlier entries' lines).
pub(super) fn body(module: &ir::Module, before: u32, show: impl Fn(&Type) -> String) -> Vec<Stmt> {
    let variables: HashSet<String> = module
        .body
        .iter()
        .filter_map(|s| match &s.kind {
            StmtKind::Local(name, ..) => Some(name.clone()),
            _ => None,
        })
        .collect();
    let rewrite = Rewrite { variables };
    let mut out = Vec::new();
    // The functions, classes and `ext` methods of earlier entries.
    for s in module.body.iter().filter(|s| s.line <= before) {
        if let Some(name) = defined_name(s) {
            out.push(Stmt {
                line: 0,
                kind: StmtKind::Local(
                    name.clone(),
                    Type::Any,
                    Expr::new(ExprKind::Global(None, name), Type::Any),
                ),
            });
        }
    }
    let new: Vec<&Stmt> = module.body.iter().filter(|s| s.line > before).collect();
    let last = new.len().saturating_sub(1);
    for (i, s) in new.into_iter().enumerate() {
        let mut s = s.clone();
        rewrite.stmt(&mut s, &mut Scopes::default());
        match s.kind {
            StmtKind::Local(name, ty, value) => out.push(Stmt {
                line: s.line,
                kind: StmtKind::Assign(Expr::new(ExprKind::Global(None, name), ty), value),
            }),
            StmtKind::Expr(Expr {
                kind: ExprKind::Builtin(builtin, mut args),
                ..
            }) if i == last && builtin == Builtin::PrintFinal && args.len() == 1 => {
                let value = args.remove(0);
                let suffix = format!(" : {}", show(&value.ty));
                out.push(print(s.line, Builtin::Print, value));
                out.push(print(
                    s.line,
                    Builtin::Println,
                    Expr::new(ExprKind::Str(suffix), Type::Str),
                ));
            }
            kind => {
                let line = s.line;
                let exported = defined_name(&Stmt {
                    line,
                    kind: kind.clone(),
                });
                out.push(Stmt { line, kind });
                if let Some(name) = exported {
                    out.push(Stmt {
                        line,
                        kind: StmtKind::Export(name),
                    });
                }
            }
        }
    }
    out
}

/// The name a top-level function, class or `ext` method statement defines.
fn defined_name(s: &Stmt) -> Option<String> {
    match &s.kind {
        StmtKind::Function(name, _) => Some(name.clone()),
        StmtKind::Class(class) => Some(class.id.name.clone()),
        _ => None,
    }
}

/// `print(value)` or `println(value)` at `line`.
fn print(line: u32, builtin: Builtin, value: Expr) -> Stmt {
    Stmt {
        line,
        kind: StmtKind::Expr(Expr::new(
            ExprKind::Builtin(builtin, vec![value]),
            Type::Void,
        )),
    }
}

/// The names declared inside functions and blocks, innermost last: they
/// hide the session's variables of the same name.
#[derive(Default)]
struct Scopes(Vec<HashSet<String>>);

impl Scopes {
    fn hides(&self, name: &str) -> bool {
        self.0.iter().any(|s| s.contains(name))
    }

    fn declare(&mut self, name: &str) {
        if let Some(scope) = self.0.last_mut() {
            scope.insert(name.to_string());
        }
    }

    /// Runs `f` in a new scope holding `names`.
    fn within<'n>(
        &mut self,
        names: impl IntoIterator<Item = &'n String>,
        f: impl FnOnce(&mut Self),
    ) {
        self.0.push(names.into_iter().cloned().collect());
        f(self);
        self.0.pop();
    }
}

/// Turns reads and writes of the session's variables into reads and
/// writes of the session table.
struct Rewrite {
    variables: HashSet<String>,
}

impl Rewrite {
    /// A block's statements: its named functions are visible in all of it,
    /// its variables from their declaration on.
    fn block(&self, stmts: &mut [Stmt], scopes: &mut Scopes) {
        let functions: Vec<String> = stmts.iter().filter_map(defined_name).collect();
        scopes.within(&functions, |scopes| {
            for s in stmts {
                self.stmt(s, scopes);
            }
        });
    }

    fn stmt(&self, s: &mut Stmt, scopes: &mut Scopes) {
        match &mut s.kind {
            StmtKind::Local(name, _, value) => {
                self.expr(value, scopes);
                scopes.declare(name);
            }
            StmtKind::Assign(a, b) => {
                self.expr(a, scopes);
                self.expr(b, scopes);
            }
            StmtKind::Expr(e) | StmtKind::LoopReturn(e) | StmtKind::Return(Some(e)) => {
                self.expr(e, scopes)
            }
            StmtKind::Function(_, f) => self.function(f, scopes),
            StmtKind::Class(class) => {
                for field in &mut class.fields {
                    self.expr(&mut field.init, scopes);
                }
                for (_, method) in &mut class.methods {
                    self.function(method, scopes);
                }
            }
            StmtKind::Return(None)
            | StmtKind::Halt
            | StmtKind::Break
            | StmtKind::Continue
            | StmtKind::Export(_) => {}
        }
    }

    fn function(&self, f: &mut Function, scopes: &mut Scopes) {
        let params: Vec<String> = f.params.iter().map(|(p, _)| p.clone()).collect();
        scopes.within(&params, |scopes| self.block(&mut f.body, scopes));
    }

    fn expr(&self, e: &mut Expr, scopes: &mut Scopes) {
        match &mut e.kind {
            ExprKind::Local(name) if self.variables.contains(name) && !scopes.hides(name) => {
                e.kind = ExprKind::Global(None, std::mem::take(name));
            }
            ExprKind::ForRange(var, lo, hi, body) => {
                self.expr(lo, scopes);
                self.expr(hi, scopes);
                scopes.within([&*var], |scopes| self.block(body, scopes));
            }
            ExprKind::ForIn(var, items, body) => {
                self.expr(items, scopes);
                scopes.within([&*var], |scopes| self.block(body, scopes));
            }
            ExprKind::Function(f) => self.function(f, scopes),
            _ => e.each_part_mut(&mut |p| match p {
                Part::Expr(x) => self.expr(x, scopes),
                Part::Stmts(body) => self.block(body, scopes),
            }),
        }
    }
}
