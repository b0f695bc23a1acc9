//! The Loop runtime: runs a compiled Loop program (a [`Payload`]) on LuaJIT.
//!
//! `loopc run` calls [`run`] in-process; the `loop-stub` binary finds the
//! payload attached to its own executable and calls the same function, so a
//! bundled program behaves exactly as under `loopc run`.

mod libm_functions;
mod libraries;
mod lua_state;
mod prelude;
mod report;
mod runtime;
mod streams;
mod words;

#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[doc(hidden)]
pub use libm;
pub use libraries::{LibraryFile, Resolved, resolve as resolve_libraries};
pub use loop_packer::Payload;
pub use report::{print_error, report_start_error};
pub use runtime::{
    Captured, c_type_prefix, compile_lua, lua_alias, run, run_captured, runs_our_bytecode,
    runtime_bytecode, runtime_source,
};
pub use streams::{BROKEN_PIPE_STATUS, prepare_standard_streams};

/// The process exit status for a Loop `exit(code)`: 0 to 255 as given, any
/// other value 255, so a failure never wraps around to success.
pub fn exit_status(code: i32) -> u8 {
    u8::try_from(code).unwrap_or(255)
}
