//! How code generation passes Loop values to C and converts C values back.

use crate::arc::ir::Type;
use crate::ffi;
use crate::ffi::{CType, Declarations, LoopView, Platform, StructParam, StructPassing};
use crate::lua::{CArg, CReturn, PointerArg, StructArg};

/// How a C value of type `ty` becomes a Loop value.
pub fn conversion(ty: &CType) -> CReturn {
    if ty.is_byte_string() {
        CReturn::String
    } else if ty.is_wide_int(Platform::host()) {
        CReturn::Int64
    } else if matches!(ty.resolved(), CType::Enum(_)) {
        CReturn::Enum
    } else {
        CReturn::Plain
    }
}

/// How a Loop argument is passed to a C parameter of type `ty` of a
/// library whose C types have the prefix `prefix`.
pub fn c_arg(ty: &CType, decls: &Declarations, prefix: &str) -> CArg {
    if mutable_string(ty) {
        return CArg::CharBuffer;
    }
    match decls.struct_param(ty) {
        Some(param @ StructParam { fields: Ok(_), .. }) => CArg::Struct(StructArg {
            c_type: param.c_type_in(prefix),
            name: param.c_type.clone(),
            fields: param
                .fields
                .into_iter()
                .flatten()
                .map(|f| {
                    let read = conversion(&f.ty);
                    let ty = match f.view {
                        LoopView::Float => Type::Float,
                        LoopView::Bool => Type::Bool,
                        _ => Type::Int,
                    };
                    (f.name, read, ty)
                })
                .collect(),
            copy_back: param.passing == StructPassing::Pointer { writable: true },
            by_pointer: param.passing != StructPassing::Value,
        }),
        _ => match ty.data_pointer() {
            Some((to, is_const)) => CArg::Pointer(PointerArg {
                pointee: ffi::declaration(to, "", prefix),
                read: conversion(to),
                // `char **`: a `string` place reads the string, an `any` one the pointer.
                to_pointer: matches!(
                    to.resolved(),
                    CType::Pointer { .. } | CType::FunctionPointer(_)
                ),
                writable: !is_const,
            }),
            None => CArg::Plain,
        },
    }
}

/// `char *` without `const`: LuaJIT will not pass a Lua string for it.
fn mutable_string(ty: &CType) -> bool {
    matches!(
        ty.resolved(),
        CType::Pointer {
            is_const: false,
            ..
        }
    ) && ty.is_c_string()
}
