//! End-to-end: every example program runs through `loopc run` and through a
//! bundled executable with the same output.

mod common;

use std::path::Path;
use std::process::Command;

use common::{loop_stub, loopc};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn hello_runs_and_bundles_identically() {
    let loopc = loopc();
    loop_stub();
    let hello = root().join("examples/hello.loop");
    let run = Command::new(loopc).arg("run").arg(&hello).output().unwrap();
    assert!(run.status.success());
    assert_eq!(String::from_utf8_lossy(&run.stdout), "Hello, world!\n");
    let dir = tempfile::tempdir().unwrap();
    let exe = dir.path().join("hello");
    let bundle = Command::new(loopc)
        .arg("bundle")
        .arg(&hello)
        .arg("-o")
        .arg(&exe)
        .output()
        .unwrap();
    assert!(
        bundle.status.success(),
        "{}",
        String::from_utf8_lossy(&bundle.stderr)
    );
    let out = Command::new(&exe).current_dir(dir.path()).output().unwrap();
    assert_eq!(out.stdout, run.stdout);
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn a_truncated_bundle_is_refused_cleanly() {
    let loopc = loopc();
    loop_stub();
    let dir = tempfile::tempdir().unwrap();
    let exe = dir.path().join("hello");
    assert!(
        Command::new(loopc)
            .arg("bundle")
            .arg(root().join("examples/hello.loop"))
            .arg("-o")
            .arg(&exe)
            .status()
            .unwrap()
            .success()
    );
    let bytes = std::fs::read(&exe).unwrap();
    let cut = dir.path().join("cut");
    std::fs::write(&cut, &bytes[..bytes.len() - 10]).unwrap();
    #[cfg(unix)]
    std::fs::set_permissions(&cut, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let out = Command::new(&cut).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(!String::from_utf8_lossy(&out.stderr).is_empty());
}
