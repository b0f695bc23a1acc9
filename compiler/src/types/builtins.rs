//! Signatures of the built-in functions and methods (LANGUAGE.md §9).

use crate::arc::ir::Type;

/// A built-in callable: its Arc name, parameter types, whether the last
/// parameter repeats, and its result.
pub(super) struct Builtin {
    pub name: &'static str,
    pub params: Vec<Type>,
    pub variadic: bool,
    pub ret: Type,
}

fn b(name: &'static str, params: Vec<Type>, ret: Type) -> Option<Builtin> {
    Some(Builtin {
        name,
        params,
        variadic: false,
        ret,
    })
}

/// The built-in function `name`, if there is one.
pub(super) fn function(name: &str) -> Option<Builtin> {
    match name {
        "print" => b("print", vec![Type::Any], Type::Void),
        "println" => b("println", vec![Type::Any], Type::Void),
        "input" => b("input", vec![Type::Str], Type::Str),
        "exit" => b("exit", vec![Type::Int], Type::Void),
        "args" => b("args", vec![], Type::Array(Box::new(Type::Str))),
        "buffer" => b("buffer", vec![Type::Int], Type::Buffer),
        _ => None,
    }
}

/// The built-in method `name` on a receiver of type `recv` (already
/// resolved at the top), called with `arity` arguments (which tells
/// `b.to_string()` from `b.to_string(n)` on a buffer).
pub(super) fn method(recv: &Type, name: &str, arity: usize) -> Option<Builtin> {
    use Type::*;
    if *recv == Buffer {
        return match (name, arity) {
            ("len", _) => b("buffer.len", vec![], Int),
            ("to_string", 1) => b("buffer.to_string_n", vec![Int], Str),
            ("to_string", _) => b("buffer.to_string", vec![], Str),
            _ => None,
        };
    }
    if name == "to_string" {
        return b("to_string", vec![], Str);
    }
    match recv {
        Int | Float => match name {
            "to_int" => b("number.to_int", vec![], Int),
            "to_float" => b("number.to_float", vec![], Float),
            "abs" => b("number.abs", vec![], recv.clone()),
            _ => None,
        },
        Str => match name {
            "len" => b("string.len", vec![], Int),
            "to_int" => b("string.to_int", vec![], Int),
            "to_float" => b("string.to_float", vec![], Float),
            "contains" => b("string.contains", vec![Str], Bool),
            "starts_with" => b("string.starts_with", vec![Str], Bool),
            "ends_with" => b("string.ends_with", vec![Str], Bool),
            "find" => b("string.find", vec![Str], Int),
            "split" => b("string.split", vec![Str], Array(Box::new(Str))),
            "trim" => b("string.trim", vec![], Str),
            "upper" => b("string.upper", vec![], Str),
            "lower" => b("string.lower", vec![], Str),
            "replace" => b("string.replace", vec![Str, Str], Str),
            "add" => b("string.add", vec![Str], Str),
            _ => None,
        },
        Array(elem) => {
            let t = (**elem).clone();
            match name {
                "len" => b("array.len", vec![], Int),
                "push" => Some(Builtin {
                    name: "array.push",
                    params: vec![t],
                    variadic: true,
                    ret: Void,
                }),
                "add" => b("array.push", vec![t], Void),
                "pop" => b("array.pop", vec![], t),
                "insert" => b("array.insert", vec![Int, t], Void),
                "remove" => b("array.remove", vec![Int], t),
                "contains" => b("array.contains", vec![t], Bool),
                "index_of" => b("array.index_of", vec![t], Int),
                "join" => b("array.join", vec![Str], Str),
                "reverse" => b("array.reverse", vec![], Void),
                "sort" => b("array.sort", vec![], Void),
                _ => None,
            }
        }
        Map(k, v) => {
            let (k, v) = ((**k).clone(), (**v).clone());
            match name {
                "len" => b("map.len", vec![], Int),
                "keys" => b("map.keys", vec![], Array(Box::new(k))),
                "values" => b("map.values", vec![], Array(Box::new(v))),
                "contains" => b("map.contains", vec![k], Bool),
                "get" => b("map.get", vec![k, v.clone()], v),
                "remove" => b("map.remove", vec![k], Void),
                _ => None,
            }
        }
        _ => None,
    }
}
