//! Built-in functions and methods as Lua.

use super::ast::{BinOp, Expr, UnOp};
use super::emit::Emitter;
use crate::arc::ir::{self, Type};

impl Emitter<'_> {
    /// A call of built-in `name`; `ret` is its result type.
    pub fn builtin(&mut self, name: &str, args: &[ir::Expr], ret: &Type) -> Expr {
        let refs: Vec<&ir::Expr> = args.iter().collect();
        let mut parts = self.operands(&refs);
        let recv_ty = args.first().map(|a| a.ty.clone()).unwrap_or(Type::Void);
        let mut arg = |i: usize| std::mem::replace(&mut parts[i], Expr::Nil);
        match name {
            "print" | "println" => {
                let text = self.printed_text(arg(0), &recv_ty);
                let mut write = vec![text];
                if name == "println" {
                    write.push(Expr::str("\n"));
                }
                self.call_helper("write", write)
            }
            "print_final" => {
                let d = self.desc(&recv_ty);
                self.call_helper("print_final", vec![arg(0), d])
            }
            "to_string" => self.printed_text(arg(0), &recv_ty),
            "string.len" => Expr::unary(UnOp::Len, arg(0)),
            "array.len" => arg(0).field("n"),
            "string.add" => Expr::binary(BinOp::Concat, arg(0), arg(1)),
            "number.to_float" => arg(0),
            "array.push" if args.len() == 2 => self.call_helper("push", vec![arg(0), arg(1)]),
            "array.join" => {
                let elem = match &recv_ty {
                    Type::Array(e) => (**e).clone(),
                    _ => Type::Any,
                };
                let d = self.desc(&elem);
                self.call_helper("join", vec![arg(0), arg(1), d])
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
                    "map.len" => "mlen",
                    "map.keys" => "mkeys",
                    "map.values" => "mvalues",
                    "map.contains" => "mcontains",
                    "map.get" => "mgetd",
                    "map.remove" => "mremove",
                    other => unreachable!("unknown built-in `{other}` (result {ret:?})"),
                };
                let args = (0..args.len()).map(&mut arg).collect();
                self.call_helper(helper, args)
            }
        }
    }

    /// `value`, of type `ty`, as its printed text.
    fn printed_text(&mut self, value: Expr, ty: &Type) -> Expr {
        match ty {
            // Only a variable or call may be null.
            Type::Str if matches!(value, Expr::Str(_) | Expr::Binary(BinOp::Concat, ..)) => value,
            Type::Str => Expr::binary(BinOp::Or, value, Expr::str("null")),
            Type::Int => self.call_helper("fmt_int", vec![value]),
            Type::Float => self.call_helper("fmt_float", vec![value]),
            Type::Bool => self.call_helper("tostring", vec![value]),
            _ => {
                let d = self.desc(ty);
                self.call_helper("tostr", vec![value, d])
            }
        }
    }
}
