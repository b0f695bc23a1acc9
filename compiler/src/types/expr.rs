//! Checking expressions.

use super::suggest::nearest;
use super::unify::VarOrigin;
use super::{Binding, Checker, builtins, flow};
use crate::arc::ir::{self, ExprKind as K, Type};
use crate::diagnostics::{Callee, CheckError};
use crate::syntax::Span;
use crate::syntax::ast::{self, BinaryOp, ExprKind, UnaryOp};

/// The expression standing for one that had an error (already reported).
pub(super) fn err_expr() -> ir::Expr {
    ir::Expr::new(K::Error, Type::Any)
}

/// Loops one function may have inside one another.
const MAX_LOOP_NESTING: usize = 20;

/// Whether `e` stands for an expression that had an error: using it is no
/// error of its own.
pub(super) fn is_error(e: &ir::Expr) -> bool {
    e.kind == K::Error
}

impl Checker<'_> {
    /// Checks `e` where a value of type `want` is needed, inserting the
    /// run-time check for `any` values.
    pub(super) fn expect(&mut self, e: &ast::Expr, want: &Type) -> ir::Expr {
        let value = self.expr(e, Some(want));
        self.coerce(value, want, e.span)
    }

    /// Makes `value` a `want`, or reports why it is not one.
    pub(super) fn coerce(&mut self, value: ir::Expr, want: &Type, span: Span) -> ir::Expr {
        if matches!(self.shallow(&value.ty), Type::Void) {
            self.error(span, CheckError::NoValue);
            return err_expr();
        }
        if !self.fits(&value.ty, want) {
            let (expected, found) = self.show_two(want, &value.ty);
            self.error(span, CheckError::Mismatch { expected, found });
            return err_expr();
        }
        let target = self.shallow(want);
        if matches!(self.shallow(&value.ty), Type::Any)
            && !matches!(target, Type::Any | Type::Var(_))
        {
            return ir::Expr::new(K::Cast(Box::new(value)), target);
        }
        value
    }

    /// Checks `e`; `hint` is the type the context expects, used for empty
    /// and mixed literals.
    pub(super) fn expr(&mut self, e: &ast::Expr, hint: Option<&Type>) -> ir::Expr {
        let mut checked = self.expr_at(e, hint);
        // Runtime errors point at the line the expression starts on, or for
        // a field or method, the line of its name (`b` newline `.step()`).
        if checked.line == 0 {
            let at = match &e.kind {
                ExprKind::Member(_, _, name) | ExprKind::MethodCall(_, _, name, _) => *name,
                _ => e.span,
            };
            checked.line = self.line(at);
        }
        checked
    }

    fn expr_at(&mut self, e: &ast::Expr, hint: Option<&Type>) -> ir::Expr {
        match &e.kind {
            ExprKind::Int(n) => ir::Expr::new(K::Int(*n), Type::Int),
            ExprKind::Float(x) => ir::Expr::new(K::Float(*x), Type::Float),
            ExprKind::Str(s) => ir::Expr::new(K::Str(s.clone()), Type::Str),
            ExprKind::Bool(v) => ir::Expr::new(K::Bool(*v), Type::Bool),
            ExprKind::Null => ir::Expr::new(K::Null, Type::Null),
            ExprKind::Name(name) => self.name(name, e.span),
            ExprKind::Array(items) => self.array(items, hint, e.span),
            ExprKind::Map(entries) => self.map(entries, hint, e.span),
            ExprKind::Unary(op, operand) => self.unary(*op, operand, e.span),
            ExprKind::AddrOf(_) => {
                self.error(e.span, CheckError::AddressOutsideCCall);
                err_expr()
            }
            ExprKind::Binary(op, l, r) => self.binary(*op, l, r, e.span),
            ExprKind::Call(callee, args) => self.call(callee, args, e.span),
            ExprKind::MethodCall(recv, name, name_span, args) => {
                self.method_call(recv, name, *name_span, args, e.span)
            }
            ExprKind::Member(recv, name, name_span) => self.member(recv, name, *name_span),
            ExprKind::Index(c, i) => self.index(c, i, e.span),
            ExprKind::Slice(c, lo, hi) => {
                let c = self.expr(c, None);
                let ty = self.shallow(&c.ty);
                if !matches!(ty, Type::Array(_) | Type::Str) {
                    let found = self.show(&ty);
                    self.error(e.span, CheckError::CannotSlice { found });
                }
                let lo = lo.as_ref().map(|x| Box::new(self.expect(x, &Type::Int)));
                let hi = hi.as_ref().map(|x| Box::new(self.expect(x, &Type::Int)));
                ir::Expr::new(K::Slice(Box::new(c), lo, hi), ty)
            }
            ExprKind::If(..) => self.if_expr(e, true),
            ExprKind::While(cond, body) => {
                let cond = self.condition(cond);
                self.looping(
                    e.span,
                    |this| this.block(&body.stmts, false).0,
                    |body| K::While(Box::new(cond), body),
                )
            }
            ExprKind::ForRange(var, from, to, body) => {
                let from = self.expect(from, &Type::Int);
                let to = self.expect(to, &Type::Int);
                let name = var.name.clone();
                self.looping(
                    e.span,
                    |this| this.scoped_block(&[(var, Type::Int)], &body.stmts),
                    |body| K::ForRange(name, Box::new(from), Box::new(to), body),
                )
            }
            ExprKind::ForIn(var, iter, body) => {
                let iter = self.expr(iter, None);
                let elem = match self.shallow(&iter.ty) {
                    Type::Array(t) => *t,
                    Type::Str => Type::Str,
                    Type::Map(k, _) => *k,
                    _ if is_error(&iter) => Type::Any,
                    other => {
                        let found = self.show(&other);
                        self.error(iter_span(e), CheckError::CannotLoopOver { found });
                        Type::Any
                    }
                };
                let name = var.name.clone();
                self.looping(
                    e.span,
                    |this| this.scoped_block(&[(var, elem)], &body.stmts),
                    |body| K::ForIn(name, Box::new(iter), body),
                )
            }
            ExprKind::Block(b) => {
                let (stmts, ty) = self.block(&b.stmts, true);
                ir::Expr::new(K::Block(stmts), ty)
            }
            ExprKind::Super => self.lone_super(e.span),
            ExprKind::Fn(f) => {
                let ret = self.fresh(VarOrigin::Return, f.span);
                let func = self.function(f, ret, None);
                let ty = Type::Func(
                    func.params.iter().map(|(_, t)| t.clone()).collect(),
                    Box::new(func.ret.clone()),
                );
                ir::Expr::new(K::Function(Box::new(func)), ty)
            }
        }
    }

    /// A `bool` condition.
    pub(super) fn condition(&mut self, e: &ast::Expr) -> ir::Expr {
        let c = self.expr(e, None);
        match self.shallow(&c.ty) {
            Type::Bool => c,
            Type::Any => ir::Expr::new(K::Cast(Box::new(c)), Type::Bool),
            Type::Var(_) if self.unify(&c.ty, &Type::Bool) => c,
            other => {
                let found = self.show(&other);
                self.error(e.span, CheckError::NotABool { found });
                c
            }
        }
    }

    /// Runs `body` as the loop at `span`: tracks `break`/`continue` and, at
    /// the top level, the loop's value from `return`.
    fn looping(
        &mut self,
        span: Span,
        body: impl FnOnce(&mut Self) -> Vec<ir::Stmt>,
        make: impl FnOnce(Vec<ir::Stmt>) -> K,
    ) -> ir::Expr {
        let top = self.at_top_level();
        let frame = self.frames.last_mut().expect("frame");
        frame.loop_depth += 1;
        if frame.loop_depth == MAX_LOOP_NESTING + 1 {
            // Each loop holds several of the 200 locals a Lua function has.
            let error = CheckError::LoopsTooDeep {
                max: MAX_LOOP_NESTING,
            };
            self.error(span, error);
        }
        let frame = self.frames.last_mut().expect("frame");
        if top {
            frame.loops.push(None);
        }
        let stmts = body(self);
        let frame = self.frames.last_mut().expect("frame");
        frame.loop_depth -= 1;
        let ty = if top {
            frame.loops.pop().flatten().unwrap_or(Type::Void)
        } else {
            Type::Void
        };
        let kind = make(stmts);
        let finishes = match &kind {
            K::While(cond, body) => flow::loop_can_finish(cond, body),
            _ => true,
        };
        // A loop that can end without `return` is `null` then: its value
        // needs a type that holds null.
        let ty = match self.shallow(&ty) {
            Type::Int | Type::Float | Type::Bool if finishes => Type::Any,
            _ => ty,
        };
        ir::Expr::new(kind, ty)
    }

    /// `if`; with `want_value` the branches' values are the `if`'s value.
    pub(super) fn if_expr(&mut self, e: &ast::Expr, want_value: bool) -> ir::Expr {
        let ExprKind::If(cond, then, other) = &e.kind else {
            unreachable!("if_expr on a non-if")
        };
        let cond = self.condition(cond);
        let (then_stmts, then_ty) = self.block(&then.stmts, want_value);
        let (else_stmts, else_ty) = match other.as_deref() {
            None => (Vec::new(), Type::Void),
            Some(ast::Expr {
                kind: ExprKind::Block(b),
                ..
            }) => self.block(&b.stmts, want_value),
            Some(nested) => {
                let value = self.if_expr(nested, want_value);
                let ty = value.ty.clone();
                (
                    vec![ir::Stmt {
                        line: self.line(nested.span),
                        kind: ir::StmtKind::Expr(value),
                    }],
                    ty,
                )
            }
        };
        let ty = if !want_value || other.is_none() {
            Type::Void
        } else {
            let (a, b) = (self.shallow(&then_ty), self.shallow(&else_ty));
            let common = self.common(&a, &b);
            if common == Type::Any && a != Type::Any && b != Type::Any {
                let (then, other) = self.show_two(&a, &b);
                self.error(e.span, CheckError::BranchTypes { then, other });
            }
            common
        };
        ir::Expr::new(K::If(Box::new(cond), then_stmts, else_stmts), ty)
    }

    fn name(&mut self, name: &str, span: Span) -> ir::Expr {
        self.note_use(name, span);
        match self.lookup(name).cloned() {
            Some(Binding::Local { ty, .. }) => ir::Expr::new(K::Local(name.to_string()), ty),
            Some(Binding::Global { ty, .. }) => {
                ir::Expr::new(K::Global(None, name.to_string()), ty)
            }
            Some(Binding::Module(_) | Binding::Library(..)) => {
                let name = name.to_string();
                self.error(span, CheckError::ModuleNotAValue { name });
                err_expr()
            }
            Some(Binding::FailedImport | Binding::Unknown) => err_expr(),
            Some(Binding::Class(_)) => {
                let name = name.to_string();
                self.error(span, CheckError::ClassNotAValue { name });
                err_expr()
            }
            None if self.is_std_namespace(name) => self.std_namespace_value(name, span),
            None => {
                let error = if builtins::function(name).is_some() {
                    CheckError::BuiltinNotAValue {
                        name: name.to_string(),
                    }
                } else {
                    CheckError::UnknownName {
                        name: name.to_string(),
                        suggestion: self.suggest_name(name),
                    }
                };
                self.error(span, error);
                err_expr()
            }
        }
    }

    fn array(&mut self, items: &[ast::Expr], hint: Option<&Type>, span: Span) -> ir::Expr {
        if let Some(Type::Array(elem)) = hint.map(|h| self.shallow(h)) {
            let items = items.iter().map(|i| self.expect(i, &elem)).collect();
            return ir::Expr::new(K::Array(items), Type::Array(elem));
        }
        let checked: Vec<ir::Expr> = items.iter().map(|i| self.expr(i, None)).collect();
        let elem = self.common_of(
            checked.iter().map(|c| c.ty.clone()),
            VarOrigin::EmptyArray,
            span,
        );
        let items = checked
            .into_iter()
            .zip(items)
            .map(|(c, i)| self.coerce(c, &elem, i.span))
            .collect();
        ir::Expr::new(K::Array(items), Type::Array(Box::new(elem)))
    }

    fn common_of(
        &mut self,
        types: impl Iterator<Item = Type>,
        origin: VarOrigin,
        span: Span,
    ) -> Type {
        let mut acc: Option<Type> = None;
        for t in types {
            acc = Some(match acc {
                None => t,
                Some(a) => self.common(&a, &t),
            });
        }
        match acc {
            Some(Type::Null) => Type::Any,
            Some(t) => t,
            None => self.fresh(origin, span),
        }
    }

    fn map(
        &mut self,
        entries: &[(ast::Expr, ast::Expr)],
        hint: Option<&Type>,
        span: Span,
    ) -> ir::Expr {
        for (key, _) in entries {
            if key.kind == ExprKind::Null {
                self.error(key.span, CheckError::NullMapKey);
            }
        }
        let (keys, values): (Vec<_>, Vec<_>) =
            if let Some(Type::Map(k, v)) = hint.map(|h| self.shallow(h)) {
                let pairs: Vec<_> = entries
                    .iter()
                    .map(|(a, b)| (self.expect(a, &k), self.expect(b, &v)))
                    .collect();
                return ir::Expr::new(K::Map(pairs), Type::Map(k, v));
            } else {
                entries
                    .iter()
                    .map(|(a, b)| (self.expr(a, None), self.expr(b, None)))
                    .unzip()
            };
        let k = self.common_of(keys.iter().map(|c| c.ty.clone()), VarOrigin::EmptyMap, span);
        let v = self.common_of(
            values.iter().map(|c| c.ty.clone()),
            VarOrigin::EmptyMap,
            span,
        );
        if !matches!(
            self.shallow(&k),
            Type::Int | Type::Float | Type::Bool | Type::Str | Type::Any | Type::Var(_)
        ) {
            let found = self.show(&k);
            self.error(span, CheckError::MapKeyType { found });
        }
        let pairs = keys
            .into_iter()
            .zip(values)
            .zip(entries)
            .map(|((a, b), (sa, sb))| (self.coerce(a, &k, sa.span), self.coerce(b, &v, sb.span)))
            .collect();
        ir::Expr::new(K::Map(pairs), Type::Map(Box::new(k), Box::new(v)))
    }

    fn unary(&mut self, op: UnaryOp, operand: &ast::Expr, span: Span) -> ir::Expr {
        let value = self.expr(operand, None);
        if is_error(&value) {
            return value;
        }
        let ty = self.shallow(&value.ty);
        let ok = match op {
            UnaryOp::Neg => ty.is_numeric() || self.unify(&ty, &Type::Int),
            UnaryOp::Not => ty == Type::Bool || self.unify(&ty, &Type::Bool),
        };
        if !ok {
            let error = CheckError::CannotApplyUnary {
                op: if op == UnaryOp::Neg { "-" } else { "not" },
                operand: self.show(&ty),
            };
            self.error(span, error);
            return err_expr();
        }
        let ty = self.shallow(&value.ty);
        ir::Expr::new(K::Unary(op, Box::new(value)), ty)
    }

    fn binary(&mut self, op: BinaryOp, l: &ast::Expr, r: &ast::Expr, span: Span) -> ir::Expr {
        if matches!(op, BinaryOp::And | BinaryOp::Or) {
            let (a, b) = (self.condition(l), self.condition(r));
            return ir::Expr::new(K::Binary(op, Box::new(a), Box::new(b)), Type::Bool);
        }
        let mut a = self.expr(l, None);
        let mut b = self.expr(r, None);
        if is_error(&a) || is_error(&b) {
            return err_expr();
        }
        // `any` meets a known type: check it at run time as that type.
        let (ta, tb) = (self.shallow(&a.ty), self.shallow(&b.ty));
        if ta == Type::Any
            && !matches!(tb, Type::Any | Type::Null)
            && !matches!(op, BinaryOp::Eq | BinaryOp::Ne)
        {
            a = ir::Expr::new(K::Cast(Box::new(a)), tb.clone());
        } else if tb == Type::Any
            && !matches!(ta, Type::Any | Type::Null)
            && !matches!(op, BinaryOp::Eq | BinaryOp::Ne)
        {
            b = ir::Expr::new(K::Cast(Box::new(b)), ta.clone());
        }
        let (ta, tb) = (self.shallow(&a.ty), self.shallow(&b.ty));
        // An unknown operand takes the other's type (recursive functions).
        if let Type::Var(_) = ta {
            self.unify(&ta, &tb);
        } else if let Type::Var(_) = tb {
            self.unify(&tb, &ta);
        }
        let (ta, tb) = (self.shallow(&a.ty), self.shallow(&b.ty));
        let numeric = ta.is_numeric() && tb.is_numeric();
        let unknown = matches!(ta, Type::Var(_)) && ta == tb;
        let result = match op {
            // Both sides are the still-unknown result of a recursive call.
            BinaryOp::Add
            | BinaryOp::Sub
            | BinaryOp::Mul
            | BinaryOp::Div
            | BinaryOp::Rem
            | BinaryOp::Pow
                if unknown =>
            {
                Some(ta.clone())
            }
            BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge if unknown => {
                Some(Type::Bool)
            }
            BinaryOp::Add if ta == Type::Str && tb == Type::Str => Some(Type::Str),
            BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div | BinaryOp::Rem
                if numeric =>
            {
                Some(if ta == Type::Int && tb == Type::Int {
                    Type::Int
                } else {
                    Type::Float
                })
            }
            BinaryOp::Pow if numeric => {
                // Only a negative literal (`2 ^ -1`), not any negation
                // (`2 ^ -x` is an int power, an error when `-x` < 0).
                let negative_literal = matches!(&r.kind, ExprKind::Unary(UnaryOp::Neg, x)
                        if matches!(x.kind, ExprKind::Int(_)))
                    || matches!(b.kind, K::Int(n) if n < 0);
                Some(if ta == Type::Int && tb == Type::Int && !negative_literal {
                    Type::Int
                } else {
                    Type::Float
                })
            }
            BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge
                if numeric || (ta == Type::Str && tb == Type::Str) =>
            {
                Some(Type::Bool)
            }
            BinaryOp::Eq | BinaryOp::Ne => {
                let comparable = numeric || self.fits(&ta, &tb) || self.fits(&tb, &ta);
                comparable.then_some(Type::Bool)
            }
            _ => None,
        };
        match result {
            Some(ty) => ir::Expr::new(K::Binary(op, Box::new(a), Box::new(b)), ty),
            None => {
                let (left, right) = self.show_two(&ta, &tb);
                // A string and something else, joined or compared: most
                // often text being built.
                let textual = matches!(
                    op,
                    BinaryOp::Add | BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge
                );
                let convert = match (&ta, &tb) {
                    _ if !textual => None,
                    (Type::Str, Type::Str) => None,
                    (Type::Str, _) => Some(right.clone()),
                    (_, Type::Str) => Some(left.clone()),
                    _ => None,
                };
                let error = match op {
                    BinaryOp::Eq | BinaryOp::Ne => CheckError::CannotCompare { left, right },
                    _ => CheckError::CannotApplyBinary {
                        op: op.symbol(),
                        left,
                        right,
                        convert,
                    },
                };
                self.error(span, error);
                err_expr()
            }
        }
    }

    /// Checks call arguments against parameter types.
    pub(super) fn arguments(
        &mut self,
        callee: Callee,
        params: &[Type],
        variadic: bool,
        args: &[ast::Expr],
        span: Span,
    ) -> Vec<ir::Expr> {
        let count_ok = if variadic {
            args.len() >= params.len().saturating_sub(1).max(1)
        } else {
            args.len() == params.len()
        };
        if !count_ok {
            self.count_error(callee, params.len(), variadic, args.len(), span);
            return Vec::new();
        }
        args.iter()
            .enumerate()
            .map(|(i, a)| {
                let want = params
                    .get(i)
                    .or(params.last())
                    .cloned()
                    .unwrap_or(Type::Any);
                self.expect(a, &want)
            })
            .collect()
    }

    /// Reports that `callee`, taking `wanted` arguments (or at least that
    /// many), was given `given`.
    pub(super) fn count_error(
        &mut self,
        callee: Callee,
        wanted: usize,
        at_least: bool,
        given: usize,
        span: Span,
    ) {
        let error = CheckError::ArgumentCount {
            callee,
            wanted,
            at_least,
            given,
        };
        self.error(span, error);
    }

    fn call(&mut self, callee: &ast::Expr, args: &[ast::Expr], span: Span) -> ir::Expr {
        if callee.kind == ExprKind::Super {
            return self.super_call("constructor", callee.span, callee.span, args, span);
        }
        if let ExprKind::Name(name) = &callee.kind {
            match self.lookup(name).cloned() {
                None => {
                    if let Some(b) = builtins::function(name) {
                        if name == "buffer" && self.libraries.is_empty() {
                            self.error(callee.span, CheckError::BufferWithoutLibrary);
                        }
                        if name == "println" && args.is_empty() {
                            return ir::Expr::new(
                                K::Builtin(
                                    ir::Builtin::Println,
                                    vec![ir::Expr::new(K::Str(String::new()), Type::Str)],
                                ),
                                Type::Void,
                            );
                        }
                        let callee = Callee::Named(name.clone());
                        let args = self.arguments(callee, &b.params, b.variadic, args, span);
                        return ir::Expr::new(K::Builtin(b.builtin, args), b.ret);
                    }
                }
                Some(Binding::Class(id)) => {
                    self.note_use(name, callee.span);
                    return self.construct(id, args, span);
                }
                _ => {}
            }
        }
        let f = self.expr(callee, None);
        match self.shallow(&f.ty) {
            Type::Func(params, ret) => {
                let callee = match &callee.kind {
                    ExprKind::Name(n) => Callee::Named(n.clone()),
                    _ => Callee::Value,
                };
                let args = self.arguments(callee, &params, false, args, span);
                ir::Expr::new(K::Call(Box::new(f), args), *ret)
            }
            _ if is_error(&f) => err_expr(),
            other => {
                let found = self.show(&other);
                self.error(callee.span, CheckError::NotCallable { found });
                err_expr()
            }
        }
    }

    fn method_call(
        &mut self,
        recv: &ast::Expr,
        name: &str,
        name_span: Span,
        args: &[ast::Expr],
        span: Span,
    ) -> ir::Expr {
        if recv.kind == ExprKind::Super {
            return self.super_call(name, recv.span, name_span, args, span);
        }
        if let ExprKind::Name(ns) = &recv.kind {
            match self.lookup(ns).cloned() {
                Some(Binding::Module(id)) => {
                    return self.module_call(&id, ns, name, name_span, args, span);
                }
                Some(Binding::Library(lib, alias)) => {
                    return self.library_call(lib, &alias, name, name_span, args, span);
                }
                Some(Binding::FailedImport) => return self.unknown_call(args),
                None if self.is_std_namespace(ns) => {
                    return self.std_call(ns, name, name_span, args, span);
                }
                _ => {}
            }
        }
        let r = self.expr(recv, None);
        let ty = self.shallow(&r.ty);
        if self.is_incomplete(&ty) && !self.class_has_member(&ty, name) {
            return self.unknown_call(args);
        }
        if let Type::Class(id) = &ty {
            let info = self.classes.get(id).cloned();
            if let Some((params, ret)) = info.as_ref().and_then(|c| c.methods.get(name)).cloned() {
                let callee = Callee::Method(name.to_string());
                let args = self.arguments(callee, &params, false, args, span);
                return ir::Expr::new(K::Method(Box::new(r), name.to_string(), args), ret);
            }
            if let Some((_, Type::Func(params, ret))) = info
                .as_ref()
                .and_then(|c| c.fields.iter().find(|(f, _)| f == name))
                .map(|(f, t)| (f.clone(), self.shallow(t)))
            {
                let callee = Callee::Field(name.to_string());
                let args = self.arguments(callee, &params, false, args, span);
                let field = ir::Expr::new(
                    K::Field(Box::new(r), name.to_string()),
                    Type::Func(params, ret.clone()),
                );
                return ir::Expr::new(K::Call(Box::new(field), args), *ret);
            }
        }
        let key = self.resolve(&ty);
        if let Some(ext) = self.exts.get(&(key, name.to_string())).cloned() {
            self.note_ext_use(&ext.function, name, name_span);
            let mut all = vec![r];
            let callee = Callee::Method(name.to_string());
            all.extend(self.arguments(callee, &ext.params, false, args, span));
            return ir::Expr::new(K::Ext(ext.function, all), ext.ret);
        }
        if matches!(ty, Type::Any) && name != "to_string" && !is_error(&r) {
            let name = name.to_string();
            self.error(name_span, CheckError::MethodOnAny { name });
            return err_expr();
        }
        if let Type::Array(elem) = &ty
            && (name == "map" || (name == "sort" && args.len() == 1))
        {
            return self.array_with_function(r, elem, name, args, span);
        }
        match builtins::method(&ty, name, args.len()) {
            Some(b) => {
                let mut all = vec![r];
                all.extend(self.arguments(
                    Callee::Method(name.to_string()),
                    &b.params,
                    b.variadic,
                    args,
                    span,
                ));
                if b.builtin == ir::Builtin::ArraySort
                    && !matches!(self.resolve(&ty), Type::Array(ref t) if matches!(**t, Type::Int | Type::Float | Type::Str | Type::Var(_)))
                {
                    self.error(span, CheckError::SortElements);
                }
                ir::Expr::new(K::Builtin(b.builtin, all), b.ret)
            }
            None => {
                if !is_error(&r) {
                    let error = CheckError::NoMethod {
                        receiver: self.show(&ty),
                        name: name.to_string(),
                        suggestion: self.suggest_method(&ty, name),
                    };
                    self.error(name_span, error);
                }
                err_expr()
            }
        }
    }

    /// A call of something a failed import would have defined: its
    /// arguments are checked for errors of their own.
    fn unknown_call(&mut self, args: &[ast::Expr]) -> ir::Expr {
        for a in args {
            self.expr(a, None);
        }
        err_expr()
    }

    /// Whether the class `ty` has a field or method `name`.
    fn class_has_member(&self, ty: &Type, name: &str) -> bool {
        let Type::Class(id) = ty else { return false };
        self.classes.get(id).is_some_and(|c| {
            c.methods.contains_key(name) || c.fields.iter().any(|(f, _)| f == name)
        })
    }

    fn module_call(
        &mut self,
        id: &str,
        ns: &str,
        name: &str,
        name_span: Span,
        args: &[ast::Expr],
        span: Span,
    ) -> ir::Expr {
        match self.module_member(id, ns, name, name_span) {
            Some(Binding::Class(class)) => self.construct(class, args, span),
            Some(Binding::Global { ty, .. } | Binding::Local { ty, .. }) => {
                let f = ir::Expr::new(
                    K::Global(Some(id.to_string()), name.to_string()),
                    ty.clone(),
                );
                match self.shallow(&ty) {
                    Type::Func(params, ret) => {
                        let callee = Callee::Named(format!("{ns}.{name}"));
                        let args = self.arguments(callee, &params, false, args, span);
                        ir::Expr::new(K::Call(Box::new(f), args), *ret)
                    }
                    other => {
                        let error = CheckError::MemberNotAFunction {
                            name: format!("{ns}.{name}"),
                            found: self.show(&other),
                        };
                        self.error(name_span, error);
                        err_expr()
                    }
                }
            }
            _ => err_expr(),
        }
    }

    /// Looks up `ns.name` in an imported module, reporting private and unknown names.
    fn module_member(&mut self, id: &str, ns: &str, name: &str, span: Span) -> Option<Binding> {
        let info = self.modules.get(id).cloned().unwrap_or_default();
        if let Some(b) = info.exports.get(name) {
            return Some(b.clone());
        }
        if info.private.contains(name) {
            let error = CheckError::PrivateMember {
                name: name.to_string(),
                module: info.name,
            };
            self.error(span, error);
        } else {
            let error = CheckError::NoMember {
                module: ns.to_string(),
                name: name.to_string(),
                suggestion: nearest(name, info.exports.keys().map(String::as_str)),
            };
            self.error(span, error);
        }
        None
    }

    fn member(&mut self, recv: &ast::Expr, name: &str, name_span: Span) -> ir::Expr {
        if let ExprKind::Name(ns) = &recv.kind {
            match self.lookup(ns).cloned() {
                Some(Binding::Module(id)) => {
                    return match self.module_member(&id, ns, name, name_span) {
                        Some(Binding::Global { ty, .. } | Binding::Local { ty, .. }) => {
                            ir::Expr::new(K::Global(Some(id), name.to_string()), ty)
                        }
                        Some(_) => {
                            let name = format!("{ns}.{name}");
                            self.error(name_span, CheckError::ClassNotAValue { name });
                            err_expr()
                        }
                        None => err_expr(),
                    };
                }
                Some(Binding::Library(lib, alias)) => {
                    return self.library_constant(lib, &alias, name, name_span);
                }
                Some(Binding::FailedImport) => return err_expr(),
                None if self.is_std_namespace(ns) => return self.std_member(ns, name, name_span),
                _ => {}
            }
        }
        let r = self.expr(recv, None);
        let ty = self.shallow(&r.ty);
        if self.is_incomplete(&ty) && !self.class_has_member(&ty, name) {
            return err_expr();
        }
        if let Type::Class(id) = &ty
            && let Some((_, fty)) = self
                .classes
                .get(id)
                .and_then(|c| c.fields.iter().find(|(f, _)| f == name))
                .cloned()
        {
            return ir::Expr::new(K::Field(Box::new(r), name.to_string()), fty);
        }
        if !is_error(&r) {
            let error = CheckError::NoField {
                receiver: self.show(&ty),
                name: name.to_string(),
                suggestion: self.suggest_field(&ty, name),
            };
            self.error(name_span, error);
        }
        err_expr()
    }

    fn index(&mut self, c: &ast::Expr, i: &ast::Expr, span: Span) -> ir::Expr {
        let c = self.expr(c, None);
        match self.shallow(&c.ty) {
            Type::Array(elem) => {
                let i = self.expect(i, &Type::Int);
                ir::Expr::new(K::Index(Box::new(c), Box::new(i)), *elem)
            }
            Type::Str => {
                let i = self.expect(i, &Type::Int);
                ir::Expr::new(K::Index(Box::new(c), Box::new(i)), Type::Str)
            }
            // A buffer's bytes read and write as ints 0–255.
            Type::Buffer => {
                let i = self.expect(i, &Type::Int);
                ir::Expr::new(K::Index(Box::new(c), Box::new(i)), Type::Int)
            }
            Type::Map(k, v) => {
                if i.kind == ExprKind::Null {
                    self.error(i.span, CheckError::NullMapKey);
                }
                let key = self.expect(i, &k);
                ir::Expr::new(K::Index(Box::new(c), Box::new(key)), *v)
            }
            other => {
                if !is_error(&c) {
                    let found = self.show(&other);
                    self.error(span, CheckError::CannotIndex { found });
                }
                err_expr()
            }
        }
    }
}

fn iter_span(e: &ast::Expr) -> Span {
    match &e.kind {
        ExprKind::ForIn(_, iter, _) => iter.span,
        _ => e.span,
    }
}
