//! The Loop programs of the per-phase snapshot tests, one per language
//! feature, shared by the Arc snapshots (`arc/tests.rs`) and the Lua
//! snapshots (`lua/tests.rs`), and the scratch folder they compile in.
//!
//! [`feature_snapshots!`] expands to one `#[test]` per feature in the module
//! that invokes it; each test passes its Loop source to that module's
//! `compile`, `compile_files` or `compile_with_libraries` and keeps the
//! result as an `insta` snapshot of that module.

use std::path::Path;

/// Writes `files` into a fresh scratch folder (the first is the main
/// program), with the C fixture libraries `libraries` (from `fixtures/ffi/`)
/// built there as `lib{name}`.
pub fn scratch_program(libraries: &[&str], files: &[(&str, &str)]) -> tempfile::TempDir {
    let files: Vec<(&str, &[u8])> = files.iter().map(|(n, t)| (*n, t.as_bytes())).collect();
    let dir = loop_test_support::scratch(&files);
    for library in libraries {
        build_library(library, dir.path());
    }
    dir
}

/// The sources of `files`, each under a `----- SOURCE name` line, as the
/// snapshots begin.
pub fn sources_text(files: &[(&str, &str)]) -> String {
    files
        .iter()
        .map(|(name, text)| format!("----- SOURCE {name}\n{}\n", text.trim_end()))
        .collect()
}

#[cfg(unix)]
fn build_library(name: &str, dir: &Path) {
    loop_test_support::ffi::build_library(name, dir, &format!("lib{name}"));
}

#[cfg(not(unix))]
fn build_library(name: &str, _dir: &Path) {
    panic!("the C fixture {name} is built only on Unix");
}

/// One snapshot test per language feature, in the invoking module.
macro_rules! feature_snapshots {
    () => {
        #[test]
        fn standard_library() {
            insta::assert_snapshot!(compile(
                "lines := fs.lines(\"in.txt\")
lines.sort(fn(string a, string b) { a.len() < b.len() })
lengths := lines.map(fn(string l) { l.len() })
r := os.run([\"ls\", \"-l\"])
os.Result kept := json.parse(\"1\")
assert(r.code == 0, r.err)
println(math.max(lengths[0], 2) + math.round(math.pi * math.inf))
println(json.stringify({\"n\": lines.filter(fn(string l) { l != \"\" }).len()}))
error(chr(65).repeat(2).pad_left(4))"
            ));
        }

        #[test]
        fn int_arithmetic() {
            insta::assert_snapshot!(compile(
                "a := 7
b := -2
println(a / b)
println(a % b)
println(a ^ 2)
println(a * b + a - b)"
            ));
        }

        #[test]
        fn float_arithmetic() {
            insta::assert_snapshot!(compile(
                "x := 7 / 2.0
println(x * 2.5 - 1)
println(8 % 2.5)
println(2.0 ^ 0.5)
println(2 ^ -1)"
            ));
        }

        #[test]
        fn comparisons_and_logic() {
            insta::assert_snapshot!(compile(
                "a := 3
println(a == 3.0 and a != 4)
println(\"abc\" < \"abd\" or not (a >= 2))
println(!true || a <= 1)"
            ));
        }

        #[test]
        fn string_concatenation() {
            insta::assert_snapshot!(compile(
                "name := \"Loop\"
greeting := \"hello, \" + name + \"!\"
println(greeting + 42.to_string())"
            ));
        }

        #[test]
        fn string_escapes() {
            insta::assert_snapshot!(compile(
                r#"println("tab\tquote\" backslash\\ nul\0 cr\r smile\u{1F600}")"#
            ));
        }

        #[test]
        fn string_methods() {
            insta::assert_snapshot!(compile(
                "s := \"  Hello, World  \".trim()
println(s.len())
println(s[0])
println(s.upper().lower())
println(s.find(\"World\"))
println(s.split(\", \"))
println(s.replace(\"l\", \"L\"))
println(\"42\".to_int() + \"2.5\".to_float())"
            ));
        }

        #[test]
        fn arrays() {
            insta::assert_snapshot!(compile(
                "xs := [3, 1, 2]
xs.push(4)
xs[0] = 10
xs.sort()
println(xs.pop())
println(xs.contains(2))
println(xs.len())
for var x in xs { print(x) }"
            ));
        }

        #[test]
        fn empty_array_typed_by_context() {
            insta::assert_snapshot!(compile(
                "int[] xs := []
grid := [[1, 2], []]
ys := []
ys.push(\"a\")
println(grid)"
            ));
        }

        #[test]
        fn maps() {
            insta::assert_snapshot!(compile(
                "ages := {\"ann\": 31, \"bob\": 25}
ages[\"cy\"] = 40
ages.remove(\"ann\")
println(ages.get(\"zed\", -1))
println(ages.contains(\"bob\"))
for var k in ages { println(k + \" \" + ages[k].to_string()) }
println(ages.keys())"
            ));
        }

        #[test]
        fn maps_whose_order_nothing_sees() {
            insta::assert_snapshot!(compile(
                "map<string, int> seen := {}
for var w in \"a b a\".split(\" \") { seen[w] = seen.get(w, 0) + 1 }
seen.remove(\"b\")
println(seen.len())
println(seen.contains(\"a\"))"
            ));
        }

        #[test]
        fn slices() {
            insta::assert_snapshot!(compile(
                "xs := [1, 2, 3, 4]
println(xs[1..3])
println(xs[..2])
println(xs[2..])
s := \"hello\"
println(s[1..])"
            ));
        }

        #[test]
        fn if_expression() {
            insta::assert_snapshot!(compile(
                "n := -4
sign := if n < 0 { -1 } else if n == 0 { 0 } else { 1 }
if (sign < 0) { println(\"negative\") }
println(sign)"
            ));
        }

        #[test]
        fn for_expression_value() {
            insta::assert_snapshot!(compile(
                "first := for var i = 0 to 10 { if i * i > 20 { return i } }
forever := for true { return \"done\" }
println(first)
println(forever)"
            ));
        }

        #[test]
        fn range_loop() {
            insta::assert_snapshot!(compile(
                "n := 3
for var i = 0 to n * 2 { print(i) }
for (var j = 1 to 3) { print(j) }"
            ));
        }

        #[test]
        fn while_continue_break() {
            insta::assert_snapshot!(compile(
                "i := 0
sum := 0
for i < 10 {
    i = i + 1
    if i % 2 == 0 { continue }
    if i > 7 { break }
    sum = sum + i
}
sum"
            ));
        }

        #[test]
        fn continue_in_for_in() {
            insta::assert_snapshot!(compile(
                "for var w in [\"a\", \"bb\", \"ccc\"] {
    if w.len() == 2 { continue }
    println(w)
}
for var c in \"abc\" {
    if c == \"b\" { break }
    print(c)
}"
            ));
        }

        #[test]
        fn top_level_return_outside_loops() {
            insta::assert_snapshot!(compile(
                "println(\"before\")
if true { return }
println(\"never\")"
            ));
        }

        #[test]
        fn functions() {
            insta::assert_snapshot!(compile(
                "fn add(int a, int b) { a + b }
fn greet(string who) { println(\"hi \" + who) }
fn sign(int n) {
    if n < 0 { return -1 }
    1
}
greet(\"bob\")
add(sign(-3), 2)"
            ));
        }

        #[test]
        fn closures() {
            insta::assert_snapshot!(compile(
                "fn make_counter() {
    count := 0
    fn() { count = count + 1; count }
}
c := make_counter()
c()
func<int><int> twice := fn(int n) { n * 2 }
println(twice(c()))"
            ));
        }

        #[test]
        fn loop_variables_per_iteration() {
            insta::assert_snapshot!(compile(
                "func<><int>[] fns := []
for var i = 0 to 3 { fns.push(fn() { i * 10 }) }
for var f in fns { println(f()) }"
            ));
        }

        #[test]
        fn mutual_recursion() {
            insta::assert_snapshot!(compile(
                "fn is_even(int n) { if n == 0 { true } else { is_odd(n - 1) } }
fn is_odd(int n) { if n == 0 { false } else { is_even(n - 1) } }
is_even(10)"
            ));
        }

        #[test]
        fn classes() {
            insta::assert_snapshot!(compile(
                "class Point {
    x = 0
    int y
    string label = \"p\"
    void constructor(int x) { self.x = x }
    int sum() { self.x + self.y }
}
p := Point(3)
p.y = 4
println(p.sum())
p"
            ));
        }

        #[test]
        fn inheritance_and_dispatch() {
            insta::assert_snapshot!(compile(
                "class Animal {
    string name
    void constructor(string name) { self.name = name }
    string sound() { \"...\" }
    string speak() { self.name + \" says \" + self.sound() }
}
class Dog < Animal {
    string sound() { \"woof\" }
}
Animal[] pets := [Dog(\"rex\"), Animal(\"generic\")]
for var a in pets { println(a.speak()) }"
            ));
        }

        #[test]
        fn super_calls_and_own_to_string() {
            insta::assert_snapshot!(compile(
                "class Animal {
    string name
    void constructor(string name) { self.name = name }
    string sound() { \"...\" }
    string to_string() { self.name }
}
class Dog < Animal {
    void constructor(string name) { super(name + \" the dog\") }
    string sound() { super.sound() + \"woof\" }
}
d := Dog(\"rex\")
println(d.sound())
println(d)"
            ));
        }

        #[test]
        fn long_else_if_chain() {
            let mut source = String::from("x := 70\nif x == 0 { println(0) }");
            for i in 1..=70 {
                source += &format!(" else if x == {i} {{ println({i}) }}");
            }
            source += " else { println(-1) }";
            // Each branch nests one level deeper in the checker: loopc
            // compiles on a thread with a large stack, and so does this test.
            let compiled = std::thread::Builder::new()
                .stack_size(64 << 20)
                .spawn(move || compile(&source))
                .unwrap()
                .join()
                .unwrap();
            insta::assert_snapshot!(compiled);
        }

        #[test]
        fn ext_methods() {
            insta::assert_snapshot!(compile(
                "ext int { int double() { self * 2 } }
ext string { string shout() { self.upper() + \"!\" } }
ext int[] {
    int total() {
        t := 0
        for var x in self { t = t + x }
        t
    }
}
println(20.double().double())
println(\"hey\".shout())
[1, 2, 3].total()"
            ));
        }

        #[test]
        fn any_values() {
            insta::assert_snapshot!(compile(
                "xs := [1, \"a\", 2.5]
int n := xs[0]
string s := xs[1]
println(n + 1)
println(s)
xs"
            ));
        }

        #[test]
        fn modules() {
            insta::assert_snapshot!(compile_files(&[
                (
                    "main.loop",
                    "import \"lib/shapes.loop\" as shapes
class Square < shapes.Shape {
    float side = 2.0
    float area() { self.side * self.side }
}
shapes.Shape s := Square()
println(s.area())
println(shapes.count)
shapes.bump()
shapes.PI"
                ),
                (
                    "lib/shapes.loop",
                    "pub const PI := 3.14159
pub count := 0
pub fn bump() { count = count + 1 }
pub class Shape {
    float area() { 0.0 }
}
fn hidden() { 1 }"
                ),
            ]));
        }

        #[test]
        fn printing() {
            insta::assert_snapshot!(compile(
                "print(1)
print(2.5)
print(true)
print(\"s\")
println([1, 2])
println({\"a\": [1.5]})
println(null)"
            ));
        }

        #[test]
        fn final_value() {
            insta::assert_snapshot!(compile(
                "fn nothing() { }
nothing()
{\"k\": [\"v\"]}"
            ));
        }

        #[test]
        fn final_void_call_is_not_printed() {
            insta::assert_snapshot!(compile("println(\"once\")"));
        }

        #[cfg(unix)]
        #[test]
        fn c_library_calls_constants_and_variables() {
            insta::assert_snapshot!(compile_with_libraries(
                &["ctypes"],
                &[(
                    "main.loop",
                    "import \"ctypes\" as c
println(c.ct_int(c.GREEN) + c.ct_u64(7))
println(c.ct_upper(\"abc\") + c.ct_color_name(c.RED))
println(c.ct_sum(2, 1, true) * c.CT_SCALE)
k := c.ct_counter_new(1)
if k != null { c.ct_counter_free(k) }
c.ct_nothing()
c.ct_calls + c.ct_pi"
                )]
            ));
        }

        #[cfg(unix)]
        #[test]
        fn classes_passed_as_c_structs() {
            insta::assert_snapshot!(compile_with_libraries(
                &["structs"],
                &[(
                    "main.loop",
                    "import \"structs\" as s
class Point { float x; float y }
class Range { int start; int end }
p := Point()
println(s.point_len(p))
s.point_scale(p, 2.0)
r := Range()
for s.point_step(p) < 3.0 { s.range_grow(r, 1) }
s.point_dot(p, s.point_make(1.0, 2.0))"
                )]
            ));
        }
    };
}

pub(crate) use feature_snapshots;
