//! `super.m(…)` and `super(…)`: calling the parent class's own method or
//! constructor on `self` (docs/language.md §7).

use super::Checker;
use super::expr::err_expr;
use crate::arc::ir::{self, ExprKind as K, Type};
use crate::diagnostics::{Callee, CheckError};
use crate::syntax::Span;
use crate::syntax::ast;

impl Checker<'_> {
    /// `super.name(args)`, or `super(args)` when `name` is `constructor`.
    /// `super_span` is where `super` is written, `name_span` the method's name.
    pub(super) fn super_call(
        &mut self,
        name: &str,
        super_span: Span,
        name_span: Span,
        args: &[ast::Expr],
        span: Span,
    ) -> ir::Expr {
        let constructor = name == "constructor";
        let Some(Some((class, method))) = self.methods.last().cloned() else {
            self.error(super_span, CheckError::SuperOutsideMethod);
            return self.unchecked_arguments(args);
        };
        if constructor && method != "constructor" {
            self.error(super_span, CheckError::SuperCallOutsideConstructor);
            return self.unchecked_arguments(args);
        }
        let info = self.classes.get(&class).cloned();
        let display = info.as_ref().map(|c| c.display.clone()).unwrap_or_default();
        let Some(parent) = info.and_then(|c| c.parent) else {
            self.error(super_span, CheckError::NoParentClass { class: display });
            return self.unchecked_arguments(args);
        };
        let parent_info = self.classes.get(&parent).cloned();
        let parent_name = parent_info
            .as_ref()
            .map(|c| c.display.clone())
            .unwrap_or_default();
        let Some((params, ret)) = parent_info.and_then(|c| c.methods.get(name).cloned()) else {
            if constructor {
                let error = CheckError::ParentHasNoConstructor {
                    parent: parent_name,
                };
                self.error(super_span, error);
            } else {
                let error = CheckError::ParentHasNoMethod {
                    parent: parent_name,
                    name: name.to_string(),
                };
                self.error(name_span, error);
            }
            return self.unchecked_arguments(args);
        };
        let callee = if constructor {
            Callee::Constructor(parent_name)
        } else {
            Callee::ParentMethod {
                name: name.to_string(),
                parent: parent_name,
            }
        };
        let mut all = vec![ir::Expr::new(
            K::Local("self".into()),
            Type::Class(class.clone()),
        )];
        all.extend(self.arguments(callee, &params, false, args, span));
        ir::Expr::new(K::Super(parent, name.to_string(), all), ret)
    }

    /// `super` anywhere but before `.m(…)` or `(…)`.
    pub(super) fn lone_super(&mut self, span: Span) -> ir::Expr {
        self.error(span, CheckError::LoneSuper);
        err_expr()
    }

    /// Checks `args` for their own errors after a `super` call that could
    /// not be made.
    fn unchecked_arguments(&mut self, args: &[ast::Expr]) -> ir::Expr {
        for a in args {
            self.expr(a, None);
        }
        err_expr()
    }
}
