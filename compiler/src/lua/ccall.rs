//! C calls and C variables as Lua: arguments converted for their C
//! parameters (class instances copied into C structs and, through a
//! writable pointer, back out after the call), results converted to Loop
//! values.

use super::ast::{BinOp, Expr, StmtKind as L};
use super::emit::Emitter;
use super::facts::is_pure;
use super::names::ident;
use super::{CArg, CReturn, StructArg};
use crate::arc::ir::{self, Type};

impl Emitter<'_> {
    /// A call of a C function whose value is used.
    pub fn ccall(&mut self, lib: usize, name: &str, args: &[ir::Expr]) -> Expr {
        let (call, ret) = self.c_call(lib, name, args, true);
        self.loop_value_of(call.expect("a used result"), ret)
    }

    /// A call of a C function as a statement.
    pub fn ccall_statement(&mut self, lib: usize, name: &str, args: &[ir::Expr]) {
        let (call, ret) = self.c_call(lib, name, args, false);
        if let Some(call) = call {
            let statement = self.loop_value_of(call, ret);
            self.push(L::Call(statement));
        }
    }

    /// The current value of a C variable, read through its one-element
    /// array reference.
    pub fn cvar(&mut self, lib: usize, name: &str) -> Expr {
        let (alias, conversion) = self.program.libraries[lib]
            .variables
            .get(name)
            .cloned()
            .expect("a checked C variable");
        let value = self.helper("C").field(alias).index(Expr::Number(0.0));
        self.loop_value_of(value, conversion)
    }

    /// Emits what a call of C function `name` needs and returns the call
    /// (or, when class instances were copied in, a temporary holding its
    /// result if `used`, else nothing) with the conversion of its result.
    fn c_call(
        &mut self,
        lib: usize,
        name: &str,
        args: &[ir::Expr],
        used: bool,
    ) -> (Option<Expr>, CReturn) {
        let (alias, ret, fixed) = self.program.libraries[lib]
            .functions
            .get(name)
            .cloned()
            .expect("a checked C function");
        let refs: Vec<&ir::Expr> = args.iter().collect();
        let mut parts = self.operands(&refs);
        let copies_structs = args.iter().any(|a| matches!(a.ty, Type::Class(_)));
        if copies_structs {
            // Every argument is evaluated before any instance is copied.
            for (part, arg) in parts.iter_mut().zip(args) {
                if !is_pure(arg) {
                    *part = self.save(std::mem::replace(part, Expr::Nil));
                }
            }
        }
        let mut copy_back = Vec::new();
        let mut converted = Vec::new();
        for (i, (code, arg)) in parts.into_iter().zip(args).enumerate() {
            converted.push(match fixed.get(i) {
                Some(CArg::Plain) => code,
                Some(CArg::CharBuffer) => self.call_helper("c_buffer", vec![code]),
                Some(CArg::Struct(shape)) if matches!(arg.ty, Type::Class(_)) => {
                    let c_struct = self.struct_from_instance(code.clone(), shape);
                    if shape.copy_back {
                        copy_back.push((code, c_struct.clone(), shape));
                    }
                    c_struct
                }
                Some(CArg::Struct(_)) => code,
                // Varargs: LuaJIT would pass every number as a double.
                None => match arg.ty {
                    Type::Int | Type::Bool => self.call_helper("c_int", vec![code]),
                    Type::Float => self.call_helper("c_double", vec![code]),
                    _ => code,
                },
            });
        }
        let call = self.helper("C").field(alias).call(converted);
        if !copies_structs {
            return (Some(call), ret);
        }
        let result = if used {
            Some(self.save(call))
        } else {
            self.push(L::Call(call));
            None
        };
        for (instance, c_struct, shape) in copy_back {
            for (field, read) in &shape.fields {
                let value = c_struct.clone().field(field.clone());
                let value = self.loop_value_of(value, *read);
                self.push(L::Assign(
                    vec![instance.clone().field(ident(field))],
                    vec![value],
                ));
            }
        }
        (result, ret)
    }

    /// Emits the copy of the class instance `instance` into a new C struct
    /// and returns the temporary holding the struct.
    fn struct_from_instance(&mut self, instance: Expr, shape: &StructArg) -> Expr {
        let ctype = self.call_helper("ctype", vec![Expr::str(&shape.c_type)]);
        let ctype = self.shared(ctype);
        let message = format!("null passed for C `{}`", shape.c_type);
        let fail = self.call_helper("fail", vec![Expr::str(message)]);
        let is_null = Expr::binary(BinOp::Eq, instance.clone(), Expr::Nil);
        self.push(L::If(
            vec![(
                is_null,
                vec![super::ast::Stmt::new(self.line, L::Call(fail))],
            )],
            None,
        ));
        let fields = shape
            .fields
            .iter()
            .map(|(field, _)| instance.clone().field(ident(field)))
            .collect();
        self.save(ctype.call(fields))
    }

    /// `value`, a C value, converted to a Loop value.
    fn loop_value_of(&mut self, value: Expr, conversion: CReturn) -> Expr {
        match conversion {
            CReturn::Plain => value,
            CReturn::Int64 => self.call_helper("from_int64", vec![value]),
            CReturn::Enum => self.call_helper("tonumber", vec![value]),
            CReturn::String => self.call_helper("from_cstring", vec![value]),
        }
    }
}
