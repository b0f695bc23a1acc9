//! The Lua state that runs a program, driven through LuaJIT's C API.
//!
//! The runtime needs little of Lua from Rust: load chunks, call functions,
//! pass strings and read a few results. `mlua`, which `loopc` uses to
//! compile chunks, sets up its own registry, metatables and reference
//! thread when it takes over a state: a thirtieth of a hello world's
//! start-up. So the run path calls the C API directly, here, behind a
//! small interface that keeps every call balanced on the Lua stack.
//!
//! Errors raised while loading or calling are caught (`lua_pcall`) and come
//! back as messages. The other calls used here raise no error on the plain
//! tables and strings they are given, except when memory runs out, which
//! LuaJIT's panic handler reports before exiting.

use std::ffi::{CStr, c_int};

use mlua::ffi;

/// A LuaJIT state with LuaJIT's own allocator (much faster than the Rust
/// global allocator for Loop's many small tables). It lives as long as the
/// process: a program's objects are never freed one by one at exit.
pub(crate) struct LuaState {
    state: *mut ffi::lua_State,
}

/// A value's place on the Lua stack (an absolute index, from 1).
pub(crate) type Slot = c_int;

impl LuaState {
    /// A fresh state with the standard libraries the runtime uses (see
    /// [`LuaState::open_libraries`]) and its garbage collector stopped.
    pub(crate) fn new() -> Result<Self, String> {
        // SAFETY: creating a state has no preconditions.
        let state = unsafe { ffi::luaL_newstate() };
        if state.is_null() {
            return Err("cannot create the Lua state: out of memory".into());
        }
        let lua = Self { state };
        lua.open_libraries();
        // Start-up allocates only what lives as long as the program:
        // collecting garbage before the program runs would find none.
        // SAFETY: a valid state.
        unsafe { ffi::lua_gc(state, ffi::LUA_GCSTOP, 0) };
        Ok(lua)
    }

    /// Opens the Lua libraries that the runtime prelude and generated code
    /// use, each as `luaL_openlibs` does; not `package`, `os` nor `bit`,
    /// and `ffi` only for programs that import C libraries.
    fn open_libraries(&self) {
        let libraries: [(&CStr, ffi::lua_CFunction); 7] = [
            (c"", ffi::luaopen_base),
            (c"table", ffi::luaopen_table),
            (c"io", ffi::luaopen_io),
            (c"string", ffi::luaopen_string),
            (c"math", ffi::luaopen_math),
            (c"debug", ffi::luaopen_debug),
            // Opening `jit` is what turns the JIT compiler on.
            (c"jit", ffi::luaopen_jit),
        ];
        for (name, open) in libraries {
            // SAFETY: as luaL_openlibs calls each library's opener.
            unsafe {
                ffi::lua_pushcfunction(self.state, open);
                ffi::lua_pushstring(self.state, name.as_ptr());
                ffi::lua_call(self.state, 1, 0);
            }
        }
    }

    /// Frees the state and everything in it. States that live as long as
    /// the process are not closed (the system frees them faster at exit).
    pub(crate) fn close(self) {
        // SAFETY: a valid state, not used again.
        unsafe { ffi::lua_close(self.state) };
    }

    /// Calls the function at `slot` without arguments and gives the string
    /// it returns, bytes as they are; or its error's message.
    pub(crate) fn call_for_bytes(&self, slot: Slot) -> Result<Vec<u8>, String> {
        self.push_copy(slot);
        self.call(0, 1)?;
        let mut len = 0;
        // SAFETY: a string's bytes stay valid while it is on the stack, and
        // are copied here; a value that is not a string gives null.
        let bytes = unsafe {
            let bytes = ffi::lua_tolstring(self.state, -1, &mut len);
            (!bytes.is_null()).then(|| std::slice::from_raw_parts(bytes.cast::<u8>(), len).to_vec())
        };
        self.pop(1);
        bytes.ok_or_else(|| "the captured output is not a string".into())
    }

    /// Turns the garbage collector back on, for the program itself.
    pub(crate) fn restart_gc(&self) {
        // SAFETY: a valid state.
        unsafe { ffi::lua_gc(self.state, ffi::LUA_GCRESTART, 0) };
    }

    /// Loads the chunk `code` (source or bytecode) named `name` (as Lua's
    /// chunk names go: `=name` for a name used as it is) and pushes it as a
    /// function; or gives LuaJIT's message and pushes nothing.
    pub(crate) fn load(&self, code: &[u8], name: &CStr) -> Result<Slot, String> {
        // SAFETY: `code` and `name` outlive the call; LuaJIT copies what it
        // keeps.
        let status = unsafe {
            ffi::luaL_loadbuffer(self.state, code.as_ptr().cast(), code.len(), name.as_ptr())
        };
        self.result(status)?;
        Ok(self.top())
    }

    /// Calls the function pushed below `args` values with them, leaving
    /// `results` values in its place; or gives the error's message and
    /// leaves nothing.
    pub(crate) fn call(&self, args: c_int, results: c_int) -> Result<(), String> {
        // SAFETY: the function and its arguments are on the stack.
        let status = unsafe { ffi::lua_pcall(self.state, args, results, 0) };
        self.result(status)
    }

    /// `Ok` for status 0, else the error message on the stack, popped.
    fn result(&self, status: c_int) -> Result<(), String> {
        if status == 0 {
            return Ok(());
        }
        let message = self.message(-1);
        self.pop(1);
        Err(message)
    }

    /// `slot` as an index from the bottom of the stack, which pushing
    /// values does not move.
    fn absolute(&self, slot: Slot) -> Slot {
        if slot < 0 && slot > ffi::LUA_REGISTRYINDEX {
            self.top() + slot + 1
        } else {
            slot
        }
    }

    /// Pushes `table[field]` (raw, no metamethod runs) for the value at
    /// `table`, or nil when it is not a table.
    pub(crate) fn push_field(&self, table: Slot, field: &CStr) -> Slot {
        let table = self.absolute(table);
        if self.is_table(table) {
            // SAFETY: `table` holds a table; raw access runs no metamethod,
            // so nothing can raise an error but running out of memory.
            unsafe {
                ffi::lua_pushstring(self.state, field.as_ptr());
                ffi::lua_rawget(self.state, table);
            }
        } else {
            // SAFETY: pushing nil has no preconditions.
            unsafe { ffi::lua_pushnil(self.state) };
        }
        self.top()
    }

    /// Pops the top value into `table[field]` (raw, no metamethod runs) for
    /// the table at `table`; drops it when that is not a table.
    pub(crate) fn set_field(&self, table: Slot, field: &CStr) {
        let table = self.absolute(table);
        if !self.is_table(table) {
            self.pop(1);
            return;
        }
        // SAFETY: `table` holds a table and a value is on top; the key is
        // pushed and moved below it, and raw access runs no metamethod.
        unsafe {
            ffi::lua_pushstring(self.state, field.as_ptr());
            ffi::lua_insert(self.state, -2);
            ffi::lua_rawset(self.state, table);
        }
    }

    /// Pushes a copy of the value at `slot`.
    pub(crate) fn push_copy(&self, slot: Slot) {
        // SAFETY: `slot` is on the stack.
        unsafe { ffi::lua_pushvalue(self.state, slot) };
    }

    /// Pushes the string `text`.
    pub(crate) fn push_str(&self, text: &str) {
        self.push_bytes(text.as_bytes());
    }

    /// Pushes the string of bytes `bytes`.
    pub(crate) fn push_bytes(&self, bytes: &[u8]) {
        // SAFETY: LuaJIT copies the bytes.
        unsafe { ffi::lua_pushlstring(self.state, bytes.as_ptr().cast(), bytes.len()) };
    }

    /// Pushes the boolean `value`.
    pub(crate) fn push_bool(&self, value: bool) {
        // SAFETY: pushing a boolean has no preconditions.
        unsafe { ffi::lua_pushboolean(self.state, c_int::from(value)) };
    }

    /// Pushes an array (a table with keys 1..n) of the strings `items`.
    pub(crate) fn push_strings<'s>(&self, items: impl ExactSizeIterator<Item = &'s [u8]>) {
        let len = c_int::try_from(items.len()).unwrap_or(c_int::MAX);
        // SAFETY: a table is pushed, then each string is pushed and moved
        // into it.
        unsafe {
            ffi::lua_createtable(self.state, len, 0);
            for (i, item) in items.enumerate() {
                self.push_bytes(item);
                ffi::lua_rawseti(self.state, -2, i as ffi::lua_Integer + 1);
            }
        }
    }

    /// Pushes the C function `function`.
    pub(crate) fn push_c_function(&self, function: ffi::lua_CFunction) {
        // SAFETY: pushing a function has no preconditions.
        unsafe { ffi::lua_pushcfunction(self.state, function) };
    }

    /// Pushes `table[index]` (raw) for the value at `table`, or nil when it
    /// is not a table.
    pub(crate) fn push_index(&self, table: Slot, index: i64) -> Slot {
        if self.is_table(table) {
            // SAFETY: `table` holds a table; raw access runs no metamethod.
            unsafe { ffi::lua_rawgeti(self.state, table, index) };
        } else {
            // SAFETY: pushing nil has no preconditions.
            unsafe { ffi::lua_pushnil(self.state) };
        }
        self.top()
    }

    /// `table[index]` as a string, for the table at `table`, if it is one.
    pub(crate) fn string_at(&self, table: Slot, index: i64) -> Option<String> {
        let value = self.string(self.push_index(table, index));
        self.pop(1);
        value
    }

    /// `table[index]` as a number, for the table at `table`, if it is one.
    pub(crate) fn number_at(&self, table: Slot, index: i64) -> Option<f64> {
        let value = self.number(self.push_index(table, index));
        self.pop(1);
        value
    }

    /// Whether the value at `slot` is a table.
    pub(crate) fn is_table(&self, slot: Slot) -> bool {
        // SAFETY: reading a type has no preconditions.
        unsafe { ffi::lua_type(self.state, slot) == ffi::LUA_TTABLE }
    }

    /// The string at `slot` (numbers are not converted), if it is one.
    pub(crate) fn string(&self, slot: Slot) -> Option<String> {
        // SAFETY: reading a type has no preconditions; a string's bytes stay
        // valid while it is on the stack, and are copied here.
        unsafe {
            if ffi::lua_type(self.state, slot) != ffi::LUA_TSTRING {
                return None;
            }
            let mut len = 0;
            let bytes = ffi::lua_tolstring(self.state, slot, &mut len);
            let bytes = std::slice::from_raw_parts(bytes.cast::<u8>(), len);
            Some(String::from_utf8_lossy(bytes).into_owned())
        }
    }

    /// The error value at `slot` as a message: the string it is, or words
    /// saying it is none.
    pub(crate) fn message(&self, slot: Slot) -> String {
        self.string(slot)
            .unwrap_or_else(|| "(an error value that is not a string)".into())
    }

    /// The number at `slot`, if it is one.
    pub(crate) fn number(&self, slot: Slot) -> Option<f64> {
        // SAFETY: reading a type and a number have no preconditions.
        unsafe {
            (ffi::lua_type(self.state, slot) == ffi::LUA_TNUMBER)
                .then(|| ffi::lua_tonumber(self.state, slot))
        }
    }

    /// The index of the top value.
    pub(crate) fn top(&self) -> Slot {
        // SAFETY: a valid state.
        unsafe { ffi::lua_gettop(self.state) }
    }

    /// Pops `n` values.
    pub(crate) fn pop(&self, n: c_int) {
        // SAFETY: callers pop only what they pushed.
        unsafe { ffi::lua_settop(self.state, -n - 1) };
    }
}
