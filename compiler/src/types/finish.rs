//! The last step of checking: every inferred type is written into the Arc
//! program, and types that stayed unknown are reported.

use std::collections::HashSet;

use super::Checker;
use super::unify::VarOrigin;
use crate::arc::ir::{self, ExprKind as K, Part, StmtKind as S, Type};
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
            // The types a statement declares; those of its parts below.
            match &mut stmt.kind {
                S::Local(_, ty, _) => self.ty(ty, reported),
                S::Function(_, f) => self.fill_signature(f, reported),
                S::Class(c) => {
                    for field in &mut c.fields {
                        self.ty(&mut field.ty, reported);
                    }
                    for (_, f) in &mut c.methods {
                        self.fill_signature(f, reported);
                    }
                }
                _ => {}
            }
            stmt.each_part_mut(&mut |p| self.fill_part(p, reported));
        }
    }

    fn fill_signature(&mut self, f: &mut ir::Function, reported: &mut HashSet<u32>) {
        for (_, t) in &mut f.params {
            self.ty(t, reported);
        }
        self.ty(&mut f.ret, reported);
    }

    fn fill_part(&mut self, p: Part<'_>, reported: &mut HashSet<u32>) {
        match p {
            Part::Expr(x) => self.fill_expr(x, reported),
            Part::Stmts(body) => self.fill_stmts(body, reported),
        }
    }

    fn fill_expr(&mut self, e: &mut ir::Expr, reported: &mut HashSet<u32>) {
        self.ty(&mut e.ty, reported);
        if let K::Function(f) = &mut e.kind {
            self.fill_signature(f, reported);
        }
        e.each_part_mut(&mut |p| self.fill_part(p, reported));
    }
}
