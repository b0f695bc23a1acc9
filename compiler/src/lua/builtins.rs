//! Built-in functions and methods as Lua.

use super::ast::{BinOp, Expr, UnOp};
use super::emit::Emitter;
use crate::arc::ir::{self, Builtin, Type};

impl Emitter<'_> {
    /// A call of built-in `builtin` with `args` (its receiver first).
    pub fn builtin(&mut self, builtin: Builtin, args: &[ir::Expr]) -> Expr {
        let refs: Vec<&ir::Expr> = args.iter().collect();
        let mut parts = self.operands(&refs);
        let recv_ty = args.first().map(|a| a.ty.clone()).unwrap_or(Type::Void);
        let mut arg = |i: usize| {
            parts
                .get_mut(i)
                .map_or(Expr::Nil, |part| std::mem::replace(part, Expr::Nil))
        };
        let helper = match builtin {
            Builtin::Print | Builtin::Println => {
                let text = self.printed_text(arg(0), &recv_ty);
                let mut write = vec![text];
                if builtin == Builtin::Println {
                    write.push(Expr::str("\n"));
                }
                return self.call_helper("write", write);
            }
            Builtin::PrintFinal => {
                let d = self.desc(&recv_ty);
                return self.call_helper("print_final", vec![arg(0), d]);
            }
            Builtin::ToString => return self.printed_text(arg(0), &recv_ty),
            Builtin::StringLen => return Expr::unary(UnOp::Len, arg(0)),
            Builtin::ArrayLen => return arg(0).field("n"),
            Builtin::StringAdd => return Expr::binary(BinOp::Concat, arg(0), arg(1)),
            Builtin::NumberToFloat => return arg(0),
            Builtin::ArrayPush if args.len() == 2 => {
                return self.call_helper("push", vec![arg(0), arg(1)]);
            }
            Builtin::MathPi => return Expr::Number(std::f64::consts::PI),
            Builtin::MathE => return Expr::Number(std::f64::consts::E),
            Builtin::MathInf => {
                return Expr::binary(BinOp::Div, Expr::Number(1.0), Expr::Number(0.0));
            }
            Builtin::ArrayJoin => {
                let elem = match &recv_ty {
                    Type::Array(e) => (**e).clone(),
                    _ => Type::Any,
                };
                let d = self.desc(&elem);
                return self.call_helper("join", vec![arg(0), arg(1), d]);
            }
            Builtin::ArrayPush => "push_all",
            Builtin::Input => "input",
            Builtin::Buffer => "buffer",
            Builtin::BufferLen => "blen",
            Builtin::BufferToString | Builtin::BufferToStringN => "bstring",
            Builtin::Exit => "exit",
            Builtin::Args => "args",
            Builtin::NumberToInt => "to_int",
            Builtin::NumberAbs => "abs",
            Builtin::StringToInt => "str_to_int",
            Builtin::StringToFloat => "str_to_float",
            Builtin::StringContains => "contains",
            Builtin::StringStartsWith => "starts_with",
            Builtin::StringEndsWith => "ends_with",
            Builtin::StringFind => "find",
            Builtin::StringSplit => "split",
            Builtin::StringTrim => "trim",
            Builtin::StringUpper => "upper",
            Builtin::StringLower => "lower",
            Builtin::StringReplace => "replace",
            Builtin::ArrayPop => "pop",
            Builtin::ArrayInsert => "insert",
            Builtin::ArrayRemove => "remove",
            Builtin::ArrayContains => "acontains",
            Builtin::ArrayIndexOf => "index_of",
            Builtin::ArrayReverse => "reverse",
            Builtin::ArraySort => "sort",
            Builtin::MapLen => "mlen",
            Builtin::MapKeys => "mkeys",
            Builtin::MapValues => "mvalues",
            Builtin::MapContains => "mcontains",
            Builtin::MapGet => "mgetd",
            Builtin::MapRemove => "mremove",
            Builtin::Error => "raise",
            Builtin::Assert => "assert",
            Builtin::Chr => "chr",
            Builtin::StringRepeat => "srepeat",
            Builtin::StringLines => "slines",
            Builtin::StringByte => "sbyte",
            Builtin::StringPadLeft => "pad_left",
            Builtin::StringPadRight => "pad_right",
            Builtin::ArraySortBy => "sort_by",
            Builtin::ArrayMap => "amap",
            Builtin::ArrayFilter => "afilter",
            Builtin::FsRead => "fs_read",
            Builtin::FsWrite => "fs_write",
            Builtin::FsAppend => "fs_append",
            Builtin::FsLines => "fs_lines",
            Builtin::FsExists => "fs_exists",
            Builtin::FsIsDir => "fs_is_dir",
            Builtin::FsList => "fs_list",
            Builtin::FsMkdir => "fs_mkdir",
            Builtin::FsRemove => "fs_remove",
            Builtin::OsEnv => "os_env",
            Builtin::OsStdin => "os_stdin",
            Builtin::OsRun => "os_run",
            Builtin::OsPlatform => "os_platform",
            Builtin::TimeNow => "time_now",
            Builtin::TimeClock => "time_clock",
            Builtin::TimeSleep => "time_sleep",
            Builtin::MathSqrt => "math_sqrt",
            Builtin::MathSin => "math_sin",
            Builtin::MathCos => "math_cos",
            Builtin::MathTan => "math_tan",
            Builtin::MathAsin => "math_asin",
            Builtin::MathAcos => "math_acos",
            Builtin::MathAtan => "math_atan",
            Builtin::MathAtan2 => "math_atan2",
            Builtin::MathExp => "math_exp",
            Builtin::MathLog => "math_log",
            Builtin::MathLog10 => "math_log10",
            Builtin::MathFloor => "math_floor",
            Builtin::MathCeil => "math_ceil",
            Builtin::MathRound => "math_round",
            Builtin::MathMin => "math_min",
            Builtin::MathMax => "math_max",
            Builtin::MathRandom => "math_random",
            Builtin::MathRandomInt => "math_random_int",
            Builtin::MathSeed => "math_seed",
            Builtin::JsonParse => "json_parse",
            Builtin::JsonStringify => "json_stringify",
        };
        let args = (0..args.len()).map(&mut arg).collect();
        self.call_helper(helper, args)
    }

    /// The runtime's class of `id`'s instances, when the runtime defines it
    /// (`os.Result`).
    pub fn runtime_class(&mut self, id: &ir::ClassId) -> Option<Expr> {
        (*id == ir::ClassId::os_result()).then(|| self.helper("os_result"))
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
