//! Snapshot tests of Arc, the typed IR, one per language feature (the
//! programs are in `feature_snapshots.rs`).
//!
//! Each test type-checks a few lines of Loop and keeps the Arc text
//! (`loopc emit arc`) as an `insta` snapshot next to the Loop source: the
//! snapshot shows the type the checker gave every expression and how each
//! construct is lowered. Every snapshot is also parsed back and printed
//! again to check the text form round-trips. Accept new or changed snapshots
//! with `cargo insta review` (or `INSTA_UPDATE=always`).

use std::path::Path;

use crate::arc::{parse, print};
use crate::driver;
use crate::feature_snapshots::{feature_snapshots, scratch_program, sources_text};

/// Checks `files` in a scratch folder (the first is the main program) and
/// returns the source followed by the program's Arc text.
fn compile_files(files: &[(&str, &str)]) -> String {
    compile_with_libraries(&[], files)
}

/// Like [`compile_files`], with the C fixture libraries `libraries` (from
/// `fixtures/ffi/`) built as `lib{name}` in the scratch folder. A single
/// file without libraries is checked in memory.
fn compile_with_libraries(libraries: &[&str], files: &[(&str, &str)]) -> String {
    let program = if libraries.is_empty() && files.len() == 1 {
        let text = files[0].1.as_bytes().to_vec();
        driver::check_with_libraries(Path::new(files[0].0), Some(text)).map(|(p, ..)| p)
    } else {
        let dir = scratch_program(libraries, files);
        driver::check(&dir.path().join(files[0].0))
    };
    let program = match program {
        Ok(program) => program,
        Err(failure) => panic!("does not compile:\n{}", failure.render(false)),
    };
    let arc = print::program(&program);
    let reparsed =
        parse::program(&arc).unwrap_or_else(|e| panic!("Arc does not parse: {e}\n{arc}"));
    assert_eq!(reparsed, program, "Arc text does not round-trip");
    format!("{}----- ARC\n{arc}", sources_text(files))
}

fn compile(source: &str) -> String {
    compile_files(&[("main.loop", source)])
}

feature_snapshots!();

/// The Arc of long `else if` chains and operator chains, nested deeper
/// than the reader once allowed (400 lists), reads back.
#[test]
fn deep_arc_round_trips() {
    let mut chain = String::from("x := 7\ny := if x == 0 { 0 }");
    for k in 1..450 {
        chain.push_str(&format!(" else if x == {k} {{ {k} }}"));
    }
    chain.push_str(" else { -1 }\nz := x");
    for _ in 0..450 {
        chain.push_str(" + x");
    }
    chain.push_str("\nprintln(y + z)\n");
    // Deep trees need more stack than a test thread has, as loopc gives
    // its phases.
    let text = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || compile(&chain))
        .unwrap()
        .join()
        .unwrap();
    assert!(text.contains("----- ARC"));
}

/// Errors in Arc text that reads as S-expressions name the line of the
/// list holding the fault.
#[test]
fn arc_errors_name_a_line() {
    let arc = compile("x := 1\nprintln(x + 2)\n");
    let text = arc.split("----- ARC\n").nth(1).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let bad = lines.iter().position(|l| l.contains("(int 2)")).unwrap();
    let broken = text.replace("(int 2)", "(int two)");
    let e = parse::program(&broken).unwrap_err();
    assert!(e.starts_with(&format!("line {}: ", bad + 1)), "{e}");
    let e = parse::program(&text.replace("(int 2)", "(nonsense 2)")).unwrap_err();
    assert!(e.starts_with(&format!("line {}: ", bad + 1)), "{e}");
}

/// Forms with fewer parts than their kind has are refused, not a panic
/// (found by `tests/readers.rs`).
#[test]
fn short_forms_are_refused() {
    for body in ["(@1)", "(@1 function f (function))", "(@1 expr (call))"] {
        let text = format!("(.MODULE m0 \"x.loop\" (.BODY {body}))");
        let e = parse::program(&text).expect_err(body);
        assert!(e.starts_with("line 1: "), "{body}: {e}");
    }
}
