//! Arc's text form round-trips: for every Loop program of the workspace's
//! `tests/programs`, printing its Arc, parsing that text back and printing
//! again gives the same text; and the parsed-back program (compiled as an
//! `.arc` file, as `loopc run prog.arc` does) generates the same Lua.
//!
//! Only programs with an expected output (`NAME.out`) are taken: compile
//! errors by design have none, and helper modules are covered through the
//! programs that import them.

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

/// What went wrong with one program, if anything.
fn round_trip(path: &Path, scratch: &Path) -> Result<(), String> {
    let compiled =
        driver::compile(path).map_err(|f| format!("does not compile:\n{}", f.render(false)))?;
    let text = print::program(&compiled.arc);
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
    let programs = programs_in(&root.join("tests/programs"));
    let own = programs.len();
    assert!(
        own >= 10,
        "expected the programs of tests/programs, found {own}"
    );
    let scratch = tempfile::tempdir().expect("scratch folder");
    let failures: Vec<String> = programs
        .iter()
        .filter_map(|p| {
            round_trip(p, scratch.path())
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
        text.contains(
            "(.IMPORT @1 m0 (.CONSTANT CHAR[] \"util.loop\") (.CONSTANT CHAR[] \"util\"))"
        ),
        "{text}"
    );
    assert_eq!(print::program(&parse::program(&text).unwrap()), text);
    // Arc written before imports had lines still reads, with line 0.
    let older = text.replace("(.IMPORT @1 m0", "(.IMPORT m0");
    let program = parse::program(&older).unwrap();
    assert_eq!(program.modules[1].imports[0].line, 0);
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
