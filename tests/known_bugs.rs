//! Known bugs, each a failing test marked `#[ignore = "bug: …"]` with the
//! smallest program that shows it. Run them with
//! `cargo test -p loop-e2e --test known_bugs -- --ignored`; when one starts
//! passing, drop its `#[ignore]`.

mod common;

use common::run_source;

#[track_caller]
fn assert_runs(source: &str, expected_stdout: &str) {
    let out = run_source(source);
    assert_eq!(out.code, Some(0), "stderr: {}", out.stderr);
    assert_eq!(out.stdout_text(), expected_stdout);
}

#[test]
#[ignore = "bug: more than 200 variables in one scope exceed LuaJIT's limit of 200 locals per function"]
fn more_than_200_top_level_variables() {
    let source: String = (0..300)
        .map(|i| format!("v{i} := {i}\n"))
        .collect::<String>()
        + "v299";
    assert_runs(&source, "299\n");
}

#[test]
#[ignore = "bug: a chain of 200 `+` is parenthesized into more than LuaJIT's 200 syntax levels"]
fn long_operator_chain_loads_in_luajit() {
    let source = format!("x := 1\nx = {}\nx", vec!["x"; 200].join(" + "));
    assert_runs(&source, "200\n");
}

#[test]
#[ignore = "bug: array literals nested 90 deep (under the compiler's limit of 200) are too complex for LuaJIT"]
fn nested_array_literals_load_in_luajit() {
    let source = format!("x := {}1{}\nx.len()", "[".repeat(90), "]".repeat(90));
    assert_runs(&source, "1\n");
}

#[test]
#[ignore = "bug: a flat chain of `+` overflows the compiler's stack (abort, exit 134): ~1000 terms in a debug build, ~5000 in release"]
fn very_long_operator_chain_does_not_crash_the_compiler() {
    let source = format!("x := 1{}\nx", " + 1".repeat(10_000));
    let out = run_source(&source);
    assert!(
        matches!(out.code, Some(0) | Some(1)),
        "status {:?}: {}",
        out.code,
        out.stderr
    );
}
