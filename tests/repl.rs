//! `loopc repl` (docs/cli.md): entries from a pipe and from a terminal;
//! declarations persist, values are printed with their types, entries span
//! lines while unfinished, compile and runtime errors leave the session
//! going, and a terminal gets line editing and history.

use std::time::Duration;

use loop_test_support::{Outcome, run_command, scratch};

const LIMIT: Duration = Duration::from_secs(60);

/// Runs `loopc repl` in `dir` with `input` piped in.
fn repl(dir: &std::path::Path, input: &str) -> Outcome {
    let mut command = std::process::Command::new(loop_test_support::loopc());
    command
        .arg("repl")
        .current_dir(dir)
        .env("LOOPC_HISTORY", "");
    let out = run_command(command, input.as_bytes(), LIMIT);
    assert!(!out.crashed() && !out.timed_out, "{out:?}");
    out
}

#[test]
fn declarations_persist_and_values_print_with_their_types() {
    let dir = scratch(&[(
        "geo.loop",
        b"pub class Point { int x = 0; int y = 0 }\npub fn origin() { Point() }\n",
    )]);
    let out = repl(
        dir.path(),
        r#"1 + 2
x := 10
count := 0
fn bump() {
  count = count + x
  count
}
bump()
bump()
count
x * 2.5
class Pet {
  string name = "rex"
  string greet() { "I am " + self.name }
}
p := Pet()
p.name = "tom"
p.greet()
p
ext int { int double() { self * 2 } }
21.double()
xs := [3, 1, 2]
xs.sort()
xs
{"a": 1, "b": 2}
import "geo.loop" as geo
geo.origin()
square := fn(int n) { n * n }
square(x + 2)
"text"
x := 5
y := null
"#,
    );
    assert_eq!(
        out.stdout_text(),
        "3 : int\n10 : int\n20 : int\n20 : int\n25 : float\n\
         I am tom : string\nPet { name: \"tom\" } : Pet\n42 : int\n\
         [1, 2, 3] : int[]\n{\"a\": 1, \"b\": 2} : map<string, int>\n\
         Point { x: 0, y: 0 } : geo.Point\n144 : int\ntext : string\n",
        "{}",
        out.stderr
    );
    // Redeclaring is the language's error; a null with no type is refused.
    assert!(
        out.stderr.contains("`x` is already declared in this block"),
        "{}",
        out.stderr
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
}

#[test]
fn classes_of_earlier_entries_can_be_extended() {
    let dir = scratch(&[("geo.loop", b"pub class Point { int x = 1 }\n")]);
    let out = repl(
        dir.path(),
        "class A { int v = 1; int get() { self.v } }\n\
         class B < A { int get() { super.get() + 10 } }\n\
         B().get()\n\
         class C < B { string w = \"c\" }\n\
         C()\n\
         import \"geo.loop\" as geo\n\
         class P3 < geo.Point { int z = 3 }\n\
         P3()\n",
    );
    assert_eq!(
        out.stdout_text(),
        "11 : int\nC { v: 1, w: \"c\" } : C\nP3 { x: 1, z: 3 } : P3\n",
        "{}",
        out.stderr
    );
}

#[test]
fn errors_are_reported_and_the_session_goes_on() {
    let dir = scratch(&[]);
    let out = repl(
        dir.path(),
        "total := 1\nprintln(totl)\ntotal + \"a\"\nxs := [1]\nxs[4]\nfn f(int i) {\n  xs[i]\n}\nf(9)\ntotal\n",
    );
    assert_eq!(out.stdout_text(), "1 : int\n", "{}", out.stderr);
    let expected = [
        "<repl>:2:9: error[E0201]: unknown name `totl`; did you mean `total`?",
        "<repl>:2:1: error[E0306]: cannot apply `+` to int and string; convert the int with `.to_string()` to use it as text",
        "<repl>:3: runtime error: index 4 out of range for an array of length 1",
        "<repl>:5: runtime error: index 9 out of range for an array of length 1",
        "  at <repl>:5 in f",
    ];
    let mut rest = out.stderr.as_str();
    for line in expected {
        let at = rest
            .find(line)
            .unwrap_or_else(|| panic!("{line:?} missing, in order, from:\n{}", out.stderr));
        rest = &rest[at + line.len()..];
    }
    assert_eq!(out.code, Some(0));
}

#[test]
fn an_unfinished_entry_goes_on_over_lines_and_a_blank_line_sends_it() {
    let dir = scratch(&[]);
    let out = repl(
        dir.path(),
        "n := 3\nif n > 2 {\n  \"big\"\n} else {\n  \"small\"\n}\nwords := [\"a\",\n  \"b\"]\nwords.join(\n\"-\")\nfn broken(int k) {\n\nn\n",
    );
    assert_eq!(
        out.stdout_text(),
        "big : string\na-b : string\n3 : int\n",
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("error[E0115]: this `{` is never closed"),
        "{}",
        out.stderr
    );
}

#[test]
fn exit_ends_the_session_with_its_status_and_input_end_with_0() {
    let dir = scratch(&[]);
    let out = repl(dir.path(), "println(\"a\")\nexit(4)\nprintln(\"b\")\n");
    assert_eq!(out.stdout_text(), "a\n");
    assert_eq!(out.code, Some(4));
    let out = repl(dir.path(), ":help\n1\n:quit\n2\n");
    assert!(out.stdout_text().contains(":quit"), "{}", out.stdout_text());
    assert!(
        out.stdout_text().ends_with("1 : int\n"),
        "{}",
        out.stdout_text()
    );
    assert_eq!(out.code, Some(0));
}

/// A `loopc repl` on a pseudo-terminal: what it shows, and keys to type.
#[cfg(target_os = "linux")]
mod terminal {
    use std::io::{Read, Write};
    use std::os::fd::{FromRawFd, OwnedFd};
    use std::path::Path;
    use std::process::{Child, Command};
    use std::sync::{Arc, Mutex};
    use std::time::{Duration, Instant};

    /// What the line editor writes as it starts reading a line (it turns
    /// bracketed paste on).
    const PROMPT_STARTS: &str = "\x1b[?2004h";

    pub struct Terminal {
        child: Child,
        input: std::fs::File,
        shown: Arc<Mutex<Vec<u8>>>,
    }

    impl Terminal {
        /// Starts `loopc repl` in `dir` on a new pseudo-terminal, keeping
        /// its history in `history`.
        pub fn start(dir: &Path, history: &Path) -> Terminal {
            let (mut master, mut slave) = (-1, -1);
            // SAFETY: openpty writes two new descriptors into the pointers;
            // the name, termios and window size are optional.
            let status = unsafe {
                libc::openpty(
                    &mut master,
                    &mut slave,
                    std::ptr::null_mut(),
                    std::ptr::null(),
                    std::ptr::null(),
                )
            };
            assert_eq!(status, 0, "openpty");
            // SAFETY: both descriptors are new and owned here alone.
            let (master, slave) =
                unsafe { (OwnedFd::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) };
            let child = Command::new(loop_test_support::loopc())
                .arg("repl")
                .current_dir(dir)
                .env("TERM", "xterm")
                .env("LOOPC_HISTORY", history)
                .stdin(slave.try_clone().unwrap())
                .stdout(slave.try_clone().unwrap())
                .stderr(slave)
                .spawn()
                .expect("loopc repl starts");
            let input = std::fs::File::from(master);
            let mut output = input.try_clone().unwrap();
            let shown = Arc::new(Mutex::new(Vec::new()));
            let sink = Arc::clone(&shown);
            std::thread::spawn(move || {
                let mut buffer = [0; 4096];
                // Reading fails once the last process holding the
                // terminal has ended.
                while let Ok(n @ 1..) = output.read(&mut buffer) {
                    sink.lock().unwrap().extend_from_slice(&buffer[..n]);
                }
            });
            Terminal {
                child,
                input,
                shown,
            }
        }

        /// Types `keys` ending in Enter, and waits for the next prompt
        /// (the terminal drops what is typed ahead of it).
        pub fn line(&mut self, keys: &str) {
            let prompts = self.wait_for("").matches(PROMPT_STARTS).count();
            self.input.write_all(keys.as_bytes()).unwrap();
            self.input.write_all(b"\r").unwrap();
            self.wait_until(|shown| shown.matches(PROMPT_STARTS).count() > prompts);
        }

        /// Waits until the screen has shown `text` (escape sequences and
        /// all) since the start; gives everything shown.
        pub fn wait_for(&self, text: &str) -> String {
            self.wait_until(|shown| shown.contains(text))
        }

        fn wait_until(&self, done: impl Fn(&str) -> bool) -> String {
            let deadline = Instant::now() + Duration::from_secs(30);
            loop {
                let shown = String::from_utf8_lossy(&self.shown.lock().unwrap()).into_owned();
                if done(&shown) {
                    return shown;
                }
                assert!(Instant::now() < deadline, "the screen:\n{shown:?}");
                std::thread::sleep(Duration::from_millis(20));
            }
        }

        /// Types Ctrl-D on an empty line and gives the exit status.
        pub fn leave(mut self) -> Option<i32> {
            self.input.write_all(b"\x04").unwrap();
            self.child.wait().unwrap().code()
        }
    }
}

#[cfg(target_os = "linux")]
#[test]
fn on_a_terminal_lines_are_edited_and_entries_are_kept_in_the_history() {
    use terminal::Terminal;
    let dir = scratch(&[]);
    let history = dir.path().join("history");
    let mut term = Terminal::start(dir.path(), &history);
    term.wait_for("Ctrl-D to leave");
    // A block over three lines: the second and third get the `. ` prompt.
    term.line("fn sq(int n) {");
    term.line("n * n");
    term.line("}");
    term.line("sq(7)");
    let shown = term.wait_for("49 : int");
    assert_eq!(shown.matches("\x1b[K. ").count(), 2, "{shown:?}");
    // Typed `10 + 5`, then Ctrl-A (start of line) and `2`: `210 + 5`.
    term.line("10 + 5\x012");
    term.wait_for("215 : int");
    term.line("nope");
    term.wait_for("unknown name `nope`");
    term.line("sq(3)");
    term.wait_for("9 : int");
    assert_eq!(term.leave(), Some(0));
    let kept = std::fs::read_to_string(&history).unwrap();
    assert!(kept.contains("fn sq(int n) {"), "{kept}");
    assert!(kept.contains("210 + 5"), "{kept}");

    // A new session recalls earlier entries with the up arrow.
    let mut term = Terminal::start(dir.path(), &history);
    term.wait_for("Ctrl-D to leave");
    term.line("\x1b[A\x1b[A\x1b[A");
    term.wait_for("215 : int");
    assert_eq!(term.leave(), Some(0));
}

#[cfg(unix)]
#[test]
fn a_c_library_import_is_refused_with_a_way_out() {
    let dir = scratch(&[]);
    loop_test_support::ffi::build_library("scale", dir.path(), "libscale");
    let out = repl(dir.path(), "import \"scale\" as s\n1\n");
    assert_eq!(out.stdout_text(), "1 : int\n");
    assert_eq!(
        out.stderr,
        "error: the C library `scale` cannot be imported in the REPL; run a program that uses it \
         with `loopc run`\n"
    );
}
