//! No panic, no hang: hostile or degenerate input gives a compile error (or
//! runs) with exit status 0 or 1, never a crash, within a time limit.
//! Deep nesting, unterminated comments, random bytes and token soup, empty
//! files and files of only comments.

use std::time::Duration;

use loop_test_support::{Outcome, run_loopc, scratch};

const LIMIT: Duration = Duration::from_secs(30);

fn run_bytes(bytes: &[u8]) -> Outcome {
    let dir = scratch(&[("main.loop", bytes)]);
    run_loopc(&["run", "main.loop"], dir.path(), b"", LIMIT)
}

#[track_caller]
fn assert_compile_error(bytes: &[u8], message: &str) {
    let out = run_bytes(bytes);
    assert!(!out.timed_out, "timed out");
    assert_eq!(
        out.code,
        Some(1),
        "status {:?}; stderr: {}",
        out.code,
        tail(&out.stderr)
    );
    assert!(
        out.stderr.contains(message),
        "stderr lacks {message:?}: {}",
        tail(&out.stderr)
    );
}

#[track_caller]
fn assert_no_crash(bytes: &[u8]) -> Outcome {
    let out = run_bytes(bytes);
    assert!(
        !out.timed_out,
        "timed out on {:?}",
        String::from_utf8_lossy(&bytes[..bytes.len().min(200)])
    );
    assert!(
        matches!(out.code, Some(0) | Some(1)),
        "status {:?} on {:?}; stderr: {}",
        out.code,
        String::from_utf8_lossy(&bytes[..bytes.len().min(200)]),
        tail(&out.stderr)
    );
    out
}

fn tail(text: &str) -> &str {
    let start = text.len().saturating_sub(600);
    let start = (start..text.len())
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0);
    &text[start..]
}

/// A small deterministic generator (xorshift64*), so failures reproduce.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[test]
fn deeply_nested_parentheses() {
    let open = "(".repeat(100_000);
    assert_compile_error(open.as_bytes(), "too deep");
    let balanced = format!("x := {}1{}", "(".repeat(100_000), ")".repeat(100_000));
    assert_compile_error(balanced.as_bytes(), "too deep");
}

#[test]
fn deeply_nested_blocks() {
    let src = format!("{}{}", "if true { ".repeat(100_000), "}".repeat(100_000));
    assert_compile_error(src.as_bytes(), "too deep");
    let src = format!("fn f() {}{}", "{ ".repeat(100_000), "}".repeat(100_000));
    assert_no_crash(src.as_bytes());
}

#[test]
fn deeply_nested_brackets_and_unary_operators() {
    assert_compile_error(
        format!("x := {}", "[".repeat(100_000)).as_bytes(),
        "too deep",
    );
    assert_compile_error(
        format!("x := {}1", "-".repeat(100_000)).as_bytes(),
        "too deep",
    );
    assert_compile_error(
        format!("x := {}true", "not ".repeat(100_000)).as_bytes(),
        "too deep",
    );
}

#[test]
fn nesting_just_inside_the_limit_compiles_and_runs() {
    let src = format!("x := {}1{}\nx", "(".repeat(100), ")".repeat(100));
    let out = assert_no_crash(src.as_bytes());
    assert_eq!(out.stdout_text(), "1\n", "{}", out.stderr);
}

#[test]
fn unterminated_block_comment() {
    assert_compile_error(b"x := 1\n/< no end\nprintln(x)\n", "main.loop:2:1");
    assert_compile_error(b"/<", "unterminated block comment");
}

#[test]
fn unterminated_string_at_end_of_file() {
    assert_compile_error(b"x := \"abc", "main.loop:1:6");
}

#[test]
fn empty_file_runs_and_prints_nothing() {
    let out = assert_no_crash(b"");
    assert_eq!(out.code, Some(0));
    assert_eq!(out.stdout_text(), "");
}

#[test]
fn file_of_only_comments_runs_and_prints_nothing() {
    let out = assert_no_crash(b"// one\n/< two\n   three >/\n// four");
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(out.stdout_text(), "");
}

#[test]
fn file_of_only_blank_lines_and_semicolons() {
    let out = assert_no_crash(b"\n\n;;\n  \t\n;");
    assert_eq!(out.stdout_text(), "");
}

#[test]
fn invalid_utf8_is_an_error_at_its_first_byte() {
    assert_compile_error(
        b"x := 1\ny := \"caf\xc3\xa9 \xff\xfe\"\n",
        "main.loop:2:12: error[E0101]: invalid UTF-8 (byte 0xFF): source files must be UTF-8",
    );
    // A sequence cut short at the end of the file.
    assert_compile_error(
        b"// \xe2\x82",
        "main.loop:1:4: error[E0101]: invalid UTF-8 (byte 0xE2)",
    );
    let out = run_bytes(b"\xff");
    assert!(
        out.stderr.contains(" 1 \u{2502} \u{fffd}"),
        "the line is shown: {}",
        out.stderr
    );
}

#[test]
fn invalid_utf8_in_a_module_is_an_error_in_that_module() {
    let dir = scratch(&[
        (
            "main.loop",
            b"import \"lib/util.loop\" as util\nprintln(util.x)\n",
        ),
        ("lib/util.loop", b"pub x := 1\n\n// \x80\n"),
    ]);
    let out = run_loopc(&["run", "main.loop"], dir.path(), b"", LIMIT);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(
        out.stderr
            .starts_with("lib/util.loop:3:4: error[E0101]: invalid UTF-8 (byte 0x80)"),
        "{}",
        out.stderr
    );
}

#[test]
fn random_bytes() {
    let mut random = Random(0x5EED_0001);
    for _ in 0..10 {
        let len = 1 + random.below(4000);
        let bytes: Vec<u8> = (0..len).map(|_| random.next() as u8).collect();
        assert_no_crash(&bytes);
    }
}

#[test]
fn random_printable_garbage() {
    const CHARS: &[u8] = b" \n\t!\"#$%&'()*+,-./0123456789:;<=>?@[\\]^_`{|}~abcxyz";
    let mut random = Random(0x5EED_0002);
    for _ in 0..20 {
        let len = 1 + random.below(3000);
        let bytes: Vec<u8> = (0..len).map(|_| CHARS[random.below(CHARS.len())]).collect();
        assert_no_crash(&bytes);
    }
}

#[test]
fn random_token_soup() {
    const TOKENS: &[&str] = &[
        "(",
        ")",
        "{",
        "}",
        "[",
        "]",
        "+",
        "-",
        "*",
        "/",
        "%",
        "^",
        "<",
        "<=",
        "==",
        "!=",
        "=",
        ":=",
        ".",
        "..",
        ",",
        ":",
        ";",
        "\n",
        "x",
        "y",
        "f",
        "1",
        "2.5",
        "0x1F",
        "\"s\"",
        "\"\\u{41}\"",
        "fn",
        "if",
        "else",
        "for",
        "in",
        "to",
        "var",
        "const",
        "class",
        "ext",
        "return",
        "break",
        "continue",
        "and",
        "or",
        "not",
        "true",
        "false",
        "null",
        "int",
        "string",
        "float",
        "any",
        "void",
        "self",
        "constructor",
        "pub",
        "import",
        "as",
        "/<",
        ">/",
        "//",
        "println(",
        "xs",
        "[1, 2]",
        "{1: 2}",
        "int[]",
        "func<int><int>",
        "map<string, int>",
    ];
    let mut random = Random(0x5EED_0003);
    for _ in 0..150 {
        let count = 1 + random.below(60);
        let src: Vec<&str> = (0..count)
            .map(|_| TOKENS[random.below(TOKENS.len())])
            .collect();
        assert_no_crash(src.join(" ").as_bytes());
    }
}

#[test]
fn mutated_valid_programs() {
    let base = [
        "fn f(int n) { if n < 2 { n } else { f(n - 1) + f(n - 2) } }\nprintln(f(10))\n",
        "class A { int x = 1\n int get() { self.x } }\nclass B < A { int get() { 2 } }\nA[] xs := [A(), B()]\nfor var a in xs { println(a.get()) }\n",
        "m := {\"a\": [1, 2]}\nm[\"b\"] = []\nfor var k in m { println(k + m[k].len().to_string()) }\n",
        "ext int { int double() { self * 2 } }\nx := for var i = 0 to 9 { if i.double() > 6 { return i } }\nx\n",
    ];
    let mut random = Random(0x5EED_0004);
    for _ in 0..120 {
        let source = base[random.below(base.len())];
        let mut bytes = source.as_bytes().to_vec();
        for _ in 0..1 + random.below(3) {
            let i = random.below(bytes.len());
            match random.below(3) {
                0 => {
                    bytes.remove(i);
                }
                1 => {
                    let c = bytes[random.below(bytes.len())];
                    bytes.insert(i, c);
                }
                _ => {
                    let j = random.below(bytes.len());
                    bytes.swap(i, j);
                }
            }
        }
        let out = assert_no_crash(&bytes);
        // A runtime error must be reported in Loop terms, never leak the
        // runtime's own Lua positions, names or messages.
        for lua in [
            "loop runtime:",
            "local '",
            "_L",
            "attempt to",
            "a nil value",
        ] {
            assert!(
                !out.stderr.contains(lua),
                "{}\n{}",
                String::from_utf8_lossy(&bytes),
                out.stderr
            );
        }
    }
}

#[test]
fn very_long_line_and_many_statements() {
    let src = format!("x := 0\n{}x\n", "x = x + 1\n".repeat(20_000));
    let out = assert_no_crash(src.as_bytes());
    assert_eq!(out.stdout_text(), "20000\n", "{}", tail(&out.stderr));
    let src = format!("s := \"{}\"\ns.len()", "a".repeat(1_000_000));
    let out = assert_no_crash(src.as_bytes());
    assert_eq!(out.stdout_text(), "1000000\n");
}
