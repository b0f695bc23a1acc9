//! Type checker tests: every kind of compile error of docs/language.md §2 (and
//! the declaration, class, module and `ext` errors of §3, §7, §8, §11) is
//! reported at the right line with a message that names the problem; and
//! the inference rules give the types the language reference promises.

use std::path::Path;

use crate::arc::ir::StmtKind;
use crate::arc::print;
use crate::driver::{self, Failure};

/// Checks `files` in a scratch folder; the first is the main program. A
/// single file is checked in memory.
fn check_files(files: &[(&str, &str)]) -> Result<crate::arc::ir::Program, Failure> {
    if let [(name, text)] = files {
        let text = text.as_bytes().to_vec();
        return driver::check_with_libraries(Path::new(name), Some(text)).map(|(p, ..)| p);
    }
    let files: Vec<(&str, &[u8])> = files.iter().map(|(n, t)| (*n, t.as_bytes())).collect();
    let dir = loop_test_support::scratch(&files);
    driver::check(&dir.path().join(files[0].0))
}

/// The first line of every diagnostic (`file:line:col: error: message`).
fn errors_of(files: &[(&str, &str)]) -> Vec<String> {
    match check_files(files) {
        Ok(_) => panic!("expected a compile error in:\n{}", files[0].1),
        Err(failure) => failure
            .diagnostics
            .iter()
            .map(|d| {
                let text = d.render(&failure.sources, false);
                text.lines().next().unwrap_or_default().to_string()
            })
            .collect(),
    }
}

/// Asserts that `source` fails with an error at `line` (of `main.loop`)
/// whose message contains `message`.
#[track_caller]
fn assert_error(source: &str, line: u32, message: &str) {
    let errors = errors_of(&[("main.loop", source)]);
    let at = format!("main.loop:{line}:");
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with(&at) && e.contains(message)),
        "expected an error at line {line} containing {message:?}; got:\n{}",
        errors.join("\n")
    );
}

/// The type the checker gave the top-level variable `name`, as Arc writes it.
#[track_caller]
fn type_of(source: &str, name: &str) -> String {
    let program = match check_files(&[("main.loop", source)]) {
        Ok(program) => program,
        Err(failure) => panic!("does not compile:\n{}", failure.render(false)),
    };
    let main = program.modules.last().expect("a main module");
    main.body
        .iter()
        .find_map(|s| match &s.kind {
            StmtKind::Local(n, ty, _) if n == name => Some(print::type_text(ty)),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no top-level variable `{name}`"))
}

// ---- wrong types ------------------------------------------------------------

#[test]
fn assigning_a_value_of_the_wrong_type() {
    assert_error("x := 5\nx = \"five\"", 2, "expected int, found string");
}

#[test]
fn declaring_with_a_value_of_the_wrong_type() {
    assert_error("y := 1\nint x := 1.5", 2, "expected int, found float");
}

#[test]
fn wrong_element_type_in_an_array_assignment() {
    assert_error(
        "xs := [1, 2]\n\nxs[0] = \"a\"",
        3,
        "expected int, found string",
    );
}

#[test]
fn wrong_argument_count() {
    assert_error(
        "fn f(int a) { a }\nf(1, 2)",
        2,
        "takes 1 argument but 2 were given",
    );
}

#[test]
fn wrong_argument_type() {
    assert_error(
        "fn f(int a) { a }\nf(\"one\")",
        2,
        "expected int, found string",
    );
}

#[test]
fn wrong_argument_type_of_a_method() {
    assert_error(
        "class C { int twice(int n) { n * 2 } }\nc := C()\nc.twice(true)",
        3,
        "expected int, found bool",
    );
}

#[test]
fn calling_a_non_function() {
    assert_error("x := 1\nx(2)", 2, "cannot call a value of type int");
}

#[test]
fn unknown_name() {
    assert_error("a := 1\nprintln(a + missing)", 2, "unknown name `missing`");
}

#[test]
fn name_used_before_its_declaration() {
    assert_error("println(later)\nlater := 1", 1, "unknown name `later`");
}

#[test]
fn unknown_field() {
    assert_error(
        "class P { x = 0 }\np := P()\np.nope",
        3,
        "P has no field `nope`",
    );
}

#[test]
fn unknown_method() {
    assert_error(
        "class P { x = 0 }\np := P()\np.jump()",
        3,
        "P has no method `jump`",
    );
}

#[test]
fn unknown_method_on_a_builtin_type() {
    assert_error("x := 1\nx.nope()", 2, "int has no method `nope`");
}

#[test]
fn misspelt_names_fields_and_methods_get_a_suggestion() {
    let cases = [
        (
            "count := 1\nprintln(coutn)",
            2,
            "unknown name `coutn`; did you mean `count`?",
        ),
        (
            "prnitln(1)",
            1,
            "unknown name `prnitln`; did you mean `println`?",
        ),
        (
            "total := 0\ntotl = 2",
            2,
            "unknown name `totl`; did you mean `total`?",
        ),
        (
            "class P { int width = 1 }\nP().widht",
            2,
            "P has no field `widht`; did you mean `width`?",
        ),
        (
            "class P { int area() { 1 } }\nP().aera()",
            2,
            "P has no method `aera`; did you mean `area`?",
        ),
        (
            "[1].psuh(2)",
            1,
            "int[] has no method `psuh`; did you mean `push`?",
        ),
        (
            "\"a\".uper()",
            1,
            "string has no method `uper`; did you mean `upper`?",
        ),
        (
            "ext int { int double() { self * 2 } }\n3.doubel()",
            2,
            "int has no method `doubel`; did you mean `double`?",
        ),
    ];
    for (source, line, message) in cases {
        assert_error(source, line, message);
    }
    let errors = errors_of(&[
        ("main.loop", "import \"m.loop\" as m\nm.gret()"),
        ("m.loop", "pub fn greet() { 1 }"),
    ]);
    assert!(
        errors[0].ends_with("module `m` has no member `gret`; did you mean `greet`?"),
        "{errors:?}"
    );
}

#[test]
fn names_far_from_every_known_one_get_no_suggestion() {
    let errors = errors_of(&[("main.loop", "count := 1\nprintln(zebra)\n[1].frobnicate()")]);
    assert!(errors[0].ends_with("unknown name `zebra`"), "{errors:?}");
    assert!(
        errors[1].ends_with("int[] has no method `frobnicate`"),
        "{errors:?}"
    );
}

#[test]
fn an_operator_error_names_the_operator_and_suggests_to_string_for_text() {
    assert_error(
        "n := 3\ns := \"n = \" + n",
        2,
        "cannot apply `+` to string and int; convert the int with `.to_string()` to use it as text",
    );
    assert_error(
        "x := 2.5 + \"a\"",
        1,
        "cannot apply `+` to float and string; convert the float with `.to_string()`",
    );
    let errors = errors_of(&[("main.loop", "x := 1 - true\ny := \"a\" * 2")]);
    assert!(
        errors[0].ends_with("cannot apply `-` to int and bool"),
        "{errors:?}"
    );
    assert!(
        errors[1].ends_with("cannot apply `*` to string and int"),
        "{errors:?}"
    );
}

#[test]
fn using_a_void_value() {
    assert_error("fn f() { }\nx := f()", 2, "void");
}

#[test]
fn passing_a_void_value() {
    assert_error(
        "fn f() { }\nprintln(f())",
        2,
        "this expression has no value",
    );
}

#[test]
fn returning_different_types() {
    assert_error(
        "fn f(int a) {\n    if a > 0 { return 1 }\n    \"one\"\n}",
        3,
        "this returns string, but the function returns int elsewhere",
    );
}

#[test]
fn condition_that_is_not_bool() {
    assert_error("if 1 { println(\"x\") }", 1, "a condition must be a bool");
}

#[test]
fn loop_condition_that_is_not_bool() {
    assert_error("i := 0\nfor i { }", 2, "a condition must be a bool");
}

#[test]
fn operator_on_mismatched_types() {
    assert_error("x := 1 + \"a\"", 1, "int and string");
}

#[test]
fn function_that_can_end_without_its_value() {
    assert_error(
        "fn f(int n) {\n    if n > 0 { return 1 }\n}\nprintln(f(0))",
        3,
        "`f` returns int, but it can reach its end without a value",
    );
}

#[test]
fn method_body_without_the_declared_value() {
    assert_error(
        "class A {\n    int f() { }\n}",
        2,
        "`f` returns int, but it can reach its end",
    );
}

#[test]
fn recursive_function_that_can_end_without_its_value() {
    assert_error(
        "fn f(int n) { if n > 0 { return f(n - 1) } }",
        1,
        "`f` returns a value, but it can reach its end",
    );
}

#[test]
fn bodies_that_cannot_reach_their_end() {
    for body in [
        "if n > 0 { return 1 } else { return 2 }",
        "for true { if n > 0 { return 1 } }",
        "if n > 0 { return 1 }\n    exit(3)",
        "while_loop := 0\n    return n",
    ] {
        let source = format!("fn f(int n) {{\n    {body}\n}}\nprintln(f(1))");
        assert!(check_files(&[("main.loop", &source)]).is_ok(), "{source}");
    }
}

#[test]
fn endless_loop_with_break_can_reach_the_end() {
    assert_error(
        "fn f(int n) {\n    for true { if n > 0 { return 1 }\n        break }\n}",
        4,
        "can reach its end",
    );
}

#[test]
fn loop_that_can_finish_without_return_holds_null() {
    assert_eq!(
        type_of("w := for var i = 0 to 3 { if i > 5 { return i } }", "w"),
        "any"
    );
    assert_eq!(type_of("w := for true { return 1 }", "w"), "int");
}

// ---- declarations -------------------------------------------------------------

#[test]
fn assigning_to_a_constant() {
    assert_error(
        "const limit := 10\nlimit = 11",
        2,
        "cannot assign to `limit`: it is a constant",
    );
}

#[test]
fn redeclaring_in_the_same_block() {
    assert_error("x := 1\nx := 2", 2, "`x` is already declared in this block");
}

#[test]
fn shadowing_in_an_inner_block_is_allowed() {
    assert_eq!(
        type_of("x := 1\nif true { x := \"s\"; println(x) }\ny := x", "y"),
        "int"
    );
}

#[test]
fn empty_array_with_no_context() {
    assert_error("xs := []", 1, "cannot infer");
}

#[test]
fn empty_map_with_no_context() {
    assert_error("m := {}", 1, "cannot infer");
}

#[test]
fn null_alone_does_not_give_a_type() {
    assert_error("x := null", 1, "null");
}

#[test]
fn unknown_type() {
    assert_error("x := 1\nWidget w := null", 2, "unknown type `Widget`");
}

// ---- classes --------------------------------------------------------------------

#[test]
fn override_with_a_different_signature() {
    assert_error(
        "class A { int f() { 1 } }\nclass B < A { string f() { \"s\" } }",
        2,
        "`f` overrides a method with a different signature",
    );
}

#[test]
fn constructor_argument_of_the_wrong_type() {
    assert_error(
        "class A { void constructor(int x) { } }\na := A(\"s\")",
        2,
        "expected int, found string",
    );
}

#[test]
fn constructing_with_arguments_but_no_constructor() {
    assert_error("class A { }\na := A(1)", 2, "no constructor");
}

#[test]
fn class_is_not_a_value() {
    assert_error("class A { }\nx := A", 2, "not a value");
}

// ---- ext ------------------------------------------------------------------------

#[test]
fn ext_on_an_unsupported_type() {
    assert_error(
        "x := 1\next map<string, int> { int size() { 1 } }",
        2,
        "`ext` adds methods to int, float, bool, string and array types",
    );
}

#[test]
fn duplicate_ext_method() {
    assert_error(
        "ext int { int d() { 1 } }\next int { int d() { 2 } }",
        2,
        "method `d` is already defined for int",
    );
}

// ---- modules ----------------------------------------------------------------------

#[test]
fn private_module_member() {
    let errors = errors_of(&[
        ("main.loop", "import \"lib.loop\" as lib\nlib.hidden()"),
        ("lib.loop", "pub fn shown() { 1 }\nfn hidden() { 2 }"),
    ]);
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("main.loop:2:") && e.contains("hidden")),
        "{errors:?}"
    );
}

#[test]
fn classes_of_one_name_from_two_modules_are_told_apart() {
    let point = |field: &str| format!("pub class Point {{ int {field} = 0 }}");
    let (a, b) = (point("x"), point("y"));
    let errors = errors_of(&[
        (
            "main.loop",
            "import \"geo/a.loop\" as a\nimport \"geo/b.loop\" as b\nclass Point { int z = 0 }\n\
             a.Point p := b.Point()\nPoint q := a.Point()\nfn f() { if true { a.Point() } else { b.Point() } }",
        ),
        ("geo/a.loop", &a),
        ("geo/b.loop", &b),
    ]);
    for expected in [
        "main.loop:4:14: error: expected Point (from geo/a.loop), found Point (from geo/b.loop)",
        "main.loop:5:12: error: expected Point (from main.loop), found Point (from geo/a.loop)",
        "the branches of this `if` have different types: Point (from geo/a.loop) and Point (from geo/b.loop)",
    ] {
        assert!(
            errors.iter().any(|e| e.contains(expected)),
            "{expected:?} in {errors:#?}"
        );
    }
}

#[test]
fn a_mismatch_of_differently_named_classes_names_no_modules() {
    assert_error(
        "class A { }\nclass B { }\nA a := B()",
        3,
        "expected A, found B",
    );
}

#[test]
fn an_unknown_type_is_reported_once_where_it_is_written() {
    let errors = errors_of(&[(
        "main.loop",
        "fn f(Nope x) { 1 }\nclass C { Nope m(Nope y) { y } }\next int { Nope g(Nope z) { z } }",
    )]);
    let mut sorted = errors.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), errors.len(), "reported twice: {errors:#?}");
    assert_eq!(errors.len(), 5, "{errors:#?}");
}

#[test]
fn assigning_to_another_modules_variable() {
    let errors = errors_of(&[
        ("main.loop", "import \"lib.loop\" as lib\nlib.count = 3"),
        ("lib.loop", "pub count := 0"),
    ]);
    assert!(
        errors.iter().any(|e| e.starts_with("main.loop:2:")),
        "{errors:?}"
    );
}

#[test]
fn error_in_an_imported_module_names_that_file() {
    let errors = errors_of(&[
        ("main.loop", "import \"lib.loop\" as lib\nlib.f()"),
        ("lib.loop", "pub fn f() { 1 }\nx := \"a\" * 2"),
    ]);
    assert!(
        errors.iter().any(|e| e.starts_with("lib.loop:2:")),
        "{errors:?}"
    );
}

// ---- reporting --------------------------------------------------------------------

#[test]
fn every_error_is_reported() {
    let errors = errors_of(&[(
        "main.loop",
        "a := missing1\nb := 1\nb = \"s\"\nc := missing2",
    )]);
    assert_eq!(errors.len(), 3, "{errors:?}");
    assert!(errors[0].starts_with("main.loop:1:"));
    assert!(errors[1].starts_with("main.loop:3:"));
    assert!(errors[2].starts_with("main.loop:4:"));
}

#[test]
fn rendered_error_shows_position_source_line_and_marker() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("main.loop");
    std::fs::write(&path, "x := 5\nx = \"five\"\n").unwrap();
    let text = driver::check(&path).expect_err("an error").render(false);
    assert!(
        text.starts_with("main.loop:2:5: error: expected int, found string"),
        "{text}"
    );
    assert!(text.contains("x = \"five\""), "{text}");
}

// ---- inference ----------------------------------------------------------------------

#[test]
fn literals_have_their_natural_types() {
    let source = "i := 42\nf := 2.5\ne := 1e3\ns := \"s\"\nb := true\nh := 0x1F";
    assert_eq!(type_of(source, "i"), "int");
    assert_eq!(type_of(source, "f"), "float");
    assert_eq!(type_of(source, "e"), "float");
    assert_eq!(type_of(source, "s"), "string");
    assert_eq!(type_of(source, "b"), "bool");
    assert_eq!(type_of(source, "h"), "int");
}

#[test]
fn int_and_float_arithmetic() {
    let source = "a := 7 / 2\nb := 7 / 2.0\nc := 2 ^ 3\nd := 2 ^ -1\ne := 8 % 2.5\nf := 1 + 1.0";
    assert_eq!(type_of(source, "a"), "int");
    assert_eq!(type_of(source, "b"), "float");
    assert_eq!(type_of(source, "c"), "int");
    assert_eq!(type_of(source, "d"), "float");
    assert_eq!(type_of(source, "e"), "float");
    assert_eq!(type_of(source, "f"), "float");
}

#[test]
fn empty_array_typed_by_its_siblings() {
    assert_eq!(type_of("xs := [[1, 2], []]", "xs"), "int[][]");
}

#[test]
fn empty_array_typed_by_its_declaration() {
    assert_eq!(type_of("string[] xs := []", "xs"), "string[]");
}

#[test]
fn empty_array_typed_by_first_use() {
    assert_eq!(type_of("xs := []\nxs.push(1)", "xs"), "int[]");
}

#[test]
fn empty_map_typed_by_first_use() {
    assert_eq!(type_of("m := {}\nm[\"k\"] = 2.5", "m"), "map<string,float>");
}

#[test]
fn int_and_float_elements_make_a_float_array() {
    assert_eq!(type_of("xs := [1, 2.5]", "xs"), "float[]");
}

#[test]
fn mixed_elements_make_an_any_array() {
    assert_eq!(type_of("xs := [1, \"a\"]", "xs"), "any[]");
}

#[test]
fn sibling_classes_make_an_array_of_their_parent() {
    let source =
        "class Animal { }\nclass Dog < Animal { }\nclass Cat < Animal { }\nxs := [Dog(), Cat()]";
    assert_eq!(type_of(source, "xs"), "%m0.Animal[]");
}

#[test]
fn map_literal_types() {
    assert_eq!(
        type_of("m := {\"a\": [1], \"b\": []}", "m"),
        "map<string,int[]>"
    );
}

#[test]
fn if_expression_type() {
    assert_eq!(
        type_of("n := 1\nx := if n > 0 { \"pos\" } else { \"neg\" }", "x"),
        "string"
    );
}

#[test]
fn top_level_loop_takes_the_type_of_its_returns() {
    assert_eq!(type_of("y := for true { return 100 }", "y"), "int");
}

#[test]
fn function_types() {
    let source = "fn add(int a, int b) { a + b }\nf := add\ng := fn() { \"s\" }";
    assert_eq!(type_of(source, "f"), "func<int,int><int>");
    assert_eq!(type_of(source, "g"), "func<><string>");
}

#[test]
fn value_of_type_any_fits_a_typed_variable() {
    assert_eq!(type_of("xs := [1, \"a\"]\nint n := xs[0]", "n"), "int");
}

#[test]
fn class_used_before_a_variable_its_methods_need() {
    assert_error(
        "c := C()\nlimit := 3\nclass C { int f() { return limit } }",
        1,
        "`C` is used before `limit` is declared",
    );
}

#[test]
fn ext_method_used_before_a_variable_it_needs() {
    assert_error(
        "println(2.scaled())\nk := 3\next int { int scaled() { self * k } }",
        1,
        "`scaled` is used before `k` is declared",
    );
}

#[test]
fn function_used_before_declaration_inside_a_function_body() {
    let program = check_files(&[(
        "main.loop",
        "fn outer() {\n    println(inner())\n    fn inner() { 1 }\n}\nouter()",
    )]);
    assert!(program.is_ok());
}

// ---- classes: field and method names, `super`, `to_string` (§7, §10) --------

#[test]
fn subclass_field_named_like_an_inherited_method() {
    assert_error(
        "class A { int f() { 1 } }\nclass B < A { int f = 2 }",
        2,
        "field `f` has the name of a method of `A`",
    );
}

#[test]
fn field_named_like_a_method_of_a_grandparent_in_another_module() {
    let errors = errors_of(&[
        (
            "main.loop",
            "import \"lib.loop\" as lib\nclass C < lib.B {\n    string name = \"c\"\n}",
        ),
        (
            "lib.loop",
            "pub class A { string name() { \"a\" } }\npub class B < A { }",
        ),
    ]);
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("main.loop:3:12:") && e.contains("field `name`")),
        "{errors:?}"
    );
}

#[test]
fn super_calls_are_typed_by_the_parents_methods() {
    let source = "class A {\n    int v = 1\n    void constructor(int v) { self.v = v }\n    int get() { self.v }\n}\nclass B < A {\n    void constructor() { super(5) }\n    int get() { super.get() * 2 }\n}\nx := B().get()";
    assert_eq!(type_of(source, "x"), "int");
}

#[test]
fn super_outside_a_method() {
    assert_error(
        "fn f() { super.g() }",
        1,
        "`super` can only be used inside a method of a class",
    );
    assert_error(
        "ext int { int twice() { super.twice() } }",
        1,
        "`super` can only be used inside a method of a class",
    );
}

#[test]
fn super_in_a_field_default() {
    assert_error(
        "class A { int f() { 1 } }\nclass B < A {\n    int g() {\n        class C < A { int x = super.f() }\n        C().x\n    }\n}",
        4,
        "`super` can only be used inside a method of a class",
    );
}

#[test]
fn super_in_a_class_without_a_parent() {
    assert_error(
        "class A { int f() { super.f() } }",
        1,
        "class `A` has no parent class",
    );
}

#[test]
fn super_method_the_parent_lacks() {
    assert_error(
        "class A { }\nclass B < A { int f() { super.f() } }",
        2,
        "the parent class `A` has no method `f`",
    );
}

#[test]
fn super_with_wrong_arguments() {
    assert_error(
        "class A { int f(int n) { n } }\nclass B < A { int f(int n) { super.f(n, 1) } }",
        2,
        "method `f` of `A` takes 1 argument but 2 were given",
    );
    assert_error(
        "class A { void constructor(int n) { } }\nclass B < A { void constructor() { super(\"x\") } }",
        2,
        "expected int, found string",
    );
}

#[test]
fn super_constructor_outside_a_constructor() {
    assert_error(
        "class A { void constructor() { } }\nclass B < A { int f() { super(); 1 } }",
        2,
        "it belongs in a constructor",
    );
}

#[test]
fn parent_without_a_constructor() {
    assert_error(
        "class A { }\nclass B < A { void constructor() { super() } }",
        2,
        "the parent class `A` has no constructor",
    );
}

#[test]
fn super_alone_is_not_a_value() {
    assert_error(
        "class A { int f() { 1 } }\nclass B < A { int f() { x := super\n 2 } }",
        2,
        "write `super.method(…)`",
    );
}

#[test]
fn to_string_of_a_class_must_give_a_string() {
    assert_error(
        "class A { int to_string() { 1 } }",
        1,
        "declare it as `string to_string()`",
    );
    assert_error(
        "class A { string to_string(int n) { \"\" } }",
        1,
        "declare it as `string to_string()`",
    );
}

// ---- map key types (§2) ----------------------------------------------------------

#[test]
fn map_keys_in_written_types_are_int_float_bool_or_string() {
    for (source, key) in [
        ("class A { }\nmap<A, int> m := {}", "A"),
        ("x := 1\nmap<int[], string> m := {}", "int[]"),
        (
            "x := 1\nfn f(map<func<><int>, int> m) { m.len() }",
            "func<><int>",
        ),
        (
            "x := 1\nmap<string, map<map<int, int>, int>> m := {}",
            "map<int, int>",
        ),
    ] {
        assert_error(
            source,
            2,
            &format!("map keys must be int, float, bool or string, not {key}"),
        );
    }
    for key in ["int", "float", "bool", "string", "any"] {
        let source = format!("map<{key}, int> m := {{}}\nm.len()");
        assert!(check_files(&[("main.loop", &source)]).is_ok(), "{source}");
    }
}

#[test]
fn a_map_key_cannot_be_null() {
    assert_error("x := 1\nm := {null: 1}", 2, "a map key cannot be null");
    assert_error(
        "m := {\"a\": 1}\nm[null] = 2",
        2,
        "a map key cannot be null",
    );
}

#[test]
fn one_error_for_a_bad_parameter_type() {
    let errors = errors_of(&[("main.loop", "fn f(Nope n) { 1 }")]);
    assert_eq!(errors.len(), 1, "{errors:?}");
}

// ---- imports (§11) -------------------------------------------------------------

#[test]
fn import_inside_a_block() {
    assert_error(
        "fn f() {\n    import \"lib.loop\" as lib\n}",
        2,
        "`import` belongs at the top level of a file",
    );
}

#[test]
fn every_failed_import_is_reported_and_checking_goes_on() {
    let errors = errors_of(&[
        (
            "main.loop",
            "import \"missing.loop\" as gone\nimport \"./nolib\" as clib\nimport \"broken.loop\" as broken\nx := gone.f(1) + clib.g(2)\ngone.Point p := gone.Point(1)\nclass C < gone.Base { int total() { self.base() + 1 } }\nprintln(C().total() + C().field + p.y + x.z + broken.h())\nint wrong := \"text\"",
        ),
        ("broken.loop", "pub fn h( {"),
    ]);
    let expected = [
        "main.loop:1:8: error: cannot find module `missing.loop`",
        "broken.loop:1:11: error: expected a type",
        "main.loop:2:1: error: cannot find C library `./nolib`",
        "main.loop:8:14: error: expected int, found string",
    ];
    assert_eq!(errors.len(), expected.len(), "{errors:#?}");
    for (error, want) in errors.iter().zip(expected) {
        assert!(error.starts_with(want), "{error}\nexpected {want}");
    }
}

#[test]
fn a_variable_whose_value_had_an_error_causes_no_more_errors() {
    let errors = errors_of(&[("main.loop", "x := nope\nprintln(x.y + x.len())")]);
    assert_eq!(errors.len(), 1, "{errors:?}");
}

// ---- lexical structure (§1) ------------------------------------------------------

#[test]
fn a_byte_order_mark_is_ignored_and_columns_stay_right() {
    assert_error("\u{feff}x := nope", 1, "unknown name `nope`");
    let errors = errors_of(&[("main.loop", "\u{feff}x := nope")]);
    assert!(errors[0].starts_with("main.loop:1:6:"), "{errors:?}");
    assert_eq!(type_of("\u{feff}x := 1", "x"), "int");
}
