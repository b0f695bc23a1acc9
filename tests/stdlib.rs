//! The standard library (docs/stdlib.md) end to end, through `loopc run`
//! and as a bundle started from another folder: files and folders, other
//! programs, the environment, standard input, clocks and the seeded random
//! generator, each in normal use and in each way it fails. (What needs no
//! files or processes, such as math, JSON and the new methods, is in
//! `tests/programs/stdlib_*.loop`.)

use std::path::Path;
use std::time::Duration;

use loop_test_support::{BothWays, Outcome, run_command};

const LIMIT: Duration = Duration::from_secs(60);

/// Runs `program` both ways, each with `args_for(way)` (way 0 `loopc run`,
/// 1 the bundle), feeding `stdin`; gives each outcome with its name.
fn run_each(
    program: &BothWays,
    args_for: impl Fn(usize) -> Vec<String>,
    stdin: &[u8],
) -> Vec<(&'static str, Outcome)> {
    (0..2)
        .map(|way| {
            let (how, command) = program
                .commands(&args_for(way))
                .into_iter()
                .nth(way)
                .unwrap();
            (how, run_command(command, stdin, LIMIT))
        })
        .collect()
}

/// Asserts that `outcome` succeeded and printed `want`.
#[track_caller]
fn assert_prints(how: &str, outcome: &Outcome, want: &str) {
    assert_eq!(
        (outcome.code, outcome.stderr.as_str()),
        (Some(0), ""),
        "{how}: {}",
        outcome.stdout_text()
    );
    assert_eq!(outcome.stdout_text(), want, "{how}");
}

/// Asserts that `outcome` is a runtime error at `main.loop:{line}` saying
/// `message`, in Loop words, after printing `printed`.
#[track_caller]
fn assert_fails(how: &str, outcome: &Outcome, line: u32, message: &str, printed: &str) {
    let want = format!("main.loop:{line}: runtime error: {message}\n");
    assert_eq!(outcome.code, Some(1), "{how}: {}", outcome.stderr);
    assert!(
        outcome.stderr.starts_with(&want),
        "{how}: expected {want}got:\n{}",
        outcome.stderr
    );
    for lua in ["nil", "Lua", "lua", "_L", "attempt to", "bad argument"] {
        assert!(!outcome.stderr.contains(lua), "{how}: {}", outcome.stderr);
    }
    assert_eq!(outcome.stdout_text(), printed, "{how}");
}

fn text(path: &Path) -> String {
    path.to_str().expect("a UTF-8 scratch path").to_string()
}

#[test]
fn files_and_folders() {
    let program = BothWays::new(
        r#"
root := args()[0]
fs.mkdir(root + "/a/b/c")
fs.mkdir(root + "/a/b/c")                    // already there: nothing to do
println(fs.is_dir(root + "/a/b") and fs.exists(root + "/a/b/c"))
path := root + "/a/notes.txt"
println(fs.exists(path))
fs.write(path, "first\r\nsecond\n")
fs.append(path, "third")
fs.append(path, "\n\nfifth\n")
println(fs.exists(path))
println(fs.is_dir(path))
println(fs.read(path).len())
println(fs.lines(path))
fs.write(path, "replaced")
println(fs.read(path))
fs.write(root + "/a/zeta", "")
fs.write(root + "/a/Alpha", "x\u{0}y")
println(fs.read(root + "/a/Alpha").len())
println(fs.lines(root + "/a/zeta"))
println(fs.list(root + "/a"))
fs.remove(root + "/a/zeta")
fs.remove(root + "/a/b/c")
println(fs.list(root + "/a"))
println(fs.exists(root + "/a/zeta") or fs.exists(root + "/a/b/c"))
"#,
    );
    let roots = [tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap()];
    let want = "true\nfalse\ntrue\nfalse\n27\n[\"first\", \"second\", \"third\", \"\", \"fifth\"]\nreplaced\n3\n[]\n[\"Alpha\", \"b\", \"notes.txt\", \"zeta\"]\n[\"Alpha\", \"b\", \"notes.txt\"]\nfalse\n";
    for (way, (how, outcome)) in run_each(&program, |way| vec![text(roots[way].path())], b"")
        .iter()
        .enumerate()
    {
        assert_prints(how, outcome, want);
        let notes = roots[way].path().join("a/notes.txt");
        assert_eq!(std::fs::read_to_string(notes).unwrap(), "replaced", "{how}");
        assert_eq!(
            std::fs::read(roots[way].path().join("a/Alpha")).unwrap(),
            b"x\0y"
        );
    }
}

/// A program that fails in the way its first argument names, in the
/// folder given as its second, after printing `started`.
const FAILURES: &str = r#"println("started")
how := args()[0]
root := args()[1]
if how == "read" { fs.read(root + "/cfg.txt") }
if how == "lines" { fs.lines(root) }
if how == "mkdir" { fs.write(root + "/file", "x"); fs.mkdir(root + "/file/sub") }
if how == "mkdir-file" { fs.write(root + "/f", "x"); fs.mkdir(root + "/f") }
if how == "write" { fs.write(root + "/missing/out.txt", "x") }
if how == "append" { fs.append(root, "x") }
if how == "list" { fs.list(root + "/nothing") }
if how == "remove" { fs.mkdir(root + "/full/x"); fs.remove(root + "/full") }
if how == "remove-missing" { fs.remove(root + "/gone") }
if how == "null" { string p := null; fs.exists(p) }
if how == "run" { os.run(["loop-no-such-program", "x"]) }
if how == "run-empty" { string[] none := []; os.run(none) }
if how == "run-null" { os.run(["echo", null]) }
if how == "sleep" { time.sleep(-0.5) }
"#;

#[test]
fn each_failure_names_what_failed_and_why() {
    let program = BothWays::new(FAILURES);
    let cases = [
        (
            "read",
            "cannot read \"ROOT/cfg.txt\": No such file or directory",
        ),
        ("lines", "cannot read \"ROOT\": Is a directory"),
        (
            "mkdir",
            "cannot create the folder \"ROOT/file/sub\": Not a directory",
        ),
        (
            "mkdir-file",
            "cannot create the folder \"ROOT/f\": File exists",
        ),
        (
            "write",
            "cannot write \"ROOT/missing/out.txt\": No such file or directory",
        ),
        ("append", "cannot append to \"ROOT\": Is a directory"),
        (
            "list",
            "cannot list the folder \"ROOT/nothing\": No such file or directory",
        ),
        ("remove", "cannot remove \"ROOT/full\": Directory not empty"),
        (
            "remove-missing",
            "cannot remove \"ROOT/gone\": No such file or directory",
        ),
        ("null", "cannot pass null to fs.exists()"),
        (
            "run",
            "cannot run \"loop-no-such-program\": No such file or directory",
        ),
        (
            "run-empty",
            "cannot run a program: os.run was given no program name",
        ),
        (
            "run-null",
            "cannot run a program: element 1 of the list given to os.run is null",
        ),
        ("sleep", "cannot sleep for -0.5 seconds"),
    ];
    for (case, message) in cases {
        let roots = [tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap()];
        let line = FAILURES
            .lines()
            .position(|l| l.contains(&format!("\"{case}\"")))
            .unwrap() as u32
            + 1;
        for (way, (how, outcome)) in run_each(
            &program,
            |way| vec![case.to_string(), text(roots[way].path())],
            b"",
        )
        .iter()
        .enumerate()
        {
            let message = message.replace("ROOT", &text(roots[way].path()));
            assert_fails(
                &format!("{case}, {how}"),
                outcome,
                line,
                &message,
                "started\n",
            );
        }
    }
}

#[test]
fn other_programs_run_without_a_shell() {
    let program = BothWays::new(
        r#"
r := os.run(["printf", "%s|", "two words", "$HOME", "*"])
println(r.out)
println(r.code.to_string() + " [" + r.err + "]")
r = os.run(["sh", "-c", "echo to-out; echo to-err >&2; exit 3"])
println(r)
println(os.run(["sh", "-c", "kill -9 $$"]).code)
println(os.run(["cat"]).out.len())                       // standard input is empty
// SIGPIPE is the program's again: `yes` stops quietly when `head` is done
piped := os.run(["sh", "-c", "yes | head -c 6"])
println(piped.out.len().to_string() + " [" + piped.err + "]")
// more than 1 MB on both pipes, in either order, never blocks
big := os.run(["sh", "-c", "head -c 1500000 /dev/zero | tr '\\0' e >&2; head -c 2000000 /dev/zero | tr '\\0' o"])
println(big.out.len().to_string() + " " + big.err.len().to_string() + " " + big.code.to_string())
big = os.run(["sh", "-c", "head -c 2000000 /dev/zero | tr '\\0' o; head -c 1500000 /dev/zero | tr '\\0' e >&2"])
println(big.out.len().to_string() + " " + big.err.len().to_string())
println(big.out.contains("e") or big.err.contains("o"))
os.Result kept := big
println(kept.code)
"#,
    );
    let want = "two words|$HOME|*|\n0 []\nos.Result { code: 3, out: \"to-out\n\", err: \"to-err\n\" }\n137\n0\n6 []\n2000000 1500000 0\n2000000 1500000\nfalse\n0\n";
    for (how, outcome) in program.run::<&str>(&[], b"") {
        assert_prints(how, &outcome, want);
    }
}

#[test]
fn environment_and_standard_input() {
    let program = BothWays::new(
        r#"
println(os.env("LOOP_STDLIB_TEST"))
println(os.env("LOOP_STDLIB_UNSET") == null)
first := input("")
rest := os.stdin()
println(first)
println(rest.len())
println(rest.byte(1))
println(rest.lines())
println(os.stdin().len())
println(os.platform())
"#,
    );
    let stdin = b"line one\r\na\x00b\r\nlast";
    for (how, mut command) in program.commands::<&str>(&[]) {
        command
            .env("LOOP_STDLIB_TEST", "value with spaces")
            .env_remove("LOOP_STDLIB_UNSET");
        let outcome = run_command(command, stdin, LIMIT);
        // Rust names the systems as Loop does.
        let platform = std::env::consts::OS;
        assert_prints(
            how,
            &outcome,
            &format!(
                "value with spaces\ntrue\nline one\n9\n0\n[\"a\0b\", \"last\"]\n0\n{platform}\n"
            ),
        );
    }
}

#[test]
fn clocks() {
    let program = BothWays::new(
        r#"
start := time.clock()
now := time.now()
time.sleep(0.05)
elapsed := time.clock() - start
println(elapsed >= 0.05 and elapsed < 5.0)
println(now)
"#,
    );
    for (how, outcome) in program.run::<&str>(&[], b"") {
        assert_eq!(outcome.code, Some(0), "{how}: {}", outcome.stderr);
        let text = outcome.stdout_text();
        let mut lines = text.lines();
        assert_eq!(lines.next(), Some("true"), "{how}");
        let printed: f64 = lines.next().unwrap().parse().unwrap();
        let real = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs_f64();
        assert!((real - printed).abs() < 60.0, "{how}: {printed} vs {real}");
    }
}

#[test]
fn a_seed_gives_the_same_sequence_in_run_and_bundle() {
    let program = BothWays::new(
        r#"
if args().len() > 0 { math.seed(args()[0].to_int()) }
for var i = 0 to 4 { print(math.random().to_string() + " ") }
println(math.random_int(0, 1000000))
"#,
    );
    let seeded: Vec<String> = program
        .run(&["2024"], b"")
        .into_iter()
        .chain(program.run(&["2024"], b""))
        .map(|(how, outcome)| {
            assert_eq!(outcome.code, Some(0), "{how}: {}", outcome.stderr);
            outcome.stdout_text()
        })
        .collect();
    assert!(seeded.iter().all(|s| *s == seeded[0]), "{seeded:?}");
    let other = program.run(&["2025"], b"")[0].1.stdout_text();
    assert_ne!(other, seeded[0]);
    // Unseeded, each run starts from the clock.
    let unseeded: Vec<String> = program
        .run::<&str>(&[], b"")
        .into_iter()
        .map(|(_, outcome)| outcome.stdout_text())
        .collect();
    assert_ne!(unseeded[0], unseeded[1]);
}

#[test]
fn json_from_files_of_arbitrary_bytes_fails_only_in_loop_words() {
    let program = BothWays::new(
        r#"
text := fs.read(args()[0])
v := json.parse(text)
println(json.stringify(v))
"#,
    );
    let dir = tempfile::tempdir().unwrap();
    // A small generator of bytes that are often nearly JSON.
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let pieces: [&[u8]; 14] = [
        b"{", b"}", b"[", b"]", b"\"", b":", b",", b"1", b"-", b"e", b"\\u", b"null", b" ", b"\xff",
    ];
    for case in 0..6 {
        let mut bytes = Vec::new();
        for _ in 0..(case * 7 + 3) {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            bytes.extend_from_slice(pieces[(seed % pieces.len() as u64) as usize]);
        }
        let path = dir.path().join(format!("case{case}.json"));
        std::fs::write(&path, &bytes).unwrap();
        for (how, outcome) in program.run(&[text(&path)], b"") {
            assert!(!outcome.crashed(), "{how}: {bytes:?}: {}", outcome.stderr);
            match outcome.code {
                Some(0) => {}
                _ => assert!(
                    outcome
                        .stderr
                        .starts_with("main.loop:3: runtime error: invalid JSON at byte "),
                    "{how}: {bytes:?}: {}",
                    outcome.stderr
                ),
            }
        }
    }
}

#[test]
fn null_arguments_are_loop_errors() {
    // Each call on its own line, run when the program's argument is its
    // number; `s` is a null string, `xs` a null array, `f` and `less` null functions.
    let calls = [
        ("fs.read(s)", "cannot pass null to fs.read()"),
        ("fs.write(s, \"x\")", "cannot pass null to fs.write()"),
        ("fs.write(\"x\", s)", "cannot pass null to fs.write()"),
        ("fs.append(s, \"x\")", "cannot pass null to fs.append()"),
        ("fs.lines(s)", "cannot pass null to fs.lines()"),
        ("fs.exists(s)", "cannot pass null to fs.exists()"),
        ("fs.is_dir(s)", "cannot pass null to fs.is_dir()"),
        ("fs.list(s)", "cannot pass null to fs.list()"),
        ("fs.mkdir(s)", "cannot pass null to fs.mkdir()"),
        ("fs.remove(s)", "cannot pass null to fs.remove()"),
        ("os.env(s)", "cannot pass null to os.env()"),
        ("os.run(xs)", "cannot pass null to os.run()"),
        ("json.parse(s)", "cannot pass null to json.parse()"),
        ("error(s)", "cannot pass null to error()"),
        ("assert(true, s)", "cannot pass null to assert()"),
        ("s.repeat(2)", "cannot call repeat() on null"),
        ("s.lines()", "cannot call lines() on null"),
        ("s.byte(0)", "cannot call byte() on null"),
        ("s.pad_left(3)", "cannot call pad_left() on null"),
        ("s.pad_right(3)", "cannot call pad_right() on null"),
        (
            "xs.sort(fn(string a, string b) { a < b })",
            "cannot call sort() on null",
        ),
        ("[\"a\"].sort(less)", "cannot pass null to sort()"),
        ("xs.map(fn(string a) { a })", "cannot call map() on null"),
        (
            "xs.filter(fn(string a) { true })",
            "cannot call filter() on null",
        ),
        ("[\"a\"].filter(f)", "cannot pass null to filter()"),
        (
            "os.run([\"x\"]).out.len()",
            "cannot run \"x\": No such file or directory",
        ),
    ];
    let mut source =
        "string s := null\nstring[] xs := null\nfunc<string><bool> f := null\nfunc<string, string><bool> less := null\ncase := args()[0].to_int()\n"
            .to_string();
    for (i, (call, _)) in calls.iter().enumerate() {
        source.push_str(&format!("if case == {i} {{ {call} }}\n"));
    }
    let program = BothWays::new(&source);
    for (i, (call, message)) in calls.iter().enumerate() {
        for (how, outcome) in program.run(&[i.to_string()], b"") {
            assert_fails(
                &format!("{call}, {how}"),
                &outcome,
                i as u32 + 6,
                message,
                "",
            );
        }
    }
}
