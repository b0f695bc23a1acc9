//! The last step of checking: every inferred type is written into the Arc
//! program, and types that stayed unknown are reported.

use super::Checker;
use super::unify::VarOrigin;
use crate::arc::ir::{self, ExprKind as K, Part, StmtKind as S, Type};
use crate::diagnostics::CheckError;

impl Checker<'_> {
    /// Replaces every type variable in `program` by what it was bound to.
    pub(super) fn finish(&mut self, program: &mut ir::Program) {
        for module in &mut program.modules {
            self.fill_stmts(&mut module.body);
        }
    }

    fn ty(&mut self, ty: &mut Type) {
        *ty = self.resolve(ty);
        self.default_vars(ty);
    }

    fn default_vars(&mut self, ty: &mut Type) {
        match ty {
            Type::Var(v) => {
                let (file, span, origin) = self.var_origins[*v as usize];
                let error = match origin {
                    VarOrigin::Return | VarOrigin::Field => None,
                    VarOrigin::EmptyArray => Some(CheckError::CannotInferArray),
                    VarOrigin::EmptyMap => Some(CheckError::CannotInferMap),
                };
                // Reported once per literal: `{}` leaves two types unknown.
                if let Some(error) = error {
                    self.report(file, span, error, None);
                }
                let fallback = if matches!(origin, VarOrigin::Return) {
                    Type::Void
                } else {
                    Type::Any
                };
                self.subst[*v as usize] = Some(fallback.clone());
                *ty = fallback;
            }
            Type::Array(t) => self.default_vars(t),
            Type::Map(k, v) => {
                self.default_vars(k);
                self.default_vars(v);
            }
            Type::Func(ps, r) => {
                for p in ps {
                    self.default_vars(p);
                }
                self.default_vars(r);
            }
            _ => {}
        }
    }

    fn fill_stmts(&mut self, stmts: &mut [ir::Stmt]) {
        for stmt in stmts {
            // The types a statement declares; those of its parts below.
            match &mut stmt.kind {
                S::Local(_, ty, _) => self.ty(ty),
                S::Function(_, f) => self.fill_signature(f),
                S::Class(c) => {
                    for field in &mut c.fields {
                        self.ty(&mut field.ty);
                    }
                    for (_, f) in &mut c.methods {
                        self.fill_signature(f);
                    }
                }
                _ => {}
            }
            stmt.each_part_mut(&mut |p| self.fill_part(p));
        }
    }

    fn fill_signature(&mut self, f: &mut ir::Function) {
        for (_, t) in &mut f.params {
            self.ty(t);
        }
        self.ty(&mut f.ret);
    }

    fn fill_part(&mut self, p: Part<'_>) {
        match p {
            Part::Expr(x) => self.fill_expr(x),
            Part::Stmts(body) => self.fill_stmts(body),
        }
    }

    fn fill_expr(&mut self, e: &mut ir::Expr) {
        self.ty(&mut e.ty);
        if let K::Function(f) = &mut e.kind {
            self.fill_signature(f);
        }
        e.each_part_mut(&mut |p| self.fill_part(p));
    }
}
