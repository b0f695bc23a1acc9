//! C calls and C variables as Lua: arguments converted for their C
//! parameters (class instances copied into C structs and, through a
//! writable pointer, back out after the call), results converted to Loop
//! values.

use super::emit::Emitter;
use super::names::{ident, member, quote};
use super::stmt::{is_pure, paren};
use super::{CArg, CReturn, PointerArg, StructArg};
use crate::arc::ir::{self, ExprKind as K, Type};

/// Whether the argument `arg` of a C call is prepared by statements before
/// the call (and maybe copied back after it): a class instance or `any`
/// value that may be copied into a C struct, `&place`, an array copied
/// into a C array.
pub fn prepared_before_call(arg: &ir::Expr) -> bool {
    matches!(arg.ty, Type::Class(_) | Type::Any | Type::Array(_))
        || matches!(arg.kind, K::AddrOf(_))
}

/// The place of `&place`, its containers evaluated: how to read it, and
/// how to write it (`write`, the value, then `close`).
struct OutPlace {
    read: String,
    write: String,
    close: &'static str,
}

impl Emitter<'_> {
    /// A call of a C function whose value is used.
    pub fn ccall(&mut self, lib: usize, name: &str, args: &[ir::Expr]) -> String {
        if let Some(shape) = self.libraries[lib].struct_results.get(name).cloned() {
            self.struct_shape(&shape);
        }
        let (call, ret) = self.c_call(lib, name, args, true);
        self.loop_value_of(call, ret)
    }

    /// Tells the runtime, once per chunk, the fields of a struct type C
    /// returns by value: it prints with them, and converts to an instance
    /// of a class of that shape where one is expected.
    fn struct_shape(&mut self, shape: &StructArg) {
        let ctype = self.helper("ctype");
        let ctype = self.shared(format!("{ctype}({})", quote(&shape.c_type)));
        let spec = self.struct_spec(shape);
        let register = self.helper("struct_shape");
        self.shared(format!(
            "{register}({ctype}, {}, {spec})",
            quote(&shape.name)
        ));
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
    /// (or, when arguments are prepared before it and copied back after
    /// it, a temporary holding its result if `used`, else nothing) with
    /// the conversion of its result.
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
        let prepared = args.iter().any(prepared_before_call);
        let mut places = Vec::new();
        let parts: Vec<String> = if prepared {
            // Every argument is evaluated, in order, before any is
            // converted for C.
            args.iter()
                .map(|arg| match &arg.kind {
                    K::AddrOf(place) => {
                        let place = self.out_place(place);
                        let read = place.read.clone();
                        places.push(place);
                        read
                    }
                    _ => {
                        let code = self.expr(arg);
                        if is_pure(arg) {
                            code
                        } else {
                            let t = self.temp();
                            self.emit(format!("local {t} = {code}"));
                            t
                        }
                    }
                })
                .collect()
        } else {
            let refs: Vec<&ir::Expr> = args.iter().collect();
            self.operands(&refs)
        };
        let mut places = places.into_iter();
        let mut after = Vec::new();
        let mut converted = Vec::new();
        for (i, (code, arg)) in parts.iter().zip(args).enumerate() {
            converted.push(match fixed.get(i) {
                // A buffer passes its memory, without copying.
                _ if arg.ty == Type::Buffer => format!("{}({code})", self.helper("bptr")),
                Some(CArg::CharBuffer) if arg.ty == Type::Str => {
                    format!("{}({code})", self.helper("c_buffer"))
                }
                Some(CArg::Struct(shape)) if matches!(arg.ty, Type::Class(_)) => {
                    let c_struct = self.struct_from_instance(code, shape);
                    if shape.copy_back {
                        after.extend(self.struct_copy_back(code, &c_struct, shape));
                    }
                    c_struct
                }
                Some(CArg::Struct(shape)) if arg.ty == Type::Any => {
                    let c_struct = self.struct_from_any(code, shape);
                    if shape.copy_back {
                        let back = self.helper("struct_back");
                        let spec = self.struct_spec(shape);
                        after.push(format!("{back}({code}, {c_struct}, {spec})"));
                    }
                    c_struct
                }
                Some(CArg::Pointer(pointer)) if matches!(arg.kind, K::AddrOf(_)) => {
                    let place = places.next().expect("one place per `&` argument");
                    self.out_argument(code, place, &arg.ty, pointer, &mut after)
                }
                Some(CArg::Pointer(pointer)) if matches!(arg.ty, Type::Array(_)) => {
                    self.array_argument(code, pointer, &mut after)
                }
                Some(CArg::Pointer(_) | CArg::Plain | CArg::CharBuffer | CArg::Struct(_)) => {
                    code.clone()
                }
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
        if !prepared {
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
        for statement in after {
            self.emit(statement);
        }
        (result, ret)
    }

    /// The statements that copy the fields of `c_struct` back into the
    /// class instance `instance` after a call.
    fn struct_copy_back(
        &mut self,
        instance: &str,
        c_struct: &str,
        shape: &StructArg,
    ) -> Vec<String> {
        let mut statements = Vec::new();
        for (field, read, _) in &shape.fields {
            let value = format!("{c_struct}{}", member(field));
            let value = self.loop_value_of(value, *read);
            statements.push(format!("{instance}.{} = {value}", ident(field)));
        }
        statements
    }

    /// Evaluates the containers of the place of `&place` once, and returns
    /// how to read and write it.
    fn out_place(&mut self, place: &ir::Expr) -> OutPlace {
        let once = |this: &mut Self, e: &ir::Expr| {
            let code = this.expr(e);
            if is_pure(e) {
                code
            } else {
                let t = this.temp();
                this.emit(format!("local {t} = {code}"));
                t
            }
        };
        match &place.kind {
            K::Field(object, field) => {
                let object = once(self, object);
                let at = format!("{}.{}", paren(&object), ident(field));
                OutPlace {
                    read: at.clone(),
                    write: format!("{at} = "),
                    close: "",
                }
            }
            K::Index(array, index) => {
                let array = once(self, array);
                let index = once(self, index);
                let get = self.helper("aget");
                let set = self.helper("aset");
                OutPlace {
                    read: format!("{get}({array}, {index})"),
                    write: format!("{set}({array}, {index}, "),
                    close: ")",
                }
            }
            _ => {
                let at = self.expr(place);
                OutPlace {
                    read: at.clone(),
                    write: format!("{at} = "),
                    close: "",
                }
            }
        }
    }

    /// `&place` for a C pointer: a new one-element C array holding the
    /// place's value is passed, and (unless the pointer is `const`) what
    /// the function left in it is stored back into the place afterwards.
    fn out_argument(
        &mut self,
        value: &str,
        place: OutPlace,
        place_type: &Type,
        pointer: &PointerArg,
        after: &mut Vec<String>,
    ) -> String {
        let ctype = self.helper("ctype");
        let cell_type = self.shared(format!(
            "{ctype}({})",
            quote(&format!("{}[1]", pointer.pointee))
        ));
        let cell = self.temp();
        // A string place starts out as NULL: C gets no pointer into Lua's
        // string memory to write through.
        let initial = if *place_type == Type::Str {
            "nil"
        } else {
            value
        };
        self.emit(format!("local {cell} = {cell_type}({initial})"));
        if pointer.writable {
            let read = format!("{cell}[0]");
            let read = if *place_type == Type::Str {
                format!("{}({read})", self.helper("from_cstring"))
            } else if pointer.to_pointer {
                format!("{}({read})", self.helper("from_pointer"))
            } else {
                self.loop_value_of(read, pointer.read)
            };
            after.push(format!("{}{read}{}", place.write, place.close));
        }
        cell
    }

    /// An array of numbers for a C pointer: its elements are copied into a
    /// new C array, and back after the call unless the pointer is `const`.
    fn array_argument(
        &mut self,
        array: &str,
        pointer: &PointerArg,
        after: &mut Vec<String>,
    ) -> String {
        let ctype = self.helper("ctype");
        let array_type = self.shared(format!(
            "{ctype}({})",
            quote(&format!("{}[?]", pointer.pointee))
        ));
        let to_c = self.helper("c_array");
        let c_array = self.temp();
        self.emit(format!("local {c_array} = {to_c}({array_type}, {array})"));
        if pointer.writable {
            let back = self.helper("c_array_back");
            let how = match pointer.read {
                CReturn::Int64 => "w",
                CReturn::Enum => "e",
                CReturn::Plain | CReturn::String => "p",
            };
            after.push(format!("{back}({array}, {c_array}, \"{how}\")"));
        }
        c_array
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
