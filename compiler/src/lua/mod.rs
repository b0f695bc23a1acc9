//! Lua code generation from Arc: one Lua chunk per module, with a map from
//! Lua lines back to Loop lines for runtime error messages.
//!
//! The generated code calls the runtime prelude of the `loop-stub` crate
//! through locals bound at the top of each chunk (`_Lidiv`, `_Laget`, …),
//! so hot paths are plain local calls the LuaJIT JIT inlines.

mod builtins;
mod emit;
mod expr;
mod names;
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
}

/// What code generation needs to know about a C library.
#[derive(Debug, Clone, PartialEq)]
pub struct LibraryBinding {
    /// Per function name: the alias declared in the cdefs and whether it
    /// returns a C string, a 64-bit integer, a bool or nothing special.
    pub functions: std::collections::HashMap<String, (String, CReturn, Vec<CArg>)>,
}

/// How a C function's result becomes a Loop value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CReturn {
    /// Numbers (up to 32-bit integers and doubles), void, handles.
    Plain,
    /// A 64-bit integer: converted, with a range check.
    Int64,
    /// `bool`: converted from the C value.
    Bool,
    /// `char*`: copied into a Loop string, NULL becoming null.
    String,
}

/// How a Loop argument is passed to C.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CArg {
    /// Passed as is (numbers, strings to `const char*`, handles).
    Plain,
    /// A variadic argument of an integer type: boxed as a C `int`.
    VarInt,
    /// A variadic `float` argument: passed as a C `double`.
    VarDouble,
}

/// Generates the chunks of every module, in program order.
pub fn generate(program: &ir::Program, libraries: &[LibraryBinding]) -> Vec<Chunk> {
    let names: std::collections::HashMap<&str, &str> = program
        .modules
        .iter()
        .map(|m| (m.id.as_str(), m.name.as_str()))
        .collect();
    program
        .modules
        .iter()
        .map(|m| emit::module(m, &names, libraries))
        .collect()
}
