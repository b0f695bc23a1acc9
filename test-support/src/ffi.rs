//! Checks of programs that use C libraries (and others run both ways):
//! building the fixtures of `fixtures/ffi/` into a program's folder,
//! running a program through `loopc run` and as a bundled executable, and
//! asserting what both did.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use crate::{Outcome, build_c_library, c_fixture, fixture, loop_stub, run_command, run_loopc};

/// How long one compile or run may take.
pub const LIMIT: Duration = Duration::from_secs(60);

/// The file name of library `stem` on this platform: `libm.so`, `libm.dylib`.
pub fn library_file(stem: &str) -> String {
    format!("{stem}.{}", std::env::consts::DLL_EXTENSION)
}

/// Compiles `fixtures/ffi/{source}.c` with `cc -shared -fPIC` into
/// `dir/{stem}.<so|dylib>` and returns its path.
pub fn build_library(source: &str, dir: &Path, stem: &str) -> PathBuf {
    std::fs::create_dir_all(dir).expect("library folder");
    let out = dir.join(library_file(stem));
    build_c_library(&c_fixture(source), &out);
    out
}

/// Copies `fixtures/ffi/{name}` (a header) into `dir`.
pub fn copy_fixture(name: &str, dir: &Path) {
    std::fs::copy(fixture(name), dir.join(name)).expect("fixture copied");
}

/// A scratch folder holding the fixture library `fixtures/ffi/{fixture}.c`
/// built as `lib{fixture}`, and `main.loop` = `program`.
pub fn with_library(fixture: &str, program: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("scratch folder");
    build_library(fixture, dir.path(), &format!("lib{fixture}"));
    write_program(dir.path(), "main.loop", program);
    dir
}

/// Writes the Loop program `source` to `dir/name`.
pub fn write_program(dir: &Path, name: &str, source: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, source).unwrap();
}

/// `loopc run {main}` with `cwd` as working directory.
pub fn run(cwd: &Path, main: &str) -> Outcome {
    let out = run_loopc(&["run", main], cwd, b"", LIMIT);
    assert!(
        !out.crashed() && !out.timed_out,
        "loopc run {main}: {out:?}"
    );
    out
}

/// `loopc bundle {main} -o {exe}` with `cwd` as working directory, with
/// the stub `loopc` finds next to itself.
pub fn bundle(cwd: &Path, main: &str, exe: &Path) -> Outcome {
    loop_stub();
    let exe_arg = exe.to_str().expect("a UTF-8 executable path");
    let out = run_loopc(&["bundle", main, "-o", exe_arg], cwd, b"", LIMIT);
    assert!(
        !out.crashed() && !out.timed_out,
        "loopc bundle {main}: {out:?}"
    );
    out
}

/// Bundles `{cwd}/{main}` into `{exe_dir}/app` and runs that from a fresh
/// working directory, so it can only find its libraries next to itself.
pub fn bundle_and_run(cwd: &Path, main: &str, exe_dir: &Path) -> Outcome {
    let exe = exe_dir.join(format!("app{}", std::env::consts::EXE_SUFFIX));
    let built = bundle(cwd, main, &exe);
    assert_eq!(built.code, Some(0), "bundling {main}: {}", built.stderr);
    let elsewhere = tempfile::tempdir().expect("a working directory");
    let mut command = Command::new(&exe);
    command.current_dir(elsewhere.path());
    let out = run_command(command, b"", LIMIT);
    assert!(!out.crashed() && !out.timed_out, "bundled {main}: {out:?}");
    out
}

/// Runs `{dir}/{main}` through `loopc run` and as a bundle placed in `dir`,
/// and checks that both print exactly `stdout` and exit with `code`.
#[track_caller]
pub fn assert_runs_both(dir: &Path, main: &str, stdout: &str, code: i32) {
    assert_runs_both_in(dir, main, dir, stdout, code);
}

/// Like [`assert_runs_both`], with the bundle placed in `exe_dir`.
#[track_caller]
pub fn assert_runs_both_in(dir: &Path, main: &str, exe_dir: &Path, stdout: &str, code: i32) {
    let ran = run(dir, main);
    assert_eq!(
        ran.stdout_text(),
        stdout,
        "loopc run: stderr {}",
        ran.stderr
    );
    assert_eq!(ran.code, Some(code), "loopc run: stderr {}", ran.stderr);
    let bundled = bundle_and_run(dir, main, exe_dir);
    assert_eq!(bundled.stdout_text(), stdout, "bundle: {}", bundled.stderr);
    assert_eq!(bundled.code, Some(code), "bundle: {}", bundled.stderr);
}

/// Runs `{dir}/{main}` both ways, expecting a runtime error: `stdout`
/// first, then exit status 1 with `error` (FILE:LINE: runtime error: …) as
/// the first line of stderr.
#[track_caller]
pub fn assert_runtime_error(dir: &Path, main: &str, stdout: &str, error: &str) {
    let ran = run(dir, main);
    let bundled = bundle_and_run(dir, main, dir);
    for (how, out) in [("loopc run", ran), ("bundle", bundled)] {
        assert_eq!(out.stdout_text(), stdout, "{how}: {}", out.stderr);
        assert_eq!(out.code, Some(1), "{how}: {}", out.stderr);
        assert_eq!(
            out.stderr.lines().next(),
            Some(error),
            "{how}: {}",
            out.stderr
        );
    }
}

/// Checks that `loopc run` and `loopc bundle` both refuse `{dir}/{main}`
/// with exit status 1, printing nothing on stdout, and `error` (FILE:LINE:COL:
/// error: …) as the first line of stderr. Returns the `loopc run` stderr.
#[track_caller]
pub fn assert_compile_error(dir: &Path, main: &str, error: &str) -> String {
    let ran = run(dir, main);
    let exe = dir.join("refused");
    let bundled = bundle(dir, main, &exe);
    assert!(!exe.exists(), "a refused program was bundled");
    for (how, out) in [("loopc run", &ran), ("loopc bundle", &bundled)] {
        assert_eq!(out.code, Some(1), "{how}: {}", out.stderr);
        assert_eq!(out.stdout_text(), "", "{how}");
        assert_eq!(
            out.stderr.lines().next(),
            Some(error),
            "{how}: {}",
            out.stderr
        );
    }
    ran.stderr
}
