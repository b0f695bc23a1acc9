//! Built-in functions and methods as Lua.

use loop_contract::Helper;

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
                return self.call_helper(Helper::Write, write);
            }
            Builtin::PrintFinal => {
                let d = self.desc(&recv_ty);
                return self.call_helper(Helper::PrintFinal, vec![arg(0), d]);
            }
            Builtin::ToString => return self.printed_text(arg(0), &recv_ty),
            Builtin::StringLen => return Expr::unary(UnOp::Len, arg(0)),
            Builtin::ArrayLen => return arg(0).field("n"),
            Builtin::StringAdd => return Expr::binary(BinOp::Concat, arg(0), arg(1)),
            Builtin::NumberToFloat => return arg(0),
            Builtin::ArrayPush if args.len() == 2 => {
                return self.call_helper(Helper::Push, vec![arg(0), arg(1)]);
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
                return self.call_helper(Helper::Join, vec![arg(0), arg(1), d]);
            }
            Builtin::ArrayPush => Helper::PushAll,
            Builtin::Input => Helper::Input,
            Builtin::Buffer => Helper::Buffer,
            Builtin::BufferLen => Helper::Blen,
            Builtin::BufferToString | Builtin::BufferToStringN => Helper::Bstring,
            Builtin::Exit => Helper::Exit,
            Builtin::Args => Helper::Args,
            Builtin::NumberToInt => Helper::ToInt,
            Builtin::NumberAbs => Helper::Abs,
            Builtin::StringToInt => Helper::StrToInt,
            Builtin::StringToFloat => Helper::StrToFloat,
            Builtin::StringContains => Helper::Contains,
            Builtin::StringStartsWith => Helper::StartsWith,
            Builtin::StringEndsWith => Helper::EndsWith,
            Builtin::StringFind => Helper::Find,
            Builtin::StringSplit => Helper::Split,
            Builtin::StringTrim => Helper::Trim,
            Builtin::StringUpper => Helper::Upper,
            Builtin::StringLower => Helper::Lower,
            Builtin::StringReplace => Helper::Replace,
            Builtin::ArrayPop => Helper::Pop,
            Builtin::ArrayInsert => Helper::Insert,
            Builtin::ArrayRemove => Helper::Remove,
            Builtin::ArrayContains => Helper::Acontains,
            Builtin::ArrayIndexOf => Helper::IndexOf,
            Builtin::ArrayReverse => Helper::Reverse,
            Builtin::ArraySort => Helper::Sort,
            Builtin::MapLen => Helper::Mlen,
            Builtin::MapKeys => Helper::Mkeys,
            Builtin::MapValues => Helper::Mvalues,
            Builtin::MapContains => Helper::Mcontains,
            Builtin::MapGet => Helper::Mgetd,
            Builtin::MapRemove => Helper::Mremove,
            Builtin::Error => Helper::Raise,
            Builtin::Assert => Helper::Assert,
            Builtin::Chr => Helper::Chr,
            Builtin::StringRepeat => Helper::Srepeat,
            Builtin::StringLines => Helper::Slines,
            Builtin::StringByte => Helper::Sbyte,
            Builtin::StringPadLeft => Helper::PadLeft,
            Builtin::StringPadRight => Helper::PadRight,
            Builtin::ArraySortBy => Helper::SortBy,
            Builtin::ArrayMap => Helper::Amap,
            Builtin::ArrayFilter => Helper::Afilter,
            Builtin::FsRead => Helper::FsRead,
            Builtin::FsWrite => Helper::FsWrite,
            Builtin::FsAppend => Helper::FsAppend,
            Builtin::FsLines => Helper::FsLines,
            Builtin::FsExists => Helper::FsExists,
            Builtin::FsIsDir => Helper::FsIsDir,
            Builtin::FsList => Helper::FsList,
            Builtin::FsMkdir => Helper::FsMkdir,
            Builtin::FsRemove => Helper::FsRemove,
            Builtin::OsEnv => Helper::OsEnv,
            Builtin::OsStdin => Helper::OsStdin,
            Builtin::OsRun => Helper::OsRun,
            Builtin::OsPlatform => Helper::OsPlatform,
            Builtin::TimeNow => Helper::TimeNow,
            Builtin::TimeClock => Helper::TimeClock,
            Builtin::TimeSleep => Helper::TimeSleep,
            Builtin::MathSqrt => Helper::MathSqrt,
            Builtin::MathSin => Helper::MathSin,
            Builtin::MathCos => Helper::MathCos,
            Builtin::MathTan => Helper::MathTan,
            Builtin::MathAsin => Helper::MathAsin,
            Builtin::MathAcos => Helper::MathAcos,
            Builtin::MathAtan => Helper::MathAtan,
            Builtin::MathAtan2 => Helper::MathAtan2,
            Builtin::MathExp => Helper::MathExp,
            Builtin::MathLog => Helper::MathLog,
            Builtin::MathLog10 => Helper::MathLog10,
            Builtin::MathFloor => Helper::MathFloor,
            Builtin::MathCeil => Helper::MathCeil,
            Builtin::MathRound => Helper::MathRound,
            Builtin::MathMin => Helper::MathMin,
            Builtin::MathMax => Helper::MathMax,
            Builtin::MathRandom => Helper::MathRandom,
            Builtin::MathRandomInt => Helper::MathRandomInt,
            Builtin::MathSeed => Helper::MathSeed,
            Builtin::JsonParse => Helper::JsonParse,
            Builtin::JsonStringify => Helper::JsonStringify,
        };
        let args = (0..args.len()).map(&mut arg).collect();
        self.call_helper(helper, args)
    }

    /// The runtime's class of `id`'s instances, when the runtime defines it
    /// (`os.Result`).
    pub fn runtime_class(&mut self, id: &ir::ClassId) -> Option<Expr> {
        (*id == ir::ClassId::os_result()).then(|| self.helper(Helper::OsResult))
    }

    /// `value`, of type `ty`, as its printed text.
    fn printed_text(&mut self, value: Expr, ty: &Type) -> Expr {
        match ty {
            // Only a variable or call may be null.
            Type::Str if matches!(value, Expr::Str(_) | Expr::Binary(BinOp::Concat, ..)) => value,
            Type::Str => Expr::binary(BinOp::Or, value, Expr::str("null")),
            Type::Int => self.call_helper(Helper::FmtInt, vec![value]),
            Type::Float => self.call_helper(Helper::FmtFloat, vec![value]),
            Type::Bool => self.call_helper(Helper::Tostring, vec![value]),
            _ => {
                let d = self.desc(ty);
                self.call_helper(Helper::Tostr, vec![value, d])
            }
        }
    }
}
