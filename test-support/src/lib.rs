//! Helpers shared by the tests of the workspace: the end-to-end tests at
//! the root (`tests/main.rs`, `tests/programs.rs`) and the compiler's and
//! packer's own tests.
//!
//! - [`loopc`], [`loop_stub`], [`stripped_stub`]: the binaries of the
//!   profile the tests were built with (built on demand when missing);
//! - [`run_loopc`], [`run_command`], [`Outcome`]: running a process with
//!   stdin and a time limit, capturing what it did;
//! - [`scratch`]: a fresh folder holding given files;
//! - [`fixture`], [`build_c_library`]: the C sources of `fixtures/ffi/` and
//!   the system C compiler;
//! - [`BothWays`] and the [`ffi`] checks: a program run through
//!   `loopc run` and as a bundle started from another folder.
//!
//! It depends on no crate of the workspace: the compiler and the packer
//! use it as a dev-dependency.

mod binaries;
mod both_ways;
pub mod ffi;
mod files;
mod process;

use std::path::PathBuf;

pub use binaries::{loop_stub, loopc, stripped_stub};
pub use both_ways::BothWays;
pub use files::{build_c_library, c_fixture, fixture, scratch};
pub use process::{Outcome, have_tool, run_command, run_loopc, run_source};

/// The workspace root.
pub fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("test-support sits in the workspace")
        .to_path_buf()
}
