//! Clocks: `time.now`, `time.clock`, `time.sleep`.

use std::ffi::c_int;
use std::sync::OnceLock;
use std::time::{Duration, Instant, SystemTime};

use mlua::ffi;

/// `now()`: seconds since 1970 (negative before it).
///
/// # Safety
/// Called by Lua with a valid state.
pub(super) unsafe extern "C-unwind" fn now(state: *mut ffi::lua_State) -> c_int {
    let seconds = match SystemTime::now().duration_since(SystemTime::UNIX_EPOCH) {
        Ok(since) => since.as_secs_f64(),
        Err(before) => -before.duration().as_secs_f64(),
    };
    // SAFETY: a C function's stack has room for its result.
    unsafe { ffi::lua_pushnumber(state, seconds) };
    1
}

/// `clock()`: seconds on a monotonic clock, from the first time it is read.
///
/// # Safety
/// Called by Lua with a valid state.
pub(super) unsafe extern "C-unwind" fn monotonic(state: *mut ffi::lua_State) -> c_int {
    static START: OnceLock<Instant> = OnceLock::new();
    let start = START.get_or_init(Instant::now);
    // SAFETY: as in `now`.
    unsafe { ffi::lua_pushnumber(state, start.elapsed().as_secs_f64()) };
    1
}

/// `sleep(seconds)`: pauses the program (the prelude checks that the time
/// is a finite number of seconds, not negative).
///
/// # Safety
/// Called by Lua with a valid state.
pub(super) unsafe extern "C-unwind" fn sleep(state: *mut ffi::lua_State) -> c_int {
    // SAFETY: reading a number has no preconditions.
    let seconds = unsafe { ffi::lua_tonumber(state, 1) };
    if let Ok(pause) = Duration::try_from_secs_f64(seconds) {
        std::thread::sleep(pause);
    }
    0
}
