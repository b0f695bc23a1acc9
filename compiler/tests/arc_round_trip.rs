//! Arc's text form round-trips: for every Loop program of the shared
//! conformance suites (`run`, `modules`) and of the workspace's
//! `tests/programs`, printing its Arc, parsing that text back and printing
//! again gives the same text; and the parsed-back program (compiled as an
//! `.arc` file, as `loopc run prog.arc` does) generates the same Lua.
//!
//! Only programs with an expected output (`NAME.out`) are taken: compile
//! errors by design have none, and helper modules are covered through the
//! programs that import them. The shared folder is `<workspace>/../shared`; when it is
//! absent only `tests/programs` is used.

use std::path::{Path, PathBuf};

use loopc::arc::{parse, print};
use loopc::driver;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the compiler crate sits in the workspace")
        .to_path_buf()
}

/// Every program directly in `folder` that compiles: those with an expected
/// output (`.out`). Compile-error cases and helper modules (imported by the
/// programs, so covered through them) have none.
fn programs_in(folder: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "loop"))
        .filter(|p| p.with_extension("out").exists())
        .collect();
    found.sort();
    found
}

/// The programs of `tests/programs/awaiting_issue_11.txt`, which type-check
/// but whose Lua LuaJIT refuses until code generation is rewritten.
fn awaiting_issue_11() -> Vec<String> {
    let list = std::fs::read_to_string(workspace().join("tests/programs/awaiting_issue_11.txt"))
        .unwrap_or_default();
    list.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(String::from)
        .collect()
}

/// What went wrong with one program, if anything. A program awaiting
/// issue 11 whose Lua does not load has its Arc text checked alone.
fn round_trip(path: &Path, scratch: &Path, awaiting: &[String]) -> Result<(), String> {
    let listed = path
        .file_name()
        .is_some_and(|n| awaiting.iter().any(|a| n.to_string_lossy() == *a));
    let compiled = match driver::compile(path) {
        Ok(c) => Some(c),
        Err(_) if listed => None,
        Err(f) => return Err(format!("does not compile:\n{}", f.render(false))),
    };
    let arc = match &compiled {
        Some(c) => c.arc.clone(),
        None => {
            driver::check(path).map_err(|f| format!("does not type-check:\n{}", f.render(false)))?
        }
    };
    let text = print::program(&arc);
    let reparsed = parse::program(&text).map_err(|e| format!("its Arc does not parse: {e}"))?;
    let again = print::program(&reparsed);
    if again != text {
        let line = text
            .lines()
            .zip(again.lines())
            .position(|(a, b)| a != b)
            .map_or(0, |i| i + 1);
        return Err(format!(
            "Arc printed after parsing differs from line {line}"
        ));
    }
    let Some(compiled) = compiled else {
        return Ok(());
    };
    let arc_file = scratch.join("program.arc");
    std::fs::write(&arc_file, &text).map_err(|e| e.to_string())?;
    let from_arc = driver::compile(&arc_file)
        .map_err(|f| format!("its Arc file does not compile:\n{}", f.render(false)))?;
    let lua = |c: &driver::Compiled| {
        c.chunks
            .iter()
            .map(|k| format!("-- {}\n{}", k.name, k.code))
            .collect::<String>()
    };
    if lua(&from_arc) != lua(&compiled) {
        return Err("the Lua generated from its Arc file differs".into());
    }
    Ok(())
}

#[test]
fn arc_text_round_trips_for_every_program() {
    let root = workspace();
    let shared = root.join("../shared/conformance");
    let mut programs = programs_in(&root.join("tests/programs"));
    let own = programs.len();
    assert!(
        own >= 10,
        "expected the programs of tests/programs, found {own}"
    );
    for suite in ["run", "modules"] {
        programs.extend(programs_in(&shared.join(suite)));
    }
    let scratch = tempfile::tempdir().expect("scratch folder");
    let awaiting = awaiting_issue_11();
    let failures: Vec<String> = programs
        .iter()
        .filter_map(|p| {
            round_trip(p, scratch.path(), &awaiting)
                .err()
                .map(|e| format!("{}: {e}", p.display()))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} programs do not round-trip:\n{}",
        failures.len(),
        programs.len(),
        failures.join("\n")
    );
}

#[test]
fn arc_of_a_module_program_keeps_its_imports() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("main.loop"),
        "import \"util.loop\" as util\nutil.twice(21)",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("util.loop"),
        "pub fn twice(int n) { n * 2 }",
    )
    .unwrap();
    let compiled = driver::compile(&dir.path().join("main.loop"))
        .unwrap_or_else(|f| panic!("{}", f.render(false)));
    let text = print::program(&compiled.arc);
    assert!(
        text.contains("(.IMPORT m0 (.CONSTANT CHAR[] \"util.loop\") (.CONSTANT CHAR[] \"util\"))"),
        "{text}"
    );
    assert_eq!(print::program(&parse::program(&text).unwrap()), text);
}

#[test]
fn invalid_arc_is_an_error_not_a_panic() {
    for text in [
        "",
        "(",
        ")",
        "(.MODULE)",
        "(.MODULE m0 \"x\" (.BODY (@1 nonsense)))",
        "\"unterminated",
    ] {
        assert!(parse::program(text).is_err(), "{text:?} parsed");
    }
}
