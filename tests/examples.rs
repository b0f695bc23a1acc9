//! The programs of `examples/` run and print what the README promises.

use std::time::Duration;

use loop_test_support::{BothWays, run_loopc, workspace};

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

#[test]
fn wc() {
    let source = std::fs::read(workspace().join("examples/wc.loop")).unwrap();
    let program = BothWays::with_files(&[
        ("main.loop", &source),
        ("a.txt", b"one two\nthree\n"),
        ("b.txt", b"x\n\ny  z\tw\r\nlast"),
        ("sub/c.txt", b""),
    ]);
    let dir = program.dir().to_path_buf();
    let path = |name: &str| dir.join(name).to_str().unwrap().to_string();
    let (a, b, c) = (path("a.txt"), path("b.txt"), path("sub/c.txt"));
    for (how, out) in program.run(&[&a, &b, &c], b"") {
        assert_eq!(out.code, Some(0), "{how}: {}", out.stderr);
        assert_eq!(
            out.stdout_text(),
            format!("  2   3  14 {a}\n  4   5  15 {b}\n  0   0   0 {c}\n  6   8  29 total\n"),
            "{how}"
        );
    }
    for (how, out) in program.run(&["--json", "--sort", &a, &b], b"") {
        assert_eq!(
            out.stdout_text(),
            format!(
                "[{{\"file\":\"{b}\",\"lines\":4,\"words\":5,\"bytes\":15}},{{\"file\":\"{a}\",\"lines\":2,\"words\":3,\"bytes\":14}}]\n"
            ),
            "{how}"
        );
    }
    for (how, out) in program.run::<&str>(&[], b"from standard input\n") {
        assert_eq!(out.stdout_text(), "  1   3  20 \n", "{how}");
    }
    let missing = path("missing.txt");
    for (how, out) in program.run(&[&a, &missing, &path("sub")], b"") {
        assert_eq!(out.code, Some(1), "{how}: {}", out.stderr);
        assert_eq!(
            out.stdout_text(),
            format!(
                "wc: {missing}: no such file\nwc: {}: is a folder\n  2   3  14 {a}\n",
                path("sub")
            ),
            "{how}"
        );
    }
}
