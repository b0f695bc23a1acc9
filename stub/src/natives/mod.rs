//! The native functions of the standard library (docs/stdlib.md): files,
//! folders, processes, the environment, clocks, lines and JSON, written in
//! Rust where Lua has no way (folders, processes, clocks) or is slower.
//!
//! The runner hands the runtime prelude one function, [`native`]; each
//! prelude statement that needs a native function asks it for one by name
//! (`native("json_parse", ARR, MAP, META, NULL)`), with the runtime's
//! tables it needs as upvalues. Only the statements a program uses are in
//! its prelude (see `prelude.rs`), so a program pays for none it does not
//! use, not even the look-up.
//!
//! The functions never raise Lua errors for failures: they return `nil`
//! and the reason, and the prelude words the Loop error (with the path or
//! program it concerns), so every message is in Loop words.

mod clock;
mod fs;
mod json;
mod lines;
mod process;

use std::ffi::c_int;

use mlua::ffi;

/// `native(name, ...)`: the native function `name` as a Lua C closure
/// whose upvalues are the further arguments; nothing for an unknown name.
///
/// # Safety
/// Called by Lua with a valid state.
pub(crate) unsafe extern "C-unwind" fn native(state: *mut ffi::lua_State) -> c_int {
    // SAFETY: the name is on the stack while it is read; the upvalues are
    // the values above it, which `lua_pushcclosure` pops.
    unsafe {
        let function: ffi::lua_CFunction = match bytes(state, 1) {
            b"fs_read" => fs::read,
            b"fs_write" => fs::write,
            b"fs_kind" => fs::kind,
            b"fs_list" => fs::list,
            b"fs_mkdir" => fs::mkdir,
            b"fs_remove" => fs::remove,
            b"lines" => lines::lines,
            b"os_env" => process::env,
            b"os_run" => process::run,
            b"time_now" => clock::now,
            b"time_clock" => clock::monotonic,
            b"time_sleep" => clock::sleep,
            b"json_parse" => json::parse,
            _ => return 0,
        };
        ffi::lua_pushcclosure(state, function, ffi::lua_gettop(state) - 1);
        1
    }
}

/// The bytes of the string at `slot` (a number is converted in place);
/// empty for any other value. They stay valid while the value is on the
/// stack.
///
/// # Safety
/// `state` must be valid and `slot` an index of its stack.
unsafe fn bytes<'a>(state: *mut ffi::lua_State, slot: c_int) -> &'a [u8] {
    // SAFETY: see above.
    unsafe {
        let mut len = 0;
        let text = ffi::lua_tolstring(state, slot, &mut len);
        if text.is_null() {
            return &[];
        }
        std::slice::from_raw_parts(text.cast::<u8>(), len)
    }
}

/// Pushes the string of bytes `text`.
///
/// # Safety
/// `state` must be valid, with room for a value.
unsafe fn push_bytes(state: *mut ffi::lua_State, text: &[u8]) {
    // SAFETY: Lua copies the bytes.
    unsafe { ffi::lua_pushlstring(state, text.as_ptr().cast(), text.len()) };
}

/// Pushes `nil` and the reason for `error` (the system's words for an
/// operating-system error, without Rust's "(os error N)"); gives the number
/// of values pushed.
///
/// # Safety
/// `state` must be valid, with room for two values.
unsafe fn failure(state: *mut ffi::lua_State, error: &std::io::Error) -> c_int {
    let reason = match error.raw_os_error() {
        // SAFETY: `strerror` gives a NUL-terminated message.
        Some(errno) => unsafe { std::ffi::CStr::from_ptr(libc::strerror(errno)) }
            .to_string_lossy()
            .into_owned(),
        None => error.to_string(),
    };
    // SAFETY: as above.
    unsafe {
        ffi::lua_pushnil(state);
        push_bytes(state, reason.as_bytes());
    }
    2
}

/// A path from the bytes of a Loop string.
fn path(bytes: &[u8]) -> std::path::PathBuf {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        std::ffi::OsStr::from_bytes(bytes).into()
    }
    #[cfg(not(unix))]
    {
        String::from_utf8_lossy(bytes).into_owned().into()
    }
}

/// The bytes of an operating-system string, for a Loop string.
fn os_bytes(text: &std::ffi::OsStr) -> std::borrow::Cow<'_, [u8]> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        text.as_bytes().into()
    }
    #[cfg(not(unix))]
    {
        text.to_string_lossy().into_owned().into_bytes().into()
    }
}

/// Pushes a Loop array (a table with the array metatable at upvalue
/// `array_meta` and its length in `n`) of `items`, room made for `len`.
///
/// # Safety
/// `state` must be valid, in a C closure with the array metatable at
/// upvalue `array_meta`.
unsafe fn push_array<'s>(
    state: *mut ffi::lua_State,
    array_meta: c_int,
    len: usize,
    items: impl Iterator<Item = &'s [u8]>,
) {
    // SAFETY: a table is pushed, each string pushed and moved into it,
    // then its length and metatable set; no metamethod runs.
    unsafe {
        ffi::lua_createtable(state, c_int::try_from(len).unwrap_or(0), 1);
        let mut n: ffi::lua_Integer = 0;
        for item in items {
            push_bytes(state, item);
            n += 1;
            ffi::lua_rawseti(state, -2, n);
        }
        ffi::lua_pushnumber(state, n as ffi::lua_Number);
        ffi::lua_setfield(state, -2, c"n".as_ptr());
        ffi::lua_pushvalue(state, ffi::lua_upvalueindex(array_meta));
        ffi::lua_setmetatable(state, -2);
    }
}
