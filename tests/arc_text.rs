//! Arc's text form: the imports of a module program survive printing and
//! reading back, and invalid text is an error, not a panic. (That every
//! program of `tests/programs/` round-trips is a case of each program in
//! `tests/programs.rs`.)

use loop_test_support::scratch;
use loopc::arc::{parse, print};
use loopc::driver;

#[test]
fn arc_of_a_module_program_keeps_its_imports() {
    let dir = scratch(&[
        ("main.loop", b"import \"util.loop\" as util\nutil.twice(21)"),
        ("util.loop", b"pub fn twice(int n) { n * 2 }"),
    ]);
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
