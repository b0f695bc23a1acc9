//! The one writer of types as text. Arc text, compile errors and the REPL
//! write types alike (`int[]`, `map<K, V>`, `func<P><R>`) and differ only
//! in the parts a [`TypeNames`] gives: classes, C pointers, unknown types
//! and the separator inside `<…>`.

use super::ir::{ClassId, Type};

/// The parts of a type's text that depend on where it is shown.
pub trait TypeNames {
    /// A class.
    fn class(&self, id: &ClassId) -> String;
    /// A C pointer.
    fn handle(&self) -> &'static str;
    /// A type not inferred yet.
    fn var(&self, v: u32) -> String;
    /// Between the types inside `<…>`.
    fn separator(&self) -> &'static str {
        ", "
    }
}

/// `ty` written with `names`.
pub fn type_with(ty: &Type, names: &impl TypeNames) -> String {
    let show = |t: &Type| type_with(t, names);
    match ty {
        Type::Int => "int".into(),
        Type::Float => "float".into(),
        Type::Bool => "bool".into(),
        Type::Str => "string".into(),
        Type::Void => "void".into(),
        Type::Null => "null".into(),
        Type::Any => "any".into(),
        Type::Handle => names.handle().into(),
        Type::Buffer => "buffer".into(),
        Type::Array(t) => format!("{}[]", show(t)),
        Type::Map(k, v) => format!("map<{}{}{}>", show(k), names.separator(), show(v)),
        Type::Func(ps, r) => format!(
            "func<{}><{}>",
            ps.iter()
                .map(show)
                .collect::<Vec<_>>()
                .join(names.separator()),
            show(r)
        ),
        Type::Class(id) => names.class(id),
        Type::Var(v) => names.var(*v),
    }
}
