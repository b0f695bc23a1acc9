//! C libraries from Loop, end to end: every kind of error is reported at
//! its Loop file:line:col with exit status 1 by both `loopc run` and
//! `loopc bundle`, and `loopc sigs` shows what the compiler sees.
#![cfg(unix)]

use std::path::Path;

use loop_test_support::ffi::{
    LIMIT, assert_compile_error, build_library, copy_fixture, library_file, write_program,
};
use loop_test_support::run_loopc;

/// A scratch folder holding the fixture libraries `sources` (each built as
/// `lib{source}`) and `main.loop` = `program`.
fn folder(sources: &[&str], program: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for source in sources {
        build_library(source, dir.path(), &format!("lib{source}"));
    }
    write_program(dir.path(), "main.loop", program);
    dir
}

fn path_in(dir: &Path, file: &str) -> String {
    dir.join(file).display().to_string()
}

#[test]
fn a_missing_library_names_every_path_tried() {
    let dir = folder(&[], "println(1)\nimport \"deps/nolib\" as n\nn.f()\n");
    let stderr = assert_compile_error(
        dir.path(),
        "main.loop",
        &format!(
            "main.loop:2:1: error[E0701]: cannot find C library `deps/nolib`: tried {}, {}",
            path_in(dir.path(), &format!("deps/{}", library_file("nolib"))),
            path_in(dir.path(), &format!("deps/{}", library_file("libnolib"))),
        ),
    );
    assert!(stderr.contains("import \"deps/nolib\" as n"), "{stderr}");
}

#[test]
fn a_library_without_signatures_or_header_is_refused() {
    let dir = folder(&["bare"], "import \"bare\" as b\nb.bare_add(1, 2)\n");
    assert_compile_error(
        dir.path(),
        "main.loop",
        &format!(
            "main.loop:1:1: error[E0709]: no signatures for C library {}: it exports neither \
             function_signatures() nor library_signatures(), and there is no header \
             (tried {}, {})",
            path_in(dir.path(), &library_file("libbare")),
            path_in(dir.path(), "bare.h"),
            path_in(dir.path(), "libbare.h"),
        ),
    );
}

#[test]
fn a_declaration_that_cannot_be_parsed_is_shown() {
    let dir = folder(
        &["bad_declaration"],
        "x := 1\n  import \"bad_declaration\" as b\nb.fine(1)\n",
    );
    assert_compile_error(
        dir.path(),
        "main.loop",
        &format!(
            "main.loop:2:3: error[E0710]: cannot parse C declaration `int broken(int a b);`: \
             expected `,` or `)` after parameter (in function_signatures() of {})",
            path_in(dir.path(), &library_file("libbad_declaration")),
        ),
    );
}

#[test]
fn a_declared_function_the_library_does_not_export_is_named() {
    let dir = folder(
        &["missing"],
        "import \"missing\" as m\nprintln(m.shown(1))\n",
    );
    assert_compile_error(
        dir.path(),
        "main.loop",
        &format!(
            "main.loop:1:1: error[E0711]: declared but not exported by {}: `hidden`, `missing_counter`",
            path_in(dir.path(), &library_file("libmissing")),
        ),
    );
}

#[test]
fn an_unknown_function_or_constant_is_an_error() {
    let dir = folder(
        &["ctypes"],
        "import \"ctypes\" as c\nc.ct_int(1)\nc.ct_nope(1)\n",
    );
    assert_compile_error(
        dir.path(),
        "main.loop",
        "main.loop:3:3: error[E0803]: C library `c` has no function `ct_nope`",
    );
    let dir = folder(&["ctypes"], "import \"ctypes\" as c\nx := c.PURPLE\n");
    assert_compile_error(
        dir.path(),
        "main.loop",
        "main.loop:2:8: error[E0813]: C library `c` has no constant `PURPLE`",
    );
}

#[test]
fn a_function_loop_cannot_pass_arguments_to_says_why() {
    let dir = folder(
        &["ctypes"],
        "import \"ctypes\" as c\nc.ct_number_double(1)\n",
    );
    assert_compile_error(
        dir.path(),
        "main.loop",
        "main.loop:2:3: error[E0802]: C function `c.ct_number_double` cannot be called from Loop: \
         its parameter `n` is a `union number`, which Loop has no value for",
    );
}

#[test]
fn a_wrong_number_of_arguments_is_an_error() {
    let cases = [
        (
            "c.ct_int(1, 2)",
            "main.loop:2:1: error[E0401]: `c.ct_int` takes 1 argument but 2 were given",
        ),
        (
            "c.ct_nothing(0)",
            "main.loop:2:1: error[E0401]: `c.ct_nothing` takes 0 arguments but 1 was given",
        ),
        (
            "c.ct_point(1)",
            "main.loop:2:1: error[E0401]: `c.ct_point` takes 2 arguments but 1 was given",
        ),
        (
            "c.ct_sum()",
            "main.loop:2:1: error[E0401]: `c.ct_sum` takes at least 1 argument but 0 were given",
        ),
    ];
    for (call, error) in cases {
        let dir = folder(&["ctypes"], &format!("import \"ctypes\" as c\n{call}\n"));
        assert_compile_error(dir.path(), "main.loop", error);
    }
}

#[test]
fn a_wrong_argument_type_is_an_error() {
    let cases = [
        (
            "c.ct_int(\"x\")",
            "main.loop:2:10: error[E0301]: expected int, found string",
        ),
        (
            "c.ct_int(1.5)",
            "main.loop:2:10: error[E0301]: expected int, found float",
        ),
        (
            "c.ct_bool(1)",
            "main.loop:2:11: error[E0301]: expected bool, found int",
        ),
        (
            "c.ct_double(\"2\")",
            "main.loop:2:13: error[E0301]: expected float, found string",
        ),
        (
            "c.ct_upper(7)",
            "main.loop:2:12: error[E0301]: expected string, found int",
        ),
        (
            "c.ct_counter_next(5)",
            "main.loop:2:19: error[E0808]: expected a C pointer, found int",
        ),
        (
            "c.ct_counter_free(\"p\")",
            "main.loop:2:19: error[E0808]: expected a C pointer, found string",
        ),
        (
            "c.ct_sum(2, 1, [2])",
            "main.loop:2:16: error[E0804]: cannot pass int[] to C varargs",
        ),
        (
            "c.ct_int(c.ct_nothing())",
            "main.loop:2:10: error[E0302]: this expression has no value (its type is void)",
        ),
    ];
    for (call, error) in cases {
        let dir = folder(&["ctypes"], &format!("import \"ctypes\" as c\n{call}\n"));
        assert_compile_error(dir.path(), "main.loop", error);
    }
}

#[test]
fn an_error_in_an_imported_module_names_that_module() {
    let dir = folder(
        &["ctypes"],
        "import \"lib/util.loop\" as util\nprintln(util.f())\n",
    );
    build_library("ctypes", &dir.path().join("lib"), "libctypes");
    write_program(
        dir.path(),
        "lib/util.loop",
        "import \"ctypes\" as c\npub fn f() {\n    c.ct_int(true)\n}\n",
    );
    assert_compile_error(
        dir.path(),
        "main.loop",
        "lib/util.loop:3:14: error[E0301]: expected int, found bool",
    );
}

#[test]
fn sigs_shows_exports_loop_signatures_and_what_is_not_exported() {
    let dir = tempfile::tempdir().unwrap();
    build_library("missing", dir.path(), "libmissing");
    build_library("plain", dir.path(), "libplain");
    build_library("ctypes", &dir.path().join("lib"), "libctypes");
    copy_fixture("plain.h", dir.path());
    let sigs = |library: &str| {
        let out = run_loopc(&["sigs", library], dir.path(), b"", LIMIT);
        assert_eq!(out.code, Some(0), "{}", out.stderr);
        out.stdout_text()
    };
    assert_eq!(
        sigs("missing"),
        format!(
            "library: ./{}\n\
             signatures: function_signatures()\n\
             exported functions: function_signatures, shown, use_hidden\n\
             functions:\n\
             \x20 shown(int x) -> int\n\
             \x20     int shown(int x);\n\
             \x20 hidden(int x) -> int\n\
             \x20     int hidden(int x);\n\
             variables:\n\
             \x20 missing_counter: int\n\
             declared but not exported: hidden, missing_counter\n",
            library_file("libmissing")
        )
    );
    // plain.h includes <stddef.h>, so it goes through the preprocessor:
    // what stddef.h declares beyond Loop is listed as skipped.
    let plain = sigs("plain");
    let expected = format!(
        "library: ./{}\n\
         signatures: header ./plain.h\n\
         exported functions: internal_helper, plain_length, triple\n\
         functions:\n\
         \x20 triple(int x) -> int\n\
         \x20     int triple(int x);\n\
         \x20 plain_length(string s) -> int\n\
         \x20     size_t plain_length(const char *s);\n\
         constants:\n\
         \x20 PLAIN_VERSION = 7\n\
         \x20 PLAIN_LIMIT = 85\n\
         \x20 PLAIN_RATIO = 2.5\n\
         \x20 PLAIN_FAST = 1\n\
         \x20 PLAIN_SAFE = 2\n\
         \x20 PLAIN_BOTH = 3\n\
         skipped (beyond Loop):\n",
        library_file("libplain")
    );
    assert!(plain.starts_with(&expected), "{plain}");
    assert!(
        plain.contains(
            "  PLAIN_MAX: a function-like macro, which exists only for C source\n\
             \x20     #define PLAIN_MAX(a,b) ((a) > (b) ? (a) : (b))\n"
        ) && plain.contains("  max_align_t: `long double` is not supported\n"),
        "{plain}"
    );
    let ctypes = sigs("lib/ctypes");
    for line in [
        format!("library: ./lib/{}", library_file("libctypes")),
        "signatures: function_signatures()".to_string(),
        "exported data: ct_calls, ct_favourite, ct_pi".to_string(),
        "  ct_u64(int v) -> int".to_string(),
        "      uint64_t ct_u64(uint64_t v);".to_string(),
        "  ct_upper(string s) -> string".to_string(),
        "  ct_color_name(int c) -> string".to_string(),
        "      text ct_color_name(enum color c);".to_string(),
        "  ct_counter_new(int start) -> handle".to_string(),
        "  ct_vec2_dot(vec2 a, vec2 b) -> float".to_string(),
        "  ct_point(int x, int y) -> struct point".to_string(),
        "  vec2 { x: float, y: float }".to_string(),
        "  ct_number_double(<C union number> n) -> float".to_string(),
        "  ct_sum(int count, ...) -> int".to_string(),
        "  ct_pi: float".to_string(),
        "  GREEN = 5".to_string(),
    ] {
        assert!(
            ctypes.lines().any(|l| l == line),
            "no {line:?} in:\n{ctypes}"
        );
    }
}

#[test]
fn sigs_of_a_missing_library_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_loopc(&["sigs", "nolib"], dir.path(), b"", LIMIT);
    assert_eq!(out.code, Some(1));
    assert_eq!(out.stdout_text(), "");
    assert_eq!(
        out.stderr,
        format!(
            "error: cannot find C library `nolib`: tried ./{0}, ./{1}, the system loader's \
             folders and cache, as {0} or {1}\n",
            library_file("nolib"),
            library_file("libnolib")
        )
    );
}
