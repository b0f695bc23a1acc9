//! Classes: declaring them ahead of use, checking their bodies, construction,
//! and resolving written types.

use super::unify::VarOrigin;
use super::{Binding, Checker, ClassInfo};
use crate::arc::ir::{self, ClassId, ExprKind as K, Type};
use crate::diagnostics::{Callee, CheckError, Label};
use crate::syntax::Span;
use crate::syntax::ast::{self, StmtKind, TypeExpr, TypeExprKind};

impl Checker<'_> {
    /// Declares every class of a block so it can be used before its
    /// declaration, then works out fields and method signatures.
    pub(super) fn declare_classes(&mut self, stmts: &[ast::Stmt]) {
        let decls: Vec<&ast::ClassDecl> = stmts
            .iter()
            .filter_map(|s| match &s.kind {
                StmtKind::Class(c) => Some(c),
                _ => None,
            })
            .collect();
        let mut ids = Vec::new();
        for decl in &decls {
            let mut nth = 1;
            let id = loop {
                let id = ClassId::new(self.module_id.clone(), decl.name.name.clone(), nth);
                if !self.classes.contains_key(&id) {
                    break id;
                }
                nth += 1;
            };
            self.classes.insert(
                id.clone(),
                ClassInfo {
                    display: decl.name.name.clone(),
                    parent: None,
                    fields: Vec::new(),
                    methods: Default::default(),
                    incomplete: false,
                },
            );
            self.declare(&decl.name.name, decl.name.span, Binding::Class(id.clone()));
            ids.push(id);
        }
        let mut state = vec![0u8; decls.len()]; // 0 = to do, 1 = in progress, 2 = done
        for i in 0..decls.len() {
            self.class_signature(i, &decls, &ids, &mut state);
        }
    }

    fn class_signature(
        &mut self,
        i: usize,
        decls: &[&ast::ClassDecl],
        ids: &[ClassId],
        state: &mut [u8],
    ) {
        if state[i] != 0 {
            if state[i] == 1 {
                let d = decls[i];
                let class = d.name.name.clone();
                self.error(d.name.span, CheckError::InheritsFromItself { class });
            }
            return;
        }
        state[i] = 1;
        let decl = decls[i];
        let mut info = ClassInfo {
            display: decl.name.name.clone(),
            parent: None,
            fields: Vec::new(),
            methods: Default::default(),
            incomplete: false,
        };
        if let Some(parent) = &decl.parent {
            if self.names_failed_import(parent) {
                info.incomplete = true;
            } else if let Type::Class(pid) = self.type_of(parent) {
                if let Some(j) = ids.iter().position(|id| *id == pid) {
                    self.class_signature(j, decls, ids, state);
                }
                if let Some(p) = self.classes.get(&pid) {
                    info.fields = p.fields.clone();
                    info.methods = p.methods.clone();
                    info.incomplete = p.incomplete;
                }
                info.parent = Some(pid);
            } else {
                self.error(parent.span, CheckError::ParentNotAClass);
            }
        }
        for (n, field) in decl.fields.iter().enumerate() {
            if info.fields.iter().any(|(f, _)| *f == field.name.name) {
                // Declared before in this class (else in a parent).
                let first = decl.fields[..n]
                    .iter()
                    .find(|f| f.name.name == field.name.name)
                    .map(|f| Label {
                        file: self.file,
                        span: f.name.span,
                        message: "first declared here",
                    });
                let error = CheckError::FieldTwice {
                    name: field.name.name.clone(),
                };
                self.report(self.file, field.name.span, error, first);
                continue;
            }
            if info.methods.contains_key(&field.name.name) {
                let owner = info
                    .parent
                    .as_ref()
                    .and_then(|p| self.classes.get(p))
                    .map(|p| p.display.clone())
                    .unwrap_or_default();
                let error = CheckError::FieldNamedLikeMethod {
                    name: field.name.name.clone(),
                    owner,
                };
                self.error(field.name.span, error);
                continue;
            }
            let ty = match &field.ty {
                Some(t) => self.type_of(t),
                None => self.fresh(VarOrigin::Field, field.name.span),
            };
            info.fields.push((field.name.name.clone(), ty));
        }
        for method in &decl.methods {
            let name = method
                .name
                .as_ref()
                .map(|n| n.name.clone())
                .unwrap_or_default();
            let params: Vec<Type> = method.params.iter().map(|p| self.type_of(&p.ty)).collect();
            let ret = method
                .ret
                .as_ref()
                .map(|t| self.type_of(t))
                .unwrap_or(Type::Void);
            if let Some((old_params, old_ret)) = info.methods.get(&name)
                && name != "constructor"
                && (old_params != &params || old_ret != &ret)
                && info.parent.is_some()
            {
                let span = method.name.as_ref().map(|n| n.span).unwrap_or(method.span);
                let name = name.clone();
                self.error(span, CheckError::OverrideSignature { name });
            }
            if info.fields.iter().any(|(f, _)| *f == name) {
                let span = method.name.as_ref().map(|n| n.span).unwrap_or(method.span);
                let name = name.clone();
                self.error(span, CheckError::FieldAndMethod { name });
            }
            // Printing calls it in place of the built-in `to_string()`.
            if name == "to_string" && (!params.is_empty() || ret != Type::Str) {
                let span = method.name.as_ref().map(|n| n.span).unwrap_or(method.span);
                self.error(span, CheckError::ToStringSignature);
            }
            info.methods.insert(name, (params, ret));
        }
        self.classes.insert(ids[i].clone(), info);
        state[i] = 2;
    }

    /// Checks a class declaration's field defaults and method bodies.
    pub(super) fn class_decl(&mut self, decl: &ast::ClassDecl) -> Option<ir::Class> {
        let Some(Binding::Class(id)) = self.lookup(&decl.name.name).cloned() else {
            return None;
        };
        let info = self.classes.get(&id).cloned()?;
        let mut fields = Vec::new();
        for field in &decl.fields {
            let Some((_, ty)) = info
                .fields
                .iter()
                .find(|(n, _)| *n == field.name.name)
                .cloned()
            else {
                continue;
            };
            let init = match &field.default {
                Some(e) => {
                    // A default is no method: `super` has nothing to call there.
                    self.methods.push(None);
                    let value = self.expr(e, Some(&ty));
                    self.methods.pop();
                    if matches!(self.shallow(&ty), Type::Var(_))
                        && matches!(self.shallow(&value.ty), Type::Null)
                    {
                        let name = field.name.name.clone();
                        self.error(e.span, CheckError::FieldNullDefault { name });
                    }
                    self.coerce(value, &ty, e.span)
                }
                None => zero_value(&ty),
            };
            fields.push(ir::Field {
                name: field.name.name.clone(),
                ty,
                init,
            });
        }
        let self_ty = Type::Class(id.clone());
        let mut methods = Vec::new();
        for method in &decl.methods {
            let name = method
                .name
                .as_ref()
                .map(|n| n.name.clone())
                .unwrap_or_default();
            let ret = info
                .methods
                .get(&name)
                .map(|(_, r)| r.clone())
                .unwrap_or(Type::Void);
            self.methods.push(Some((id.clone(), name.clone())));
            let func = self.function(method, ret, Some(self_ty.clone()));
            self.methods.pop();
            methods.push((name, func));
        }
        Some(ir::Class {
            parent: info.parent.clone(),
            id,
            fields,
            methods,
        })
    }

    /// `Class(args)`: checks the arguments against the constructor.
    pub(super) fn construct(&mut self, id: ClassId, args: &[ast::Expr], span: Span) -> ir::Expr {
        let info = self.classes.get(&id).cloned();
        let ctor = info
            .as_ref()
            .and_then(|c| c.methods.get("constructor").cloned());
        let incomplete = info.as_ref().is_some_and(|c| c.incomplete);
        let display = info.map(|c| c.display).unwrap_or_default();
        let args = match ctor {
            None if incomplete => args.iter().map(|a| self.expr(a, None)).collect(),
            Some((params, _)) => {
                self.arguments(Callee::Constructor(display), &params, false, args, span)
            }
            None if args.is_empty() => Vec::new(),
            None => {
                let error = CheckError::NoConstructor {
                    class: display,
                    given: args.len(),
                };
                self.error(span, error);
                Vec::new()
            }
        };
        ir::Expr::new(K::New(id.clone(), args), Type::Class(id))
    }

    /// Whether `t` is `ns.Name` of an import that failed.
    pub(super) fn names_failed_import(&self, t: &TypeExpr) -> bool {
        matches!(&t.kind, TypeExprKind::Qualified(ns, _) if matches!(self.lookup(ns), Some(Binding::FailedImport)))
    }

    /// The class `ns.name` of a failed import: nothing is known of it, so
    /// using its members is no error.
    fn unknown_class(&mut self, ns: &str, name: &str) -> Type {
        let id = ClassId::new(format!("?{ns}"), name, 1);
        self.classes.entry(id.clone()).or_insert_with(|| ClassInfo {
            display: format!("{ns}.{name}"),
            parent: None,
            fields: Vec::new(),
            methods: Default::default(),
            incomplete: true,
        });
        Type::Class(id)
    }

    /// Whether `ty` is a class with an ancestor from a failed import.
    pub(super) fn is_incomplete(&self, ty: &Type) -> bool {
        matches!(ty, Type::Class(id) if self.classes.get(id).is_some_and(|c| c.incomplete))
    }

    /// The Loop type a written type names.
    pub(super) fn type_of(&mut self, t: &TypeExpr) -> Type {
        if let TypeExprKind::Qualified(ns, name) = &t.kind
            && self.names_failed_import(t)
        {
            return self.unknown_class(ns, name);
        }
        match &t.kind {
            TypeExprKind::Named(name) => match name.as_str() {
                "int" => Type::Int,
                "float" => Type::Float,
                "bool" => Type::Bool,
                "string" => Type::Str,
                "void" => Type::Void,
                "any" => Type::Any,
                "buffer" if !matches!(self.lookup(name), Some(Binding::Class(_))) => Type::Buffer,
                _ => match self.lookup(name) {
                    Some(Binding::Class(id)) => Type::Class(id.clone()),
                    _ => {
                        let name = name.clone();
                        self.error(t.span, CheckError::UnknownType { name });
                        Type::Any
                    }
                },
            },
            TypeExprKind::Qualified(ns, name) => {
                if let Some(ty) = self.std_type(ns, name) {
                    return ty;
                }
                if let Some(Binding::Module(id)) = self.lookup(ns).cloned()
                    && let Some(Binding::Class(c)) =
                        self.modules.get(&id).and_then(|m| m.exports.get(name))
                {
                    return Type::Class(c.clone());
                }
                let name = format!("{ns}.{name}");
                self.error(t.span, CheckError::UnknownType { name });
                Type::Any
            }
            TypeExprKind::Array(elem) => Type::Array(Box::new(self.type_of(elem))),
            TypeExprKind::Map(k, v) => {
                let key = self.type_of(k);
                // `any` keys are what a literal with mixed keys infers.
                if !matches!(
                    key,
                    Type::Int | Type::Float | Type::Bool | Type::Str | Type::Any
                ) {
                    let found = self.show(&key);
                    self.error(k.span, CheckError::MapKeyType { found });
                }
                Type::Map(Box::new(key), Box::new(self.type_of(v)))
            }
            TypeExprKind::Func(ps, r) => Type::Func(
                ps.iter().map(|p| self.type_of(p)).collect(),
                Box::new(self.type_of(r)),
            ),
        }
    }
}

/// The value a typed field without a default starts with.
fn zero_value(ty: &Type) -> ir::Expr {
    let kind = match ty {
        Type::Int => K::Int(0),
        Type::Float => K::Float(0.0),
        Type::Str => K::Str(String::new()),
        Type::Bool => K::Bool(false),
        _ => K::Null,
    };
    ir::Expr::new(kind, ty.clone())
}
