//! What the Loop compiler (`loopc`) and its runtime (`loop-stub` and the
//! Lua prelude it carries) must agree on, in one place: both depend on this
//! crate, so neither spells the agreement out again.
//!
//! * [`names`]: how Loop names become Lua names and back, and the prefixes
//!   of the names the compiler makes (C types and functions included).
//! * [`Helper`]: every member of the runtime prelude that generated code
//!   calls; a test in `loop-stub` checks the prelude defines each.
//! * [`Tag`]: the type descriptors generated code hands the prelude for
//!   printing and run-time checks; a test in `loop-stub` checks the prelude
//!   reads each as meant here.
//! * [`Platform`]: the file names of C libraries on each system.
//!
//! The crate has no dependencies and no state: the stub links only the
//! little it uses.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod descriptors;
mod helpers;
pub mod names;
mod platform;

pub use descriptors::Tag;
pub use helpers::Helper;
pub use platform::{LIBRARY_PREFIX, Platform, library_file_names};
