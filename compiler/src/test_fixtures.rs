//! Test support: the C fixture libraries of `fixtures/ffi/`, compiled with
//! the system C compiler for the unit and snapshot tests that load them.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::ffi::Platform;

/// The path of `fixtures/ffi/{name}`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fixtures/ffi")
        .join(name)
}

/// Compiles `fixtures/ffi/{source}.c` into `dir/{file_stem}.<ext>`.
pub fn build(source: &str, dir: &Path, file_stem: &str) -> PathBuf {
    let out = dir.join(format!(
        "{file_stem}.{}",
        Platform::host().library_extension()
    ));
    let output = Command::new("cc")
        .args(["-shared", "-fPIC", "-o"])
        .arg(&out)
        .arg(fixture(&format!("{source}.c")))
        .output()
        .expect("the system C compiler `cc` runs");
    assert!(
        output.status.success(),
        "cc failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    out
}
