//! The process and others: `os.env`, `os.run`.

use std::ffi::c_int;
use std::process::{Command, Stdio};

use mlua::ffi;

use super::{bytes, failure, os_bytes, path, push_bytes};

/// `env(name)`: the environment variable's value, or nothing when it is
/// not set (or its name could not be one).
///
/// # Safety
/// Called by Lua with a valid state.
pub(super) unsafe extern "C-unwind" fn env(state: *mut ffi::lua_State) -> c_int {
    // SAFETY: the name is read while on the stack; a C function's stack has
    // room for its result.
    unsafe {
        let name = path(bytes(state, 1)).into_os_string();
        match std::env::var_os(name) {
            Some(value) => {
                push_bytes(state, &os_bytes(&value));
                1
            }
            None => 0,
        }
    }
}

/// `run(argv, n)`: runs the program `argv[1]` with the arguments
/// `argv[2..n]` (no shell), its standard input empty, and waits for it;
/// gives its exit status (128 + the signal's number when a signal ended
/// it, as shells report), everything it wrote to standard output and to
/// standard error; or `nil` and the reason it could not start.
///
/// Both pipes are read at once, so a program that fills one while the
/// other is being read cannot block.
///
/// # Safety
/// Called by Lua with a valid state, `argv` a table of `n` strings.
pub(super) unsafe extern "C-unwind" fn run(state: *mut ffi::lua_State) -> c_int {
    // SAFETY: each element is read while it is on the stack, then popped.
    let argv: Vec<std::ffi::OsString> = unsafe {
        let n = ffi::lua_tonumber(state, 2) as ffi::lua_Integer;
        (1..=n)
            .map(|i| {
                ffi::lua_rawgeti(state, 1, i);
                let arg = path(bytes(state, -1)).into_os_string();
                ffi::lua_settop(state, -2);
                arg
            })
            .collect()
    };
    let Some((program, args)) = argv.split_first() else {
        return 0;
    };
    let output = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .output();
    // SAFETY: a C function's stack has room for its three results.
    unsafe {
        match output {
            Ok(output) => {
                ffi::lua_pushnumber(state, f64::from(exit_code(&output.status)));
                push_bytes(state, &output.stdout);
                push_bytes(state, &output.stderr);
                3
            }
            Err(e) => failure(state, &e),
        }
    }
}

/// The exit status as a shell reports it.
fn exit_code(status: &std::process::ExitStatus) -> i32 {
    #[cfg(unix)]
    if let Some(signal) = std::os::unix::process::ExitStatusExt::signal(status) {
        return 128 + signal;
    }
    status.code().unwrap_or(1)
}
