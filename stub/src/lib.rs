//! The Loop runtime: runs a compiled Loop program (a [`Payload`]) on LuaJIT.
//!
//! `loopc run` calls [`run`] in-process; the `loop-stub` binary finds the
//! payload attached to its own executable ([`run_own_payload`]) and calls
//! the same function, so a bundled program behaves exactly as under
//! `loopc run`. The binary's source is `src/main.rs`; its target is declared
//! by the `loopc` package, so that installing loopc installs its stub.

mod bundled;
#[cfg(test)]
mod contract_tests;
mod libm_functions;
mod libraries;
mod lua_state;
mod natives;
mod prelude;
mod report;
mod runtime;
mod session;
mod streams;
mod words;

pub use bundled::run_own_payload;
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[doc(hidden)]
pub use libm;
pub use libraries::{LibraryFile, Resolved, resolve as resolve_libraries};
pub use loop_packer::Payload;
pub use report::{print_error, report_start_error};
pub use runtime::{
    Captured, Ended, STUB_IDENTITY, compile_lua, luajit_version, run, run_captured,
    runtime_bytecode, runtime_id, runtime_source,
};
pub use session::Session;
pub use streams::{BROKEN_PIPE_STATUS, prepare_standard_streams};

/// The process exit status for a Loop `exit(code)`: 0 to 255 as given, any
/// other value 255, so a failure never wraps around to success.
pub fn exit_status(code: i32) -> u8 {
    u8::try_from(code).unwrap_or(255)
}
