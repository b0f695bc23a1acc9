//! The programs of `examples/` run and print what the README promises.

mod common;

use std::time::Duration;

use common::{run_loopc, workspace};

fn run_example(args: &[&str], stdin: &[u8]) -> String {
    let mut all = vec!["run"];
    all.extend(args);
    let out = run_loopc(&all, &workspace(), stdin, Duration::from_secs(60));
    assert_eq!(out.code, Some(0), "{args:?}: {}", out.stderr);
    assert_eq!(out.stderr, "", "{args:?}");
    out.stdout_text()
}

#[test]
fn hello() {
    assert_eq!(
        run_example(&["examples/hello.loop"], b""),
        "Hello, world!\n"
    );
}

#[test]
fn primes() {
    let text = run_example(&["examples/primes.loop"], b"");
    assert_eq!(
        text,
        "primes below 100: 25\n[2, 3, 5, 7, 11, 13, 17, 19, 23, 29]\ntwin pairs: 8\n97\n"
    );
    let text = run_example(&["examples/primes.loop", "1000"], b"");
    assert!(text.starts_with("primes below 1000: 168\n"), "{text}");
    assert!(!text.contains("disagree"), "{text}");
}

#[test]
fn shapes() {
    let text = run_example(&["examples/shapes.loop"], b"");
    assert!(
        text.starts_with("rect: area 7, perimeter 11\nsquare: area 4, perimeter 8\n"),
        "{text}"
    );
    assert!(text.contains("largest area: rect\n"), "{text}");
    assert!(
        text.ends_with("Square { name: \"square\", w: 2, h: 2 }\n"),
        "{text}"
    );
}

#[test]
fn words() {
    let text = run_example(&["examples/words.loop"], b"");
    assert_eq!(
        text,
        "22 words, 13 different\nthe: 5\nfox: 3\ndog: 3\na: 2\n"
    );
    let text = run_example(&["examples/words.loop", "-"], b"b a b\nc b a\n");
    assert_eq!(text, "6 words, 3 different\nb: 3\na: 2\n");
}
