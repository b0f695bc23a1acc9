//! Scratch folders and the C fixtures of `fixtures/ffi/`.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::workspace;

/// Writes `files` (paths relative to the folder, with their bytes) into a
/// fresh scratch folder and returns it.
pub fn scratch(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("scratch folder");
    for (name, bytes) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    dir
}

/// The file `fixtures/ffi/{name}` (a C source or header).
pub fn fixture(name: &str) -> PathBuf {
    workspace().join("fixtures/ffi").join(name)
}

/// The C source `fixtures/ffi/{name}.c`.
pub fn c_fixture(name: &str) -> PathBuf {
    fixture(&format!("{name}.c"))
}

/// Compiles the C file `source` into the shared library `output` with the
/// system C compiler (`cc -shared -fPIC`).
pub fn build_c_library(source: &Path, output: &Path) {
    let result = Command::new("cc")
        .args(["-shared", "-fPIC", "-o"])
        .arg(output)
        .arg(source)
        .output()
        .expect("the system C compiler `cc` runs");
    assert!(
        result.status.success(),
        "cc failed: {}",
        String::from_utf8_lossy(&result.stderr)
    );
}
