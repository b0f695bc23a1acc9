//! Checking statements, blocks, functions, `ext` blocks and module bodies.

use super::flow;
use super::unify::VarOrigin;
use super::{Binding, Checker, ExtMethod, Frame, ModuleInfo};
use crate::arc::ir::{self, ExprKind as K, StmtKind as S, Type};
use crate::diagnostics::{CheckError, Label};
use crate::syntax::Span;
use crate::syntax::ast::{self, Binding as Name, ExprKind, StmtKind};

impl Checker<'_> {
    /// Checks a module's top-level statements and records what it exports.
    pub(super) fn top_level(&mut self, stmts: &[ast::Stmt], is_main: bool) -> Vec<ir::Stmt> {
        self.begin_block();
        self.hoist(stmts);
        let mut arcs = Vec::new();
        for (i, stmt) in stmts.iter().enumerate() {
            let last = i + 1 == stmts.len();
            let want = last && is_main;
            let mut out = Vec::new();
            self.at_statement(i);
            self.stmt(stmt, want, &mut out);
            // The final-value rule: a program's last expression is printed.
            if want
                && out.len() == 1
                && let Some(ir::Stmt {
                    kind: S::Expr(e), ..
                }) = out.last()
                && !matches!(self.shallow(&e.ty), Type::Void)
            {
                let Some(ir::Stmt {
                    kind: S::Expr(e),
                    line,
                }) = out.pop()
                else {
                    unreachable!()
                };
                let e = ir::Expr::new(K::Builtin(ir::Builtin::PrintFinal, vec![e]), Type::Void);
                out.push(ir::Stmt {
                    line,
                    kind: S::Expr(e),
                });
            }
            arcs.push(out);
        }
        let out = self.end_block(stmts, arcs);
        let mut info = ModuleInfo {
            name: self.sources.files[self.file].name.clone(),
            ..ModuleInfo::default()
        };
        for stmt in stmts {
            let (name, public) = match &stmt.kind {
                StmtKind::Let(l) => (&l.name.name, l.public),
                StmtKind::Fn(f) => (&f.name.as_ref().expect("named").name, f.public),
                StmtKind::Class(c) => (&c.name.name, c.public),
                _ => continue,
            };
            match self.scopes[0].get(name) {
                Some((b, _)) if public => {
                    info.exports.insert(name.clone(), b.clone());
                }
                _ => {
                    info.private.insert(name.clone());
                }
            }
        }
        self.modules.insert(self.module_id.clone(), info);
        out
    }

    /// Makes a block's functions, classes and `ext` methods visible in all of it.
    fn hoist(&mut self, stmts: &[ast::Stmt]) {
        self.declare_classes(stmts);
        for (i, stmt) in stmts.iter().enumerate() {
            match &stmt.kind {
                StmtKind::Fn(f) => {
                    let name = f.name.as_ref().expect("a named function");
                    let params = f.params.iter().map(|p| self.type_of(&p.ty)).collect();
                    let ret = self.fresh(VarOrigin::Return, name.span);
                    self.declare(
                        &name.name,
                        name.span,
                        Binding::Local {
                            ty: Type::Func(params, Box::new(ret)),
                            constant: true,
                        },
                    );
                }
                StmtKind::Ext(ext) => {
                    let recv = self.type_of(&ext.ty);
                    if !matches!(
                        recv,
                        Type::Int | Type::Float | Type::Bool | Type::Str | Type::Array(_)
                    ) {
                        self.error(ext.ty.span, CheckError::ExtReceiver);
                    }
                    for m in &ext.methods {
                        let name = m.name.as_ref().expect("a named method");
                        let params = m.params.iter().map(|p| self.type_of(&p.ty)).collect();
                        let ret = m
                            .ret
                            .as_ref()
                            .map(|t| self.type_of(t))
                            .unwrap_or(Type::Void);
                        self.ext_count += 1;
                        let function =
                            loop_contract::names::ext_function(self.ext_count, &name.name);
                        self.note_ext(&function, i);
                        let k = (recv.clone(), name.name.clone());
                        if let Some(first) = self.exts.get(&k) {
                            let first = Label {
                                file: self.file,
                                span: first.span,
                                message: "first defined here",
                            };
                            let error = CheckError::ExtMethodTwice {
                                name: name.name.clone(),
                                receiver: self.show(&recv),
                            };
                            self.report(self.file, name.span, error, Some(first));
                        } else {
                            self.exts.insert(
                                k,
                                ExtMethod {
                                    function,
                                    params,
                                    ret,
                                    span: name.span,
                                },
                            );
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// Checks a block in a new scope. With `want_value`, the value of its last
    /// expression statement is the block's value.
    pub(super) fn block(&mut self, stmts: &[ast::Stmt], want_value: bool) -> (Vec<ir::Stmt>, Type) {
        self.scopes.push(Default::default());
        self.begin_block();
        self.hoist(stmts);
        let mut arcs = Vec::new();
        let mut ty = Type::Void;
        for (i, stmt) in stmts.iter().enumerate() {
            let last = i + 1 == stmts.len();
            let mut out = Vec::new();
            self.at_statement(i);
            self.stmt(stmt, want_value && last, &mut out);
            if want_value
                && last
                && let [
                    ir::Stmt {
                        kind: S::Expr(e), ..
                    },
                ] = out.as_slice()
            {
                ty = self.shallow(&e.ty);
            }
            arcs.push(out);
        }
        let out = self.end_block(stmts, arcs);
        self.scopes.pop();
        (out, ty)
    }

    /// A loop body with its loop variables declared.
    pub(super) fn scoped_block(
        &mut self,
        vars: &[(&Name, Type)],
        stmts: &[ast::Stmt],
    ) -> Vec<ir::Stmt> {
        self.scopes.push(Default::default());
        for (var, ty) in vars {
            self.declare(
                &var.name,
                var.span,
                Binding::Local {
                    ty: ty.clone(),
                    constant: false,
                },
            );
        }
        let (body, _) = self.block(stmts, false);
        self.scopes.pop();
        body
    }

    /// Checks a function body against (or inferring) its result type `ret`.
    pub(super) fn function(
        &mut self,
        f: &ast::Function,
        ret: Type,
        self_ty: Option<Type>,
    ) -> ir::Function {
        self.frames.push(Frame {
            ret: Some(ret.clone()),
            loops: Vec::new(),
            loop_depth: 0,
        });
        self.scopes.push(Default::default());
        if let Some(t) = self_ty {
            self.scopes.last_mut().expect("scope").insert(
                "self".into(),
                (
                    Binding::Local {
                        ty: t,
                        constant: true,
                    },
                    f.span,
                ),
            );
        }
        let mut params = Vec::new();
        for p in &f.params {
            let ty = self.type_of(&p.ty);
            self.declare(
                &p.name.name,
                p.name.span,
                Binding::Local {
                    ty: ty.clone(),
                    constant: false,
                },
            );
            params.push((p.name.name.clone(), ty));
        }
        let returns_void = matches!(self.shallow(&ret), Type::Void);
        let (mut body, value_ty) = self.block(&f.body.stmts, !returns_void);
        if !matches!(value_ty, Type::Void) {
            if let Some(ir::Stmt {
                kind: S::Expr(e),
                line,
            }) = body.pop()
            {
                let span = f.body.stmts.last().map(|s| s.span).unwrap_or(f.span);
                let e = self.return_value(e, &ret, span);
                body.push(ir::Stmt {
                    line,
                    kind: S::Return(Some(e)),
                });
            }
        } else if matches!(self.shallow(&ret), Type::Var(_)) && !flow::returns_value(&body) {
            self.unify(&ret, &Type::Void);
        }
        if flow::can_finish(&body) && !matches!(self.shallow(&ret), Type::Void) {
            let end = f.body.span.end;
            let returns = match self.shallow(&ret) {
                Type::Var(_) => None,
                t => Some(self.show(&t)),
            };
            let error = CheckError::MissingReturnValue {
                function: f.name.as_ref().map(|n| n.name.clone()),
                returns,
            };
            self.error(
                Span {
                    start: end.saturating_sub(1),
                    end,
                },
                error,
            );
        }
        self.scopes.pop();
        self.frames.pop();
        ir::Function { params, ret, body }
    }

    fn return_value(&mut self, e: ir::Expr, ret: &Type, span: Span) -> ir::Expr {
        if matches!(self.shallow(ret), Type::Void) {
            self.error(span, CheckError::ReturnInVoidFunction);
            return e;
        }
        if matches!(self.shallow(&e.ty), Type::Null) && matches!(self.shallow(ret), Type::Var(_)) {
            return e;
        }
        if !self.fits(&e.ty, ret) {
            let (found, returns) = self.show_two(&e.ty, ret);
            self.error(span, CheckError::ReturnMismatch { found, returns });
            return e;
        }
        self.coerce(e, ret, span)
    }

    /// Checks one statement, appending its Arc to `out`.
    pub(super) fn stmt(&mut self, stmt: &ast::Stmt, want_value: bool, out: &mut Vec<ir::Stmt>) {
        let line = self.line(stmt.span);
        let mut push = |kind| out.push(ir::Stmt { line, kind });
        match &stmt.kind {
            StmtKind::Let(l) => {
                let declared = l.ty.as_ref().map(|t| self.type_of(t));
                let value = match &declared {
                    Some(t) => self.expect(&l.value, t),
                    None => self.expr(&l.value, None),
                };
                let ty = declared.clone().unwrap_or_else(|| self.shallow(&value.ty));
                match ty {
                    Type::Void => self.error(
                        l.value.span,
                        CheckError::VoidVariable {
                            name: l.name.name.clone(),
                        },
                    ),
                    Type::Null => self.error(
                        l.value.span,
                        CheckError::NullNeedsType {
                            name: l.name.name.clone(),
                        },
                    ),
                    _ => {}
                }
                let top = self.at_top_level() && self.scopes.len() == 1;
                if l.public && !top {
                    self.error(stmt.span, CheckError::PubNotAtTopLevel);
                }
                if top && l.public && !l.constant {
                    self.declare(
                        &l.name.name,
                        l.name.span,
                        Binding::Global {
                            ty: ty.clone(),
                            constant: false,
                        },
                    );
                    push(S::Assign(
                        ir::Expr::new(K::Global(None, l.name.name.clone()), ty),
                        value,
                    ));
                } else {
                    let binding = if declared.is_none() && super::expr::is_error(&value) {
                        Binding::Unknown
                    } else {
                        Binding::Local {
                            ty: ty.clone(),
                            constant: l.constant,
                        }
                    };
                    self.declare(&l.name.name, l.name.span, binding);
                    push(S::Local(l.name.name.clone(), ty, value));
                    if top && l.public {
                        push(S::Export(l.name.name.clone()));
                    }
                }
            }
            StmtKind::Assign(target, value) => {
                if let Some((place, ty)) = self.place(target) {
                    let value = self.expect(value, &ty);
                    push(S::Assign(place, value));
                }
            }
            StmtKind::Expr(e) => {
                let value = match &e.kind {
                    ExprKind::If(..) => self.if_expr(e, want_value),
                    _ => self.expr(e, None),
                };
                push(S::Expr(value));
            }
            StmtKind::Break | StmtKind::Continue => {
                if self.frames.last().expect("frame").loop_depth == 0 {
                    self.error(stmt.span, CheckError::BreakOutsideLoop);
                } else {
                    push(if matches!(stmt.kind, StmtKind::Break) {
                        S::Break
                    } else {
                        S::Continue
                    });
                }
            }
            StmtKind::Return(value) => {
                let frame = self.frames.last().expect("frame");
                match (frame.ret.clone(), frame.loops.is_empty()) {
                    (Some(ret), _) => {
                        let e = match value {
                            Some(v) => {
                                let e = self.expr(v, Some(&ret));
                                Some(self.return_value(e, &ret, v.span))
                            }
                            None => {
                                if !self.unify(&ret, &Type::Void) {
                                    let returns = self.show(&ret);
                                    self.error(stmt.span, CheckError::ReturnNeedsValue { returns });
                                }
                                None
                            }
                        };
                        push(S::Return(e));
                    }
                    (None, false) => {
                        let v = value
                            .as_ref()
                            .map(|v| self.expr(v, None))
                            .unwrap_or(ir::Expr::new(K::Null, Type::Null));
                        let slot = self
                            .frames
                            .last_mut()
                            .expect("frame")
                            .loops
                            .last_mut()
                            .expect("loop");
                        let ty = match slot.clone() {
                            None => v.ty.clone(),
                            Some(t) => self.common(&t, &v.ty),
                        };
                        *self
                            .frames
                            .last_mut()
                            .expect("frame")
                            .loops
                            .last_mut()
                            .expect("loop") = Some(ty);
                        push(S::LoopReturn(v));
                    }
                    (None, true) => {
                        if let Some(v) = value {
                            let e = self.expr(v, None);
                            push(S::Expr(e));
                        }
                        push(S::Halt);
                    }
                }
            }
            StmtKind::Fn(f) => {
                let name = f.name.as_ref().expect("named function");
                let ret = match self.scopes.last().and_then(|s| s.get(&name.name)) {
                    Some((
                        Binding::Local {
                            ty: Type::Func(_, r),
                            ..
                        },
                        _,
                    )) => (**r).clone(),
                    _ => Type::Void,
                };
                let func = self.function(f, ret, None);
                push(S::Function(name.name.clone(), func));
                if f.public && self.at_top_level() && self.scopes.len() == 1 {
                    push(S::Export(name.name.clone()));
                }
            }
            StmtKind::Class(c) => {
                if let Some(class) = self.class_decl(c) {
                    let name = class.id.name.clone();
                    push(S::Class(class));
                    if c.public && self.at_top_level() && self.scopes.len() == 1 {
                        push(S::Export(name));
                    }
                }
            }
            StmtKind::Ext(ext) => {
                let recv = self.type_of(&ext.ty);
                for m in &ext.methods {
                    let name = m.name.as_ref().expect("named method");
                    let Some(info) = self.exts.get(&(recv.clone(), name.name.clone())).cloned()
                    else {
                        continue;
                    };
                    self.methods.push(None);
                    let mut func = self.function(m, info.ret.clone(), Some(recv.clone()));
                    self.methods.pop();
                    func.params.insert(0, ("self".into(), recv.clone()));
                    push(S::Function(info.function, func));
                }
            }
            // Imports are resolved before checking, from the top level only.
            StmtKind::Import(import) => {
                if !(self.at_top_level() && self.scopes.len() == 1) {
                    self.error(stmt.span, CheckError::ImportNotAtTopLevel);
                    // Its uses are no errors of their own.
                    self.declare(&import.alias.name, import.alias.span, Binding::FailedImport);
                }
            }
        }
    }

    /// The Arc place and type of an assignment target.
    pub(super) fn place(&mut self, target: &ast::Expr) -> Option<(ir::Expr, Type)> {
        if let ExprKind::Name(name) = &target.kind {
            // A write is a use: a function that assigns a variable of its
            // block must be defined after that variable's declaration.
            self.note_use(name, target.span);
        }
        match &target.kind {
            ExprKind::Name(name) => match self.lookup(name).cloned() {
                Some(Binding::Unknown) => None,
                Some(
                    Binding::Local { constant: true, .. } | Binding::Global { constant: true, .. },
                ) => {
                    self.error(
                        target.span,
                        CheckError::AssignToConstant { name: name.clone() },
                    );
                    None
                }
                Some(Binding::Local { ty, .. }) => {
                    Some((ir::Expr::new(K::Local(name.clone()), ty.clone()), ty))
                }
                Some(Binding::Global { ty, .. }) => {
                    Some((ir::Expr::new(K::Global(None, name.clone()), ty.clone()), ty))
                }
                Some(_) => {
                    self.error(
                        target.span,
                        CheckError::CannotAssignTo { name: name.clone() },
                    );
                    None
                }
                None => {
                    let suggestion = self.suggest_name(name);
                    let error = CheckError::UnknownName {
                        name: name.clone(),
                        suggestion,
                    };
                    self.error(target.span, error);
                    None
                }
            },
            ExprKind::Member(recv, _, _) if matches!(&recv.kind, ExprKind::Name(n) if matches!(self.lookup(n), Some(Binding::FailedImport))) => {
                None
            }
            ExprKind::Member(recv, _, _) if matches!(&recv.kind, ExprKind::Name(n) if matches!(self.lookup(n), Some(Binding::Module(_) | Binding::Library(..)))) =>
            {
                self.error(target.span, CheckError::AssignToOtherModule);
                None
            }
            ExprKind::Member(..) | ExprKind::Index(..) => {
                let e = self.expr(target, None);
                if let K::Index(c, _) = &e.kind
                    && matches!(self.shallow(&c.ty), Type::Str)
                {
                    self.error(target.span, CheckError::StringsAreImmutable);
                    return None;
                }
                if super::expr::is_error(&e) {
                    return None;
                }
                let ty = e.ty.clone();
                Some((e, ty))
            }
            _ => {
                self.error(target.span, CheckError::NotAssignable);
                None
            }
        }
    }
}
