//! Type checker tests: every kind of compile error of docs/language.md §2 (and
//! the declaration, class, module and `ext` errors of §3, §7, §8, §11) is
//! reported at the right line as the right error, with the names and types
//! it is about; and the inference rules give the types the language
//! reference promises.

use std::path::Path;

use crate::arc::ir::StmtKind;
use crate::arc::print;
use crate::diagnostics::{Callee, CheckError as E, ErrorKind, ImportError, SyntaxError};
use crate::driver::{self, Failure};
use crate::ffi::FfiError;

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

/// One diagnostic: its file, line and column, and what it is.
#[derive(Debug)]
struct Found {
    file: String,
    line: u32,
    col: u32,
    kind: ErrorKind,
}

/// Every diagnostic, in the order reported.
fn errors_of(files: &[(&str, &str)]) -> Vec<Found> {
    match check_files(files) {
        Ok(_) => panic!("expected a compile error in:\n{}", files[0].1),
        Err(failure) => failure
            .diagnostics
            .into_iter()
            .map(|d| {
                let file = &failure.sources.files[d.file.expect("a file")];
                let (line, col) = file.line_col(d.span.start);
                Found {
                    file: file.name.clone(),
                    line,
                    col,
                    kind: d.kind,
                }
            })
            .collect(),
    }
}

/// Asserts that `source` fails with `error` at `line` of `main.loop`.
#[track_caller]
fn assert_error(source: &str, line: u32, error: impl Into<ErrorKind>) {
    let error = error.into();
    let errors = errors_of(&[("main.loop", source)]);
    assert!(
        errors
            .iter()
            .any(|e| e.file == "main.loop" && e.line == line && e.kind == error),
        "expected {error:?} at line {line}; got:\n{errors:#?}"
    );
}

/// Asserts that `$source` fails at line `$line` of `main.loop` with a
/// check error matching `$pattern`.
macro_rules! assert_error_matches {
    ($source:expr, $line:expr, $pattern:pat $(if $guard:expr)?) => {{
        let errors = errors_of(&[("main.loop", $source)]);
        assert!(
            errors.iter().any(|e| e.file == "main.loop"
                && e.line == $line
                && matches!(&e.kind, ErrorKind::Check($pattern) $(if $guard)?)),
            "expected {} at line {}; got:\n{errors:#?}",
            stringify!($pattern),
            $line
        );
    }};
}

/// `expected {expected}, found {found}`.
fn mismatch(expected: &str, found: &str) -> E {
    E::Mismatch {
        expected: expected.into(),
        found: found.into(),
    }
}

fn unknown_name(name: &str, suggestion: Option<&str>) -> E {
    E::UnknownName {
        name: name.into(),
        suggestion: suggestion.map(String::from),
    }
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
    assert_error("x := 5\nx = \"five\"", 2, mismatch("int", "string"));
}

#[test]
fn declaring_with_a_value_of_the_wrong_type() {
    assert_error("y := 1\nint x := 1.5", 2, mismatch("int", "float"));
}

#[test]
fn wrong_element_type_in_an_array_assignment() {
    assert_error(
        "xs := [1, 2]\n\nxs[0] = \"a\"",
        3,
        mismatch("int", "string"),
    );
}

#[test]
fn wrong_argument_count() {
    assert_error(
        "fn f(int a) { a }\nf(1, 2)",
        2,
        E::ArgumentCount {
            callee: Callee::Named("f".into()),
            wanted: 1,
            at_least: false,
            given: 2,
        },
    );
}

#[test]
fn wrong_argument_type() {
    assert_error(
        "fn f(int a) { a }\nf(\"one\")",
        2,
        mismatch("int", "string"),
    );
}

#[test]
fn wrong_argument_type_of_a_method() {
    assert_error(
        "class C { int twice(int n) { n * 2 } }\nc := C()\nc.twice(true)",
        3,
        mismatch("int", "bool"),
    );
}

#[test]
fn calling_a_non_function() {
    assert_error(
        "x := 1\nx(2)",
        2,
        E::NotCallable {
            found: "int".into(),
        },
    );
}

#[test]
fn an_unknown_name() {
    assert_error(
        "a := 1\nprintln(a + missing)",
        2,
        unknown_name("missing", None),
    );
}

#[test]
fn name_used_before_its_declaration() {
    assert_error("println(later)\nlater := 1", 1, unknown_name("later", None));
}

#[test]
fn unknown_field() {
    assert_error_matches!(
        "class P { x = 0 }\np := P()\np.nope",
        3,
        E::NoField { receiver, name, .. } if receiver == "P" && name == "nope"
    );
}

#[test]
fn unknown_method() {
    assert_error_matches!(
        "class P { x = 0 }\np := P()\np.jump()",
        3,
        E::NoMethod { receiver, name, .. } if receiver == "P" && name == "jump"
    );
}

#[test]
fn unknown_method_on_a_builtin_type() {
    assert_error_matches!(
        "x := 1\nx.nope()",
        2,
        E::NoMethod { receiver, name, .. } if receiver == "int" && name == "nope"
    );
}

#[test]
fn misspelt_names_fields_and_methods_get_a_suggestion() {
    let method = |receiver: &str, name: &str, suggestion: &str| E::NoMethod {
        receiver: receiver.into(),
        name: name.into(),
        suggestion: Some(suggestion.into()),
    };
    let cases = [
        (
            "count := 1\nprintln(coutn)",
            2,
            unknown_name("coutn", Some("count")),
        ),
        ("prnitln(1)", 1, unknown_name("prnitln", Some("println"))),
        (
            "total := 0\ntotl = 2",
            2,
            unknown_name("totl", Some("total")),
        ),
        (
            "class P { int width = 1 }\nP().widht",
            2,
            E::NoField {
                receiver: "P".into(),
                name: "widht".into(),
                suggestion: Some("width".into()),
            },
        ),
        (
            "class P { int area() { 1 } }\nP().aera()",
            2,
            method("P", "aera", "area"),
        ),
        ("[1].psuh(2)", 1, method("int[]", "psuh", "push")),
        ("\"a\".uper()", 1, method("string", "uper", "upper")),
        (
            "ext int { int double() { self * 2 } }\n3.doubel()",
            2,
            method("int", "doubel", "double"),
        ),
    ];
    for (source, line, error) in cases {
        assert_error(source, line, error);
    }
    let errors = errors_of(&[
        ("main.loop", "import \"m.loop\" as m\nm.gret()"),
        ("m.loop", "pub fn greet() { 1 }"),
    ]);
    let wanted = E::NoMember {
        module: "m".into(),
        name: "gret".into(),
        suggestion: Some("greet".into()),
    };
    assert_eq!(errors[0].kind, wanted.into(), "{errors:?}");
}

#[test]
fn names_far_from_every_known_one_get_no_suggestion() {
    let errors = errors_of(&[("main.loop", "count := 1\nprintln(zebra)\n[1].frobnicate()")]);
    assert_eq!(errors[0].kind, unknown_name("zebra", None).into());
    let wanted = E::NoMethod {
        receiver: "int[]".into(),
        name: "frobnicate".into(),
        suggestion: None,
    };
    assert_eq!(errors[1].kind, wanted.into());
}

#[test]
fn an_operator_error_names_the_operator_and_suggests_to_string_for_text() {
    let binary = |op, left: &str, right: &str, convert: Option<&str>| E::CannotApplyBinary {
        op,
        left: left.into(),
        right: right.into(),
        convert: convert.map(String::from),
    };
    assert_error(
        "n := 3\ns := \"n = \" + n",
        2,
        binary("+", "string", "int", Some("int")),
    );
    assert_error(
        "x := 2.5 + \"a\"",
        1,
        binary("+", "float", "string", Some("float")),
    );
    let errors = errors_of(&[("main.loop", "x := 1 - true\ny := \"a\" * 2")]);
    assert_eq!(errors[0].kind, binary("-", "int", "bool", None).into());
    assert_eq!(errors[1].kind, binary("*", "string", "int", None).into());
}

#[test]
fn using_a_void_value() {
    assert_error(
        "fn f() { }\nx := f()",
        2,
        E::VoidVariable { name: "x".into() },
    );
}

#[test]
fn passing_a_void_value() {
    assert_error("fn f() { }\nprintln(f())", 2, E::NoValue);
}

#[test]
fn returning_different_types() {
    assert_error(
        "fn f(int a) {\n    if a > 0 { return 1 }\n    \"one\"\n}",
        3,
        E::ReturnMismatch {
            found: "string".into(),
            returns: "int".into(),
        },
    );
}

#[test]
fn condition_that_is_not_bool() {
    assert_error(
        "if 1 { println(\"x\") }",
        1,
        E::NotABool {
            found: "int".into(),
        },
    );
}

#[test]
fn loop_condition_that_is_not_bool() {
    assert_error_matches!("i := 0\nfor i { }", 2, E::NotABool { .. });
}

#[test]
fn operator_on_mismatched_types() {
    assert_error_matches!(
        "x := 1 + \"a\"",
        1,
        E::CannotApplyBinary { left, right, .. } if left == "int" && right == "string"
    );
}

#[test]
fn function_that_can_end_without_its_value() {
    assert_error(
        "fn f(int n) {\n    if n > 0 { return 1 }\n}\nprintln(f(0))",
        3,
        E::MissingReturnValue {
            function: Some("f".into()),
            returns: Some("int".into()),
        },
    );
}

#[test]
fn method_body_without_the_declared_value() {
    assert_error(
        "class A {\n    int f() { }\n}",
        2,
        E::MissingReturnValue {
            function: Some("f".into()),
            returns: Some("int".into()),
        },
    );
}

#[test]
fn recursive_function_that_can_end_without_its_value() {
    assert_error(
        "fn f(int n) { if n > 0 { return f(n - 1) } }",
        1,
        E::MissingReturnValue {
            function: Some("f".into()),
            returns: None,
        },
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
    assert_error_matches!(
        "fn f(int n) {\n    for true { if n > 0 { return 1 }\n        break }\n}",
        4,
        E::MissingReturnValue { .. }
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
        E::AssignToConstant {
            name: "limit".into(),
        },
    );
}

#[test]
fn redeclaring_in_the_same_block() {
    assert_error("x := 1\nx := 2", 2, E::AlreadyDeclared { name: "x".into() });
}

#[test]
fn a_second_declaration_points_at_the_first() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("main.loop");
    std::fs::write(&path, "x := 1\ny := 2\nx := 3\n").unwrap();
    let failure = driver::check(&path).expect_err("an error");
    let [diagnostic] = &failure.diagnostics[..] else {
        panic!("{}", failure.render(false));
    };
    assert_eq!(diagnostic.labels.len(), 1);
    let file = &failure.sources.files[diagnostic.labels[0].file];
    assert_eq!(file.line_col(diagnostic.labels[0].span.start), (1, 1));
    let text = failure.render(false);
    assert!(text.contains("first declared here"), "{text}");
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
    assert_error("xs := []", 1, E::CannotInferArray);
}

#[test]
fn empty_map_with_no_context() {
    assert_error("m := {}", 1, E::CannotInferMap);
}

/// Its key and value types are both unknown: one error, not two.
#[test]
fn an_empty_map_with_no_context_is_reported_once() {
    let errors = errors_of(&[("main.loop", "m := {}\nn := {\"a\": {}}")]);
    let kinds: Vec<(u32, u32, &ErrorKind)> =
        errors.iter().map(|e| (e.line, e.col, &e.kind)).collect();
    let map = ErrorKind::from(E::CannotInferMap);
    assert_eq!(kinds, [(1, 6, &map), (2, 12, &map)], "{errors:#?}");
}

#[test]
fn null_alone_does_not_give_a_type() {
    assert_error("x := null", 1, E::NullNeedsType { name: "x".into() });
}

#[test]
fn unknown_type() {
    assert_error(
        "x := 1\nWidget w := null",
        2,
        E::UnknownType {
            name: "Widget".into(),
        },
    );
}

// ---- classes --------------------------------------------------------------------

#[test]
fn override_with_a_different_signature() {
    assert_error(
        "class A { int f() { 1 } }\nclass B < A { string f() { \"s\" } }",
        2,
        E::OverrideSignature { name: "f".into() },
    );
}

#[test]
fn constructor_argument_of_the_wrong_type() {
    assert_error(
        "class A { void constructor(int x) { } }\na := A(\"s\")",
        2,
        mismatch("int", "string"),
    );
}

#[test]
fn constructing_with_arguments_but_no_constructor() {
    assert_error(
        "class A { }\na := A(1)",
        2,
        E::NoConstructor {
            class: "A".into(),
            given: 1,
        },
    );
}

#[test]
fn class_is_not_a_value() {
    assert_error(
        "class A { }\nx := A",
        2,
        E::ClassNotAValue { name: "A".into() },
    );
}

// ---- ext ------------------------------------------------------------------------

#[test]
fn ext_on_an_unsupported_type() {
    assert_error(
        "x := 1\next map<string, int> { int size() { 1 } }",
        2,
        E::ExtReceiver,
    );
}

#[test]
fn duplicate_ext_method() {
    assert_error(
        "ext int { int d() { 1 } }\next int { int d() { 2 } }",
        2,
        E::ExtMethodTwice {
            name: "d".into(),
            receiver: "int".into(),
        },
    );
}

// ---- modules ----------------------------------------------------------------------

#[test]
fn private_module_member() {
    let errors = errors_of(&[
        ("main.loop", "import \"lib.loop\" as lib\nlib.hidden()"),
        ("lib.loop", "pub fn shown() { 1 }\nfn hidden() { 2 }"),
    ]);
    let wanted = E::PrivateMember {
        name: "hidden".into(),
        module: "lib.loop".into(),
    };
    assert!(
        errors
            .iter()
            .any(|e| e.file == "main.loop" && e.line == 2 && e.kind == wanted.clone().into()),
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
    let at = |line, col, kind: E| (line, col, ErrorKind::from(kind));
    let found: Vec<_> = errors
        .into_iter()
        .map(|e| (e.line, e.col, e.kind))
        .collect();
    for expected in [
        at(
            4,
            14,
            mismatch("Point (from geo/a.loop)", "Point (from geo/b.loop)"),
        ),
        at(
            5,
            12,
            mismatch("Point (from main.loop)", "Point (from geo/a.loop)"),
        ),
        at(
            6,
            10,
            E::BranchTypes {
                then: "Point (from geo/a.loop)".into(),
                other: "Point (from geo/b.loop)".into(),
            },
        ),
    ] {
        assert!(found.contains(&expected), "{expected:?} in {found:#?}");
    }
}

#[test]
fn a_mismatch_of_differently_named_classes_names_no_modules() {
    assert_error(
        "class A { }\nclass B { }\nA a := B()",
        3,
        mismatch("A", "B"),
    );
}

#[test]
fn an_unknown_type_is_reported_once_where_it_is_written() {
    let errors = errors_of(&[(
        "main.loop",
        "fn f(Nope x) { 1 }\nclass C { Nope m(Nope y) { y } }\next int { Nope g(Nope z) { z } }",
    )]);
    let mut places: Vec<(u32, u32)> = errors.iter().map(|e| (e.line, e.col)).collect();
    places.sort();
    places.dedup();
    assert_eq!(places.len(), errors.len(), "reported twice: {errors:#?}");
    assert_eq!(errors.len(), 5, "{errors:#?}");
    let unknown = ErrorKind::from(E::UnknownType {
        name: "Nope".into(),
    });
    assert!(errors.iter().all(|e| e.kind == unknown), "{errors:#?}");
}

#[test]
fn assigning_to_another_modules_variable() {
    let errors = errors_of(&[
        ("main.loop", "import \"lib.loop\" as lib\nlib.count = 3"),
        ("lib.loop", "pub count := 0"),
    ]);
    let wanted = ErrorKind::from(E::AssignToOtherModule);
    assert!(
        errors
            .iter()
            .any(|e| e.file == "main.loop" && e.line == 2 && e.kind == wanted),
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
        errors.iter().any(|e| e.file == "lib.loop"
            && e.line == 2
            && matches!(
                &e.kind,
                ErrorKind::Check(E::CannotApplyBinary { op: "*", .. })
            )),
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
    let found: Vec<(u32, ErrorKind)> = errors.into_iter().map(|e| (e.line, e.kind)).collect();
    assert_eq!(
        found,
        [
            (1, unknown_name("missing1", None).into()),
            (3, mismatch("int", "string").into()),
            (4, unknown_name("missing2", None).into()),
        ]
    );
}

#[test]
fn rendered_error_shows_position_source_line_and_marker() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("main.loop");
    std::fs::write(&path, "x := 5\nx = \"five\"\n").unwrap();
    let text = driver::check(&path).expect_err("an error").render(false);
    assert!(
        text.starts_with("main.loop:2:5: error[E0301]: expected int, found string\n"),
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
        E::UsedBeforeReady {
            name: "C".into(),
            needs: "limit".into(),
        },
    );
}

#[test]
fn ext_method_used_before_a_variable_it_needs() {
    assert_error(
        "println(2.scaled())\nk := 3\next int { int scaled() { self * k } }",
        1,
        E::UsedBeforeReady {
            name: "scaled".into(),
            needs: "k".into(),
        },
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
        E::FieldNamedLikeMethod {
            name: "f".into(),
            owner: "A".into(),
        },
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
        errors.iter().any(|e| (e.file.as_str(), e.line, e.col) == ("main.loop", 3, 12)
            && matches!(&e.kind, ErrorKind::Check(E::FieldNamedLikeMethod { name, .. }) if name == "name")),
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
    assert_error("fn f() { super.g() }", 1, E::SuperOutsideMethod);
    assert_error(
        "ext int { int twice() { super.twice() } }",
        1,
        E::SuperOutsideMethod,
    );
}

#[test]
fn super_in_a_field_default() {
    assert_error(
        "class A { int f() { 1 } }\nclass B < A {\n    int g() {\n        class C < A { int x = super.f() }\n        C().x\n    }\n}",
        4,
        E::SuperOutsideMethod,
    );
}

#[test]
fn super_in_a_class_without_a_parent() {
    assert_error(
        "class A { int f() { super.f() } }",
        1,
        E::NoParentClass { class: "A".into() },
    );
}

#[test]
fn super_method_the_parent_lacks() {
    assert_error(
        "class A { }\nclass B < A { int f() { super.f() } }",
        2,
        E::ParentHasNoMethod {
            parent: "A".into(),
            name: "f".into(),
        },
    );
}

#[test]
fn super_with_wrong_arguments() {
    assert_error(
        "class A { int f(int n) { n } }\nclass B < A { int f(int n) { super.f(n, 1) } }",
        2,
        E::ArgumentCount {
            callee: Callee::ParentMethod {
                name: "f".into(),
                parent: "A".into(),
            },
            wanted: 1,
            at_least: false,
            given: 2,
        },
    );
    assert_error(
        "class A { void constructor(int n) { } }\nclass B < A { void constructor() { super(\"x\") } }",
        2,
        mismatch("int", "string"),
    );
}

#[test]
fn super_constructor_outside_a_constructor() {
    assert_error(
        "class A { void constructor() { } }\nclass B < A { int f() { super(); 1 } }",
        2,
        E::SuperCallOutsideConstructor,
    );
}

#[test]
fn parent_without_a_constructor() {
    assert_error(
        "class A { }\nclass B < A { void constructor() { super() } }",
        2,
        E::ParentHasNoConstructor { parent: "A".into() },
    );
}

#[test]
fn super_alone_is_not_a_value() {
    assert_error(
        "class A { int f() { 1 } }\nclass B < A { int f() { x := super\n 2 } }",
        2,
        E::LoneSuper,
    );
}

#[test]
fn to_string_of_a_class_must_give_a_string() {
    assert_error("class A { int to_string() { 1 } }", 1, E::ToStringSignature);
    assert_error(
        "class A { string to_string(int n) { \"\" } }",
        1,
        E::ToStringSignature,
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
        assert_error(source, 2, E::MapKeyType { found: key.into() });
    }
    for key in ["int", "float", "bool", "string", "any"] {
        let source = format!("map<{key}, int> m := {{}}\nm.len()");
        assert!(check_files(&[("main.loop", &source)]).is_ok(), "{source}");
    }
}

#[test]
fn a_map_key_cannot_be_null() {
    assert_error("x := 1\nm := {null: 1}", 2, E::NullMapKey);
    assert_error("m := {\"a\": 1}\nm[null] = 2", 2, E::NullMapKey);
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
        E::ImportNotAtTopLevel,
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
    let places: Vec<(&str, u32, u32)> = errors
        .iter()
        .map(|e| (e.file.as_str(), e.line, e.col))
        .collect();
    assert_eq!(
        places,
        [
            ("main.loop", 1, 8),
            ("broken.loop", 1, 11),
            ("main.loop", 2, 1),
            ("main.loop", 8, 14)
        ],
        "{errors:#?}"
    );
    assert!(
        matches!(&errors[0].kind, ErrorKind::Import(ImportError::ModuleNotFound { location, .. }) if location == "missing.loop"),
        "{errors:#?}"
    );
    assert!(
        matches!(
            &errors[1].kind,
            ErrorKind::Syntax(SyntaxError::Expected {
                expected: "a type",
                ..
            })
        ),
        "{errors:#?}"
    );
    assert!(
        matches!(&errors[2].kind, ErrorKind::Library(FfiError::NotFound { import, .. }) if import == "./nolib"),
        "{errors:#?}"
    );
    assert_eq!(errors[3].kind, mismatch("int", "string").into());
}

#[test]
fn a_variable_whose_value_had_an_error_causes_no_more_errors() {
    let errors = errors_of(&[("main.loop", "x := nope\nprintln(x.y + x.len())")]);
    assert_eq!(errors.len(), 1, "{errors:?}");
}

// ---- lexical structure (§1) ------------------------------------------------------

#[test]
fn a_byte_order_mark_is_ignored_and_columns_stay_right() {
    let errors = errors_of(&[("main.loop", "\u{feff}x := nope")]);
    assert_eq!((errors[0].line, errors[0].col), (1, 6), "{errors:?}");
    assert_eq!(errors[0].kind, unknown_name("nope", None).into());
    assert_eq!(type_of("\u{feff}x := 1", "x"), "int");
}
