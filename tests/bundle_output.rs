//! `loopc bundle -o PATH` never destroys a file it should not: an output
//! path that is one of the bundle's inputs (the program's source, a module,
//! a C library, the stub, loopc itself; through symbolic or hard links) or
//! that is not a regular file (a folder, a named pipe, a device, a symbolic
//! link to one) is refused with exit status 2, and a failed write names the
//! output, never a temporary file, and leaves nothing behind.

#![cfg(unix)]

use std::os::unix::fs::FileTypeExt;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use loop_test_support::{Outcome, loop_stub, loopc, run_command, run_loopc};

const LIMIT: Duration = Duration::from_secs(60);
const MAIN: &str = "import \"util.loop\" as util\nimport \"scale\" as s\nprintln(util.greeting() + \" \" + s.thrice(2).to_string())\n";
const UTIL: &str = "pub fn greeting() { \"hello\" }\n";

/// A scratch folder with `main.loop`, its module `util.loop` and its C
/// library `scale`.
fn project() -> tempfile::TempDir {
    let dir = loop_test_support::scratch(&[
        ("main.loop", MAIN.as_bytes()),
        ("util.loop", UTIL.as_bytes()),
    ]);
    loop_test_support::ffi::build_library("scale", dir.path(), "scale");
    dir
}

fn bundle(dir: &Path, args: &[&str]) -> Outcome {
    loop_stub();
    let mut all = vec!["bundle", "main.loop"];
    all.extend(args);
    run_loopc(&all, dir, b"", LIMIT)
}

/// Checks that bundling to `output` is refused with exit status 2 and a
/// message naming `output` and saying `why`.
#[track_caller]
fn assert_refused(dir: &Path, output: &str, extra: &[&str], why: &str) {
    let mut args = vec!["-o", output];
    args.extend(extra);
    let out = bundle(dir, &args);
    assert_eq!(out.code, Some(2), "-o {output}: {}", out.stderr);
    let expected = format!("error: will not write the executable to {output}: {why}");
    assert!(
        out.stderr.contains(&expected),
        "-o {output}: expected {expected:?} in {}",
        out.stderr
    );
    assert_no_temporary_files(dir);
}

/// No temporary file was left in `dir`.
#[track_caller]
fn assert_no_temporary_files(dir: &Path) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name();
        let name = name.to_string_lossy();
        assert!(
            !name.starts_with(".loopc") && !name.starts_with(".tmp"),
            "left behind: {name}"
        );
    }
}

fn symlink(target: impl AsRef<Path>, link: &Path) {
    std::os::unix::fs::symlink(target, link).unwrap();
}

#[test]
fn the_programs_own_files_are_refused() {
    let dir = project();
    let d = dir.path();
    symlink("main.loop", &d.join("source-link"));
    std::fs::hard_link(d.join("main.loop"), d.join("source-hard")).unwrap();
    symlink("util.loop", &d.join("module-link"));
    let library = loop_test_support::ffi::library_file("scale");
    symlink(&library, &d.join("library-link"));
    for (output, why) in [
        ("main.loop", "it is the program's source"),
        ("./main.loop", "it is the program's source"),
        ("source-link", "it is the program's source"),
        ("source-hard", "it is the program's source"),
        ("util.loop", "it is a module of the program"),
        ("module-link", "it is a module of the program"),
        (library.as_str(), "it is the C library `scale`"),
        ("library-link", "it is the C library `scale`"),
    ] {
        assert_refused(d, output, &[], why);
    }
    assert_eq!(std::fs::read_to_string(d.join("main.loop")).unwrap(), MAIN);
    assert_eq!(std::fs::read_to_string(d.join("util.loop")).unwrap(), UTIL);
    assert!(
        std::fs::read(d.join(&library))
            .unwrap()
            .starts_with(b"\x7fELF"),
        "the library is intact"
    );
}

#[test]
fn the_stub_in_use_is_refused() {
    let dir = project();
    let d = dir.path();
    std::fs::copy(loop_stub(), d.join("stub")).unwrap();
    let before = std::fs::read(d.join("stub")).unwrap();
    assert_refused(d, "stub", &["--stub", "stub"], "it is the runner stub");
    symlink("stub", &d.join("stub-link"));
    assert_refused(d, "stub-link", &["--stub", "stub"], "it is the runner stub");
    assert!(
        std::fs::read(d.join("stub")).unwrap() == before,
        "the stub is intact"
    );
}

#[test]
fn the_running_loopc_and_its_stub_are_refused() {
    // A copy of loopc with the stub beside it, so a failure of this test
    // cannot replace the loopc the other tests run.
    let dir = project();
    let d = dir.path();
    let bin = d.join("bin");
    std::fs::create_dir(&bin).unwrap();
    std::fs::copy(loopc(), bin.join("loopc")).unwrap();
    std::fs::copy(loop_stub(), bin.join("loop-stub")).unwrap();
    let before = std::fs::read(bin.join("loopc")).unwrap();
    for (output, why) in [
        ("bin/loopc", "it is loopc itself"),
        ("bin/loop-stub", "it is the runner stub"),
    ] {
        let mut command = Command::new(bin.join("loopc"));
        command
            .args(["bundle", "main.loop", "-o", output])
            .current_dir(d);
        let out = run_command(command, b"", LIMIT);
        assert_eq!(out.code, Some(2), "-o {output}: {}", out.stderr);
        assert!(out.stderr.contains(why), "-o {output}: {}", out.stderr);
    }
    assert!(
        std::fs::read(bin.join("loopc")).unwrap() == before,
        "loopc is intact"
    );
}

#[test]
fn what_is_not_a_regular_file_is_refused() {
    let dir = project();
    let d = dir.path();
    let made = Command::new("mkfifo").arg(d.join("fifo")).status().unwrap();
    assert!(made.success());
    std::fs::create_dir(d.join("folder")).unwrap();
    symlink("/dev/null", &d.join("null-link"));
    symlink("fifo", &d.join("fifo-link"));
    symlink("folder", &d.join("folder-link"));
    symlink("nowhere", &d.join("dangling"));
    for (output, why) in [
        ("fifo", "it is a named pipe (FIFO)"),
        ("folder", "it is a folder"),
        ("/dev/null", "it is a device"),
        ("null-link", "it is a symbolic link to a device"),
        ("fifo-link", "it is a symbolic link to a named pipe (FIFO)"),
        ("folder-link", "it is a symbolic link to a folder"),
        (
            "dangling",
            "it is a symbolic link to a file that does not exist",
        ),
    ] {
        assert_refused(d, output, &[], why);
    }
    assert!(
        std::fs::metadata(d.join("fifo"))
            .unwrap()
            .file_type()
            .is_fifo()
    );
    assert!(
        std::fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );
    assert!(
        std::fs::symlink_metadata(d.join("null-link"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        std::fs::symlink_metadata(d.join("dangling"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

/// Runs the bundled executable `exe` from another folder.
fn run_bundled(exe: &Path) -> Outcome {
    let elsewhere = tempfile::tempdir().unwrap();
    let mut command = Command::new(exe);
    command.current_dir(elsewhere.path());
    run_command(command, b"", LIMIT)
}

#[test]
fn a_new_path_an_old_executable_and_a_link_to_one_are_written() {
    let dir = project();
    let d = dir.path();
    std::fs::write(d.join("old"), b"an old build").unwrap();
    std::fs::write(d.join("target"), b"an old build").unwrap();
    symlink("target", &d.join("link"));
    for output in ["new", "old", "link"] {
        let out = bundle(d, &["-o", output]);
        assert_eq!(out.code, Some(0), "-o {output}: {}", out.stderr);
    }
    // Through the link, the file it leads to is replaced; the link stays.
    assert!(
        std::fs::symlink_metadata(d.join("link"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    for exe in ["new", "old", "target"] {
        let ran = run_bundled(&d.join(exe));
        assert_eq!(ran.stdout_text(), "hello 6\n", "{exe}: {}", ran.stderr);
    }
    assert_no_temporary_files(d);
}

#[test]
fn a_failed_write_names_the_output_and_leaves_nothing_behind() {
    let dir = project();
    let d = dir.path();
    let out = bundle(d, &["-o", "no-such-folder/app"]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert_eq!(
        out.stderr,
        "error: cannot write no-such-folder/app: No such file or directory (os error 2)\n"
    );
    // A file size limit far below the executable's size: the write fails
    // after the temporary file was made.
    loop_stub();
    let mut shell = Command::new("sh");
    shell
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 64; exec \"$@\"")
        .arg("sh")
        .arg(loopc())
        .args(["bundle", "main.loop", "-o", "app"])
        .current_dir(d);
    let out = run_command(shell, b"", LIMIT);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert_eq!(
        out.stderr,
        "error: cannot write app: File too large (os error 27)\n"
    );
    assert!(!d.join("app").exists());
    assert_no_temporary_files(d);
}
