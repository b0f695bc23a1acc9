//! C libraries from Loop, end to end: "a class whose fields are all of
//! C-compatible types can be passed where a C struct of the same shape is
//! expected" (docs/ffi.md), with `fixtures/ffi/structs.c`.
//!
//! The instance's fields are copied into a new C struct for the call; for
//! a pointer to a non-`const` struct they are copied back afterwards, so
//! the function's changes are seen.
#![cfg(unix)]

use loop_test_support::ffi::{
    LIMIT, assert_compile_error, assert_runs_both, assert_runtime_error, library_file, with_library,
};
use loop_test_support::run_loopc;

/// The Loop class standing for `Point` (`typedef struct { double x; double y; }`).
const POINT: &str = "class Point {
    float x
    float y
    void constructor(float x, float y) { self.x = x; self.y = y }
}
";

/// A scratch folder holding `libstructs` and `main.loop` = the import of
/// the library as `s`, then `source`.
fn with_structs(source: &str) -> tempfile::TempDir {
    with_library("structs", &format!("import \"structs\" as s\n{source}"))
}

#[test]
fn an_instance_is_passed_by_value() {
    let dir = with_structs(&format!(
        "{POINT}p := Point(3.0, 4.0)\nprintln(s.point_len(p))\nprintln(s.point_len(Point(5.0, 12.0)))\np\n"
    ));
    assert_runs_both(dir.path(), "main.loop", "5\n13\nPoint { x: 3, y: 4 }\n", 0);
}

#[test]
fn changes_through_a_writable_pointer_are_copied_back() {
    let dir = with_structs(&format!(
        "{POINT}p := Point(3.0, 4.0)
s.point_scale(p, 2.0)
println(p)
fn halve(Point q) {{ s.point_scale(q, 0.5) }}
halve(p)
println(p.x + p.y)
points := [Point(1.0, 1.0), Point(2.0, 2.0)]
for var each in points {{ s.point_scale(each, 10.0) }}
points
"
    ));
    assert_runs_both(
        dir.path(),
        "main.loop",
        "Point { x: 6, y: 8 }\n7\n[Point { x: 10, y: 10 }, Point { x: 20, y: 20 }]\n",
        0,
    );
}

#[test]
fn copying_back_keeps_the_order_of_evaluation_in_conditions_and_loops() {
    let dir = with_structs(&format!(
        "{POINT}p := Point(0.0, 0.0)
steps := 0
for s.point_step(p) < 5.0 {{ steps = steps + 1 }}
println(steps)
println(p.x)
println(false and s.point_step(p) > 0.0)
println(p.x)
println(if s.point_step(p) > 5.5 {{ \"stepped\" }} else {{ \"not\" }})
println(s.point_step(p) + s.point_step(p))
p.x
"
    ));
    assert_runs_both(
        dir.path(),
        "main.loop",
        "4\n5\nfalse\n5\nstepped\n15\n8\n",
        0,
    );
}

#[test]
fn a_const_pointer_takes_instances_without_copying_back() {
    let dir = with_structs(&format!(
        "{POINT}a := Point(1.0, 2.0)\nb := Point(3.0, 4.0)\ns.point_dot(a, b)\n"
    ));
    assert_runs_both(dir.path(), "main.loop", "11\n", 0);
}

#[test]
fn a_returned_struct_handles_and_null_are_passed_as_they_are() {
    let dir = with_structs(
        "m := s.point_make(5.0, 12.0)
println(s.point_len(m))
s.point_scale(m, 2.0)
println(s.point_len(m))
s.point_scale(null, 2.0)
println(s.point_dot(m, m))
",
    );
    assert_runs_both(dir.path(), "main.loop", "13\n26\n676\n", 0);
}

#[test]
fn every_kind_of_field_a_class_can_hold_goes_both_ways() {
    let dir = with_structs(
        "class Sample {
    int small = -3
    int medium = 300
    int big = 5
    float ratio = 1.5
    bool flag = false
    int level = 0
}
x := Sample()
println(s.sample_describe(x))
s.sample_bump(x)
println(s.sample_describe(x))
println(x)
println(x.level == s.HIGH)
",
    );
    assert_runs_both(
        dir.path(),
        "main.loop",
        "small=-3 medium=300 big=5 ratio=1.5 flag=0 level=0\n\
         small=-2 medium=600 big=5120 ratio=0.75 flag=1 level=10\n\
         Sample { small: -2, medium: 600, big: 5120, ratio: 0.75, flag: true, level: 10 }\n\
         true\n",
        0,
    );
}

#[test]
fn inherited_fields_and_lua_keyword_names_count() {
    let dir = with_structs(
        "class Start { int start }
class Range < Start { int end }
r := Range()
r.start = 2
r.end = 5
println(s.range_len(r))
s.range_grow(r, 10)
println(r.end)
s.range_len(r)
",
    );
    assert_runs_both(dir.path(), "main.loop", "3\n15\n13\n", 0);
}

#[test]
fn untyped_fields_take_their_types_from_their_defaults() {
    let dir = with_structs("class P { x = 0.5; y = 1.5 }\np := P()\ns.point_scale(p, 4.0)\np\n");
    assert_runs_both(dir.path(), "main.loop", "P { x: 2, y: 6 }\n", 0);
}

#[test]
fn a_null_instance_is_a_runtime_error() {
    let dir = with_structs(&format!(
        "{POINT}Point p := null\nprintln(\"before\")\ns.point_len(p)\n"
    ));
    assert_runtime_error(
        dir.path(),
        "main.loop",
        "before\n",
        "main.loop:9: runtime error: null passed for C `Point`",
    );
}

#[test]
fn a_wide_field_beyond_2_pow_53_copied_back_is_a_runtime_error() {
    let dir = with_structs(
        "class Sample { int small; int medium; int big; float ratio; bool flag; int level }
x := Sample()
x.big = 2 ^ 50
s.sample_bump(x)
",
    );
    assert_runtime_error(
        dir.path(),
        "main.loop",
        "",
        "main.loop:5: runtime error: C integer 1152921504606846976 does not fit \
         in a Loop int (beyond 2^53)",
    );
}

#[test]
fn a_class_of_another_shape_is_a_compile_error() {
    let cases = [
        (
            "class P { float x; float y; float z }\ns.point_len(P())",
            "main.loop:3:13: error[E0809]: class `P` cannot stand for C `Point`: it has 3 fields, \
             the struct has 2 (x: float, y: float)",
        ),
        (
            "class P { float y; float x }\ns.point_scale(P(), 2.0)",
            "main.loop:3:15: error[E0809]: class `P` cannot stand for C `Point`: its field 1 is `y`, \
             the struct's is `x`",
        ),
        (
            "class P { x = 0; y = 0 }\ns.point_len(P())",
            "main.loop:3:13: error[E0809]: class `P` cannot stand for C `Point`: its field `x` is int, \
             the struct's is float",
        ),
        (
            "class R { int start; float end }\ns.range_len(R())",
            "main.loop:3:13: error[E0809]: class `R` cannot stand for C `struct range`: its field \
             `end` is float, the struct's is int",
        ),
        (
            "class N { string name; int age }\ns.named_age(N())",
            "main.loop:3:13: error[E0809]: class `N` cannot stand for C `struct named`: its field \
             `name` is a `const char *`, which a Loop class cannot hold",
        ),
    ];
    for (source, error) in cases {
        let dir = with_structs(&format!("{source}\n"));
        assert_compile_error(dir.path(), "main.loop", error);
    }
}

#[test]
fn a_value_that_is_not_a_class_instance_is_a_compile_error() {
    let cases = [
        (
            "s.point_len(1.5)",
            "main.loop:2:13: error[E0810]: expected a class with the fields of C `Point` \
             (x: float, y: float), found float",
        ),
        (
            "s.point_len(null)",
            "main.loop:2:13: error[E0810]: expected a class with the fields of C `Point` \
             (x: float, y: float), found null",
        ),
        (
            "s.point_scale(\"p\", 1.0)",
            "main.loop:2:15: error[E0810]: expected a C pointer or a class with the fields of C \
             `Point` (x: float, y: float), found string",
        ),
        (
            "println(s.origin)",
            "main.loop:2:11: error[E0812]: C variable `s.origin` cannot be read from Loop: its type \
             `Point` has no Loop value",
        ),
    ];
    for (source, error) in cases {
        let dir = with_structs(&format!("{source}\n"));
        assert_compile_error(dir.path(), "main.loop", error);
    }
}

#[test]
fn sigs_shows_struct_parameters_and_the_fields_a_class_needs() {
    let dir = with_structs("");
    let out = run_loopc(&["sigs", "structs"], dir.path(), b"", LIMIT);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let text = out.stdout_text();
    let expected_start = format!("library: ./{}\n", library_file("libstructs"));
    assert!(text.starts_with(&expected_start), "{text}");
    let from_functions = &text[text.find("functions:\n").expect("functions")..];
    assert_eq!(
        from_functions,
        "functions:
  point_len(Point p) -> float
      double point_len(Point p);
  point_scale(Point * p, float k) -> void
      void point_scale(Point *p, double k);
  point_step(Point * p) -> float
      double point_step(Point *p);
  point_dot(const Point * a, const Point * b) -> float
      double point_dot(const Point *a, const Point *b);
  point_make(float x, float y) -> Point
      Point point_make(double x, double y);
  sample_bump(struct sample * s) -> void
      void sample_bump(struct sample *s);
  sample_describe(struct sample s) -> string
      const char *sample_describe(struct sample s);
  range_len(struct range r) -> int
      int range_len(struct range r);
  range_grow(struct range * r, int by) -> void
      void range_grow(struct range *r, int by);
  named_age(struct named n) -> int
      int named_age(struct named n);
variables:
  origin: <C Point>
constants:
  LOW = 0
  HIGH = 10
structs (a class with these fields can be passed):
  Point { x: float, y: float }
  struct sample { small: int, medium: int, big: int, ratio: float, flag: bool, level: int }
  struct range { start: int, end: int }
  struct named: no class can stand for it: its field `name` is a `const char *`, which a \
         Loop class cannot hold
"
    );
}
