//! Signatures of the built-in functions and methods (docs/language.md §9).

use crate::arc::ir::{Builtin as B, Type};

/// The signature of a built-in callable: which built-in it is, its
/// parameter types, whether the last parameter repeats, and its result.
pub(super) struct Signature {
    pub builtin: B,
    pub params: Vec<Type>,
    pub variadic: bool,
    pub ret: Type,
}

fn b(builtin: B, params: Vec<Type>, ret: Type) -> Option<Signature> {
    Some(Signature {
        builtin,
        params,
        variadic: false,
        ret,
    })
}

/// The built-in function `name`, if there is one.
pub(super) fn function(name: &str) -> Option<Signature> {
    match name {
        "print" => b(B::Print, vec![Type::Any], Type::Void),
        "println" => b(B::Println, vec![Type::Any], Type::Void),
        "input" => b(B::Input, vec![Type::Str], Type::Str),
        "exit" => b(B::Exit, vec![Type::Int], Type::Void),
        "args" => b(B::Args, vec![], Type::Array(Box::new(Type::Str))),
        "error" => b(B::Error, vec![Type::Str], Type::Void),
        "assert" => b(B::Assert, vec![Type::Bool, Type::Str], Type::Void),
        "chr" => b(B::Chr, vec![Type::Int], Type::Str),
        "buffer" => b(B::Buffer, vec![Type::Int], Type::Buffer),
        _ => None,
    }
}

/// The built-in method `name` on a receiver of type `recv` (already
/// resolved at the top), called with `arity` arguments (which tells
/// `b.to_string()` from `b.to_string(n)` on a buffer). `sort(less)` and
/// `map(f)`, whose signatures depend on their arguments, are the
/// checker's (`Checker::array_with_function`).
pub(super) fn method(recv: &Type, name: &str, arity: usize) -> Option<Signature> {
    use Type::*;
    if *recv == Buffer {
        return match (name, arity) {
            ("len", _) => b(B::BufferLen, vec![], Int),
            ("to_string", 1) => b(B::BufferToStringN, vec![Int], Str),
            ("to_string", _) => b(B::BufferToString, vec![], Str),
            _ => None,
        };
    }
    if name == "to_string" {
        return b(B::ToString, vec![], Str);
    }
    match recv {
        Int | Float => match name {
            "to_int" => b(B::NumberToInt, vec![], Int),
            "to_float" => b(B::NumberToFloat, vec![], Float),
            "abs" => b(B::NumberAbs, vec![], recv.clone()),
            _ => None,
        },
        Str => match name {
            "len" => b(B::StringLen, vec![], Int),
            "to_int" => b(B::StringToInt, vec![], Int),
            "to_float" => b(B::StringToFloat, vec![], Float),
            "contains" => b(B::StringContains, vec![Str], Bool),
            "starts_with" => b(B::StringStartsWith, vec![Str], Bool),
            "ends_with" => b(B::StringEndsWith, vec![Str], Bool),
            "find" => b(B::StringFind, vec![Str], Int),
            "split" => b(B::StringSplit, vec![Str], Array(Box::new(Str))),
            "trim" => b(B::StringTrim, vec![], Str),
            "upper" => b(B::StringUpper, vec![], Str),
            "lower" => b(B::StringLower, vec![], Str),
            "replace" => b(B::StringReplace, vec![Str, Str], Str),
            "add" => b(B::StringAdd, vec![Str], Str),
            "repeat" => b(B::StringRepeat, vec![Int], Str),
            "lines" => b(B::StringLines, vec![], Array(Box::new(Str))),
            "byte" => b(B::StringByte, vec![Int], Int),
            "pad_left" => b(B::StringPadLeft, vec![Int], Str),
            "pad_right" => b(B::StringPadRight, vec![Int], Str),
            _ => None,
        },
        Array(elem) => {
            let t = (**elem).clone();
            match name {
                "len" => b(B::ArrayLen, vec![], Int),
                "push" => Some(Signature {
                    builtin: B::ArrayPush,
                    params: vec![t],
                    variadic: true,
                    ret: Void,
                }),
                "add" => b(B::ArrayPush, vec![t], Void),
                "pop" => b(B::ArrayPop, vec![], t),
                "insert" => b(B::ArrayInsert, vec![Int, t], Void),
                "remove" => b(B::ArrayRemove, vec![Int], t),
                "contains" => b(B::ArrayContains, vec![t], Bool),
                "index_of" => b(B::ArrayIndexOf, vec![t], Int),
                "join" => b(B::ArrayJoin, vec![Str], Str),
                "reverse" => b(B::ArrayReverse, vec![], Void),
                "sort" => b(B::ArraySort, vec![], Void),
                "filter" => b(
                    B::ArrayFilter,
                    vec![Func(vec![t.clone()], Box::new(Bool))],
                    recv.clone(),
                ),
                _ => None,
            }
        }
        Map(k, v) => {
            let (k, v) = ((**k).clone(), (**v).clone());
            match name {
                "len" => b(B::MapLen, vec![], Int),
                "keys" => b(B::MapKeys, vec![], Array(Box::new(k))),
                "values" => b(B::MapValues, vec![], Array(Box::new(v))),
                "contains" => b(B::MapContains, vec![k], Bool),
                "get" => b(B::MapGet, vec![k, v.clone()], v),
                "remove" => b(B::MapRemove, vec![k], Void),
                _ => None,
            }
        }
        _ => None,
    }
}

/// The parameter types (the receiver of a method first), whether the last
/// repeats, and the result of the built-in `builtin` called with arguments
/// of types `args`: the checker's own tables, looked up by the name
/// `builtin` has in Arc text. `None` when no call of `builtin` takes such
/// arguments (a `string.len` of an array).
pub(super) fn of_builtin(builtin: B, args: &[Type]) -> Option<(Vec<Type>, bool, Type)> {
    let name = builtin.name();
    let whole = |s: Signature| Some((s.params, s.variadic, s.ret));
    let with_receiver = |recv: &Type, s: Signature| {
        let mut params = vec![recv.clone()];
        params.extend(s.params);
        Some((params, s.variadic, s.ret))
    };
    match builtin {
        // The main module's last value, whatever its type (void when it
        // never returns, as a runaway recursion).
        B::PrintFinal => return Some((vec![args.first()?.clone()], false, Type::Void)),
        B::ToString => return Some((vec![args.first()?.clone()], false, Type::Str)),
        B::ArraySortBy | B::ArrayMap => {
            let Type::Array(elem) = args.first()? else {
                return None;
            };
            let elem = (**elem).clone();
            let (f, ret) = if builtin == B::ArraySortBy {
                let less = Type::Func(vec![elem.clone(), elem], Box::new(Type::Bool));
                (less, Type::Void)
            } else {
                let Some(Type::Func(_, out)) = args.get(1) else {
                    return None;
                };
                let f = Type::Func(vec![elem], out.clone());
                (f, Type::Array(out.clone()))
            };
            return Some((vec![args[0].clone(), f], false, ret));
        }
        B::MathMin | B::MathMax => {
            let ty = if args.iter().all(|t| *t == Type::Int) {
                Type::Int
            } else {
                Type::Float
            };
            return Some((vec![ty.clone(), ty.clone()], false, ty));
        }
        B::MathPi | B::MathE | B::MathInf => return Some((vec![], false, Type::Float)),
        _ => {}
    }
    let Some((space, member)) = name.split_once('.') else {
        return function(name).and_then(whole);
    };
    if !matches!(space, "number" | "string" | "array" | "map" | "buffer") {
        return super::stdlib::function(space, member).and_then(whole);
    }
    let recv = args.first()?;
    let member = member.strip_suffix("_n").unwrap_or(member);
    let s = method(recv, member, args.len() - 1)?;
    // The receiver's type picks the family: `string.len` is no `array.len`.
    (s.builtin == builtin).then(|| with_receiver(recv, s))?
}
