//! C libraries from Loop (docs/ffi.md), end to end: the fixtures of
//! `fixtures/ffi/` are built with the system C compiler, and Loop programs
//! calling them run through `loopc run` and as bundled executables.
//!
//! Covered here: every C type class, constants, varargs, 64-bit results,
//! where libraries are found, where their signatures come from, and C
//! output interleaving with Loop's. Errors are in `ffi_errors.rs`, structs
//! from classes in `ffi_structs.rs`.
#![cfg(unix)]

use loop_test_support::ffi::{
    LIMIT, assert_runs_both, assert_runs_both_in, assert_runtime_error, build_library,
    copy_fixture, run, with_library, write_program,
};
use loop_test_support::run_loopc;

/// A scratch folder holding `libctypes` and `main.loop` = `source`.
fn with_ctypes(source: &str) -> tempfile::TempDir {
    with_library("ctypes", source)
}

#[test]
fn integers_of_every_width_and_signedness_round_trip() {
    let dir = with_ctypes(
        r#"import "ctypes" as c
println(c.ct_char(65))
println(c.ct_schar(-128))
println(c.ct_uchar(255))
println(c.ct_short(-32768))
println(c.ct_ushort(65535))
println(c.ct_int(-2147483648))
println(c.ct_uint(4294967295))
println(c.ct_long(-9007199254740992))
println(c.ct_ulong(9007199254740992))
println(c.ct_llong(-1234567890123))
println(c.ct_ullong(1234567890123))
println(c.ct_i8(-128))
println(c.ct_u8(255))
println(c.ct_i16(-32768))
println(c.ct_u16(65535))
println(c.ct_i32(2147483647))
println(c.ct_u32(4294967295))
println(c.ct_i64(-9007199254740992))
println(c.ct_u64(9007199254740992))
println(c.ct_intptr(-7))
println(c.ct_uintptr(7))
println(c.ct_size(2 ^ 40))
println(c.ct_ssize(-1))
println(c.ct_ptrdiff(-2))
total := 0
for var i = 0 to 1000 { total = total + c.ct_u64(i) + c.ct_i8(-1) }
total
"#,
    );
    assert_runs_both(
        dir.path(),
        "main.loop",
        "65\n-128\n255\n-32768\n65535\n-2147483648\n4294967295\n\
         -9007199254740992\n9007199254740992\n-1234567890123\n1234567890123\n\
         -128\n255\n-32768\n65535\n2147483647\n4294967295\n\
         -9007199254740992\n9007199254740992\n-7\n7\n1099511627776\n-1\n-2\n\
         498500\n",
        0,
    );
}

#[test]
fn bools_floats_and_doubles() {
    let dir = with_ctypes(
        r#"import "ctypes" as c
println(c.ct_bool(true))
println(c.ct_bool(false))
println(c.ct_bool(c.ct_bool(true)))
println(c.ct_float(1.25))
println(c.ct_float(1.1))
println(c.ct_double(1.1))
println(c.ct_double(3))
println(c.ct_double(-0.75) + 1)
"#,
    );
    // `float` has single precision: 1.1f * 2 is not 2.2.
    assert_runs_both(
        dir.path(),
        "main.loop",
        "false\ntrue\ntrue\n2.5\n2.2000000476837\n2.2\n6\n-0.5\n",
        0,
    );
}

#[test]
fn strings_go_in_and_returned_char_pointers_are_copied() {
    let dir = with_ctypes(
        r#"import "ctypes" as c
// ct_upper returns its static buffer: each result must be a copy.
first := c.ct_upper("hello, world")
second := c.ct_upper("loop")
println(first + " " + second)
println(c.ct_upper("").len())
println(c.ct_color_name(c.GREEN))
name := c.ct_color_name(3)
println(name == null)
println(name)
"#,
    );
    assert_runs_both(
        dir.path(),
        "main.loop",
        "HELLO, WORLD LOOP\n0\ngreen\ntrue\nnull\n",
        0,
    );
}

#[test]
fn const_char_parameters_take_strings() {
    let dir = tempfile::tempdir().unwrap();
    build_library("plain", dir.path(), "libplain");
    copy_fixture("plain.h", dir.path());
    write_program(
        dir.path(),
        "main.loop",
        "import \"plain\" as p\nprintln(p.plain_length(\"h\\u{E9}llo\"))\np.plain_length(\"\")\n",
    );
    assert_runs_both(dir.path(), "main.loop", "6\n0\n", 0);
}

#[test]
fn void_functions_are_called_for_their_effect() {
    let dir = with_ctypes(
        r#"import "ctypes" as c
c.ct_nothing()
for var i = 0 to 3 { c.ct_nothing() }
fn twice() { c.ct_nothing(); c.ct_nothing() }
twice()
println(c.ct_calls)
c.ct_nothing()
"#,
    );
    // The last statement is a void call: nothing is printed for it.
    assert_runs_both(dir.path(), "main.loop", "6\n", 0);
}

#[test]
fn opaque_pointers_are_passed_back_and_compared_with_null() {
    let dir = with_library(
        "pointers",
        r#"import "pointers" as p
s := p.stack_new()
println(s == null)
println(s != null)
p.stack_push(s, 3)
p.stack_push(s, 4)
println(p.stack_size(s))
println(p.stack_pop(s))
println(p.stack_size(null))
println(p.stack_maybe(false) == null)
println(p.no_pointer() == null)
println(p.no_pointer())
class Holder { any handle }
h := Holder()
h.handle = s
println(p.stack_size(h.handle))
t := s
println(p.stack_same(s, t))
println(s == t)
u := p.stack_maybe(true)
println(s == u)
println(p.stack_same(u, null))
p.stack_free(s)
p.stack_free(u)
"#,
    );
    assert_runs_both(
        dir.path(),
        "main.loop",
        "false\ntrue\n2\n4\n-1\ntrue\ntrue\nnull\n1\ntrue\ntrue\nfalse\nfalse\n",
        0,
    );
}

#[test]
fn enum_and_define_constants_read_as_names() {
    let dir = with_ctypes(
        r#"import "ctypes" as c
println(c.RED)
println(c.GREEN)
println(c.BLUE)
println(c.ct_color_name(c.BLUE))
println(c.ct_next_color(c.RED) == c.GREEN)
println(c.ct_next_color(c.ct_next_color(c.GREEN)) + 1)
println(c.ct_favourite)
println(c.CT_LIMIT * 2)
println(c.CT_SCALE)
float half := c.CT_SCALE
int limit := c.CT_LIMIT
half * limit
"#,
    );
    assert_runs_both(
        dir.path(),
        "main.loop",
        "0\n5\n6\nblue\ntrue\n1\n6\n200\n0.5\n50\n",
        0,
    );
}

#[test]
fn exported_variables_read_as_names_with_their_current_value() {
    let dir = with_ctypes(
        r#"import "ctypes" as c
println(c.ct_calls)
c.ct_nothing()
c.ct_nothing()
println(c.ct_calls)
fn calls() { c.ct_calls }
c.ct_nothing()
println(calls())
println(c.ct_pi)
c.ct_pi * 2
"#,
    );
    assert_runs_both(dir.path(), "main.loop", "0\n2\n3\n3.14159\n6.28318\n", 0);
}

#[test]
fn an_arc_file_calling_c_runs_like_its_source() {
    let dir = with_ctypes(
        "import \"ctypes\" as c\nc.ct_nothing()\nprintln(c.ct_upper(\"arc\"))\n\
         println(c.ct_sum(2, c.BLUE, c.ct_calls))\nc.ct_u64(2 ^ 60)\n",
    );
    let arc = run_loopc(&["emit", "arc", "main.loop"], dir.path(), b"", LIMIT);
    assert_eq!(arc.code, Some(0), "{}", arc.stderr);
    std::fs::write(dir.path().join("main.arc"), &arc.stdout).unwrap();
    assert_runtime_error(
        dir.path(),
        "main.arc",
        "ARC\n7\n",
        "main.loop:5: runtime error: C integer 1152921504606846976 does not fit \
         in a Loop int (beyond 2^53)",
    );
}

#[test]
fn header_constants_read_as_names() {
    let dir = tempfile::tempdir().unwrap();
    build_library("plain", dir.path(), "libplain");
    copy_fixture("plain.h", dir.path());
    write_program(
        dir.path(),
        "main.loop",
        "import \"plain\" as p\nprintln(p.PLAIN_VERSION)\nprintln(p.PLAIN_LIMIT)\n\
         println(p.PLAIN_RATIO)\nprintln(p.PLAIN_FAST + p.PLAIN_SAFE == p.PLAIN_BOTH)\n",
    );
    assert_runs_both(dir.path(), "main.loop", "7\n85\n2.5\ntrue\n", 0);
}

#[test]
fn variadic_functions_take_extra_arguments() {
    let dir = tempfile::tempdir().unwrap();
    build_library("ctypes", dir.path(), "libctypes");
    build_library("output", dir.path(), "liboutput");
    write_program(
        dir.path(),
        "main.loop",
        r#"import "ctypes" as c
import "output" as o
println(c.ct_sum(0))
println(c.ct_sum(3, 1, 2, 3))
println(c.ct_sum(2, -5, c.ct_int(2)))
n := o.out_printf("%d|%5.2f|%s|%d|%c\n", 42, 2.5, "text", true, 65)
println(n)
o.out_printf("no arguments\n")
"#,
    );
    assert_runs_both(
        dir.path(),
        "main.loop",
        "0\n6\n-3\n42| 2.50|text|1|A\n18\nno arguments\n13\n",
        0,
    );
}

#[test]
fn sixty_four_bit_results_beyond_2_pow_53_are_runtime_errors() {
    let dir = with_ctypes(
        r#"import "ctypes" as c
println(c.ct_u64(9007199254740992))
println(c.ct_i64(-9007199254740992))
fn wide(int x) {
    return c.ct_u64(x)
}
println("before")
println(wide(-1))
println("not reached")
"#,
    );
    assert_runtime_error(
        dir.path(),
        "main.loop",
        "9007199254740992\n-9007199254740992\nbefore\n",
        "main.loop:5: runtime error: C integer 18446744073709551615 does not fit \
         in a Loop int (beyond 2^53)",
    );
    let dir = with_ctypes("import \"ctypes\" as c\nx := c.ct_i64(2 ^ 54)\nx\n");
    assert_runtime_error(
        dir.path(),
        "main.loop",
        "",
        "main.loop:2: runtime error: C integer 18014398509481984 does not fit \
         in a Loop int (beyond 2^53)",
    );
}

#[test]
fn struct_union_enum_and_typedef_declarations_are_declared_to_luajit() {
    // Calling anything declares every type of the library to LuaJIT; a
    // struct returned by value is an opaque value.
    let dir = with_ctypes(
        r#"import "ctypes" as c
p := c.ct_point(3, 4)
println(p == null)
println(c.ct_color_name(c.RED))
"#,
    );
    assert_runs_both(dir.path(), "main.loop", "false\nred\n", 0);
}

#[test]
fn a_library_is_found_relative_to_the_importing_file_whatever_the_cwd() {
    let dir = tempfile::tempdir().unwrap();
    let app = dir.path().join("app");
    build_library("ctypes", &app.join("lib"), "libctypes");
    write_program(
        &app,
        "main.loop",
        "import \"lib/ctypes\" as c\nimport \"util/helper.loop\" as helper\n\
         println(c.ct_int(1))\nprintln(helper.twice(21))\n",
    );
    write_program(
        &app,
        "util/helper.loop",
        "import \"../lib/ctypes\" as c\npub fn twice(int x) { c.ct_int(x) * 2 }\n",
    );
    let expected = "1\n42\n";
    // From the program's folder, from its parent, and from elsewhere.
    for (cwd, main) in [
        (app.clone(), "main.loop".to_string()),
        (dir.path().to_path_buf(), "app/main.loop".to_string()),
        (
            std::env::temp_dir(),
            app.join("main.loop").display().to_string(),
        ),
    ] {
        let out = run(&cwd, &main);
        assert_eq!(out.stdout_text(), expected, "from {cwd:?}: {}", out.stderr);
        assert_eq!(out.code, Some(0));
    }
    // A bundle finds the library next to itself.
    assert_runs_both_in(&app, "main.loop", &app.join("lib"), expected, 0);
}

#[test]
fn the_lib_prefix_is_optional_and_absolute_paths_work() {
    let dir = tempfile::tempdir().unwrap();
    let libs = dir.path().join("libs");
    build_library("ctypes", &libs, "libctypes");
    build_library("legacy", &libs, "legacy");
    let absolute = libs.join("ctypes").display().to_string();
    let absolute_with_prefix = libs.join("libctypes").display().to_string();
    write_program(
        dir.path(),
        "main.loop",
        &format!(
            "import \"{absolute}\" as a\nimport \"{absolute_with_prefix}\" as b\n\
             import \"libs/legacy\" as l\n\
             println(a.ct_int(1) + b.ct_int(2))\nprintln(l.legacy_twice(4))\n"
        ),
    );
    assert_runs_both_in(dir.path(), "main.loop", &libs, "3\n8\n", 0);
}

#[test]
fn signatures_come_from_function_signatures_library_signatures_or_a_header() {
    let dir = tempfile::tempdir().unwrap();
    build_library("ctypes", dir.path(), "libctypes");
    build_library("legacy", dir.path(), "liblegacy");
    build_library("plain", dir.path(), "libplain");
    copy_fixture("plain.h", dir.path());
    write_program(
        dir.path(),
        "main.loop",
        "import \"ctypes\" as modern\nimport \"legacy\" as old\nimport \"plain\" as header\n\
         println(modern.ct_int(1))\nprintln(old.legacy_twice(2))\nprintln(header.triple(3))\n",
    );
    assert_runs_both(dir.path(), "main.loop", "1\n4\n9\n", 0);
}

#[test]
fn c_output_and_loop_output_interleave_in_program_order() {
    let dir = with_library(
        "output",
        r#"import "output" as o
print("loop 1, ")
o.out_printf("c %d, ", 1)
println("loop 2")
o.out_puts("c 2")
for var i = 0 to 3 {
    print(i)
    o.out_char(97 + i)
}
o.out_char(10)
println("loop 3")
written := o.out_printf("c 3\n")
"#,
    );
    assert_runs_both(
        dir.path(),
        "main.loop",
        "loop 1, c 1, loop 2\nc 2\n0a1b2c\nloop 3\nc 3\n",
        0,
    );
}

#[test]
fn a_library_using_the_math_library_without_linking_it_loads() {
    // loopc and the stub define LuaJIT's math functions themselves and do
    // not link libm.so.6; they load it for the C libraries of a program.
    let dir = with_library(
        "mathuse",
        "import \"mathuse\" as m\nprintln(m.power(2.0, 10.0))\nprintln(m.cube_root(27.0))\n",
    );
    assert_runs_both(dir.path(), "main.loop", "1024\n3\n", 0);
}

#[test]
fn float_powers_are_the_same_run_and_bundled() {
    let dir = tempfile::tempdir().unwrap();
    write_program(
        dir.path(),
        "main.loop",
        "println(2.0 ^ 0.5)\nprintln(10.0 ^ -3)\nprintln(1.0001 ^ 10000)\nprintln(3 ^ 4)\n",
    );
    assert_runs_both(
        dir.path(),
        "main.loop",
        "1.4142135623731\n0.001\n2.7181459268249\n81\n",
        0,
    );
}
