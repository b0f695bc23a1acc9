//! Every Loop program of `tests/programs/` is a test case of its own here
//! (`cargo test --test programs NAME::`), checked three ways:
//!
//! - `NAME::runs_and_bundles`: through `loopc run`, and bundled by `loopc
//!   bundle` and run from another folder, it does what the files beside it
//!   say, by the rules of the shared conformance runner:
//!   - `NAME.out`: expected stdout, exactly;
//!   - `NAME.err`: lines that must each appear in stderr, and a non-zero exit;
//!   - `NAME.code`: the expected exit status (default 0, or non-zero with
//!     `.err`);
//!   - `NAME.in`: stdin; `NAME.args`: arguments, split on white space.
//!
//!   `.err` without `.out` is a compile error: nothing may reach stdout. A
//!   program with neither is a helper module and is skipped. No program may
//!   crash (signal, panic, abort) or run past the time limit.
//! - `NAME::braces_on_next_line`: a program that runs behaves alike with
//!   each line that ends in ` {` broken before its `{` (docs/language.md §1).
//! - `NAME::arc_round_trips`: for a program that runs, printing its Arc,
//!   parsing that text back and printing again gives the same text, and
//!   the parsed-back program (compiled as an `.arc` file, as `loopc run
//!   prog.arc` does) generates the same Lua.
//!
//! A `runtime_*` program also has `NAME::expects_exit_1_at_a_loop_position`.
//!
//! This is a test binary of its own, without the standard test harness
//! (`harness = false`): the cases are made at run time from the files, with
//! `libtest-mimic`, which takes the usual `cargo test` arguments.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use libtest_mimic::{Arguments, Failed, Trial};
use loop_test_support::{Outcome, run_command, run_loopc, scratch, stripped_stub, workspace};
use loopc::arc::{parse, print};
use loopc::driver;

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

/// A failure listing `problems`, or success when there are none.
fn verdict(problems: Vec<String>) -> Result<(), Failed> {
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n").into())
    }
}

/// The problems with a `runtime_*` program's expectations: it must print
/// something (`.out`), exit with 1 and report `FILE:LINE: runtime error`.
fn runtime_error_expectations(program: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    if !program.with_extension("out").exists() {
        problems.push("a runtime error program needs an .out".into());
    }
    let code = std::fs::read_to_string(program.with_extension("code")).unwrap_or_default();
    if code.trim() != "1" {
        problems.push("a runtime error exits with 1: its .code should say 1".into());
    }
    let err = std::fs::read_to_string(program.with_extension("err")).unwrap_or_default();
    if !err
        .lines()
        .any(|l| l.contains(".loop:") && l.contains(": runtime error"))
    {
        problems.push("its .err should expect `FILE:LINE: runtime error`".into());
    }
    problems
}

/// `text` with each line that ends in ` {` broken before its `{`, and how
/// many lines were broken.
fn braces_on_next_line(text: &[u8]) -> (Vec<u8>, usize) {
    let mut moved = 0;
    let mut lines: Vec<Vec<u8>> = text.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
    for line in &mut lines {
        if line.ends_with(b" {") {
            line.truncate(line.len() - 2);
            line.extend_from_slice(b"\n{");
            moved += 1;
        }
    }
    (lines.join(&b'\n'), moved)
}

/// The problems with `program` run through `loopc run` with its braces on
/// the next line, in a scratch folder with a copy of the helper modules of
/// `tests/programs/lib`.
fn judge_braces_on_next_line(program: &Path) -> Vec<String> {
    let name = program.file_name().unwrap().to_str().unwrap();
    let (text, _) = braces_on_next_line(&std::fs::read(program).unwrap());
    let mut files = vec![(name.to_string(), text)];
    for entry in std::fs::read_dir(workspace().join("tests/programs/lib")).unwrap() {
        let path = entry.unwrap().path();
        let file = format!("lib/{}", path.file_name().unwrap().to_str().unwrap());
        files.push((file, std::fs::read(&path).unwrap()));
    }
    let files: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_slice()))
        .collect();
    let copy = scratch(&files);
    let mut expected = Expected::of(program);
    // Lines moved: a runtime error's report names other lines.
    if expected.err.is_some() {
        expected.err = Some(String::new());
    }
    let mut args = vec!["run", name];
    args.extend(expected.args.iter().map(String::as_str));
    let outcome = run_loopc(&args, copy.path(), &expected.stdin, Duration::from_secs(60));
    compare(&expected, &outcome)
}

/// The problems with the Arc text of `program`: it must print, parse back
/// and print the same, and compile from an `.arc` file to the same Lua.
fn arc_round_trip(program: &Path) -> Vec<String> {
    let lua = |c: &driver::Compiled| {
        c.chunks
            .iter()
            .map(|k| format!("-- {}\n{}", k.name, k.code))
            .collect::<String>()
    };
    let compiled = match driver::compile(program) {
        Ok(compiled) => compiled,
        Err(f) => return vec![format!("does not compile:\n{}", f.render(false))],
    };
    let text = print::program(&compiled.arc);
    let reparsed = match parse::program(&text) {
        Ok(reparsed) => reparsed,
        Err(e) => return vec![format!("its Arc does not parse: {e}")],
    };
    let again = print::program(&reparsed);
    if again != text {
        let line = text
            .lines()
            .zip(again.lines())
            .position(|(a, b)| a != b)
            .map_or(0, |i| i + 1);
        return vec![format!(
            "Arc printed after parsing differs from line {line}"
        )];
    }
    let dir = scratch(&[("program.arc", text.as_bytes())]);
    match driver::compile(&dir.path().join("program.arc")) {
        Err(f) => vec![format!(
            "its Arc file does not compile:\n{}",
            f.render(false)
        )],
        Ok(from_arc) if lua(&from_arc) != lua(&compiled) => {
            vec!["the Lua generated from its Arc file differs".into()]
        }
        Ok(_) => Vec::new(),
    }
}

/// The cases of one program (see the module documentation).
fn cases_of(program: &Path) -> Vec<Trial> {
    let name = program.file_stem().unwrap().to_string_lossy().into_owned();
    let case = |what: &str, check: fn(&Path) -> Vec<String>| {
        let program = program.to_path_buf();
        Trial::test(format!("{name}::{what}"), move || verdict(check(&program)))
    };
    let mut cases = vec![case("runs_and_bundles", judge)];
    if program.with_extension("out").exists() {
        cases.push(case("braces_on_next_line", judge_braces_on_next_line));
        cases.push(case("arc_round_trips", arc_round_trip));
    }
    if name.starts_with("runtime_") {
        cases.push(case(
            "expects_exit_1_at_a_loop_position",
            runtime_error_expectations,
        ));
    }
    cases
}

fn main() {
    let mut args = Arguments::from_args();
    // Most of the time is spent waiting for child processes: 4 at once,
    // unless `--test-threads` or RUST_TEST_THREADS (which libtest-mimic
    // does not read itself) say otherwise.
    if args.test_threads.is_none() {
        let from_env = std::env::var("RUST_TEST_THREADS").ok();
        args.test_threads = Some(from_env.and_then(|n| n.parse().ok()).unwrap_or(4));
    }
    let programs = programs();
    let found = programs.len();
    let braces: usize = programs
        .iter()
        .filter(|p| p.with_extension("out").exists())
        .map(|p| braces_on_next_line(&std::fs::read(p).unwrap()).1)
        .sum();
    let mut trials = vec![
        Trial::test("folder::holds_at_least_40_programs", move || {
            verdict(
                (found < 40)
                    .then(|| format!("found only {found} programs"))
                    .into_iter()
                    .collect(),
            )
        }),
        Trial::test("folder::has_over_50_braces_to_move", move || {
            verdict(
                (braces <= 50)
                    .then(|| format!("only {braces} braces move"))
                    .into_iter()
                    .collect(),
            )
        }),
    ];
    trials.extend(programs.iter().flat_map(|p| cases_of(p)));
    libtest_mimic::run(&args, trials).exit();
}
