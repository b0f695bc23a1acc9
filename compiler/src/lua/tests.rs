//! Snapshot tests of Lua code generation, one per language feature (the
//! programs are in `feature_snapshots.rs`).
//!
//! Each test compiles a few lines of Loop and keeps the generated Lua of
//! every module as an `insta` snapshot next to the Loop source, so a change
//! in code generation shows up as a readable diff in review. Accept new or
//! changed snapshots with `cargo insta review` (or `INSTA_UPDATE=always`).

use std::path::Path;

use crate::driver;
use crate::feature_snapshots::{feature_snapshots, scratch_program, sources_text};

/// Compiles `files` in a scratch folder (the first is the main program) and
/// returns the source followed by the Lua of every module.
fn compile_files(files: &[(&str, &str)]) -> String {
    compile_with_libraries(&[], files)
}

/// Like [`compile_files`], with the C fixture libraries `libraries` (from
/// `fixtures/ffi/`) built as `lib{name}` in the scratch folder. A single
/// file without libraries is compiled in memory.
fn compile_with_libraries(libraries: &[&str], files: &[(&str, &str)]) -> String {
    let compiled = if libraries.is_empty() && files.len() == 1 {
        driver::compile_source(Path::new(files[0].0), files[0].1)
    } else {
        let dir = scratch_program(libraries, files);
        driver::compile(&dir.path().join(files[0].0))
    };
    let compiled = match compiled {
        Ok(compiled) => compiled,
        Err(failure) => panic!("does not compile:\n{}", failure.render(false)),
    };
    let mut out = sources_text(files);
    for chunk in &compiled.chunks {
        out.push_str(&format!("----- LUA {}\n{}", chunk.name, chunk.code));
    }
    out
}

fn compile(source: &str) -> String {
    compile_files(&[("main.loop", source)])
}

feature_snapshots!();
