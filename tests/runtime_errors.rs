//! Runtime errors in Loop words (docs/language.md §2): using null where a value
//! is needed, NaN and null map keys, a null `any` converted to a number or
//! a bool, and runaway recursion say what was null and what was attempted,
//! at the Loop line, the same under `loopc run` and in a bundle, and never
//! name Lua or the generated code.

use std::process::Command;
use std::time::Duration;

use loop_test_support::{Outcome, run_command, run_loopc, scratch, stripped_stub};

const LIMIT: Duration = Duration::from_secs(60);

/// Runs `source` as `main.loop` under `loopc run` and bundled (run from
/// another folder), checks that both fail alike with exit status 1, and
/// gives the error report.
#[track_caller]
fn runtime_error(source: &str) -> String {
    let dir = scratch(&[("main.loop", source.as_bytes())]);
    let run = run_loopc(&["run", "main.loop"], dir.path(), b"", LIMIT);
    let stub = stripped_stub().to_str().unwrap();
    let built = run_loopc(
        &["bundle", "main.loop", "-o", "app", "--stub", stub],
        dir.path(),
        b"",
        LIMIT,
    );
    assert_eq!(built.code, Some(0), "{source}\n{}", built.stderr);
    let elsewhere = tempfile::tempdir().unwrap();
    let mut app = Command::new(dir.path().join("app"));
    app.current_dir(elsewhere.path());
    let bundled = run_command(app, b"", LIMIT);
    assert_eq!(run.code, Some(1), "{source}\n{}", run.stderr);
    assert_same(source, &run, &bundled);
    assert_loop_words(source, &run.stderr);
    run.stderr
}

/// Checks that `loopc run` and the bundle report alike. The count of calls
/// left out of a very deep chain (`… 21727 more calls`) is not compared:
/// where runaway recursion overflows the stack depends on where LuaJIT's
/// JIT started tracing, and its hot counters are indexed by bytecode
/// addresses, so the depth moves by a call or two with the memory layout
/// (even with the number of program arguments).
#[track_caller]
fn assert_same(source: &str, run: &Outcome, bundled: &Outcome) {
    let report = |text: &str| {
        text.lines()
            .map(
                |l| match l.strip_prefix("  … ").and_then(|r| r.split_once(' ')) {
                    Some((count, "more calls")) if count.parse::<u64>().is_ok() => {
                        "  … N more calls".to_string()
                    }
                    _ => l.to_string(),
                },
            )
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(
        (run.code, &run.stdout, report(&run.stderr)),
        (bundled.code, &bundled.stdout, report(&bundled.stderr)),
        "{source}: `loopc run` and the bundle differ"
    );
}

/// The report is in Loop words: nothing of Lua or of the generated code.
#[track_caller]
fn assert_loop_words(source: &str, report: &str) {
    for lua in [
        "Lua",
        "lua",
        "_L",
        "_U",
        "local '",
        "field '",
        "upvalue '",
        "loop runtime",
        "nil",
        "attempt to",
        "bad argument",
        "table index",
    ] {
        assert!(
            !report.contains(lua),
            "{source}\nthe report names {lua:?}:\n{report}"
        );
    }
}

/// Asserts that `source` fails at `main.loop:{line}` with `message`.
#[track_caller]
fn assert_fails(source: &str, line: u32, message: &str) {
    let report = runtime_error(source);
    let want = format!("main.loop:{line}: runtime error: {message}\n");
    assert!(
        report.starts_with(&want),
        "{source}\nexpected {want}got:\n{report}"
    );
}

#[test]
fn string_methods_on_null() {
    for method in [
        "upper()",
        "lower()",
        "trim()",
        "to_int()",
        "to_float()",
        "contains(\"a\")",
        "starts_with(\"a\")",
        "ends_with(\"a\")",
        "find(\"a\")",
        "split(\",\")",
        "replace(\"a\", \"b\")",
    ] {
        let name = method.split('(').next().unwrap();
        assert_fails(
            &format!("string s := null\nprintln(s.{method})"),
            2,
            &format!("cannot call {name}() on null"),
        );
    }
    assert_fails(
        "string s := null\nprintln(s.len())",
        2,
        "cannot get the length of `s`: it is null",
    );
    assert_fails("string s := null\nprintln(s[0])", 2, "cannot index null");
    assert_fails("string s := null\nprintln(s[0..1])", 2, "cannot slice null");
}

#[test]
fn null_arguments_of_string_methods() {
    for call in [
        "contains(t)",
        "starts_with(t)",
        "ends_with(t)",
        "find(t)",
        "split(t)",
        "replace(t, \"b\")",
        "replace(\"a\", t)",
    ] {
        let name = call.split('(').next().unwrap();
        assert_fails(
            &format!("string t := null\nprintln(\"abc\".{call})"),
            2,
            &format!("cannot pass null to {name}()"),
        );
    }
    assert_fails(
        "string[] xs := [\"a\"]\nstring t := null\nprintln(xs.join(t))",
        3,
        "cannot pass null to join()",
    );
    assert_fails(
        "string prompt := null\nprintln(input(prompt))",
        2,
        "cannot pass null to input()",
    );
}

#[test]
fn array_methods_on_null() {
    for method in [
        "push(1)",
        "push(1, 2)",
        "pop()",
        "insert(0, 1)",
        "remove(0)",
        "contains(1)",
        "index_of(1)",
        "reverse()",
        "sort()",
    ] {
        let name = method.split('(').next().unwrap();
        assert_fails(
            &format!("int[] xs := null\nxs.{method}"),
            2,
            &format!("cannot call {name}() on null"),
        );
    }
    assert_fails(
        "string[] xs := null\nprintln(xs.join(\",\"))",
        2,
        "cannot call join() on null",
    );
    assert_fails("int[] xs := null\nprintln(xs[0])", 2, "cannot index null");
    assert_fails("int[] xs := null\nxs[0] = 1", 2, "cannot index null");
    assert_fails("int[] xs := null\nprintln(xs[1..])", 2, "cannot slice null");
    assert_fails(
        "int[] xs := null\nprintln(xs.len())",
        2,
        "cannot use a field or method of `xs`: it is null",
    );
    assert_fails(
        "int[] xs := null\nfor var x in xs { println(x) }",
        2,
        "cannot loop over null",
    );
}

#[test]
fn map_methods_on_null() {
    for (method, name) in [
        ("get(\"a\", 0)", "get"),
        ("contains(\"a\")", "contains"),
        ("remove(\"a\")", "remove"),
        ("keys()", "keys"),
        ("values()", "values"),
    ] {
        assert_fails(
            &format!("map<string, int> m := null\nm.{method}"),
            2,
            &format!("cannot call {name}() on null"),
        );
    }
    assert_fails(
        "map<string, int> m := null\nprintln(m[\"a\"])",
        2,
        "cannot index null",
    );
    assert_fails(
        "map<string, int> m := null\nm[\"a\"] = 1",
        2,
        "cannot index null",
    );
    assert_fails(
        "map<string, int> m := null\nfor var k in m { println(k) }",
        2,
        "cannot loop over null",
    );
}

#[test]
fn null_and_nan_map_keys() {
    assert_fails(
        "m := {1.5: 1}\nm[0.0 / 0.0] = 2",
        2,
        "a map key cannot be NaN",
    );
    assert_fails("x := 0.0 / 0.0\nm := {x: 1}", 2, "a map key cannot be NaN");
    assert_fails(
        "string k := null\nm := {k: 1}",
        2,
        "a map key cannot be null",
    );
    assert_fails(
        "string k := null\nm := {\"a\": 1}\nm[k] = 2",
        3,
        "a map key cannot be null",
    );
}

#[test]
fn null_instances_functions_and_strings() {
    let class = "class P {\n    int x = 1\n    int get() { self.x }\n}\nP p := null\n";
    assert_fails(
        &format!("{class}println(p.x)"),
        6,
        "cannot use a field or method of `p`: it is null",
    );
    assert_fails(
        &format!("{class}p.x = 2"),
        6,
        "cannot use a field or method of `p`: it is null",
    );
    assert_fails(
        &format!("{class}println(p.get())"),
        6,
        "cannot use a field or method of `p`: it is null",
    );
    assert_fails(
        &format!("{class}fn read(P q) {{ q.x }}\nprintln(read(p))"),
        6,
        "cannot use a field or method of `q`: it is null",
    );
    assert_fails(
        "func<int><int> f := null\nprintln(f(1))",
        2,
        "cannot call `f`: it is null",
    );
    assert_fails(
        "string s := null\nprintln(\"got: \" + s)",
        2,
        "cannot concatenate `s`: it is null",
    );
    assert_fails(
        "string s := null\nprintln(s + \"!\")",
        2,
        "cannot concatenate `s`: it is null",
    );
    assert_fails(
        "string s := null\nprintln(s < \"b\")",
        2,
        "cannot compare null with string",
    );
    assert_fails(
        "ext string { int size() { self.len() } }\nstring s := null\nprintln(s.size())",
        1,
        "cannot get the length of `self`: it is null",
    );
}

#[test]
fn null_any_converted_to_a_number_or_bool() {
    for (ty, name) in [("int", "int"), ("float", "float"), ("bool", "bool")] {
        assert_fails(
            &format!("any a := null\n{ty} v := a\nprintln(v)"),
            2,
            &format!("cannot convert null to {name}"),
        );
    }
    assert_fails(
        "any a := null\nif a { println(1) }",
        2,
        "cannot convert null to bool",
    );
    assert_fails(
        "any a := null\nprintln(a + 1)",
        2,
        "cannot convert null to int",
    );
    // Where null is a value of the type, it passes.
    let dir = scratch(&[(
        "main.loop",
        b"any a := null\nstring s := a\nint[] xs := a\nprintln(s)\nprintln(xs)\n",
    )]);
    let out = run_loopc(&["run", "main.loop"], dir.path(), b"", LIMIT);
    assert_eq!(out.stdout_text(), "null\nnull\n", "{}", out.stderr);
}

#[test]
fn runaway_recursion_after_warm_up_keeps_its_report() {
    for warm_up in ["", "println(depth(200))\n"] {
        let source = format!(
            "fn depth(int n) {{ if n == 0 {{ 0 }} else {{ 1 + depth(n - 1) }} }}\n{warm_up}println(depth(1000000))\n"
        );
        let report = runtime_error(&source);
        assert!(
            report.starts_with("main.loop:1: runtime error: stack overflow"),
            "{source}\n{report}"
        );
        assert!(report.contains("  at main.loop:1 in depth\n"), "{report}");
        let last = if warm_up.is_empty() { 2 } else { 3 };
        assert!(
            report.ends_with(&format!("  at main.loop:{last}\n")),
            "{report}"
        );
        assert!(report.lines().count() < 10, "{report}");
    }
}

#[test]
fn mutual_recursion_reports_both_ends_of_a_deep_chain() {
    let report = runtime_error(
        "fn ping(int n) { pong(n + 1) + 1 }\nfn pong(int n) { ping(n + 1) + 1 }\nping(0)\n",
    );
    assert!(
        report.starts_with("main.loop:1: runtime error: stack overflow")
            || report.starts_with("main.loop:2: runtime error: stack overflow"),
        "{report}"
    );
    assert!(report.contains(" more calls\n"), "{report}");
    assert!(report.ends_with("  at main.loop:3\n"), "{report}");
}
