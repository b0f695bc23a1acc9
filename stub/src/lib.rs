//! The Loop runtime: runs a compiled Loop program (a [`Payload`]) on LuaJIT.
//!
//! `loopc run` calls [`run`] in-process; the `loop-stub` binary finds the
//! payload attached to its own executable and calls the same function, so a
//! bundled program behaves exactly as under `loopc run`.

mod libraries;
mod report;
mod runtime;

pub use libraries::{LibraryFile, Resolved, resolve as resolve_libraries};
pub use loop_packer::Payload;
pub use runtime::{lua_alias, run};
