//! C libraries keep their identity (issue 16): each library's C types are
//! its own, libraries with the same file name stay apart in bundles, one
//! library reached by two paths is one library, `any` values passed for C
//! structs are checked at run time, and 64-bit results a Loop int cannot
//! hold exactly are runtime errors. Each runs through `loopc run` and as a
//! bundle started from another directory.
#![cfg(unix)]

use std::path::Path;
use std::process::Command;

use loop_test_support::ffi::{
    LIMIT, assert_runs_both, assert_runs_both_in, assert_runtime_error, build_library, bundle, run,
    with_library, write_program,
};
use loop_test_support::{run_command, run_loopc};

#[test]
fn two_libraries_defining_the_same_c_names_each_use_their_own() {
    let dir = tempfile::tempdir().unwrap();
    build_library("pt_a", dir.path(), "libpt_a");
    build_library("pt_b", dir.path(), "libpt_b");
    write_program(
        dir.path(),
        "main.loop",
        "import \"pt_a\" as a
import \"pt_b\" as b
class PtA { float x; float y }
class PtB { float w; float x; float y }
pa := PtA()
pa.x = 1.0
pa.y = 0.25
pb := PtB()
pb.w = 1.25
pb.x = 1.0
pb.y = 1.5
println(a.sum_a(pa))
println(b.sum_b(pb))
println(a.twice_a(21))
println(b.twice_b(1.25))
println(a.mode_a(a.M_ONE))
println(b.mode_b(b.M_ONE))
",
    );
    assert_runs_both(dir.path(), "main.loop", "1.25\n3.75\n42\n2.5\n10\n500\n", 0);
}

/// A scratch folder with `a/m.so` (whose `which()` is 1), `b/m.so` (2)
/// and `main.loop` importing both.
fn two_libraries_named_m() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    build_library("which_one", &dir.path().join("a"), "m");
    build_library("which_two", &dir.path().join("b"), "m");
    write_program(
        dir.path(),
        "main.loop",
        "import \"./a/m\" as first\nimport \"./b/m\" as second\nprintln([first.which(), second.which()])\n",
    );
    dir
}

#[test]
fn libraries_with_one_file_name_stay_apart_when_embedded() {
    let dir = two_libraries_named_m();
    let ran = run(dir.path(), "main.loop");
    assert_eq!(ran.stdout_text(), "[1, 2]\n", "{}", ran.stderr);
    let exe = dir.path().join("app");
    let built = run_loopc(
        &["bundle", "main.loop", "-o", "app", "--embed-libs"],
        dir.path(),
        b"",
        LIMIT,
    );
    assert_eq!(built.code, Some(0), "{}", built.stderr);
    let elsewhere = tempfile::tempdir().unwrap();
    let mut command = Command::new(&exe);
    command.current_dir(elsewhere.path());
    let out = run_command(command, b"", LIMIT);
    assert_eq!(out.stdout_text(), "[1, 2]\n", "{}", out.stderr);
    assert_eq!(out.code, Some(0));
}

#[test]
fn libraries_with_one_file_name_are_refused_by_a_bundle_that_finds_libraries_by_name() {
    let dir = two_libraries_named_m();
    let exe = dir.path().join("app");
    let built = bundle(dir.path(), "main.loop", &exe);
    assert_eq!(built.code, Some(1), "{}", built.stderr);
    assert!(!exe.exists(), "a bundle was written");
    assert!(
        built.stderr.contains(
            "the C libraries `./a/m` and `./b/m` are both m.so: a bundle finds its libraries by \
             file name beside the executable"
        ) && built.stderr.contains("--embed-libs"),
        "{}",
        built.stderr
    );
}

#[test]
fn a_library_through_a_symbolic_link_and_its_real_path_is_one_library() {
    let dir = tempfile::tempdir().unwrap();
    build_library("which_one", &dir.path().join("real"), "m");
    std::os::unix::fs::symlink(dir.path().join("real"), dir.path().join("link")).unwrap();
    write_program(
        dir.path(),
        "main.loop",
        "import \"./real/m\" as first\nimport \"./link/m\" as second\nprintln(first.which() + second.which())\n",
    );
    // One library: a bundle finds it once, by its one file name.
    assert_runs_both_in(dir.path(), "main.loop", &dir.path().join("real"), "2\n", 0);
    let lua = run_loopc(&["emit", "lua", "main.loop"], dir.path(), b"", LIMIT);
    let lua = lua.stdout_text();
    assert!(
        lua.contains("_Llib0_which") && !lua.contains("_Llib1_"),
        "{lua}"
    );
}

/// The Loop class standing for `Point` of `fixtures/ffi/structs.c`.
const POINT: &str = "class Point {
    float x
    float y
    void constructor(float x, float y) { self.x = x; self.y = y }
}
class Other { float x; float y; float z }
";

fn with_structs(source: &str) -> tempfile::TempDir {
    with_library(
        "structs",
        &format!("import \"structs\" as s\n{POINT}{source}"),
    )
}

#[test]
fn an_any_holding_the_matching_class_passes_for_a_struct() {
    let dir = with_structs(
        "any v := Point(3.0, 4.0)
println(s.point_len(v))
s.point_scale(v, 2.0)
println(v)
any made := s.point_make(1.0, 2.0)
println(s.point_len(made) > 2.2)
any nothing := null
s.point_scale(nothing, 2.0)
println(\"done\")
",
    );
    assert_runs_both(
        dir.path(),
        "main.loop",
        "5\nPoint { x: 6, y: 8 }\ntrue\ndone\n",
        0,
    );
}

#[test]
fn an_any_holding_another_class_is_a_runtime_error() {
    let dir = with_structs("any v := Other()\nprintln(\"before\")\ns.point_len(v)\n");
    assert_runtime_error(
        dir.path(),
        "main.loop",
        "before\n",
        "main.loop:10: runtime error: expected Point, found Other",
    );
    let dir = with_structs("any v := 1.5\ns.point_scale(v, 2.0)\n");
    assert_runtime_error(
        dir.path(),
        "main.loop",
        "",
        "main.loop:9: runtime error: expected Point, found float",
    );
    let dir = with_structs("any v := null\ns.point_len(v)\n");
    assert_runtime_error(
        dir.path(),
        "main.loop",
        "",
        "main.loop:9: runtime error: expected Point, found null",
    );
}

fn with_wide(source: &str) -> tempfile::TempDir {
    with_library("wide", &format!("import \"wide\" as w\n{source}"))
}

#[test]
fn a_64_bit_result_a_loop_int_cannot_hold_exactly_is_a_runtime_error() {
    let dir = with_wide(
        "println(w.wide_add(9007199254740991, 1))\nprintln(w.wide_add(-9007199254740992, 0))\n\
         println(w.wide_add(9007199254740992, 1))\n",
    );
    assert_runtime_error(
        dir.path(),
        "main.loop",
        "9007199254740992\n-9007199254740992\n",
        "main.loop:4: runtime error: C integer 9007199254740993 does not fit in a Loop int \
         (beyond 2^53)",
    );
    let dir = with_wide("println(w.wide_uadd(9007199254740992, 1))\n");
    assert_runtime_error(
        dir.path(),
        "main.loop",
        "",
        "main.loop:2: runtime error: C integer 9007199254740993 does not fit in a Loop int \
         (beyond 2^53)",
    );
    let dir = with_wide("println(w.wide_add(-9007199254740992, -1))\n");
    assert_runtime_error(
        dir.path(),
        "main.loop",
        "",
        "main.loop:2: runtime error: C integer -9007199254740993 does not fit in a Loop int \
         (beyond 2^53)",
    );
}

#[test]
fn bundles_of_the_same_name_tests_need_no_current_directory() {
    // The bundles above run from a fresh folder; this one checks that the
    // embedded copies are not looked up beside it either.
    let dir = two_libraries_named_m();
    let built = run_loopc(
        &["bundle", "main.loop", "-o", "app", "--embed-libs"],
        dir.path(),
        b"",
        LIMIT,
    );
    assert_eq!(built.code, Some(0), "{}", built.stderr);
    std::fs::remove_dir_all(dir.path().join("a")).unwrap();
    std::fs::remove_dir_all(dir.path().join("b")).unwrap();
    let mut command = Command::new(dir.path().join("app"));
    command.current_dir(Path::new("/"));
    let out = run_command(command, b"", LIMIT);
    assert_eq!(out.stdout_text(), "[1, 2]\n", "{}", out.stderr);
}
