//! The last step of checking: every inferred type is written into the Arc
//! program, and types that stayed unknown are reported.

use std::collections::HashSet;

use super::Checker;
use super::unify::VarOrigin;
use crate::arc::ir::{self, ExprKind as K, StmtKind as S, Type};
use crate::diagnostics::Diagnostic;

impl Checker<'_> {
    /// Replaces every type variable in `program` by what it was bound to.
    pub(super) fn finish(&mut self, program: &mut ir::Program) {
        let mut reported = HashSet::new();
        for module in &mut program.modules {
            self.fill_stmts(&mut module.body, &mut reported);
        }
    }

    fn ty(&mut self, ty: &mut Type, reported: &mut HashSet<u32>) {
        *ty = self.resolve(ty);
        self.default_vars(ty, reported);
    }

    fn default_vars(&mut self, ty: &mut Type, reported: &mut HashSet<u32>) {
        match ty {
            Type::Var(v) => {
                let (file, span, origin) = self.var_origins[*v as usize];
                let message = match origin {
                    VarOrigin::Return | VarOrigin::Field => None,
                    VarOrigin::EmptyArray => Some(
                        "cannot infer the element type of this empty array; write its type, e.g. `int[] xs := []`",
                    ),
                    VarOrigin::EmptyMap => Some(
                        "cannot infer the types of this empty map; write its type, e.g. `map<string, int> m := {}`",
                    ),
                };
                if let Some(message) = message
                    && reported.insert(*v)
                {
                    self.errors.push(Diagnostic::new(file, span, message));
                }
                let fallback = if matches!(origin, VarOrigin::Return) {
                    Type::Void
                } else {
                    Type::Any
                };
                self.subst[*v as usize] = Some(fallback.clone());
                *ty = fallback;
            }
            Type::Array(t) => self.default_vars(t, reported),
            Type::Map(k, v) => {
                self.default_vars(k, reported);
                self.default_vars(v, reported);
            }
            Type::Func(ps, r) => {
                for p in ps {
                    self.default_vars(p, reported);
                }
                self.default_vars(r, reported);
            }
            _ => {}
        }
    }

    fn fill_stmts(&mut self, stmts: &mut [ir::Stmt], reported: &mut HashSet<u32>) {
        for stmt in stmts {
            match &mut stmt.kind {
                S::Local(_, ty, e) => {
                    self.ty(ty, reported);
                    self.fill_expr(e, reported);
                }
                S::Assign(a, b) => {
                    self.fill_expr(a, reported);
                    self.fill_expr(b, reported);
                }
                S::Expr(e) | S::LoopReturn(e) | S::Return(Some(e)) => self.fill_expr(e, reported),
                S::Function(_, f) => self.fill_function(f, reported),
                S::Class(c) => {
                    for field in &mut c.fields {
                        self.ty(&mut field.ty, reported);
                        self.fill_expr(&mut field.init, reported);
                    }
                    for (_, f) in &mut c.methods {
                        self.fill_function(f, reported);
                    }
                }
                S::Return(None) | S::Halt | S::Break | S::Continue | S::Export(_) => {}
            }
        }
    }

    fn fill_function(&mut self, f: &mut ir::Function, reported: &mut HashSet<u32>) {
        for (_, t) in &mut f.params {
            self.ty(t, reported);
        }
        self.ty(&mut f.ret, reported);
        self.fill_stmts(&mut f.body, reported);
    }

    fn fill_expr(&mut self, e: &mut ir::Expr, reported: &mut HashSet<u32>) {
        self.ty(&mut e.ty, reported);
        match &mut e.kind {
            K::Int(_)
            | K::Float(_)
            | K::Str(_)
            | K::Bool(_)
            | K::Null
            | K::Local(_)
            | K::Global(..)
            | K::CVar(..) => {}
            K::Array(items)
            | K::Builtin(_, items)
            | K::Ext(_, items)
            | K::Super(_, _, items)
            | K::New(_, items)
            | K::CCall(_, _, items) => {
                for i in items {
                    self.fill_expr(i, reported);
                }
            }
            K::Map(pairs) => {
                for (k, v) in pairs {
                    self.fill_expr(k, reported);
                    self.fill_expr(v, reported);
                }
            }
            K::Unary(_, a) | K::Field(a, _) | K::Cast(a) | K::AddrOf(a) => {
                self.fill_expr(a, reported)
            }
            K::Binary(_, a, b) | K::Index(a, b) => {
                self.fill_expr(a, reported);
                self.fill_expr(b, reported);
            }
            K::Call(f, args) | K::Method(f, _, args) => {
                self.fill_expr(f, reported);
                for a in args {
                    self.fill_expr(a, reported);
                }
            }
            K::Slice(a, lo, hi) => {
                self.fill_expr(a, reported);
                for b in [lo, hi].into_iter().flatten() {
                    self.fill_expr(b, reported);
                }
            }
            K::If(c, a, b) => {
                self.fill_expr(c, reported);
                self.fill_stmts(a, reported);
                self.fill_stmts(b, reported);
            }
            K::While(c, body) | K::ForIn(_, c, body) => {
                self.fill_expr(c, reported);
                self.fill_stmts(body, reported);
            }
            K::ForRange(_, a, b, body) => {
                self.fill_expr(a, reported);
                self.fill_expr(b, reported);
                self.fill_stmts(body, reported);
            }
            K::Block(body) => self.fill_stmts(body, reported),
            K::Function(f) => self.fill_function(f, reported),
        }
    }
}
