//! Built-in functions and methods as Lua.

use super::emit::Emitter;
use crate::arc::ir::{self, Type};

impl Emitter<'_> {
    /// A call of built-in `name`; `ret` is its result type.
    pub fn builtin(&mut self, name: &str, args: &[ir::Expr], ret: &Type) -> String {
        let refs: Vec<&ir::Expr> = args.iter().collect();
        let parts = self.operands(&refs);
        let arg = |i: usize| parts.get(i).cloned().unwrap_or_else(|| "nil".into());
        let recv_ty = args.first().map(|a| a.ty.clone()).unwrap_or(Type::Void);
        match name {
            "print" | "println" => {
                let text = self.printed_text(&arg(0), &recv_ty);
                let write = self.helper("write");
                if name == "println" {
                    format!("{write}({text}, \"\\n\")")
                } else {
                    format!("{write}({text})")
                }
            }
            "print_final" => {
                let d = self.desc(&recv_ty);
                format!("{}({}, {d})", self.helper("print_final"), arg(0))
            }
            "to_string" => self.printed_text(&arg(0), &recv_ty),
            "string.len" => format!("#{}", super::stmt::paren(&arg(0))),
            "array.len" | "map.len" => format!("{}.n", super::stmt::paren(&arg(0))),
            "string.add" => format!("({} .. {})", arg(0), arg(1)),
            "number.to_float" => arg(0),
            "array.push" if parts.len() == 2 => {
                format!("{}({}, {})", self.helper("push"), arg(0), arg(1))
            }
            "array.join" => {
                let elem = match &recv_ty {
                    Type::Array(e) => (**e).clone(),
                    _ => Type::Any,
                };
                let d = self.desc(&elem);
                format!("{}({}, {}, {d})", self.helper("join"), arg(0), arg(1))
            }
            _ => {
                let helper = match name {
                    "input" => "input",
                    "buffer" => "buffer",
                    "buffer.len" => "blen",
                    "buffer.to_string" => "bstring",
                    "buffer.to_string_n" => "bstring",
                    "exit" => "exit",
                    "args" => "args",
                    "number.to_int" => "to_int",
                    "number.abs" => "abs",
                    "string.to_int" => "str_to_int",
                    "string.to_float" => "str_to_float",
                    "string.contains" => "contains",
                    "string.starts_with" => "starts_with",
                    "string.ends_with" => "ends_with",
                    "string.find" => "find",
                    "string.split" => "split",
                    "string.trim" => "trim",
                    "string.upper" => "upper",
                    "string.lower" => "lower",
                    "string.replace" => "replace",
                    "array.push" => "push_all",
                    "array.pop" => "pop",
                    "array.insert" => "insert",
                    "array.remove" => "remove",
                    "array.contains" => "acontains",
                    "array.index_of" => "index_of",
                    "array.reverse" => "reverse",
                    "array.sort" => "sort",
                    "map.keys" => "mkeys",
                    "map.values" => "mvalues",
                    "map.contains" => "mcontains",
                    "map.get" => "mgetd",
                    "map.remove" => "mremove",
                    other => unreachable!("unknown built-in `{other}` (result {ret:?})"),
                };
                format!("{}({})", self.helper(helper), parts.join(", "))
            }
        }
    }

    /// Lua code turning a value of type `ty` into its printed text.
    fn printed_text(&mut self, code: &str, ty: &Type) -> String {
        match ty {
            Type::Str if code.starts_with('"') => code.to_string(),
            Type::Str => format!("({code} or \"null\")"),
            Type::Int => format!("{}({code})", self.helper("fmt_int")),
            Type::Float => format!("{}({code})", self.helper("fmt_float")),
            Type::Bool => format!("{}({code})", self.helper("tostring")),
            _ => {
                let d = self.desc(ty);
                format!("{}({code}, {d})", self.helper("tostr"))
            }
        }
    }
}
