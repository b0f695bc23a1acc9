//! C calls and C variables as Lua: arguments converted for their C
//! parameters (class instances copied into C structs and, through a
//! writable pointer, back out after the call; `&place` and arrays of
//! numbers through C arrays), results converted to Loop values.

use loop_contract::Helper;

use super::ast::{BinOp, Expr, Item, Stmt, StmtKind as L};
use super::emit::Emitter;
use super::facts::is_pure;
use super::names::ident;
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

/// The place of `&place`, its containers evaluated once.
enum OutPlace {
    /// A variable or field: read and assigned as it is.
    Direct(Expr),
    /// An array element: read with `aget`, written with `aset`.
    Element(Expr, Expr),
}

impl Emitter<'_> {
    /// A call of a C function whose value is used.
    pub fn ccall(&mut self, lib: usize, name: &str, args: &[ir::Expr]) -> Expr {
        if let Some(shape) = self.program.libraries[lib]
            .struct_results
            .get(name)
            .cloned()
        {
            self.struct_shape(&shape);
        }
        let (call, ret) = self.c_call(lib, name, args, true);
        self.loop_value_of(call.expect("a used result"), ret)
    }

    /// Tells the runtime, once per chunk, the fields of a struct type C
    /// returns by value: it prints with them, and converts to an instance
    /// of a class of that shape where one is expected.
    fn struct_shape(&mut self, shape: &StructArg) {
        let ctype = self.c_type(&shape.c_type);
        let spec = self.struct_spec(shape);
        let register = self.call_helper(
            Helper::StructShape,
            vec![ctype, Expr::str(&shape.name), spec],
        );
        self.shared(register);
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
        let value = self.helper(Helper::C).field(alias).index(Expr::Number(0.0));
        self.loop_value_of(value, conversion)
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
    ) -> (Option<Expr>, CReturn) {
        let (alias, ret, fixed) = self.program.libraries[lib]
            .functions
            .get(name)
            .cloned()
            .expect("a checked C function");
        let prepared = args.iter().any(prepared_before_call);
        let mut places = Vec::new();
        let parts: Vec<Expr> = if prepared {
            // Every argument is evaluated, in order, before any is
            // converted for C.
            args.iter()
                .map(|arg| match &arg.kind {
                    K::AddrOf(place) => {
                        let place = self.out_place(place);
                        let read = self.read_place(&place);
                        places.push(place);
                        read
                    }
                    _ => {
                        let code = self.expr(arg);
                        if is_pure(arg) { code } else { self.save(code) }
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
        for (i, (code, arg)) in parts.into_iter().zip(args).enumerate() {
            converted.push(match fixed.get(i) {
                // A buffer passes its memory, without copying.
                _ if arg.ty == Type::Buffer => self.call_helper(Helper::Bptr, vec![code]),
                Some(CArg::CharBuffer) if arg.ty == Type::Str => {
                    self.call_helper(Helper::CBuffer, vec![code])
                }
                Some(CArg::Struct(shape)) if matches!(arg.ty, Type::Class(_)) => {
                    let c_struct = self.struct_from_instance(&code, shape);
                    if shape.copy_back {
                        after.extend(self.struct_copy_back(&code, &c_struct, shape));
                    }
                    c_struct
                }
                Some(CArg::Struct(shape)) if arg.ty == Type::Any => {
                    let c_struct = self.struct_from_any(code.clone(), shape);
                    if shape.copy_back {
                        let spec = self.struct_spec(shape);
                        let back = self
                            .call_helper(Helper::StructBack, vec![code, c_struct.clone(), spec]);
                        after.push(Stmt::new(self.line, L::Call(back)));
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
                Some(CArg::Pointer(_) | CArg::Plain | CArg::CharBuffer | CArg::Struct(_)) => code,
                // Varargs: LuaJIT would pass every number as a double.
                None => match arg.ty {
                    Type::Int | Type::Bool => self.call_helper(Helper::CInt, vec![code]),
                    Type::Float => self.call_helper(Helper::CDouble, vec![code]),
                    _ => code,
                },
            });
        }
        let call = self.helper(Helper::C).field(alias).call(converted);
        if !prepared {
            return (Some(call), ret);
        }
        let result = if used {
            Some(self.save(call))
        } else {
            self.push(L::Call(call));
            None
        };
        self.extend(after);
        (result, ret)
    }

    /// The statements that copy the fields of `c_struct` back into the
    /// class instance `instance` after a call.
    fn struct_copy_back(
        &mut self,
        instance: &Expr,
        c_struct: &Expr,
        shape: &StructArg,
    ) -> Vec<Stmt> {
        let mut statements = Vec::new();
        for (field, read, _) in &shape.fields {
            let value = c_struct.clone().field(field.clone());
            let value = self.loop_value_of(value, *read);
            let target = instance.clone().field(ident(field));
            statements.push(Stmt::new(self.line, L::Assign(vec![target], vec![value])));
        }
        statements
    }

    /// Evaluates the containers of the place of `&place` once.
    fn out_place(&mut self, place: &ir::Expr) -> OutPlace {
        let once = |this: &mut Self, e: &ir::Expr| {
            let code = this.expr(e);
            if is_pure(e) { code } else { this.save(code) }
        };
        match &place.kind {
            K::Field(object, field) => {
                let object = once(self, object);
                OutPlace::Direct(object.field(ident(field)))
            }
            K::Index(array, index) => {
                let array = once(self, array);
                let index = once(self, index);
                OutPlace::Element(array, index)
            }
            _ => OutPlace::Direct(self.expr(place)),
        }
    }

    /// The value of a place.
    fn read_place(&mut self, place: &OutPlace) -> Expr {
        match place {
            OutPlace::Direct(at) => at.clone(),
            OutPlace::Element(array, index) => {
                self.call_helper(Helper::Aget, vec![array.clone(), index.clone()])
            }
        }
    }

    /// The statement storing `value` in a place.
    fn write_place(&mut self, place: OutPlace, value: Expr) -> Stmt {
        let kind = match place {
            OutPlace::Direct(at) => L::Assign(vec![at], vec![value]),
            OutPlace::Element(array, index) => {
                L::Call(self.call_helper(Helper::Aset, vec![array, index, value]))
            }
        };
        Stmt::new(self.line, kind)
    }

    /// `&place` for a C pointer: a new one-element C array holding the
    /// place's value is passed, and (unless the pointer is `const`) what
    /// the function left in it is stored back into the place afterwards.
    fn out_argument(
        &mut self,
        value: Expr,
        place: OutPlace,
        place_type: &Type,
        pointer: &PointerArg,
        after: &mut Vec<Stmt>,
    ) -> Expr {
        let cell_type = self.c_type(&format!("{}[1]", pointer.pointee));
        // A string place starts out as NULL: C gets no pointer into Lua's
        // string memory to write through.
        let initial = if *place_type == Type::Str {
            Expr::Nil
        } else {
            value
        };
        let cell = self.save(cell_type.call(vec![initial]));
        if pointer.writable {
            let read = cell.clone().index(Expr::Number(0.0));
            let read = if *place_type == Type::Str {
                self.call_helper(Helper::FromCstring, vec![read])
            } else if pointer.to_pointer {
                self.call_helper(Helper::FromPointer, vec![read])
            } else {
                self.loop_value_of(read, pointer.read)
            };
            after.push(self.write_place(place, read));
        }
        cell
    }

    /// An array of numbers for a C pointer: its elements are copied into a
    /// new C array, and back after the call unless the pointer is `const`.
    fn array_argument(&mut self, array: Expr, pointer: &PointerArg, after: &mut Vec<Stmt>) -> Expr {
        let array_type = self.c_type(&format!("{}[?]", pointer.pointee));
        let copy = self.call_helper(Helper::CArray, vec![array_type, array.clone()]);
        let c_array = self.save(copy);
        if pointer.writable {
            let how = Expr::str(conversion_tag(pointer.read));
            let back = self.call_helper(Helper::CArrayBack, vec![array, c_array.clone(), how]);
            after.push(Stmt::new(self.line, L::Call(back)));
        }
        c_array
    }

    /// Emits the conversion of `value`, of type `any`, for a C struct
    /// parameter (checked at run time: a class instance of the struct's
    /// shape is copied into a new struct, a struct C gave passes as is, and
    /// through a pointer a C pointer or null too) and returns the temporary
    /// holding what is passed.
    fn struct_from_any(&mut self, value: Expr, shape: &StructArg) -> Expr {
        let ctype = self.c_type(&shape.c_type);
        let spec = self.struct_spec(shape);
        let convert = self.call_helper(
            Helper::AnyStruct,
            vec![
                value,
                ctype,
                Expr::str(&shape.name),
                spec,
                Expr::Bool(shape.by_pointer),
            ],
        );
        self.save(convert)
    }

    /// The runtime's description of a struct's fields, shared by the
    /// chunk: each field's Lua key, Loop type descriptor (as in a class's
    /// field list), C name and how it converts back (`p`lain, `w`ide
    /// integer, `e`num).
    fn struct_spec(&mut self, shape: &StructArg) -> Expr {
        let mut items = Vec::new();
        for (field, read, ty) in &shape.fields {
            items.push(Expr::str(ident(field)));
            items.push(self.desc(ty));
            items.push(Expr::str(field));
            items.push(Expr::str(conversion_tag(*read)));
        }
        self.shared(Expr::Table(
            items.into_iter().map(Item::Positional).collect(),
        ))
    }

    /// A shared constructor of the C type `c_type` (`ffi.typeof`).
    fn c_type(&mut self, c_type: &str) -> Expr {
        let ctype = self.call_helper(Helper::Ctype, vec![Expr::str(c_type)]);
        self.shared(ctype)
    }

    /// Emits the copy of the class instance `instance` into a new C struct
    /// and returns the temporary holding the struct.
    fn struct_from_instance(&mut self, instance: &Expr, shape: &StructArg) -> Expr {
        let ctype = self.c_type(&shape.c_type);
        let message = format!("null passed for C `{}`", shape.name);
        let fail = self.call_helper(Helper::Fail, vec![Expr::str(message)]);
        let is_null = Expr::binary(BinOp::Eq, instance.clone(), Expr::Nil);
        self.push(L::If(
            vec![(is_null, vec![Stmt::new(self.line, L::Call(fail))])],
            None,
        ));
        let fields = shape
            .fields
            .iter()
            .map(|(field, _, _)| instance.clone().field(ident(field)))
            .collect();
        self.save(ctype.call(fields))
    }

    /// `value`, a C value, converted to a Loop value.
    fn loop_value_of(&mut self, value: Expr, conversion: CReturn) -> Expr {
        match conversion {
            CReturn::Plain => value,
            CReturn::Int64 => self.call_helper(Helper::FromInt64, vec![value]),
            CReturn::Enum => self.call_helper(Helper::Tonumber, vec![value]),
            CReturn::String => self.call_helper(Helper::FromCstring, vec![value]),
        }
    }
}

/// How the runtime converts a C number back (`p`lain, `w`ide integer,
/// `e`num).
fn conversion_tag(read: CReturn) -> &'static str {
    match read {
        CReturn::Int64 => "w",
        CReturn::Enum => "e",
        CReturn::Plain | CReturn::String => "p",
    }
}
