//! Lua code generation from Arc: one Lua chunk per module, with a map from
//! Lua lines back to Loop lines for runtime error messages.
//!
//! Each module becomes a Lua syntax tree (`ast`): built from Arc by the
//! emitter (`emit` and the files for expressions, statements, classes,
//! built-ins and C calls), fitted to LuaJIT's limits (`cut` for deep
//! expressions, `fit` for names), and printed
//! by one printer (`print`) that owns precedence and statement separation.
//! The generated code calls the runtime prelude of the `loop-stub` crate
//! through locals bound at the top of each chunk (`_Lidiv`, `_Laget`, …),
//! so hot paths are plain local calls the LuaJIT JIT inlines.

mod ast;
mod builtins;
mod ccall;
mod class;
mod cut;
mod emit;
mod expr;
mod facts;
mod fit;
mod names;
mod print;
mod stmt;
#[cfg(test)]
mod tests;

use crate::arc::ir;

/// The Lua chunk of one module.
#[derive(Debug, Clone, PartialEq)]
pub struct Chunk {
    /// The module's display name (also the chunk name in Lua).
    pub name: String,
    pub code: String,
    /// Loop line of each Lua line (index = Lua line - 1), 0 where none.
    pub line_map: Vec<u32>,
    /// The Lua line each function starts at, with the name error traces
    /// give it, in line order.
    pub functions: Vec<(u32, String)>,
}

/// What code generation needs to know about a C library.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LibraryBinding {
    /// Per function name: its Lua alias, how its result converts, and how
    /// each fixed parameter is passed (further arguments are varargs).
    pub functions: std::collections::HashMap<String, (String, CReturn, Vec<CArg>)>,
    /// Per variable name: its Lua alias (a reference to a one-element
    /// array) and how its value converts.
    pub variables: std::collections::HashMap<String, (String, CReturn)>,
    /// Per function returning a struct by value: the struct's shape, so
    /// that the result prints with its fields and converts to a class of
    /// that shape where one is expected.
    pub struct_results: std::collections::HashMap<String, StructArg>,
}

/// How a C function's result or a C variable's value becomes a Loop value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CReturn {
    /// Numbers up to 32 bits, doubles, bools, void and handles: as LuaJIT gives them.
    Plain,
    /// A 64-bit integer: converted to a Loop int with a range check.
    Int64,
    /// An enum, which LuaJIT gives as a boxed value: converted to a Loop int.
    Enum,
    /// `char*`: copied into a Loop string, NULL becoming null.
    String,
}

/// How a Loop argument is passed to a fixed C parameter.
#[derive(Debug, Clone, PartialEq)]
pub enum CArg {
    /// As is: numbers, bools, strings to `const char*`, handles.
    Plain,
    /// A Loop string copied into a fresh buffer for a non-const `char*`.
    CharBuffer,
    /// A C struct, by value or through a pointer: an instance of a class
    /// is copied into a new struct, other values (a struct C returned, a
    /// handle) are passed as is.
    Struct(StructArg),
    /// A data pointer (docs/ffi.md, "Passing values to C"): `&place` passes a one-element
    /// C array holding the place's value, an array of numbers a C array
    /// of its elements; both are copied back after the call when the
    /// pointer is not `const`. Other values pass as they are.
    Pointer(PointerArg),
}

/// How a Loop value is passed for a C data pointer parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct PointerArg {
    /// The C type pointed to, as the library's cdefs spell it: `double`,
    /// `struct _Lc0_sqlite3 *`.
    pub pointee: String,
    /// How a pointee converts back to a Loop value.
    pub read: CReturn,
    /// Whether the pointee is a pointer (a NULL read back becomes `null`).
    pub to_pointer: bool,
    /// Whether the function may write through the pointer (not `const`).
    pub writable: bool,
}

/// How a class instance is copied to and from a C struct.
#[derive(Debug, Clone, PartialEq)]
pub struct StructArg {
    /// The struct's C type, for `ffi.typeof`: `struct _Lc0_point`.
    pub c_type: String,
    /// The struct's C type as the library spells it, for messages:
    /// `struct point`, `vec2`.
    pub name: String,
    /// The fields in order (the class's have the same names), with how
    /// each converts when copied back and its Loop type.
    pub fields: Vec<(String, CReturn, ir::Type)>,
    /// Whether the parameter is a pointer to the struct (a C pointer or
    /// `null` then passes too).
    pub by_pointer: bool,
    /// Whether the fields are copied back into the instance after the
    /// call: for a pointer to a non-`const` struct, so that changes the
    /// function makes are seen.
    pub copy_back: bool,
}

/// Generates the chunks of every module, in program order, each with what
/// `load` made of it. `load` tries a chunk on LuaJIT and gives its result
/// (e.g. the bytecode) or its error. Code generation keeps within LuaJIT's
/// limits by construction, so an error is a bug of the compiler, reported
/// with the module's name and LuaJIT's message.
pub fn generate<T>(
    program: &ir::Program,
    libraries: &[LibraryBinding],
    load: impl Fn(&Chunk) -> Result<T, String>,
) -> Result<Vec<(Chunk, T)>, LoadError> {
    let known = emit::Program::of(program, libraries);
    program
        .modules
        .iter()
        .map(|m| {
            let mut body = emit::module(m, &known);
            cut::chunk(&mut body);
            fit::limits(&mut body);
            let printed = print::chunk(&body);
            let chunk = Chunk {
                name: m.name.clone(),
                code: printed.code,
                line_map: printed.line_map,
                functions: printed.functions,
            };
            match load(&chunk) {
                Ok(loaded) => Ok((chunk, loaded)),
                Err(message) => Err(LoadError {
                    module: m.name.clone(),
                    message,
                }),
            }
        })
        .collect()
}

/// Generated Lua that LuaJIT refuses.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadError {
    /// The module's display name.
    pub module: String,
    /// LuaJIT's message.
    pub message: String,
}
