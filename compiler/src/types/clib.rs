//! Checking uses of C libraries: calls (each argument against the C
//! parameter, classes standing for C structs), constants and variables.

use std::collections::HashMap;

use super::Checker;
use crate::arc::ir::{self, ExprKind as K, Type};
use crate::diagnostics::{Callee, CheckError, StructMismatch};
use crate::syntax::Span;
use crate::syntax::ast;

/// What the checker knows about a C library import: the functions,
/// constants and variables it offers.
#[derive(Debug, Clone, Default)]
pub struct LibraryScope {
    /// Functions Loop can call, by name.
    pub functions: HashMap<String, CSignature>,
    /// Constants by name, as literal expressions.
    pub constants: HashMap<String, ir::Expr>,
    /// Exported variables by name, with their Loop types.
    pub variables: HashMap<String, Type>,
    /// Declared functions and variables Loop cannot use, by name: why not
    /// (a type Loop has no value for).
    pub unusable: HashMap<String, String>,
}

/// A C function as the checker sees it.
#[derive(Debug, Clone)]
pub struct CSignature {
    /// How an argument for each fixed parameter is checked.
    pub params: Vec<CParamType>,
    /// Whether further arguments are C varargs.
    pub variadic: bool,
    /// The Loop type of the result.
    pub ret: Type,
}

/// How an argument for one fixed C parameter is checked.
#[derive(Debug, Clone)]
pub enum CParamType {
    /// A Loop value of this type.
    Value(Type),
    /// A C struct, by value or through a pointer.
    Struct(CStruct),
    /// A data pointer other than a C string or a struct's (docs/ffi.md,
    /// "Passing values to C"): a C pointer or `null` always passes; `&place`, a string or
    /// an array of numbers where the pointee allows.
    Pointer(CPointer),
}

/// A data pointer parameter (see [`CParamType::Pointer`]).
#[derive(Debug, Clone)]
pub struct CPointer {
    /// The parameter's C type, for messages: `double *`, `sqlite3 **`.
    pub c_type: String,
    /// The Loop type of a place `&place` may name: the pointee's (`int`,
    /// `float`, `bool`, `any` for a pointer to a pointer, `string` (or
    /// `any`) for a `char **`); `None` when `&` cannot be used.
    pub out_place: Option<Type>,
    /// Whether a `string` passes: a `const` byte or `void` pointer.
    pub takes_string: bool,
    /// Whether a `buffer` passes: a byte or `void` pointer, `const` or not.
    pub takes_buffer: bool,
    /// The element type of an array of numbers that passes (`int` for a
    /// pointer to C integers, `float` for one to `float`/`double`).
    pub array_of: Option<Type>,
}

/// A C struct parameter. A Loop class whose fields have the struct's
/// names, order and types stands for it (code generation copies the
/// fields in, and back out through a writable pointer). So does a value
/// of type `any` (a struct a C function returned) and, for a pointer, a C
/// pointer or `null`.
#[derive(Debug, Clone)]
pub struct CStruct {
    /// The struct's C type, for messages: `struct point`, `vec2`.
    pub c_type: String,
    /// Whether the parameter is a pointer to the struct.
    pub by_pointer: bool,
    /// The struct's fields with their Loop types, or why no class can
    /// stand for it.
    pub fields: Result<Vec<(String, Type)>, String>,
}

/// The C function `name` as a Loop function value (docs/language.md §6: a
/// function literal that calls it): its parameters keep their Loop types,
/// C structs and pointers taking `any` (checked when called).
fn c_function_value(lib: usize, name: &str, signature: &CSignature, line: u32) -> ir::Expr {
    let params: Vec<(String, Type)> = signature
        .params
        .iter()
        .enumerate()
        .map(|(i, param)| {
            let ty = match param {
                CParamType::Value(ty) => ty.clone(),
                CParamType::Struct(_) | CParamType::Pointer(_) => Type::Any,
            };
            (format!("arg{}", i + 1), ty)
        })
        .collect();
    let args = params
        .iter()
        .map(|(name, ty)| ir::Expr::new(K::Local(name.clone()), ty.clone()))
        .collect();
    let call = ir::Expr::new(K::CCall(lib, name.to_string(), args), signature.ret.clone());
    let body = if signature.ret == Type::Void {
        ir::StmtKind::Expr(call)
    } else {
        ir::StmtKind::Return(Some(call))
    };
    let ty = Type::Func(
        params.iter().map(|(_, ty)| ty.clone()).collect(),
        Box::new(signature.ret.clone()),
    );
    let function = ir::Function {
        params,
        ret: signature.ret.clone(),
        body: vec![ir::Stmt { line, kind: body }],
    };
    ir::Expr::new(K::Function(Box::new(function)), ty)
}

impl Checker<'_> {
    /// `lib.f(args)`: a type-checked call of a C function.
    pub(super) fn library_call(
        &mut self,
        lib: usize,
        alias: &str,
        name: &str,
        name_span: Span,
        args: &[ast::Expr],
        span: Span,
    ) -> ir::Expr {
        let scope = self
            .libraries
            .get(&(self.module_index, alias.to_string()))
            .map(|(_, s)| s);
        let Some(signature) = scope.and_then(|s| s.functions.get(name)).cloned() else {
            let error = match scope.and_then(|s| s.unusable.get(name)) {
                Some(why) => CheckError::CFunctionUnusable {
                    function: format!("{alias}.{name}"),
                    why: why.clone(),
                },
                None => CheckError::CNoFunction {
                    library: alias.to_string(),
                    name: name.to_string(),
                },
            };
            self.error(name_span, error);
            return super::expr::err_expr();
        };
        let fixed = signature.params.len();
        if args.len() < fixed || (!signature.variadic && args.len() > fixed) {
            let callee = Callee::Named(format!("{alias}.{name}"));
            self.count_error(callee, fixed, signature.variadic, args.len(), span);
            return super::expr::err_expr();
        }
        let mut checked = Vec::new();
        for (param, arg) in signature.params.iter().zip(args) {
            checked.push(match param {
                // A C string parameter (`char *`) takes a buffer too.
                CParamType::Value(Type::Str) => {
                    let value = self.expr(arg, Some(&Type::Str));
                    if self.shallow(&value.ty) == Type::Buffer {
                        value
                    } else {
                        self.coerce(value, &Type::Str, arg.span)
                    }
                }
                CParamType::Value(ty) => self.expect(arg, ty),
                CParamType::Struct(c_struct) => match &arg.kind {
                    // `&instance` for a struct pointer is the instance itself.
                    ast::ExprKind::AddrOf(place) if c_struct.by_pointer => {
                        self.struct_argument(place, c_struct)
                    }
                    _ => self.struct_argument(arg, c_struct),
                },
                CParamType::Pointer(pointer) => self.pointer_argument(arg, pointer),
            });
        }
        for extra in &args[fixed..] {
            let e = self.expr(extra, None);
            if !passes_as_vararg(&self.shallow(&e.ty)) {
                let found = self.show(&e.ty);
                self.error(extra.span, CheckError::CVarargsType { found });
            }
            checked.push(e);
        }
        ir::Expr::new(K::CCall(lib, name.to_string(), checked), signature.ret)
    }

    /// An argument for a C data pointer parameter (docs/ffi.md, "Passing values to C").
    fn pointer_argument(&mut self, arg: &ast::Expr, pointer: &CPointer) -> ir::Expr {
        if let ast::ExprKind::AddrOf(place) = &arg.kind {
            let Some(wanted) = &pointer.out_place else {
                let c_type = pointer.c_type.clone();
                self.error(arg.span, CheckError::AddressNotAllowed { c_type });
                return super::expr::err_expr();
            };
            let Some((value, ty)) = self.place(place) else {
                return super::expr::err_expr();
            };
            if let K::Index(container, _) = &value.kind
                && !matches!(self.shallow(&container.ty), Type::Array(_))
            {
                self.error(place.span, CheckError::AddressOfElement);
                return super::expr::err_expr();
            }
            let fits = match (self.shallow(&ty), wanted) {
                (Type::Var(_), _) => self.unify(&ty, wanted),
                // A pointer left by C: an `any` place takes any pointer,
                // a `string` place a `char *` (copied).
                (Type::Any | Type::Handle, Type::Any | Type::Str) => true,
                (known, wanted) => known == *wanted,
            };
            if !fits {
                let error = CheckError::AddressPlaceType {
                    wanted: self.show(wanted),
                    c_type: pointer.c_type.clone(),
                    found: self.show(&ty),
                };
                self.error(place.span, error);
            }
            return ir::Expr::new(K::AddrOf(Box::new(value)), ty);
        }
        let value = self.expr(arg, None);
        let ty = self.shallow(&value.ty);
        let fits = match &ty {
            Type::Handle | Type::Null | Type::Any => true,
            Type::Buffer => pointer.takes_buffer,
            Type::Str => pointer.takes_string,
            Type::Array(element) => pointer
                .array_of
                .as_ref()
                .is_some_and(|wanted| self.shallow(element) == *wanted),
            _ => false,
        };
        if !fits {
            let mut also = Vec::new();
            if pointer.takes_buffer {
                also.push("a buffer".into());
            }
            if pointer.takes_string {
                also.push("a string".into());
            }
            if let Some(element) = &pointer.array_of {
                let element = self.show(element);
                let article = if element.starts_with('i') { "an" } else { "a" };
                also.push(format!("{article} {element}[]"));
            }
            if let Some(place) = &pointer.out_place {
                also.push(format!("`&` and a place of type {}", self.show(place)));
            }
            let error = CheckError::CPointerArgument {
                c_type: pointer.c_type.clone(),
                also,
                found: self.show(&ty),
            };
            self.error(arg.span, error);
        }
        value
    }

    /// An argument for a C struct parameter: an instance of a class of the
    /// struct's shape, a value of type `any`, or (through a pointer) a C
    /// pointer or `null`.
    fn struct_argument(&mut self, arg: &ast::Expr, c_struct: &CStruct) -> ir::Expr {
        let value = self.expr(arg, None);
        match self.shallow(&value.ty) {
            Type::Class(id) => {
                if let Err(why) = self.class_fits_struct(&id, c_struct) {
                    let error = CheckError::ClassNotStruct {
                        class: self.show(&value.ty),
                        c_type: c_struct.c_type.clone(),
                        why,
                    };
                    self.error(arg.span, error);
                }
                value
            }
            Type::Any => value,
            Type::Handle | Type::Null if c_struct.by_pointer => value,
            other => {
                let error = CheckError::StructArgument {
                    by_pointer: c_struct.by_pointer,
                    c_type: c_struct.c_type.clone(),
                    fields: c_struct
                        .fields
                        .as_ref()
                        .ok()
                        .map(|fields| self.field_list(fields)),
                    found: self.show(&other),
                };
                self.error(arg.span, error);
                value
            }
        }
    }

    /// Whether the class `id` has the fields of `c_struct`: the same names
    /// in the same order, with the same types. Field types still unknown
    /// take the struct's.
    fn class_fits_struct(
        &mut self,
        id: &ir::ClassId,
        c_struct: &CStruct,
    ) -> Result<(), StructMismatch> {
        let wanted = c_struct.fields.clone().map_err(StructMismatch::Unusable)?;
        let fields = self
            .classes
            .get(id)
            .map(|c| c.fields.clone())
            .unwrap_or_default();
        if fields.len() != wanted.len() {
            return Err(StructMismatch::FieldCount {
                has: fields.len(),
                wanted: wanted.len(),
                fields: self.field_list(&wanted),
            });
        }
        for (i, ((name, ty), (c_name, c_ty))) in fields.iter().zip(&wanted).enumerate() {
            if name != c_name {
                return Err(StructMismatch::FieldName {
                    index: i + 1,
                    name: name.clone(),
                    c_name: c_name.clone(),
                });
            }
            let same = match self.shallow(ty) {
                Type::Var(_) => self.unify(ty, c_ty),
                known => known == *c_ty,
            };
            if !same {
                return Err(StructMismatch::FieldType {
                    name: name.clone(),
                    found: self.show(ty),
                    c_type: self.show(c_ty),
                });
            }
        }
        Ok(())
    }

    /// `x: float, y: float`.
    fn field_list(&self, fields: &[(String, Type)]) -> String {
        fields
            .iter()
            .map(|(name, ty)| format!("{name}: {}", self.show(ty)))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// `lib.NAME`: a constant or variable of a C library.
    pub(super) fn library_constant(
        &mut self,
        lib: usize,
        alias: &str,
        name: &str,
        span: Span,
    ) -> ir::Expr {
        let scope = self
            .libraries
            .get(&(self.module_index, alias.to_string()))
            .map(|(_, s)| s);
        if let Some(e) = scope.and_then(|s| s.constants.get(name)) {
            return e.clone();
        }
        if let Some(ty) = scope.and_then(|s| s.variables.get(name)) {
            return ir::Expr::new(K::CVar(lib, name.to_string()), ty.clone());
        }
        if let Some(signature) = scope.and_then(|s| s.functions.get(name)) {
            if signature.variadic {
                let function = format!("{alias}.{name}");
                self.error(span, CheckError::CVarargsValue { function });
                return super::expr::err_expr();
            }
            let line = self.line(span);
            return c_function_value(lib, name, signature, line);
        }
        let error = match scope.and_then(|s| s.unusable.get(name)) {
            Some(why) => CheckError::CVariableUnusable {
                variable: format!("{alias}.{name}"),
                why: why.clone(),
            },
            None => CheckError::CNoConstant {
                library: alias.to_string(),
                name: name.to_string(),
            },
        };
        self.error(span, error);
        super::expr::err_expr()
    }
}

/// Whether a value of type `ty` can be passed among a C function's varargs.
pub(super) fn passes_as_vararg(ty: &Type) -> bool {
    matches!(
        ty,
        Type::Int | Type::Float | Type::Bool | Type::Str | Type::Handle | Type::Buffer | Type::Null
    )
}
