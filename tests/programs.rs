//! Runs every Loop program of `tests/programs/` through `loopc run` and as
//! a bundled executable started from another folder, and compares what it
//! does with the files beside it, by the rules of the shared conformance
//! runner:
//!
//! - `NAME.out`: expected stdout, exactly;
//! - `NAME.err`: lines that must each appear in stderr, and a non-zero exit;
//! - `NAME.code`: the expected exit status (default 0, or non-zero with `.err`);
//! - `NAME.in`: stdin; `NAME.args`: arguments, split on white space.
//!
//! `.err` without `.out` is a compile error: nothing may reach stdout, and
//! `loopc bundle` must refuse the program with the same messages. A
//! program with neither is a helper module and is skipped. No program may
//! crash (signal, panic, abort) or run past the time limit.

mod common;

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use common::{Outcome, loop_stub, run_command, run_loopc, workspace};

fn read(path: &Path) -> Option<Vec<u8>> {
    std::fs::read(path).ok()
}

/// How a program is run.
#[derive(Debug, Clone, Copy)]
enum Mode {
    /// `loopc run NAME.loop ARGS` in the program's folder.
    Run,
    /// `loopc bundle NAME.loop -o EXE`, then `EXE ARGS` in another folder;
    /// a program that does not compile is judged by the bundle command.
    Bundle,
}

/// Runs `program` with `args` and `stdin` in `mode`.
fn execute(program: &Path, mode: Mode, args: &[&str], stdin: &[u8]) -> Outcome {
    let folder = program.parent().unwrap();
    let name = program.file_name().unwrap().to_str().unwrap();
    let limit = Duration::from_secs(60);
    match mode {
        Mode::Run => {
            let mut all = vec!["run", name];
            all.extend(args);
            run_loopc(&all, folder, stdin, limit)
        }
        Mode::Bundle => {
            loop_stub();
            let out_dir = tempfile::tempdir().unwrap();
            let exe = out_dir.path().join("program");
            let exe_text = exe.to_str().unwrap();
            let bundled = run_loopc(&["bundle", name, "-o", exe_text], folder, b"", limit);
            if bundled.code != Some(0) {
                return bundled;
            }
            let elsewhere = tempfile::tempdir().unwrap();
            let mut command = std::process::Command::new(&exe);
            command.args(args).current_dir(elsewhere.path());
            run_command(command, stdin, limit)
        }
    }
}

/// The problems with one program's run in `mode`; empty when it passed.
fn judge(program: &Path, mode: Mode) -> Vec<String> {
    let want_out = read(&program.with_extension("out"));
    let want_err = read(&program.with_extension("err")).map(|b| String::from_utf8(b).unwrap());
    let want_code: Option<i32> = read(&program.with_extension("code")).map(|b| {
        String::from_utf8(b)
            .unwrap()
            .trim()
            .parse()
            .expect("a .code file holds a number")
    });
    let stdin = read(&program.with_extension("in")).unwrap_or_default();
    let args_text = read(&program.with_extension("args")).unwrap_or_default();
    let args_text = String::from_utf8(args_text).unwrap();
    let args: Vec<&str> = args_text.split_whitespace().collect();
    let outcome = execute(program, mode, &args, &stdin);
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
    match (want_code, &want_err) {
        (Some(want), _) if code != want => {
            problems.push(format!("exit status {code}, expected {want}"));
        }
        (None, None) if code != 0 => problems.push(format!("exit status {code}, expected 0")),
        (None, Some(_)) if code == 0 => problems.push("exit status 0, expected a failure".into()),
        _ => {}
    }
    let want_out = match (&want_out, &want_err) {
        (None, Some(_)) => Some(Vec::new()),
        _ => want_out,
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
    if let Some(want) = want_err {
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

/// The programs of `tests/programs/awaiting_issue_11.txt`: regression
/// programs for code generation bugs that the Lua syntax tree rewrite
/// (issue 11) fixes. They run, and their failures are printed, but they do
/// not fail the test until then; one that passes must leave the list.
fn awaiting_issue_11() -> Vec<String> {
    let list = std::fs::read_to_string(workspace().join("tests/programs/awaiting_issue_11.txt"))
        .expect("tests/programs/awaiting_issue_11.txt exists");
    list.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(String::from)
        .collect()
}

#[test]
fn every_program_behaves_as_expected() {
    let programs = programs();
    assert!(
        programs.len() >= 40,
        "found only {} programs",
        programs.len()
    );
    let jobs: Vec<(&PathBuf, Mode)> = programs
        .iter()
        .flat_map(|p| [(p, Mode::Run), (p, Mode::Bundle)])
        .collect();
    // Most of the time is spent waiting for child processes: a few at once.
    let next = AtomicUsize::new(0);
    let failed = Mutex::new(Vec::new());
    let awaiting = awaiting_issue_11();
    std::thread::scope(|scope| {
        for _ in 0..4 {
            scope.spawn(|| {
                while let Some(&(program, mode)) = jobs.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let problems = judge(program, mode);
                    let file = program.file_name().unwrap().to_string_lossy();
                    let name = format!("{file} [{mode:?}]");
                    let listed = awaiting.iter().any(|a| *a == file);
                    if problems.is_empty() && listed {
                        println!("PASS {name}, which is listed in awaiting_issue_11.txt");
                        failed.lock().unwrap().push(format!(
                            "{name} (passes: take it off awaiting_issue_11.txt)"
                        ));
                    } else if problems.is_empty() {
                        println!("ok   {name}");
                    } else if listed {
                        println!(
                            "known failure (issue 11) {name}\n     {}",
                            problems.join("\n").replace('\n', "\n     ")
                        );
                    } else {
                        println!(
                            "FAIL {name}\n     {}",
                            problems.join("\n").replace('\n', "\n     ")
                        );
                        failed.lock().unwrap().push(name);
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
