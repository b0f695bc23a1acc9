//! Property tests of the readers: arbitrary bytes and mutated text into the
//! Arc reader, the Loop lexer, parser and checker, and through code
//! generation and running, in-process; and mutated Arc through
//! `loopc run x.arc`. None may panic or abort: bad input is an error
//! (for Arc, one with a line, and exit status 1).
//!
//! The Arc texts and Loop programs mutated here come from the program
//! generator of `tests/gen.rs`.

mod common;
#[allow(dead_code)]
#[path = "gen/mod.rs"]
mod generator;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::time::Duration;

use proptest::prelude::*;

use generator::program::generate;
use generator::shapes::Shapes;

/// One edit of a text.
#[derive(Debug, Clone)]
enum Edit {
    /// Deletes `len` bytes at `at` (a fraction of the length).
    Delete(f64, usize),
    /// Copies the line at one place to another.
    CopyLine(f64, f64),
    /// Replaces the word at `at` with the word at another place.
    SwapWord(f64, f64),
    /// Inserts bytes.
    Insert(f64, Vec<u8>),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (0.0..1.0, 1usize..20).prop_map(|(a, n)| Edit::Delete(a, n)),
        (0.0..1.0, 0.0..1.0).prop_map(|(a, b)| Edit::CopyLine(a, b)),
        (0.0..1.0, 0.0..1.0).prop_map(|(a, b)| Edit::SwapWord(a, b)),
        (
            0.0..1.0,
            prop::collection::vec(
                prop_oneof![Just(b'('), Just(b')'), Just(b'"'), Just(b' '), any::<u8>()],
                1..6
            )
        )
            .prop_map(|(a, bytes)| Edit::Insert(a, bytes)),
    ]
}

/// `text` with `edits` applied (on bytes; the result may not be UTF-8).
fn apply(text: &str, edits: &[Edit]) -> Vec<u8> {
    let mut bytes = text.as_bytes().to_vec();
    let at = |f: f64, len: usize| ((f * len as f64) as usize).min(len);
    for e in edits {
        let len = bytes.len();
        match e {
            Edit::Delete(a, n) => {
                let start = at(*a, len);
                bytes.drain(start..(start + n).min(len));
            }
            Edit::CopyLine(a, b) => {
                let text = String::from_utf8_lossy(&bytes).into_owned();
                let lines: Vec<&str> = text.lines().collect();
                if lines.is_empty() {
                    continue;
                }
                let line = lines[at(*a, lines.len() - 1)].to_string();
                let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
                out.insert(at(*b, out.len()), line);
                bytes = out.join("\n").into_bytes();
            }
            Edit::SwapWord(a, b) => {
                let word_at = |bytes: &[u8], i: usize| {
                    let is_word = |c: u8| c.is_ascii_alphanumeric() || c == b'_' || c == b'.';
                    let mut s = i.min(bytes.len());
                    while s > 0 && is_word(bytes[s - 1]) {
                        s -= 1;
                    }
                    let mut e = s;
                    while e < bytes.len() && is_word(bytes[e]) {
                        e += 1;
                    }
                    (s, e)
                };
                let (s1, e1) = word_at(&bytes, at(*a, len));
                let (s2, e2) = word_at(&bytes, at(*b, len));
                let word = bytes[s2..e2].to_vec();
                bytes.splice(s1..e1, word);
            }
            Edit::Insert(a, new) => {
                let i = at(*a, len);
                bytes.splice(i..i, new.iter().copied());
            }
        }
    }
    bytes
}

/// Compiles `text` as the file `path` and, when it compiles, runs it; a
/// panic anywhere is the failure.
fn compile_and_run(path: &str, text: &str) -> Result<(), String> {
    caught(|| {
        if let Ok(compiled) = loopc::driver::compile_source(Path::new(path), text) {
            let _ = loop_stub::run_captured(&compiled.payload, &[]);
        }
    })
}

/// Compiles `text` (every chunk is loaded into LuaJIT as a check) without
/// running it: a mutation of Arc can make a loop endless.
fn compile_only(path: &str, text: &str) -> Result<(), String> {
    caught(|| {
        let _ = loopc::driver::compile_source(Path::new(path), text);
    })
}

/// Runs `f`; a panic comes back as its message.
fn caught(f: impl FnOnce()) -> Result<(), String> {
    let outcome = catch_unwind(AssertUnwindSafe(f));
    outcome.map_err(|e| {
        e.downcast_ref::<String>()
            .cloned()
            .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default()
    })
}

/// The Arc text of generated program `seed`.
fn arc_of(seed: u64) -> String {
    let case = generate(seed, &Shapes::default_set());
    let mut files: Vec<(&str, &[u8])> = vec![("gen.loop", case.source.as_bytes())];
    for (name, text) in &case.modules {
        files.push((name, text.as_bytes()));
    }
    let dir = common::scratch(&files);
    let compiled = loopc::driver::compile_source(&dir.path().join("gen.loop"), &case.source)
        .unwrap_or_else(|f| panic!("seed {seed} does not compile:\n{}", f.render(false)));
    loopc::arc::print::program(&compiled.arc)
}

/// Runs `f` on a thread with room for deep inputs (as loopc's phases have).
fn with_stack(f: impl FnOnce() + Send) {
    std::thread::scope(|s| {
        std::thread::Builder::new()
            .stack_size(256 << 20)
            .spawn_scoped(s, f)
            .unwrap()
            .join()
            .unwrap()
    });
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// Arbitrary bytes: the Arc reader and the Loop front end refuse them
    /// or accept them, without panicking.
    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let text = String::from_utf8_lossy(&bytes).into_owned();
        with_stack(|| {
            let _ = loopc::arc::parse::program(&text);
            let r = compile_and_run("x.loop", &text);
            assert!(r.is_ok(), "the Loop front end panicked on {text:?}: {r:?}");
        });
    }

    /// Generated programs with a few edits: the Loop front end refuses or
    /// compiles them, without panicking; what compiles runs.
    #[test]
    fn mutated_programs_never_panic(seed in 0u64..500, edits in prop::collection::vec(edit(), 1..4)) {
        let source = generate(seed, &Shapes::default_set()).source;
        let text = String::from_utf8_lossy(&apply(&source, &edits)).into_owned();
        with_stack(|| {
            let r = compile_and_run("gen.loop", &text);
            assert!(r.is_ok(), "panicked: {r:?}\n--- program\n{text}");
        });
    }

    /// Arc text of generated programs with a few edits: the Arc reader
    /// refuses it with a line, or reads it, without panicking.
    #[test]
    fn mutated_arc_never_panics_the_reader(seed in 0u64..500, edits in prop::collection::vec(edit(), 1..4)) {
        let text = String::from_utf8_lossy(&apply(&arc_of(seed), &edits)).into_owned();
        with_stack(|| {
            let r = catch_unwind(|| loopc::arc::parse::program(&text));
            match r {
                Err(_) => panic!("the Arc reader panicked on:\n{text}"),
                Ok(Err(e)) => assert!(e.starts_with("line ") || e.contains("MODULE"), "{e}"),
                Ok(Ok(_)) => {}
            }
        });
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// Mutated Arc through code generation and running: an error, never a
    /// panic (the Arc verifier, `types/verify.rs`, refuses what code
    /// generation could not handle).
    #[test]
    fn mutated_arc_never_panics_code_generation(seed in 0u64..500, edits in prop::collection::vec(edit(), 1..4)) {
        let text = String::from_utf8_lossy(&apply(&arc_of(seed), &edits)).into_owned();
        with_stack(|| {
            let r = compile_only("gen.arc", &text);
            assert!(r.is_ok(), "panicked: {r:?}\n--- Arc\n{text}");
        });
    }
}

/// `loopc run x.arc` on Arc text with a bracket added or a line copied
/// (which the reader refuses, or reads): exit status 1 and
/// `x.arc: invalid Arc: line N: …`, or a run; never a crash.
#[test]
fn unbalanced_arc_through_loopc_run() {
    let mut rng = fastrand::Rng::with_seed(7);
    for round in 0..8 {
        let seed = rng.u64(0..500);
        let bracket = if rng.bool() {
            b"(".to_vec()
        } else {
            b")".to_vec()
        };
        let text = apply(&arc_of(seed), &[Edit::Insert(rng.f64(), bracket)]);
        let dir = common::scratch(&[("x.arc", &text)]);
        let out = common::run_loopc(&["run", "x.arc"], dir.path(), b"", Duration::from_secs(30));
        assert!(
            !out.crashed(),
            "round {round}: loopc crashed ({:?}):\n{}",
            out.code,
            out.stderr
        );
        // A bracket that lands inside a string literal leaves valid Arc.
        let refused = out.stderr.contains("x.arc: invalid Arc: line ");
        let ran = out.code == Some(0) || out.stderr.contains("runtime error");
        assert!(
            (out.code == Some(1) && refused) || ran,
            "round {round}: exit {:?}: {}",
            out.code,
            out.stderr
        );
    }
}

/// `loopc run x.arc` on Arc text with words swapped: a refusal (1) or a
/// run (its own status), never a crash.
#[test]
fn mutated_arc_through_loopc_run() {
    let mut rng = fastrand::Rng::with_seed(7);
    for round in 0..30 {
        let seed = rng.u64(0..500);
        let edits: Vec<Edit> = (0..rng.usize(1..4))
            .map(|_| Edit::SwapWord(rng.f64(), rng.f64()))
            .collect();
        let text = apply(&arc_of(seed), &edits);
        let dir = common::scratch(&[("x.arc", &text)]);
        // A swap can make a loop endless: a run past the limit is no crash.
        let out = common::run_loopc(&["run", "x.arc"], dir.path(), b"", Duration::from_secs(5));
        assert!(
            !out.crashed(),
            "round {round}: loopc crashed ({:?}):\n{}",
            out.code,
            out.stderr
        );
        // A program may end by `exit(n)`: any status but a crash's.
        assert!(
            out.code.is_some() || out.timed_out,
            "round {round}: exit {:?}",
            out.code
        );
    }
}
