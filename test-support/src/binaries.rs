//! The `loopc` and `loop-stub` binaries of the profile the tests were
//! built with.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use crate::{have_tool, workspace};

/// The `loopc` binary of the profile these tests were built with.
pub fn loopc() -> &'static Path {
    static LOOPC: OnceLock<PathBuf> = OnceLock::new();
    LOOPC.get_or_init(|| workspace_binary("loopc"))
}

/// The `loop-stub` runner of the same profile, which `loopc bundle` finds
/// next to `loopc`.
pub fn loop_stub() -> &'static Path {
    static STUB: OnceLock<PathBuf> = OnceLock::new();
    STUB.get_or_init(|| workspace_binary("loop-stub"))
}

/// A copy of `loop-stub` without its debug information (the stub itself
/// when `strip` is not installed), for tests that bundle many programs: a
/// test build's stub weighs tens of megabytes, most of them debug
/// information, and each bundle is a copy of it.
pub fn stripped_stub() -> &'static Path {
    static STUB: OnceLock<PathBuf> = OnceLock::new();
    STUB.get_or_init(|| {
        let stub = loop_stub();
        if !have_tool("strip") {
            return stub.to_path_buf();
        }
        let name = |tail: &str| {
            let mut file = stub.file_stem().unwrap().to_os_string();
            file.push(tail);
            stub.with_file_name(file)
        };
        let stripped = name(&format!("-stripped{}", std::env::consts::EXE_SUFFIX));
        // Test binaries run at once: each writes its own copy and moves it
        // into place whole.
        let partial = name(&format!("-stripped.{}.tmp", std::process::id()));
        let status = Command::new("strip")
            .arg(stub)
            .arg("-o")
            .arg(&partial)
            .status()
            .expect("strip runs");
        assert!(status.success(), "strip failed");
        std::fs::rename(&partial, &stripped).expect("the stripped stub moves into place");
        stripped
    })
}

/// The binary `name` of the `loopc` package (which has both `loopc` and
/// `loop-stub`), of the profile these tests were built with.
///
/// The test executable lives in `target/<profile>/deps/`, the binaries in
/// `target/<profile>/`. `cargo test --workspace` builds them; when one is
/// missing (e.g. `cargo test -p loop-e2e` on a fresh checkout) it is built
/// here.
fn workspace_binary(name: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("the test executable's path");
    let profile_dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("the test executable sits in target/<profile>/deps");
    let binary = profile_dir.join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    if !binary.exists() {
        let target_dir = profile_dir.parent().expect("target/<profile>");
        let mut build = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
        build
            .args(["build", "-p", "loopc", "--bin", name])
            .arg("--target-dir")
            .arg(target_dir)
            .current_dir(workspace());
        if profile_dir.file_name().is_some_and(|n| n == "release") {
            build.arg("--release");
        }
        let status = build.status().expect("cargo runs");
        assert!(status.success(), "building {name} failed");
    }
    assert!(binary.exists(), "no {name} at {}", binary.display());
    binary
}
