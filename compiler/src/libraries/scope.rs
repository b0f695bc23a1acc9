//! What the type checker sees of a C library: its callable functions with
//! Loop types, its constants and its readable variables.

use crate::arc::ir::{self, Type};
use crate::ffi::{
    CConstValue, CFunction, CInt, CType, Declarations, LibraryInfo, LoopView, StructPassing,
    TypeDefinition,
};
use crate::types::{CParamType, CPointer, CSignature, CStruct, LibraryScope};

/// What the type checker sees of `info`.
pub fn loop_scope(info: &LibraryInfo) -> LibraryScope {
    let decls = &info.declarations;
    let mut scope = LibraryScope::default();
    for f in &decls.functions {
        if let Some(why) = info.not_exported_reason(&f.name) {
            scope.unusable.insert(f.name.clone(), why);
            continue;
        }
        match loop_signature(f, decls) {
            Ok(signature) => {
                scope.functions.insert(f.name.clone(), signature);
            }
            Err(why) => {
                scope.unusable.insert(f.name.clone(), why);
            }
        }
    }
    for v in &decls.variables {
        if let Some(why) = info.not_exported_reason(&v.name) {
            scope.unusable.insert(v.name.clone(), why);
            continue;
        }
        match v.ty.return_view() {
            Some(
                view @ (LoopView::Int
                | LoopView::Float
                | LoopView::Bool
                | LoopView::String
                | LoopView::Handle),
            ) => {
                scope.variables.insert(v.name.clone(), loop_type(&view));
            }
            _ => {
                let why = format!("its type `{}` has no Loop value", v.ty);
                scope.unusable.insert(v.name.clone(), why);
            }
        }
    }
    let mut constant = |name: &str, value: ir::Expr| {
        scope.constants.insert(name.to_string(), value);
    };
    for c in &decls.constants {
        let value = match c.value {
            CConstValue::Int(n) => ir::Expr::new(ir::ExprKind::Int(n), Type::Int),
            CConstValue::Float(x) => ir::Expr::new(ir::ExprKind::Float(x), Type::Float),
        };
        constant(&c.name, value);
    }
    for c in &decls.strings {
        let value = ir::Expr::new(ir::ExprKind::Str(c.value.clone()), Type::Str);
        constant(&c.name, value);
    }
    for t in &decls.types {
        if let TypeDefinition::Enum(e) = t {
            for (name, value) in &e.values {
                constant(name, ir::Expr::new(ir::ExprKind::Int(*value), Type::Int));
            }
        }
    }
    for skipped in &decls.skipped {
        let Some(name) = &skipped.name else { continue };
        if scope.functions.contains_key(name)
            || scope.variables.contains_key(name)
            || scope.constants.contains_key(name)
        {
            continue;
        }
        let why = if skipped.text.starts_with("#define") {
            format!("it is {}", skipped.reason)
        } else {
            format!(
                "its declaration is beyond Loop ({}): `{}`",
                skipped.reason, skipped.text
            )
        };
        scope.unusable.entry(name.clone()).or_insert(why);
    }
    scope
}

/// How `f` is checked, or why Loop cannot call it.
fn loop_signature(f: &CFunction, decls: &Declarations) -> Result<CSignature, String> {
    let mut params = Vec::new();
    for (i, p) in f.params.iter().enumerate() {
        if let Some(param) = decls.struct_param(&p.ty) {
            params.push(CParamType::Struct(CStruct {
                c_type: param.c_type,
                by_pointer: param.passing != StructPassing::Value,
                fields: param.fields.map(|fields| {
                    fields
                        .iter()
                        .map(|f| (f.name.clone(), loop_type(&f.view)))
                        .collect()
                }),
            }));
            continue;
        }
        if let Some((to, is_const)) = p.ty.data_pointer() {
            params.push(CParamType::Pointer(pointer_param(&p.ty, to, is_const)));
            continue;
        }
        match p.ty.param_view() {
            Some(view) => params.push(CParamType::Value(loop_type(&view))),
            None => {
                let which = match &p.name {
                    Some(name) => format!("`{name}`"),
                    None => format!("{}", i + 1),
                };
                return Err(format!(
                    "its parameter {which} is a `{}`, which Loop has no value for",
                    p.ty
                ));
            }
        }
    }
    match f.ret.return_view() {
        Some(ret) => Ok(CSignature {
            params,
            variadic: f.variadic,
            ret: loop_type(&ret),
        }),
        None => Err(format!(
            "it returns a `{}`, which Loop has no value for",
            f.ret
        )),
    }
}

/// What a data pointer parameter of type `ty`, pointing to a `to` that is
/// `const` if `is_const`, accepts (LANGUAGE.md §11.2).
fn pointer_param(ty: &CType, to: &CType, is_const: bool) -> CPointer {
    let out_place = match to.return_view() {
        Some(LoopView::Int) => Some(Type::Int),
        Some(LoopView::Float) => Some(Type::Float),
        Some(LoopView::Bool) => Some(Type::Bool),
        Some(LoopView::Handle) => Some(Type::Any),
        Some(LoopView::String) => Some(Type::Str),
        _ => None,
    };
    let byte = matches!(
        to.resolved(),
        CType::Void | CType::Int(CInt::Char | CInt::SChar | CInt::UChar | CInt::Int8 | CInt::UInt8)
    );
    let array_of = match to.resolved() {
        CType::Int(_) | CType::Enum(_) => Some(Type::Int),
        CType::Float | CType::Double => Some(Type::Float),
        _ => None,
    };
    CPointer {
        c_type: ty.to_string(),
        out_place,
        takes_string: is_const && byte,
        takes_buffer: byte,
        array_of,
    }
}

/// The Loop type of a C value seen as `view`; a struct returned by value
/// is an opaque value of type `any`.
fn loop_type(view: &LoopView) -> Type {
    match view {
        LoopView::Int => Type::Int,
        LoopView::Float => Type::Float,
        LoopView::Bool => Type::Bool,
        LoopView::String => Type::Str,
        LoopView::Void => Type::Void,
        LoopView::Handle => Type::Handle,
        LoopView::Struct(_) => Type::Any,
    }
}
