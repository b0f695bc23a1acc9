//! Libraries not written for Loop (docs/ffi.md, issue 10):
//! zlib, SQLite, libm and libc declared by their own headers, found by
//! bare name where the system loader looks, run through `loopc run` and as
//! bundles started from another directory; out-parameters, buffers,
//! strings and arrays passed to C; and every misuse.
//!
//! The tests need the development packages of zlib and SQLite (their
//! headers): `.ci/run` installs them. Without them a test fails and says
//! which package is missing; it never passes silently.
#![cfg(target_os = "linux")]

use std::path::Path;
use std::process::Command;

use loop_test_support::ffi::{
    LIMIT, assert_compile_error, assert_runs_both, assert_runtime_error, build_library, run,
    write_program,
};
use loop_test_support::{run_command, run_loopc, workspace};

/// Fails loudly when the header `header` of the Debian package `package`
/// is not installed.
fn require(header: &str, package: &str) {
    assert!(
        Path::new("/usr/include").join(header).is_file(),
        "/usr/include/{header} is missing: install {package} (`apt-get install {package}`; \
         .ci/run does this) to run the system library tests"
    );
}

/// A scratch folder with `main.loop` = `source`.
fn program(source: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write_program(dir.path(), "main.loop", source);
    dir
}

/// Runs `examples/{name}.loop` through `loopc run` and as a bundle started
/// from another directory; both must print `expected`.
fn example(name: &str, expected: &str) {
    let dir = tempfile::tempdir().unwrap();
    let source = workspace().join(format!("examples/{name}.loop"));
    std::fs::copy(&source, dir.path().join("main.loop")).unwrap();
    assert_runs_both(dir.path(), "main.loop", expected, 0);
}

#[test]
fn the_zlib_example_round_trips_with_a_matching_crc() {
    require("zlib.h", "zlib1g-dev");
    example(
        "zlib",
        "zlib 1.2.13\ncompressed 349 bytes to 62\nuncompress: ok\nround trip: identical\n\
         crc32: 1796000959 (matches)\n",
    );
}

#[test]
fn the_sqlite_example_inserts_and_selects() {
    require("sqlite3.h", "libsqlite3-dev");
    let dir = tempfile::tempdir().unwrap();
    let source = workspace().join("examples/sqlite.loop");
    std::fs::copy(&source, dir.path().join("main.loop")).unwrap();
    let ran = run(dir.path(), "main.loop");
    let text = ran.stdout_text();
    assert!(text.starts_with("SQLite 3."), "{text}{}", ran.stderr);
    let rows = "swift: wingspan 0.42 m, seen 40 times\nkestrel: wingspan 0.76 m, seen 5 times\n\
                heron: wingspan 1.85 m, seen 3 times\nchanges: 4\n";
    assert!(text.ends_with(rows), "{text}");
    assert_runs_both(dir.path(), "main.loop", &text, 0);
}

#[test]
fn the_libm_example_uses_functions_macros_and_out_parameters() {
    example(
        "libm",
        "pi = 3.1415926535898\ncbrt(27) = 3\nhypot(3, 4) = 5\nerf(1) = 0.84270079294971\n\
         48 = 0.75 * 2^6\nmodf(-2.75) = -2 and -0.75\n",
    );
}

#[test]
fn the_c_library_from_its_headers() {
    let dir = program(
        r#"import "c" as c header "stdio.h"
import "c" as s header "string.h"
import "c" as std header "stdlib.h"
import "c" as t header "time.h"
c.printf("%s=%d %.3f %c|%5s|\n", "answer", 42, 2.5, 65, "x")
c.fflush(null)
println(s.strlen("seven!!"))
println(std.atoi("123abc") + 1)
println(std.abs(-9))
println(t.time(null) > 1700000000)
println(c.EOF)
b := buffer(32)
n := c.snprintf(b, b.len(), "%d-%d", 7, 8)
println(b.to_string() + " " + n.to_string())
println(s.strcmp(b, "7-8") == 0)
"#,
    );
    assert_runs_both(
        dir.path(),
        "main.loop",
        "answer=42 2.500 A|    x|\n7\n124\n9\ntrue\n-1\n7-8 3\ntrue\n",
        0,
    );
}

#[test]
fn out_parameters_for_numbers_bools_pointers_fields_and_elements() {
    require("sqlite3.h", "libsqlite3-dev");
    let dir = program(
        r#"import "m" as m header "math.h"
import "sqlite3" as sql header "sqlite3.h"
class Parts { float whole; int exponent }
p := Parts()
println(m.modf(3.25, &p.whole))
println(m.frexp(16.0, &p.exponent))
println(p)
wholes := [0.0, 0.0]
m.modf(-7.5, &wholes[1])
println(wholes)
any db := null
println(sql.sqlite3_open(":memory:", &db) == sql.SQLITE_OK and db != null)
int current = -1
int high = -1
sql.sqlite3_status(sql.SQLITE_STATUS_MEMORY_USED, &current, &high, 0)
println(current > 0 and high >= current)
sql.sqlite3_close(db)
any stmt := null
println(sql.sqlite3_prepare_v2(null, "", -1, &stmt, null) != sql.SQLITE_OK)
println(stmt == null)
"#,
    );
    assert_runs_both(
        dir.path(),
        "main.loop",
        "0.25\n0.5\nParts { whole: 3, exponent: 5 }\n[0, -7]\ntrue\ntrue\ntrue\ntrue\n",
        0,
    );
}

#[test]
fn buffers_pass_c_memory_in_place() {
    require("zlib.h", "zlib1g-dev");
    let dir = program(
        r#"import "z" as z header "zlib.h"
import "c" as s header "string.h"
b := buffer(8)
println(b)
println(b.len())
s.memset(b, 65, 3)
println(b.to_string())
println(b[0] + b[3])
b[3] = 66
println(b.to_string(5).len())
println(b.to_string(4))
println(z.crc32(0, b, 4) == z.crc32(0, "AAAB", 4))
any a := b
buffer again = a
println(again.len())
println(b.to_string(9))
"#,
    );
    assert_runtime_error(
        dir.path(),
        "main.loop",
        "buffer(8)\n8\nAAA\n65\n5\nAAAB\ntrue\n8\n",
        "main.loop:16: runtime error: to_string(9) out of range for a buffer of length 8",
    );
}

#[test]
fn buffer_indexes_and_bytes_out_of_range_are_runtime_errors() {
    let cases = [
        (
            "b := buffer(4)\nprintln(b[4])\n",
            "main.loop:3: runtime error: index 4 out of range for a buffer of length 4",
        ),
        (
            "b := buffer(4)\nb[-1] = 0\n",
            "main.loop:3: runtime error: index -1 out of range for a buffer of length 4",
        ),
        (
            "b := buffer(4)\nb[0] = 256\n",
            "main.loop:3: runtime error: 256 is not a byte (0 to 255)",
        ),
        (
            "b := buffer(-2)\n",
            "main.loop:2: runtime error: buffer(-2): a size cannot be negative",
        ),
    ];
    for (source, error) in cases {
        let dir = program(&format!("import \"m\" as m header \"math.h\"\n{source}"));
        assert_runtime_error(dir.path(), "main.loop", "", error);
    }
}

#[test]
fn number_arrays_pass_for_number_pointers_and_come_back_through_non_const_ones() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("arrays.c"),
        "#include <stdint.h>\n\
         void scale(double *xs, int n, double k) { for (int i = 0; i < n; i++) xs[i] *= k; }\n\
         int64_t total(const int32_t *xs, int n) { int64_t t = 0; for (int i = 0; i < n; i++) t += xs[i]; return t; }\n\
         void fill(long *xs, int n) { for (int i = 0; i < n; i++) xs[i] = (long)i * i; }\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("arrays.h"),
        "#include <stdint.h>\nvoid scale(double *xs, int n, double k);\n\
         int64_t total(const int32_t *xs, int n);\nvoid fill(long *xs, int n);\n",
    )
    .unwrap();
    loop_test_support::build_c_library(
        &dir.path().join("arrays.c"),
        &dir.path().join("libarrays.so"),
    );
    write_program(
        dir.path(),
        "main.loop",
        "import \"./arrays\" as a header \"./arrays.h\"\nxs := [1.5, 2.0, -1.0]\na.scale(xs, xs.len(), 2.0)\nprintln(xs)\n\
         ns := [1, 2, 3, 4]\nprintln(a.total(ns, ns.len()))\nsquares := [0, 0, 0, 0, 0]\na.fill(squares, 5)\nprintln(squares)\n\
         empty := [0.0]\nempty.pop()\na.scale(empty, 0, 3.0)\nprintln(empty)\n",
    );
    assert_runs_both(
        dir.path(),
        "main.loop",
        "[3, 4, -2]\n10\n[0, 1, 4, 9, 16]\n[]\n",
        0,
    );
}

#[test]
fn misuses_are_compile_errors() {
    require("zlib.h", "zlib1g-dev");
    let m = "import \"m\" as m header \"math.h\"\n";
    let cases = [
        (
            format!("{m}m.sqrtl(2.0)\n"),
            "main.loop:2:3: error[E0802]: C function `m.sqrtl` cannot be called from Loop: its \
             declaration is beyond Loop (`long double` is not supported): `extern long double \
             sqrtl (long double __x) __attribute__ ((__nothrow__ , __leaf__));`",
        ),
        (
            format!("{m}println(m.fpclassify(1.0))\n"),
            "main.loop:2:11: error[E0802]: C function `m.fpclassify` cannot be called from Loop: it is \
             a function-like macro, which exists only for C source",
        ),
        (
            "import \"z\" as z header \"stdio.h\"\nz.puts(\"hi\")\n".to_string(),
            "main.loop:2:3: error[E0802]: C function `z.puts` cannot be called from Loop: declared in \
             stdio.h but not exported by libz.so.1",
        ),
        (
            format!("{m}x := 1\ny := &x\n"),
            "main.loop:3:6: error[E0801]: `&` is allowed only in an argument for a C pointer parameter \
             (`&place`)",
        ),
        (
            format!("{m}x := 1\nm.ldexp(1.0, &x)\n"),
            "main.loop:3:14: error[E0801]: `&` is allowed only in an argument for a C pointer \
             parameter (`&place`)",
        ),
        (
            format!("{m}int whole = 0\nm.modf(1.5, &whole)\n"),
            "main.loop:3:14: error[E0807]: `&` needs a place of type float for C `double *`, found int",
        ),
        (
            format!("{m}m.modf(1.5, &2.0)\n"),
            "main.loop:2:14: error[E0212]: cannot assign to this expression",
        ),
        (
            format!("{m}const float k = 1.0\nm.modf(1.5, &k)\n"),
            "main.loop:3:14: error[E0208]: cannot assign to `k`: it is a constant",
        ),
        (
            format!("{m}parts := {{\"a\": 1.0}}\nm.modf(1.5, &parts[\"a\"])\n"),
            "main.loop:3:14: error[E0806]: `&` takes a variable, a field or an array element",
        ),
        (
            format!("{m}m.modf(1.5, \"text\")\n"),
            "main.loop:2:13: error[E0808]: C `double *` takes a C pointer, a float[] or `&` and a \
             place of type float, found string",
        ),
        (
            "import \"z\" as z header \"zlib.h\"\nb := buffer(4)\nint n = 4\nz.compress(b, &n, [1.5], 2)\n"
                .to_string(),
            "main.loop:4:19: error[E0808]: C `const Bytef *` takes a C pointer, a buffer, a string, \
             an int[] or `&` and a place of type int, found float[]",
        ),
        (
            "b := buffer(4)\n".to_string(),
            "main.loop:1:6: error[E0814]: `buffer(n)` is memory for C functions, and this program \
             imports no C library",
        ),
        (
            format!("{m}b := buffer(4)\nb.push(1)\n"),
            "main.loop:3:3: error[E0403]: buffer has no method `push`",
        ),
        (
            "import \"m\" as m header \"no_such_header.h\"\n".to_string(),
            "main.loop:1:1: error[E0703]: cannot find header `no_such_header.h`: tried",
        ),
        (
            "import \"m.loop\" as m header \"math.h\"\n".to_string(),
            "",
        ),
    ];
    for (source, error) in cases {
        if error.is_empty() {
            continue;
        }
        let dir = program(&source);
        let ran = run(dir.path(), "main.loop");
        assert_eq!(ran.code, Some(1), "{source}: {}", ran.stderr);
        let first = ran.stderr.lines().next().unwrap_or_default();
        assert!(
            first.starts_with(error),
            "{source}\nexpected: {error}\nfound:    {first}"
        );
    }
}

#[test]
fn a_header_on_a_module_import_is_a_compile_error() {
    let dir = program("import \"util.loop\" as u header \"math.h\"\nprintln(u.x)\n");
    write_program(dir.path(), "util.loop", "pub x := 1\n");
    assert_compile_error(
        dir.path(),
        "main.loop",
        "main.loop:1:32: error[E0605]: `header` belongs to C library imports, not to Loop modules",
    );
}

#[test]
fn bare_names_are_found_in_loop_library_path_and_system_libraries_by_their_run_time_name() {
    let libs = tempfile::tempdir().unwrap();
    build_library("scale", libs.path(), "libscale_here");
    let dir = program("import \"scale_here\" as s\nprintln(s.twice(21))\n");
    let mut command = Command::new(loop_test_support::loopc());
    command
        .args(["run", "main.loop"])
        .current_dir(dir.path())
        .env("LOOP_LIBRARY_PATH", libs.path());
    let out = run_command(command, b"", LIMIT);
    assert_eq!(out.stdout_text(), "42\n", "{}", out.stderr);
    // libm.so is a linker script: it leads to libm.so.6.
    let sigs = run_loopc(&["sigs", "m", "--header", "math.h"], dir.path(), b"", LIMIT);
    assert_eq!(sigs.code, Some(0), "{}", sigs.stderr);
    let text = sigs.stdout_text();
    assert!(
        text.contains("run-time name: libm.so.6 (a system library)")
            && text.contains("  cbrt(float __x) -> float\n")
            && text.contains("  M_PI = 3.14159")
            && text.contains("  sqrtl: `long double` is not supported"),
        "{text}"
    );
}

#[test]
fn a_bundle_loads_a_system_library_by_its_run_time_name_even_with_embed_libs() {
    require("zlib.h", "zlib1g-dev");
    let dir = program("import \"z\" as z header \"zlib.h\"\nprintln(z.crc32(0, \"loop\", 4))\n");
    let exe = dir.path().join("app");
    let built = run_loopc(
        &["bundle", "main.loop", "-o", "app", "--embed-libs"],
        dir.path(),
        b"",
        LIMIT,
    );
    assert_eq!(built.code, Some(0), "{}", built.stderr);
    let plain = run_loopc(
        &["bundle", "main.loop", "-o", "plain"],
        dir.path(),
        b"",
        LIMIT,
    );
    assert_eq!(plain.code, Some(0), "{}", plain.stderr);
    // zlib itself is not inside: the bundle is as large as one without it.
    let size = |name: &str| std::fs::metadata(dir.path().join(name)).unwrap().len();
    assert_eq!(size("app"), size("plain"));
    let elsewhere = tempfile::tempdir().unwrap();
    let mut command = Command::new(&exe);
    command.current_dir(elsewhere.path());
    let out = run_command(command, b"", LIMIT);
    assert_eq!(out.stdout_text(), "2707365358\n", "{}", out.stderr);
}

/// `loopc check` on a program importing the fixture `fixture` built as
/// `lib{fixture}`, with `LOOP_SIGNATURES_TIMEOUT` = `timeout` seconds.
fn check_with(fixture: &str, timeout: &str) -> loop_test_support::Outcome {
    let dir = tempfile::tempdir().unwrap();
    build_library(fixture, dir.path(), &format!("lib{fixture}"));
    write_program(
        dir.path(),
        "main.loop",
        &format!("import \"{fixture}\" as f\nf.never()\n"),
    );
    let mut command = Command::new(loop_test_support::loopc());
    command
        .args(["check", "main.loop"])
        .current_dir(dir.path())
        .env("LOOP_SIGNATURES_TIMEOUT", timeout);
    run_command(command, b"", LIMIT)
}

#[test]
fn a_signature_function_that_crashes_hangs_or_exits_is_a_compile_error() {
    let crashed = check_with("sig_crash", "5");
    assert_eq!(crashed.code, Some(1), "{}", crashed.stderr);
    assert!(
        crashed
            .stderr
            .contains("cannot get the signatures of C library ")
            && crashed
                .stderr
                .contains("its function_signatures() crashed with signal 11 (SIGSEGV)"),
        "{}",
        crashed.stderr
    );
    let hung = check_with("sig_hang", "0.5");
    assert_eq!(hung.code, Some(1), "{}", hung.stderr);
    assert!(
        hung.stderr
            .contains("its function_signatures() did not return within 0.5 s (stopped)"),
        "{}",
        hung.stderr
    );
    // The constructor ends the process that loads the library: the child,
    // never loopc, which reports it.
    let exited = check_with("sig_ctor", "5");
    assert_eq!(exited.code, Some(1), "{}", exited.stderr);
    assert!(
        exited.stderr.contains(
            "calling function_signatures() failed: the library ended the process with status 7"
        ),
        "{}",
        exited.stderr
    );
}
