//! C libraries without surprises (issue 16, items 5-12): C functions as
//! values, embedded libraries that leave nothing behind, odd import paths,
//! and the other usability fixes, each through `loopc run` and a bundle
//! started from another directory.
#![cfg(target_os = "linux")]

use std::process::{Command, Stdio};
use std::time::Duration;

use loop_test_support::ffi::{
    LIMIT, assert_compile_error, assert_runs_both, with_library, write_program,
};
use loop_test_support::{run_command, run_loopc};

#[test]
fn c_functions_are_values_where_loop_functions_are_expected() {
    let dir = with_library(
        "scale",
        "import \"scale\" as c
fn apply(func<int><int> f, int x) { f(x) }
println(apply(c.twice, 21))
f := c.thrice
println(f(5))
fs := [c.twice, c.thrice]
println(fs[1](2))
",
    );
    assert_runs_both(dir.path(), "main.loop", "42\n15\n6\n", 0);
}

#[test]
fn a_variadic_c_function_is_not_a_value() {
    let dir = with_library("output", "import \"output\" as o\np := o.out_printf\n");
    assert_compile_error(
        dir.path(),
        "main.loop",
        "main.loop:2:8: error[E0811]: C function `o.out_printf` takes varargs, so it cannot be a \
         value; wrap the calls you need in a Loop function",
    );
}

#[test]
fn imports_that_name_no_library_are_compile_errors() {
    for import in ["", ".", "./"] {
        let dir = tempfile::tempdir().unwrap();
        write_program(
            dir.path(),
            "main.loop",
            &format!("import \"{import}\" as x\nprintln(1)\n"),
        );
        assert_compile_error(
            dir.path(),
            "main.loop",
            &format!(
                "main.loop:1:1: error[E0702]: `import \"{import}\"` names no C library: give a \
                 library's name (`\"z\"`) or a path to it without the extension \
                 (`\"./lib/mathx\"`)"
            ),
        );
    }
}

/// Bundles `source` (importing the fixture `scale`) with `--embed-libs`
/// and returns the scratch folder and the executable.
fn embedded(source: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = with_library("scale", source);
    let built = run_loopc(
        &["bundle", "main.loop", "-o", "app", "--embed-libs"],
        dir.path(),
        b"",
        LIMIT,
    );
    assert_eq!(built.code, Some(0), "{}", built.stderr);
    std::fs::remove_file(
        dir.path()
            .join(loop_test_support::ffi::library_file("libscale")),
    )
    .unwrap();
    let exe = dir.path().join("app");
    (dir, exe)
}

#[test]
fn embedded_libraries_leave_nothing_behind_after_a_c_exit() {
    let (_dir, exe) = embedded(
        "import \"scale\" as s\nimport \"c\" as c header \"stdlib.h\"\nprintln(s.twice(2))\nc.exit(3)\n",
    );
    let temp = tempfile::tempdir().unwrap();
    let mut command = Command::new(&exe);
    command.env("TMPDIR", temp.path());
    let out = run_command(command, b"", LIMIT);
    assert_eq!(out.stdout_text(), "4\n", "{}", out.stderr);
    assert_eq!(out.code, Some(3));
    assert_eq!(std::fs::read_dir(temp.path()).unwrap().count(), 0);
}

#[test]
fn embedded_libraries_leave_nothing_behind_when_killed() {
    let (_dir, exe) = embedded(
        "import \"scale\" as s\nimport \"c\" as c header \"stdio.h\"\nprintln(s.twice(2))\n\
         c.fflush(null)\nvar n = 0\nfor true { n = n + s.twice(1) }\n",
    );
    let temp = tempfile::tempdir().unwrap();
    let mut child = Command::new(&exe)
        .env("TMPDIR", temp.path())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until the program runs (it printed), then kill it.
    let mut first = [0u8; 2];
    std::io::Read::read_exact(child.stdout.as_mut().unwrap(), &mut first).unwrap();
    assert_eq!(&first, b"4\n");
    std::thread::sleep(Duration::from_millis(50));
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(std::fs::read_dir(temp.path()).unwrap().count(), 0);
}

#[test]
fn signature_strings_are_preprocessed_like_headers() {
    let dir = with_library(
        "preprocessed",
        "import \"preprocessed\" as p
println(p.pp_add(2, 40))
println(p.pp_twice(21))
println(p.PP_NAME)
println(p.PP_HALF)
println(p.PP_LIMIT)
println(p.PP_GREETING)
",
    );
    assert_runs_both(
        dir.path(),
        "main.loop",
        "42\n42\npreprocessed\n0.5\n100\nhello\n",
        0,
    );
    let cases = [
        (
            "p.pp_hidden()",
            "main.loop:2:3: error[E0803]: C library `p` has no function `pp_hidden`",
        ),
        (
            "println(p.PP_SIZE)",
            "main.loop:2:11: error[E0812]: C variable `p.PP_SIZE` cannot be read from Loop: it is a \
             macro whose value is not a constant Loop can use (`sizeof` is not a known constant)",
        ),
        (
            "println(p.PP_HANDLE)",
            "main.loop:2:11: error[E0812]: C variable `p.PP_HANDLE` cannot be read from Loop: it is a \
             macro whose value is not a constant Loop can use",
        ),
    ];
    for (line, error) in cases {
        let dir = with_library(
            "preprocessed",
            &format!("import \"preprocessed\" as p\n{line}\n"),
        );
        let out = loop_test_support::ffi::run(dir.path(), "main.loop");
        assert_eq!(out.code, Some(1), "{}", out.stderr);
        let first = out.stderr.lines().next().unwrap_or_default();
        assert!(
            first.starts_with(error),
            "expected {error}\nfound    {first}"
        );
    }
    let sigs = run_loopc(&["sigs", "libpreprocessed"], dir.path(), b"", LIMIT);
    let text = sigs.stdout_text();
    assert!(
        text.contains("pp_add(int a, int b) -> int")
            && text.contains("PP_NAME = \"preprocessed\"")
            && text.contains("PP_SIZE: a macro whose value is not a constant"),
        "{text}"
    );
}

#[test]
fn embedding_a_library_with_a_private_dependency_is_refused_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let cc = |args: &[&str]| {
        let out = Command::new("cc")
            .args(args)
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let base = loop_test_support::c_fixture("dep_base");
    let top = loop_test_support::c_fixture("dep_top");
    cc(&[
        "-shared",
        "-fPIC",
        "-o",
        "libdep_base.so",
        base.to_str().unwrap(),
    ]);
    cc(&[
        "-shared",
        "-fPIC",
        "-o",
        "libdep_top.so",
        top.to_str().unwrap(),
        "-L.",
        "-ldep_base",
        "-Wl,-rpath,$ORIGIN",
    ]);
    write_program(
        dir.path(),
        "main.loop",
        "import \"dep_top\" as t\nprintln(t.top_value())\n",
    );
    assert_eq!(
        loop_test_support::ffi::run(dir.path(), "main.loop").stdout_text(),
        "42\n"
    );
    let built = run_loopc(
        &["bundle", "main.loop", "-o", "app", "--embed-libs"],
        dir.path(),
        b"",
        LIMIT,
    );
    assert_eq!(built.code, Some(1), "{}", built.stderr);
    assert!(!dir.path().join("app").exists());
    assert!(
        built
            .stderr
            .contains("cannot embed the C library `dep_top`: ")
            && built
                .stderr
                .contains("needs libdep_base.so, which lies beside it and is not a system library"),
        "{}",
        built.stderr
    );
}

#[test]
fn struct_results_print_with_their_fields_and_become_instances_where_expected() {
    let dir = with_library(
        "structs",
        "import \"structs\" as s
class Point { float x; float y }
p := s.point_make(1.5, 2.0)
println(p)
Point q = s.point_make(3.0, 4.0)
println(q)
println(q.x + q.y)
fn len(Point v) { s.point_len(v) }
println(len(s.point_make(6.0, 8.0)))
fn make() {
    Point r = s.point_make(0.5, 0.5)
    return r
}
println(make())
println(s.point_len(p))
class Other { int a }
Other o = s.point_make(1.0, 1.0)
",
    );
    loop_test_support::ffi::assert_runtime_error(
        dir.path(),
        "main.loop",
        "Point { x: 1.5, y: 2 }\nPoint { x: 3, y: 4 }\n7\n10\nPoint { x: 0.5, y: 0.5 }\n2.5\n",
        "main.loop:17: runtime error: expected Other, found C value",
    );
}

#[test]
fn a_pointer_of_another_c_type_is_a_runtime_error_in_loop_words() {
    let dir = with_library(
        "pets",
        "import \"pets\" as p\nprintln(p.dog_bark(p.dog_new()))\nprintln(p.dog_bark(null))\nc := p.cat_new()\np.dog_bark(c)\n",
    );
    loop_test_support::ffi::assert_runtime_error(
        dir.path(),
        "main.loop",
        "3\n-1\n",
        "main.loop:5: runtime error: C function `dog_bark`, argument 1: expected C `struct Dog *`, \
         found C `struct Cat *`",
    );
}
