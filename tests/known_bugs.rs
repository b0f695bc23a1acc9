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
#[ignore = "bug: the null value of a top-level loop that ends without `return` crashes printing when the loop's type is int"]
fn null_value_of_an_int_loop_prints_as_null() {
    assert_runs(
        "w := for var i = 0 to 3 { if i > 5 { return i } }\nprintln(w)",
        "null\n",
    );
}

#[test]
#[ignore = "bug: a function can end without its value (falls off the end); the caller gets null and the runtime leaks a Lua error"]
fn function_that_falls_off_its_end_is_rejected() {
    let out = run_source("fn f(int n) { if n > 0 { return 1 } }\nprintln(f(0))");
    assert_eq!(out.code, Some(1));
    assert!(
        out.stderr.starts_with("main.loop:1:"),
        "expected a compile error at line 1, got: {}",
        out.stderr
    );
}

#[test]
#[ignore = "bug: a top-level function called above its declaration is null at run time, though the checker accepts it"]
fn top_level_function_is_callable_before_its_declaration() {
    assert_runs("println(f())\nfn f() { 1 }", "1\n");
}

#[test]
#[ignore = "bug: a top-level class constructed above its declaration is null at run time, though the checker accepts it"]
fn top_level_class_is_usable_before_its_declaration() {
    assert_runs("p := P()\nclass P { x = 1 }\nprintln(p.x)", "1\n");
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
