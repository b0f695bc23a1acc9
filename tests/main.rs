//! The end-to-end tests of the whole toolchain, one module per subject, in
//! one test binary: linking the compiler, the runtime and LuaJIT into one
//! executable instead of one per file is most of what `cargo test` spends
//! building them. Run one module with `cargo test --test main MODULE::`.
//!
//! The programs of `tests/programs/` are named test cases of their own
//! binary, `tests/programs.rs`. Shared helpers live in the
//! `loop-test-support` crate (`test-support/`).

#[path = "gen/mod.rs"]
mod generator;

mod arc_text;
mod bundle_damage;
mod bundle_foreign;
mod bundle_output;
mod bundle_reproducible;
mod cli;
mod docs;
mod e2e;
mod editor_grammar;
mod examples;
mod ffi;
mod ffi_errors;
mod ffi_identity;
mod ffi_structs;
mod ffi_usability;
mod generated;
mod install;
mod limits;
mod linking;
mod readers;
mod repl;
mod robustness;
mod run_payload;
mod runtime_errors;
mod runtime_reports;
mod stdlib;
mod streams;
mod system_libraries;
mod workflows;
