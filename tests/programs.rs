//! Runs every Loop program of `tests/programs/` through `loopc run`, and
//! bundled by `loopc bundle` and run from another folder, and compares what
//! it does with the files beside it, by the rules of the shared conformance
//! runner:
//!
//! - `NAME.out`: expected stdout, exactly;
//! - `NAME.err`: lines that must each appear in stderr, and a non-zero exit;
//! - `NAME.code`: the expected exit status (default 0, or non-zero with `.err`);
//! - `NAME.in`: stdin; `NAME.args`: arguments, split on white space.
//!
//! `.err` without `.out` is a compile error: nothing may reach stdout. A
//! program with neither is a helper module and is skipped. No program may
//! crash (signal, panic, abort) or run past the time limit.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use common::{Outcome, run_command, run_loopc, stripped_stub, workspace};

fn read(path: &Path) -> Option<Vec<u8>> {
    std::fs::read(path).ok()
}

/// What one program is expected to do, from the files beside it.
struct Expected {
    out: Option<Vec<u8>>,
    err: Option<String>,
    code: Option<i32>,
    stdin: Vec<u8>,
    args: Vec<String>,
}

impl Expected {
    fn of(program: &Path) -> Expected {
        let code = read(&program.with_extension("code")).map(|b| {
            String::from_utf8(b)
                .unwrap()
                .trim()
                .parse()
                .expect("a .code file holds a number")
        });
        let args = read(&program.with_extension("args")).unwrap_or_default();
        Expected {
            out: read(&program.with_extension("out")),
            err: read(&program.with_extension("err")).map(|b| String::from_utf8(b).unwrap()),
            code,
            stdin: read(&program.with_extension("in")).unwrap_or_default(),
            args: String::from_utf8(args)
                .unwrap()
                .split_whitespace()
                .map(String::from)
                .collect(),
        }
    }

    /// A compile error: an `.err` without an `.out`.
    fn compile_error(&self) -> bool {
        self.err.is_some() && self.out.is_none()
    }
}

/// The problems with one program, run by `loopc run` and as a bundle run
/// from another folder; empty when it passed.
fn judge(program: &Path) -> Vec<String> {
    let folder = program.parent().unwrap();
    let name = program.file_name().unwrap().to_str().unwrap();
    let expected = Expected::of(program);
    let mut args = vec!["run", name];
    args.extend(expected.args.iter().map(String::as_str));
    let outcome = run_loopc(&args, folder, &expected.stdin, Duration::from_secs(60));
    let mut problems = compare(&expected, &outcome);
    problems.extend(
        bundled(program, &expected)
            .into_iter()
            .map(|p| format!("bundled: {p}")),
    );
    problems
}

/// The problems with the program bundled by `loopc bundle` and run from
/// another folder: a compile error must keep it from bundling.
fn bundled(program: &Path, expected: &Expected) -> Vec<String> {
    let folder = program.parent().unwrap();
    let name = program.file_name().unwrap().to_str().unwrap();
    let dir = tempfile::tempdir().expect("scratch folder");
    let exe = dir.path().join("program");
    let exe_arg = exe.to_str().unwrap();
    let stub = stripped_stub().to_str().unwrap();
    let built = run_loopc(
        &["bundle", name, "-o", exe_arg, "--stub", stub],
        folder,
        b"",
        Duration::from_secs(60),
    );
    if expected.compile_error() {
        return compare(expected, &built);
    }
    if built.code != Some(0) {
        return vec![format!("does not bundle: {}", built.stderr)];
    }
    let mut command = Command::new(&exe);
    command.args(&expected.args).current_dir(dir.path());
    compare(
        expected,
        &run_command(command, &expected.stdin, Duration::from_secs(60)),
    )
}

/// How `outcome` differs from what is `expected`.
fn compare(expected: &Expected, outcome: &Outcome) -> Vec<String> {
    let mut problems = Vec::new();
    if outcome.timed_out {
        return vec!["timed out".into()];
    }
    if outcome.crashed() {
        problems.push(format!(
            "crashed (status {:?}): {}",
            outcome.code, outcome.stderr
        ));
    }
    let code = outcome.code.unwrap_or(-1);
    match (expected.code, &expected.err) {
        (Some(want), _) if code != want => {
            problems.push(format!("exit status {code}, expected {want}"));
        }
        (None, None) if code != 0 => problems.push(format!("exit status {code}, expected 0")),
        (None, Some(_)) if code == 0 => problems.push("exit status 0, expected a failure".into()),
        _ => {}
    }
    let want_out = match (&expected.out, &expected.err) {
        (None, Some(_)) => Some(Vec::new()),
        (out, _) => out.clone(),
    };
    if let Some(want) = want_out
        && outcome.stdout != want
    {
        problems.push(format!(
            "stdout differs:\n--- expected\n{}--- got\n{}",
            String::from_utf8_lossy(&want),
            outcome.stdout_text()
        ));
    }
    if let Some(want) = &expected.err {
        for line in want.lines().filter(|l| !l.is_empty()) {
            if !outcome.stderr.contains(line) {
                problems.push(format!(
                    "stderr lacks {line:?}; stderr was:\n{}",
                    outcome.stderr
                ));
            }
        }
    } else if !outcome.stderr.is_empty() && code == 0 {
        problems.push(format!("unexpected stderr:\n{}", outcome.stderr));
    }
    problems
}

/// Every test program (a `.loop` with an `.out` or `.err` beside it).
fn programs() -> Vec<PathBuf> {
    let folder = workspace().join("tests/programs");
    let mut found: Vec<PathBuf> = std::fs::read_dir(&folder)
        .expect("tests/programs exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "loop"))
        .filter(|p| p.with_extension("out").exists() || p.with_extension("err").exists())
        .collect();
    found.sort();
    found
}

#[test]
fn every_program_behaves_as_expected() {
    let programs = programs();
    assert!(
        programs.len() >= 40,
        "found only {} programs",
        programs.len()
    );
    // Most of the time is spent waiting for child processes: a few at once.
    let next = AtomicUsize::new(0);
    let failed = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..4 {
            scope.spawn(|| {
                while let Some(program) = programs.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let problems = judge(program);
                    let name = program.file_name().unwrap().to_string_lossy();
                    if problems.is_empty() {
                        println!("ok   {name}");
                    } else {
                        println!(
                            "FAIL {name}\n     {}",
                            problems.join("\n").replace('\n', "\n     ")
                        );
                        failed.lock().unwrap().push(name.into_owned());
                    }
                }
            });
        }
    });
    let failed = failed.into_inner().unwrap();
    assert!(
        failed.is_empty(),
        "{} of {} programs failed: {}",
        failed.len(),
        programs.len(),
        failed.join(", ")
    );
}

#[test]
fn every_runtime_error_program_expects_exit_1_at_a_loop_position() {
    for program in programs() {
        let name = program.file_name().unwrap().to_string_lossy().into_owned();
        if !name.starts_with("runtime_") {
            continue;
        }
        assert!(
            program.with_extension("out").exists(),
            "{name} needs an .out"
        );
        let code = std::fs::read_to_string(program.with_extension("code")).unwrap_or_default();
        assert_eq!(code.trim(), "1", "{name}: a runtime error exits with 1");
        let err = std::fs::read_to_string(program.with_extension("err")).unwrap_or_default();
        assert!(
            err.lines()
                .any(|l| l.contains(".loop:") && l.contains(": runtime error")),
            "{name}.err should expect `FILE:LINE: runtime error`"
        );
    }
}

/// The `{` that opens a body may stand on the next line (docs/language.md §1):
/// every program that runs behaves alike with each line that ends in ` {`
/// broken before its `{`.
#[test]
fn every_program_runs_alike_with_its_braces_on_the_next_line() {
    let copy = tempfile::tempdir().expect("scratch folder");
    let lib = workspace().join("tests/programs/lib");
    std::fs::create_dir(copy.path().join("lib")).unwrap();
    for entry in std::fs::read_dir(&lib).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(
            &path,
            copy.path().join("lib").join(path.file_name().unwrap()),
        )
        .unwrap();
    }
    let mut failed = Vec::new();
    let mut moved = 0;
    for program in programs()
        .iter()
        .filter(|p| p.with_extension("out").exists())
    {
        let text = std::fs::read(program).unwrap();
        let mut lines: Vec<Vec<u8>> = text.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
        for line in &mut lines {
            if line.ends_with(b" {") {
                line.truncate(line.len() - 2);
                line.extend_from_slice(b"\n{");
                moved += 1;
            }
        }
        let name = program.file_name().unwrap();
        std::fs::write(copy.path().join(name), lines.join(&b'\n')).unwrap();
        let mut expected = Expected::of(program);
        // Lines moved: a runtime error's report names other lines.
        if expected.err.is_some() {
            expected.err = Some(String::new());
        }
        let mut args = vec!["run", name.to_str().unwrap()];
        args.extend(expected.args.iter().map(String::as_str));
        let outcome = run_loopc(&args, copy.path(), &expected.stdin, Duration::from_secs(60));
        let problems = compare(&expected, &outcome);
        if !problems.is_empty() {
            failed.push(format!("{}: {}", name.display(), problems.join("\n")));
        }
    }
    assert!(moved > 50, "only {moved} braces moved");
    assert!(failed.is_empty(), "{}", failed.join("\n\n"));
}
