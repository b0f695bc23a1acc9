//! End-to-end: every example program runs through `loopc run` and through a
//! bundled executable with the same output.

use std::process::Command;
use std::time::Duration;

use loop_test_support::{loop_stub, loopc, run_command, workspace};

#[test]
fn hello_runs_and_bundles_identically() {
    let loopc = loopc();
    loop_stub();
    let hello = workspace().join("examples/hello.loop");
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
            .arg(workspace().join("examples/hello.loop"))
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
    // Written by this process: started with retries while another test's
    // child briefly holds the file open ("text file busy").
    let out = run_command(Command::new(&cut), b"", Duration::from_secs(60));
    assert_eq!(out.code, Some(1));
    assert!(!out.stderr.is_empty());
}
