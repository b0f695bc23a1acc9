//! How C types look from Loop (LANGUAGE.md §11).

use std::fmt;

use super::ctype::CType;

/// The Loop type that a C type is seen as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoopView {
    /// Every C integer type and enum: Loop `int`.
    Int,
    /// `float` and `double`: Loop `float`.
    Float,
    /// `_Bool` / `bool`: Loop `bool`.
    Bool,
    /// `char *` / `const char *`: a parameter accepts a Loop `string`; a
    /// returned one becomes a `string`, or `null` for a NULL pointer.
    String,
    /// `void`, only as a return type.
    Void,
    /// Any other pointer (function pointers too): an opaque handle that can
    /// be passed back to the library and compared with `null`.
    Handle,
    /// A struct passed or returned by value, named by its tag (or typedef
    /// name, see [`super::CRecord::named_by_typedef`]); a Loop class whose
    /// fields match can be passed for it.
    Struct(String),
}

impl fmt::Display for LoopView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoopView::Int => f.write_str("int"),
            LoopView::Float => f.write_str("float"),
            LoopView::Bool => f.write_str("bool"),
            LoopView::String => f.write_str("string"),
            LoopView::Void => f.write_str("void"),
            LoopView::Handle => f.write_str("handle"),
            LoopView::Struct(name) => write!(f, "struct {name}"),
        }
    }
}

impl CType {
    /// How Loop sees a parameter of this type; `None` if Loop has no value
    /// to pass for it (`void`, unions and arrays by value).
    pub fn param_view(&self) -> Option<LoopView> {
        match self.resolved() {
            CType::Void => None,
            // Only `char *` takes a string; other byte pointers are data.
            ty if ty.is_byte_string() && !ty.is_c_string() => Some(LoopView::Handle),
            _ => self.return_view(),
        }
    }

    /// How Loop sees a return value of this type; `None` if Loop cannot
    /// represent it (unions and arrays by value).
    pub fn return_view(&self) -> Option<LoopView> {
        match self.resolved() {
            CType::Void => Some(LoopView::Void),
            CType::Bool => Some(LoopView::Bool),
            CType::Int(_) | CType::Enum(_) => Some(LoopView::Int),
            CType::Float | CType::Double => Some(LoopView::Float),
            ty if ty.is_byte_string() => Some(LoopView::String),
            CType::Pointer { .. } | CType::FunctionPointer(_) => Some(LoopView::Handle),
            CType::Struct(name) => Some(LoopView::Struct(name.clone())),
            CType::Union(_) | CType::Array(..) | CType::Named { .. } => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ffi::cparse::parse_declarations;
    use crate::ffi::{CInt, Platform};

    /// The parameter and return views of `c_type`.
    fn views(c_type: &str) -> (Option<LoopView>, Option<LoopView>) {
        let decls = parse_declarations(&format!(
            "struct point {{ int x; }}; union u {{ int i; float f; }};\
             enum color {{ RED }}; typedef char *str_t; typedef int (*cb_t)(int);\
             {c_type} f({c_type} x);"
        ))
        .unwrap();
        let f = &decls.functions[0];
        (f.params[0].ty.param_view(), f.ret.return_view())
    }

    #[test]
    fn integers_and_enums_are_int() {
        for c_type in [
            "char",
            "unsigned char",
            "short",
            "unsigned",
            "long",
            "unsigned long long",
            "int8_t",
            "uint64_t",
            "size_t",
            "ssize_t",
            "ptrdiff_t",
            "uintptr_t",
            "enum color",
        ] {
            assert_eq!(views(c_type), (Some(LoopView::Int), Some(LoopView::Int)));
        }
    }

    #[test]
    fn bool_float_and_double() {
        assert_eq!(views("_Bool"), (Some(LoopView::Bool), Some(LoopView::Bool)));
        assert_eq!(views("bool").0, Some(LoopView::Bool));
        assert_eq!(views("float").0, Some(LoopView::Float));
        assert_eq!(views("double").1, Some(LoopView::Float));
    }

    #[test]
    fn char_pointers_are_strings_other_pointers_handles() {
        assert_eq!(views("char *").0, Some(LoopView::String));
        assert_eq!(views("const char *").1, Some(LoopView::String));
        assert_eq!(views("str_t").0, Some(LoopView::String));
        assert_eq!(views("unsigned char *").0, Some(LoopView::Handle));
        assert_eq!(views("char **").0, Some(LoopView::Handle));
        assert_eq!(views("void *").1, Some(LoopView::Handle));
        assert_eq!(views("struct point *").0, Some(LoopView::Handle));
        assert_eq!(views("cb_t").0, Some(LoopView::Handle));
    }

    #[test]
    fn structs_by_value_and_what_loop_cannot_pass() {
        let point = Some(LoopView::Struct("point".to_string()));
        assert_eq!(views("struct point"), (point.clone(), point));
        assert_eq!(views("union u"), (None, None));
        let decls = parse_declarations("void f(void);").unwrap();
        assert_eq!(decls.functions[0].ret.return_view(), Some(LoopView::Void));
        assert_eq!(CType::Void.param_view(), None);
    }

    #[test]
    fn sixty_four_bit_returns_are_wide() {
        let long = CType::Int(CInt::Long);
        assert!(long.is_wide_int(Platform::Linux));
        assert!(!long.is_wide_int(Platform::Windows));
        assert!(CType::Int(CInt::LongLong).is_wide_int(Platform::Windows));
        assert!(CType::Int(CInt::Size).is_wide_int(Platform::MacOs));
        assert!(!CType::Int(CInt::UInt32).is_wide_int(Platform::Linux));
        assert!(!CType::Double.is_wide_int(Platform::Linux));
    }
}
