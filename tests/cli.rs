//! The `loopc` command line: help and version, usage errors (exit 2),
//! `run`/`check`/`emit`, the `loopc app.loop` shorthand, unreadable files,
//! and running an Arc file produced by `emit arc`.

use std::time::Duration;

use loop_test_support::{run_loopc, scratch};

const LIMIT: Duration = Duration::from_secs(60);
const GOOD: &str =
    "fn twice(int n) { n * 2 }\nprintln(\"args: \" + args().join(\",\"))\ntwice(21)\n";
const BAD: &str = "x := 1\nx = \"one\"\ny := missing\n";

fn folder() -> tempfile::TempDir {
    scratch(&[("good.loop", GOOD.as_bytes()), ("bad.loop", BAD.as_bytes())])
}

fn loopc(args: &[&str]) -> loop_test_support::Outcome {
    let dir = folder();
    run_loopc(args, dir.path(), b"", LIMIT)
}

#[test]
fn help_exits_0_and_lists_the_subcommands() {
    let out = loopc(&["--help"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let text = out.stdout_text();
    for word in ["run", "check", "emit"] {
        assert!(text.contains(word), "help lacks {word}: {text}");
    }
}

#[test]
fn version_exits_0_and_names_loopc() {
    let out = loopc(&["--version"]);
    assert_eq!(out.code, Some(0));
    assert!(
        out.stdout_text().starts_with("loopc "),
        "{}",
        out.stdout_text()
    );
}

#[test]
fn unknown_flag_is_a_usage_error() {
    let out = loopc(&["--no-such-flag"]);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(out.stderr.contains("--no-such-flag"), "{}", out.stderr);
}

#[test]
fn missing_file_argument_is_a_usage_error() {
    for args in [&["run"][..], &["check"], &["emit", "lua"]] {
        let out = loopc(args);
        assert_eq!(out.code, Some(2), "{args:?}: {}", out.stderr);
    }
}

#[test]
fn no_arguments_is_a_usage_error() {
    let out = loopc(&[]);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
}

#[test]
fn unknown_emit_form_is_a_usage_error() {
    let out = loopc(&["emit", "wasm", "good.loop"]);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
}

#[test]
fn unknown_subcommand_is_a_usage_error() {
    let out = loopc(&["frob"]);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
}

#[test]
fn unknown_subcommand_fails_without_crashing() {
    let out = loopc(&["frob"]);
    assert!(matches!(out.code, Some(1) | Some(2)), "{out:?}");
    assert!(out.stderr.contains("frob"), "{}", out.stderr);
}

#[test]
fn run_runs_the_program_with_its_arguments() {
    let out = loopc(&["run", "good.loop", "a", "-b", "--c"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(out.stdout_text(), "args: a,-b,--c\n42\n");
}

#[test]
fn everything_after_the_file_goes_to_the_program() {
    for args in [
        &["run", "good.loop", "-h", "--", "--version"][..],
        &["good.loop", "-h", "--", "--version"],
        &["run", "--", "good.loop", "-h", "--", "--version"],
    ] {
        let out = loopc(args);
        assert_eq!(out.code, Some(0), "{args:?}: {}", out.stderr);
        assert_eq!(out.stdout_text(), "args: -h,--,--version\n42\n", "{args:?}");
    }
    // Before the file, options are loopc's.
    let out = loopc(&["run", "--help"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(
        out.stdout_text().contains("Usage: loopc run"),
        "{}",
        out.stdout_text()
    );
}

#[cfg(target_os = "linux")]
#[test]
fn loopc_output_that_cannot_be_written_is_an_error() {
    let dir = folder();
    let mut command = std::process::Command::new(loop_test_support::loopc());
    command
        .args(["emit", "lua", "good.loop"])
        .current_dir(dir.path())
        .stdout(
            std::fs::File::options()
                .write(true)
                .open("/dev/full")
                .unwrap(),
        )
        .stderr(std::process::Stdio::piped());
    let out = command.output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .starts_with("error: cannot write to standard output: No space left on device"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn file_alone_means_run() {
    let out = loopc(&["good.loop", "x"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(out.stdout_text(), "args: x\n42\n");
}

#[test]
fn program_exit_code_becomes_loopc_exit_code() {
    let dir = scratch(&[(
        "exit.loop",
        b"println(\"bye\")\nexit(7)\nprintln(\"never\")",
    )]);
    let out = run_loopc(&["run", "exit.loop"], dir.path(), b"", LIMIT);
    assert_eq!(out.code, Some(7));
    assert_eq!(out.stdout_text(), "bye\n");
}

#[test]
fn check_accepts_a_good_program_and_runs_nothing() {
    let out = loopc(&["check", "good.loop"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(out.stdout_text(), "");
}

#[test]
fn check_reports_every_error_of_a_bad_program() {
    let out = loopc(&["check", "bad.loop"]);
    assert_eq!(out.code, Some(1));
    assert!(
        out.stderr
            .contains("bad.loop:2:5: error[E0301]: expected int, found string"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("bad.loop:3:6: error[E0201]: unknown name `missing`"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("x = \"one\""),
        "source line shown: {}",
        out.stderr
    );
    assert!(out.stderr.contains("2 errors"), "{}", out.stderr);
    assert_eq!(out.stdout_text(), "");
}

#[test]
fn check_reports_every_failed_import_and_the_other_errors() {
    let programs = loop_test_support::workspace().join("tests/programs");
    let out = run_loopc(
        &["check", "compile_failed_imports.loop"],
        &programs,
        b"",
        LIMIT,
    );
    assert_eq!(out.code, Some(1));
    let expected = std::fs::read_to_string(programs.join("compile_failed_imports.err")).unwrap();
    for line in expected.lines() {
        assert!(out.stderr.contains(line), "{line}\n{}", out.stderr);
    }
    // Uses of what the failed imports would have given are no errors.
    assert!(out.stderr.contains("4 errors found"), "{}", out.stderr);
}

#[test]
fn run_refuses_a_bad_program_with_exit_1() {
    let out = loopc(&["run", "bad.loop"]);
    assert_eq!(out.code, Some(1));
    assert!(out.stderr.contains("bad.loop:2:5"), "{}", out.stderr);
    assert_eq!(out.stdout_text(), "");
}

#[test]
fn emit_lua_prints_the_generated_lua() {
    let out = loopc(&["emit", "lua", "good.loop"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let text = out.stdout_text();
    assert!(text.contains("-- module good.loop"), "{text}");
    assert!(text.contains("function twice(n)"), "{text}");
}

#[test]
fn emit_arc_prints_the_typed_ir() {
    let out = loopc(&["emit", "arc", "good.loop"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let text = out.stdout_text();
    assert!(text.starts_with("(.MODULE m0 \"good.loop\""), "{text}");
    assert!(text.contains("(function int"), "{text}");
}

#[test]
fn emit_of_a_bad_program_fails() {
    let out = loopc(&["emit", "arc", "bad.loop"]);
    assert_eq!(out.code, Some(1));
    assert_eq!(out.stdout_text(), "");
}

#[test]
fn nonexistent_file_is_a_clear_error() {
    for args in [
        &["run", "nowhere.loop"][..],
        &["check", "nowhere.loop"],
        &["emit", "lua", "nowhere.loop"],
        &["nowhere.loop"],
    ] {
        let out = loopc(args);
        assert_eq!(out.code, Some(1), "{args:?}");
        assert!(
            out.stderr.contains("cannot read nowhere.loop"),
            "{args:?}: {}",
            out.stderr
        );
    }
}

#[test]
fn arc_file_from_emit_arc_runs() {
    let dir = folder();
    let arc = run_loopc(&["emit", "arc", "good.loop"], dir.path(), b"", LIMIT);
    assert_eq!(arc.code, Some(0));
    std::fs::write(dir.path().join("good.arc"), &arc.stdout).unwrap();
    let out = run_loopc(&["run", "good.arc", "z"], dir.path(), b"", LIMIT);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(out.stdout_text(), "args: z\n42\n");
    let lua_from_loop = run_loopc(&["emit", "lua", "good.loop"], dir.path(), b"", LIMIT);
    let lua_from_arc = run_loopc(&["emit", "lua", "good.arc"], dir.path(), b"", LIMIT);
    assert_eq!(lua_from_arc.stdout_text(), lua_from_loop.stdout_text());
}

#[test]
fn invalid_arc_file_is_an_error() {
    let dir = scratch(&[("broken.arc", b"(.MODULE m0 \"x\" (.BODY (@1")]);
    let out = run_loopc(&["run", "broken.arc"], dir.path(), b"", LIMIT);
    assert_eq!(out.code, Some(1));
    assert!(
        out.stderr.contains("broken.arc: invalid Arc"),
        "{}",
        out.stderr
    );
}

#[test]
fn stdin_reaches_the_program() {
    let dir = scratch(&[(
        "echo.loop",
        b"line := input(\"\")\nfor line != null { println(line.upper()); line = input(\"\") }",
    )]);
    let out = run_loopc(&["run", "echo.loop"], dir.path(), b"one\ntwo\n", LIMIT);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(out.stdout_text(), "ONE\nTWO\n");
}

#[test]
fn every_positional_argument_has_help() {
    for sub in ["run", "check", "bundle", "sigs", "emit", "repl"] {
        let out = loopc(&[sub, "-h"]);
        assert_eq!(out.code, Some(0), "{sub}: {}", out.stderr);
        let text = out.stdout_text();
        let arguments = text
            .split("Arguments:\n")
            .nth(1)
            .map(|rest| rest.split("\n\n").next().unwrap_or_default());
        let Some(arguments) = arguments else {
            assert_eq!(sub, "repl", "{sub} lists no arguments:\n{text}");
            continue;
        };
        for line in arguments.lines() {
            let words: Vec<&str> = line.split_whitespace().collect();
            assert!(
                words.len() > 1 && words[0].starts_with(['<', '[']),
                "{sub}: an argument without help: {line:?}\n{text}"
            );
        }
    }
}

#[test]
fn check_says_what_it_checked_unless_quiet() {
    let dir = scratch(&[
        ("main.loop", b"import \"m.loop\" as m\nm.f()\n"),
        ("m.loop", b"pub fn f() { 1 }\n"),
        ("alone.loop", b"1\n"),
    ]);
    let checked = |args: &[&str]| {
        let out = run_loopc(args, dir.path(), b"", LIMIT);
        assert_eq!(out.code, Some(0), "{args:?}: {}", out.stderr);
        assert_eq!(out.stdout_text(), "", "{args:?}");
        out.stderr
    };
    assert_eq!(
        checked(&["check", "main.loop"]),
        "checked main.loop and the module it imports: no errors\n"
    );
    assert_eq!(
        checked(&["check", "alone.loop"]),
        "checked alone.loop: no errors\n"
    );
    assert_eq!(checked(&["check", "--quiet", "main.loop"]), "");
    assert_eq!(checked(&["check", "-q", "main.loop"]), "");
}

#[test]
fn bundle_prints_the_executable_and_its_size_unless_quiet() {
    let dir = folder();
    let stub = loop_test_support::stripped_stub().to_str().unwrap();
    let out = run_loopc(
        &["bundle", "good.loop", "-o", "app", "--stub", stub],
        dir.path(),
        b"",
        LIMIT,
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let size = std::fs::metadata(dir.path().join("app")).unwrap().len();
    assert!(size > 1_000_000, "a stub weighs over a megabyte");
    assert_eq!(
        out.stderr,
        format!("wrote app ({:.2} MB)\n", size as f64 / 1e6)
    );
    assert_eq!(out.stdout_text(), "");
    let quiet = run_loopc(
        &["bundle", "-q", "good.loop", "-o", "app2", "--stub", stub],
        dir.path(),
        b"",
        LIMIT,
    );
    assert_eq!(quiet.code, Some(0), "{}", quiet.stderr);
    assert_eq!(quiet.stderr, "");
    assert_eq!(
        std::fs::read(dir.path().join("app2")).unwrap(),
        std::fs::read(dir.path().join("app")).unwrap()
    );
}

#[test]
fn a_missing_input_file_is_exit_1_naming_its_path() {
    for args in [
        &["run", "sub/none.loop"][..],
        &["sub/none.loop"],
        &["check", "sub/none.loop"],
        &["emit", "arc", "sub/none.loop"],
        &["bundle", "sub/none.loop", "-o", "app"],
    ] {
        let out = loopc(args);
        assert_eq!(out.code, Some(1), "{args:?}: {}", out.stderr);
        assert!(
            out.stderr
                .starts_with("error[E0601]: cannot read sub/none.loop: No such file or directory"),
            "{args:?}: {}",
            out.stderr
        );
    }
}

#[test]
fn run_dash_reads_the_program_from_standard_input() {
    let dir = scratch(&[("lib/m.loop", b"pub fn twice(int n) { n * 2 }\n")]);
    let program = b"import \"lib/m.loop\" as m\nprintln(args())\nm.twice(21)\n";
    for args in [&["run", "-", "a", "-b"][..], &["-", "a", "-b"]] {
        let out = run_loopc(args, dir.path(), program, LIMIT);
        assert_eq!(out.code, Some(0), "{args:?}: {}", out.stderr);
        assert_eq!(out.stdout_text(), "[\"a\", \"-b\"]\n42\n", "{args:?}");
    }
    let out = run_loopc(&["run", "-"], dir.path(), b"x := 1\nx = \"one\"\n", LIMIT);
    assert_eq!(out.code, Some(1));
    assert!(
        out.stderr.starts_with("<stdin>:2:5: error[E0301]:"),
        "{}",
        out.stderr
    );
    let out = run_loopc(&["run", "-"], dir.path(), b"xs := [1]\nxs[3]\n", LIMIT);
    assert_eq!(out.code, Some(1));
    assert!(out.stderr.starts_with("<stdin>:2:"), "{}", out.stderr);
}
