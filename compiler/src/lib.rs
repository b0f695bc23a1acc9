//! loopc: the ahead-of-time compiler and bundler for the Loop language.
//!
//! Loop source goes through `syntax` (tokens, tree), `types` (inference and
//! checking, producing Arc), `arc` (the typed IR and its text form) and
//! `lua` (code generation); `ffi` reads C libraries' declarations,
//! `libraries` binds them for the checker, code generation and payload;
//! `driver` runs the phases and `modules` finds the files of a program;
//! `bundle` writes standalone executables and `repl` runs entries one by one.

pub mod arc;
pub mod bundle;
pub mod diagnostics;
pub mod driver;
#[cfg(test)]
mod feature_snapshots;
pub mod ffi;
pub mod libraries;
pub mod lua;
pub mod modules;
pub mod repl;
pub mod syntax;
pub mod types;
