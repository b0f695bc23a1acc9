//! The package's two binaries, as `cargo install --path cli` installs
//! them: `loopc` names itself, and the runner `loop-stub` started bare says
//! it carries no program.
//!
//! This integration test is also what makes `cargo test` build both
//! binaries (cargo builds a package's binaries for its integration tests):
//! the end-to-end tests of `tests/` run them from `target/<profile>/`, and
//! would otherwise build them themselves, in the middle of the run.

use std::process::Command;

#[test]
fn loopc_names_itself() {
    let out = Command::new(env!("CARGO_BIN_EXE_loopc"))
        .arg("--version")
        .output()
        .expect("loopc runs");
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    let first = text.lines().next().unwrap_or_default();
    assert_eq!(first, format!("loopc {}", env!("CARGO_PKG_VERSION")));
}

#[test]
fn the_bare_stub_says_it_carries_no_program() {
    let out = Command::new(env!("CARGO_BIN_EXE_loop-stub"))
        .output()
        .expect("loop-stub runs");
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(text.contains("carries no Loop program"), "{text}");
}
