//! C calls and C variables as Lua: arguments converted for their C
//! parameters (class instances copied into C structs and, through a
//! writable pointer, back out after the call), results converted to Loop
//! values.

use super::emit::Emitter;
use super::names::{ident, member, quote};
use super::stmt::is_pure;
use super::{CArg, CReturn, StructArg};
use crate::arc::ir::{self, Type};

impl Emitter<'_> {
    /// A call of a C function whose value is used.
    pub fn ccall(&mut self, lib: usize, name: &str, args: &[ir::Expr]) -> String {
        let (call, ret) = self.c_call(lib, name, args, true);
        self.loop_value_of(call, ret)
    }

    /// A call of a C function as a statement.
    pub fn ccall_statement(&mut self, lib: usize, name: &str, args: &[ir::Expr]) {
        let (call, ret) = self.c_call(lib, name, args, false);
        if !call.is_empty() {
            let statement = self.loop_value_of(call, ret);
            self.emit(statement);
        }
    }

    /// The current value of a C variable, read through its one-element
    /// array reference.
    pub fn cvar(&mut self, lib: usize, name: &str) -> String {
        let (alias, conversion) = self.libraries[lib]
            .variables
            .get(name)
            .cloned()
            .expect("a checked C variable");
        let c = self.helper("C");
        self.loop_value_of(format!("{c}.{alias}[0]"), conversion)
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
    ) -> (String, CReturn) {
        let (alias, ret, fixed) = self.libraries[lib]
            .functions
            .get(name)
            .cloned()
            .expect("a checked C function");
        let refs: Vec<&ir::Expr> = args.iter().collect();
        let mut parts = self.operands(&refs);
        let copies_structs = args
            .iter()
            .zip(&fixed)
            .any(|(a, p)| matches!((&a.ty, p), (Type::Class(_) | Type::Any, CArg::Struct(_))));
        if copies_structs {
            // Every argument is evaluated before any instance is copied.
            for (part, arg) in parts.iter_mut().zip(args) {
                if !is_pure(arg) {
                    let t = self.temp();
                    self.emit(format!("local {t} = {part}"));
                    *part = t;
                }
            }
        }
        let mut copy_back = Vec::new();
        let mut copy_back_any = Vec::new();
        let mut converted = Vec::new();
        for (i, (code, arg)) in parts.iter().zip(args).enumerate() {
            converted.push(match fixed.get(i) {
                Some(CArg::Plain) => code.clone(),
                Some(CArg::CharBuffer) => format!("{}({code})", self.helper("c_buffer")),
                Some(CArg::Struct(shape)) if matches!(arg.ty, Type::Class(_)) => {
                    let c_struct = self.struct_from_instance(code, shape);
                    if shape.copy_back {
                        copy_back.push((code.clone(), c_struct.clone(), shape));
                    }
                    c_struct
                }
                Some(CArg::Struct(shape)) if arg.ty == Type::Any => {
                    let c_struct = self.struct_from_any(code, shape);
                    if shape.copy_back {
                        let back = self.helper("struct_back");
                        let spec = self.struct_spec(shape);
                        copy_back_any.push(format!("{back}({code}, {c_struct}, {spec})"));
                    }
                    c_struct
                }
                Some(CArg::Struct(_)) => code.clone(),
                // Varargs: LuaJIT would pass every number as a double.
                None => match arg.ty {
                    Type::Int | Type::Bool => format!("{}({code})", self.helper("c_int")),
                    Type::Float => format!("{}({code})", self.helper("c_double")),
                    _ => code.clone(),
                },
            });
        }
        let c = self.helper("C");
        let call = format!("{c}.{alias}({})", converted.join(", "));
        if !copies_structs {
            return (call, ret);
        }
        let result = if used {
            let t = self.temp();
            self.emit(format!("local {t} = {call}"));
            t
        } else {
            self.emit(call);
            String::new()
        };
        for (instance, c_struct, shape) in copy_back {
            for (field, read, _) in &shape.fields {
                let value = format!("{c_struct}{}", member(field));
                let value = self.loop_value_of(value, *read);
                self.emit(format!("{instance}.{} = {value}", ident(field)));
            }
        }
        for statement in copy_back_any {
            self.emit(statement);
        }
        (result, ret)
    }

    /// Emits the conversion of `value`, of type `any`, for a C struct
    /// parameter (checked at run time: a class instance of the struct's
    /// shape is copied into a new struct, a struct C gave passes as is, and
    /// through a pointer a C pointer or null too) and returns the temporary
    /// holding what is passed.
    fn struct_from_any(&mut self, value: &str, shape: &StructArg) -> String {
        let ctype = self.helper("ctype");
        let ctype = self.shared(format!("{ctype}({})", quote(&shape.c_type)));
        let spec = self.struct_spec(shape);
        let convert = self.helper("any_struct");
        let t = self.temp();
        self.emit(format!(
            "local {t} = {convert}({value}, {ctype}, {}, {spec}, {})",
            quote(&shape.name),
            shape.by_pointer
        ));
        t
    }

    /// The runtime's description of a struct's fields, shared by the
    /// chunk: each field's Lua key, Loop type descriptor (as in a class's
    /// field list), C name and how it converts back (`p`lain, `w`ide
    /// integer, `e`num).
    fn struct_spec(&mut self, shape: &StructArg) -> String {
        let entries: Vec<String> = shape
            .fields
            .iter()
            .map(|(field, read, ty)| {
                let read = match read {
                    CReturn::Int64 => "w",
                    CReturn::Enum => "e",
                    CReturn::Plain | CReturn::String => "p",
                };
                format!(
                    "{}, {}, {}, \"{read}\"",
                    quote(&ident(field)),
                    self.desc(ty),
                    quote(field)
                )
            })
            .collect();
        self.shared(format!("{{{}}}", entries.join(", ")))
    }

    /// Emits the copy of the class instance `instance` into a new C struct
    /// and returns the temporary holding the struct.
    fn struct_from_instance(&mut self, instance: &str, shape: &StructArg) -> String {
        let ctype = self.helper("ctype");
        let ctype = self.shared(format!("{ctype}({})", quote(&shape.c_type)));
        let fail = self.helper("fail");
        let message = quote(&format!("null passed for C `{}`", shape.name));
        self.emit(format!("if {instance} == nil then {fail}({message}) end"));
        let fields: Vec<String> = shape
            .fields
            .iter()
            .map(|(field, _, _)| format!("{instance}.{}", ident(field)))
            .collect();
        let t = self.temp();
        self.emit(format!("local {t} = {ctype}({})", fields.join(", ")));
        t
    }

    /// `code`, a C value, converted to a Loop value.
    fn loop_value_of(&mut self, code: String, conversion: CReturn) -> String {
        match conversion {
            CReturn::Plain => code,
            CReturn::Int64 => format!("{}({code})", self.helper("from_int64")),
            CReturn::Enum => format!("{}({code})", self.helper("tonumber")),
            CReturn::String => format!("{}({code})", self.helper("from_cstring")),
        }
    }
}
