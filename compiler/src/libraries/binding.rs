//! How code generation passes Loop values to C and converts C values back.

use crate::ffi::{CType, Declarations, Platform, StructParam, StructPassing};
use crate::lua::{CArg, CReturn, StructArg};

/// How a C value of type `ty` becomes a Loop value.
pub fn conversion(ty: &CType) -> CReturn {
    if ty.is_c_string() {
        CReturn::String
    } else if ty.is_wide_int(Platform::host()) {
        CReturn::Int64
    } else if matches!(ty.resolved(), CType::Enum(_)) {
        CReturn::Enum
    } else {
        CReturn::Plain
    }
}

/// How a Loop argument is passed to a C parameter of type `ty`.
pub fn c_arg(ty: &CType, decls: &Declarations) -> CArg {
    if mutable_string(ty) {
        return CArg::CharBuffer;
    }
    match decls.struct_param(ty) {
        Some(StructParam {
            c_type,
            passing,
            fields: Ok(fields),
        }) => CArg::Struct(StructArg {
            c_type,
            fields: fields
                .into_iter()
                .map(|f| {
                    let read = conversion(&f.ty);
                    (f.name, read)
                })
                .collect(),
            copy_back: passing == StructPassing::Pointer { writable: true },
        }),
        _ => CArg::Plain,
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
