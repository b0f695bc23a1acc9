//! Standard streams of a running Loop program, through `loopc run` and as a
//! bundle: output to a pipe whose reader has gone (a quiet stop with status
//! 141), output that cannot be written (a full disk, a closed descriptor,
//! a file size limit: an error and status 1, what was written before kept),
//! lines of input byte for byte (NUL bytes, `\r\n`, arbitrary bytes),
//! input that cannot be read, and command-line arguments that are not
//! UTF-8 or look like options.

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use loop_test_support::{BothWays, Outcome, run_command};

const LIMIT: Duration = Duration::from_secs(60);

/// Echoes each line of input as its length, then the line.
const ECHO_LINES: &str = "line := input(\"\")\nfor line != null {\n  println(line.len())\n  println(line)\n  line = input(\"\")\n}\n";

/// Waits for `child` for at most `limit`; `None` if it had to be killed.
fn wait(child: &mut std::process::Child, limit: Duration) -> Option<std::process::ExitStatus> {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait().expect("waiting for the child") {
            return Some(status);
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// `command` started by `sh` with the redirections `redirect` (`>&-`, …)
/// after `setup` (`ulimit -f 4`, …).
#[cfg(unix)]
fn through_shell(command: &Command, setup: &str, redirect: &str) -> Command {
    let mut shell = Command::new("sh");
    shell
        .arg("-c")
        .arg(format!("{setup}\nexec \"$@\" {redirect}"))
        .arg("sh")
        .arg(command.get_program())
        .args(command.get_args());
    if let Some(dir) = command.get_current_dir() {
        shell.current_dir(dir);
    }
    shell
}

#[test]
fn a_program_printing_forever_stops_quietly_when_its_reader_leaves() {
    let program = BothWays::new("for true { println(\"y\") }\n");
    for (how, mut command) in program.commands::<&str>(&[]) {
        let mut child = command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the program starts");
        let mut first = [0u8; 2];
        let mut out = child.stdout.take().unwrap();
        out.read_exact(&mut first).expect("a first line");
        assert_eq!(&first, b"y\n", "{how}");
        drop(out);
        let status = wait(&mut child, LIMIT);
        let mut stderr = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        let status = status.unwrap_or_else(|| panic!("{how}: still printing to a closed pipe"));
        assert_eq!(status.code(), Some(141), "{how}: {status:?}, {stderr}");
        assert_eq!(stderr, "", "{how}: a broken pipe is quiet");
    }
}

/// With a C library, output is written as it is printed (C writes the same
/// stdout); a broken pipe stops the program all the same.
#[test]
fn a_program_with_c_output_stops_quietly_when_its_reader_leaves() {
    let dir = loop_test_support::ffi::with_library(
        "output",
        "import \"output\" as o\nfor true { println(\"y\")\n  o.out_puts(\"c\") }\n",
    );
    let program = BothWays::in_folder(dir);
    for (how, mut command) in program.commands::<&str>(&[]) {
        let mut child = command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the program starts");
        let mut first = [0u8; 4];
        let mut out = child.stdout.take().unwrap();
        out.read_exact(&mut first).expect("first lines");
        assert_eq!(&first, b"y\nc\n", "{how}");
        drop(out);
        let status = wait(&mut child, LIMIT);
        let status = status.unwrap_or_else(|| panic!("{how}: still printing to a closed pipe"));
        assert_eq!(status.code(), Some(141), "{how}");
    }
}

#[test]
fn a_prompt_to_a_closed_pipe_stops_the_program_too() {
    let program = BothWays::new(
        "for true { line := input(\"name? \")\nif line == null { println(\"never\") } }\n",
    );
    // Many lines: a process started at the same moment by another test may
    // hold the pipe's reader for an instant, so the first prompts can go
    // through before the reader is gone for good.
    let input = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(input.path(), "x\n".repeat(1_000_000)).unwrap();
    for (how, mut command) in program.commands::<&str>(&[]) {
        // Standard output is a pipe nobody reads, whose reader is gone.
        let mut child = command
            .stdin(std::fs::File::open(input.path()).unwrap())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the program starts");
        drop(child.stdout.take());
        let status = wait(&mut child, LIMIT);
        let status = status.unwrap_or_else(|| panic!("{how}: still prompting"));
        assert_eq!(status.code(), Some(141), "{how}");
    }
}

#[cfg(target_os = "linux")]
#[test]
fn output_to_a_full_disk_is_an_error() {
    let with_c = BothWays::in_folder(loop_test_support::ffi::with_library(
        "output",
        "import \"output\" as o\nprintln(\"hi\")\no.out_puts(\"c\")\n",
    ));
    let plain = BothWays::new("println(\"hi\")\n");
    for (how, mut command) in plain
        .commands::<&str>(&[])
        .into_iter()
        .chain(with_c.commands::<&str>(&[]))
    {
        let full = std::fs::File::options()
            .write(true)
            .open("/dev/full")
            .unwrap();
        command.stdout(full);
        let out = run_with_stdout_set(command);
        assert_eq!(out.code, Some(1), "{how}: {}", out.stderr);
        assert!(
            out.stderr
                .contains("cannot write to standard output: No space left on device"),
            "{how}: {}",
            out.stderr
        );
        assert_eq!(out.stderr.lines().count(), 1, "{how}: {}", out.stderr);
    }
}

/// Runs `command`, whose stdout is already set, with no input and stderr
/// captured.
fn run_with_stdout_set(mut command: Command) -> Outcome {
    let mut child = command
        .stdin(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the program starts");
    let status = wait(&mut child, LIMIT).expect("the program ends");
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    Outcome {
        code: status.code(),
        stdout: Vec::new(),
        stderr,
        timed_out: false,
    }
}

#[cfg(unix)]
#[test]
fn output_to_a_closed_descriptor_is_an_error() {
    let program = BothWays::new("println(\"hi\")\n");
    for (how, command) in program.commands::<&str>(&[]) {
        let out = run_command(through_shell(&command, "", ">&-"), b"", LIMIT);
        assert_eq!(out.code, Some(1), "{how}: {}", out.stderr);
        assert!(
            out.stderr
                .contains("cannot write to standard output: Bad file descriptor"),
            "{how}: {}",
            out.stderr
        );
    }
}

#[cfg(unix)]
#[test]
fn output_written_before_a_write_error_is_kept() {
    // A file size limit of a few KB (`ulimit -f` counts blocks of 512 or
    // 1024 bytes; with SIGXFSZ ignored, writes past it fail with "File too
    // large"), and 100 000 numbered lines to write.
    let program = BothWays::new("for var i = 0 to 100000 { println(i) }\nprintln(\"done\")\n");
    let expected: String = (0..100_000).map(|i| format!("{i}\n")).collect();
    for (how, command) in program.commands::<&str>(&[]) {
        let out_file = program.dir().join("out.txt");
        let shell = through_shell(&command, "trap '' XFSZ; ulimit -f 4", "> \"$OUT\"");
        let mut shell = shell;
        shell.env("OUT", &out_file);
        let out = run_command(shell, b"", LIMIT);
        assert_eq!(out.code, Some(1), "{how}: {}", out.stderr);
        assert!(
            out.stderr
                .contains("cannot write to standard output: File too large"),
            "{how}: {}",
            out.stderr
        );
        let written = std::fs::read_to_string(&out_file).unwrap();
        assert!(
            written.len() >= 2048 && written.len().is_multiple_of(512),
            "{how}: {} bytes, not all the limit allows",
            written.len()
        );
        assert!(expected.starts_with(&written), "{how}: {written}");
    }
}

#[test]
fn input_keeps_nul_bytes_and_strips_crlf() {
    let program = BothWays::new(ECHO_LINES);
    let input = b"x\0y\nz\r\n\0\n\r\nlone\rcr\nlast\r";
    let expected = b"3\nx\0y\n1\nz\n1\n\0\n0\n\n7\nlone\rcr\n5\nlast\r\n";
    for (how, out) in program.run::<&str>(&[], input) {
        assert_eq!(out.code, Some(0), "{how}: {}", out.stderr);
        assert_eq!(
            out.stdout,
            expected,
            "{how}: {:?}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
}

#[test]
fn arbitrary_bytes_come_back_line_by_line() {
    let program = BothWays::new(
        "line := input(\"\")\nfor line != null { println(line)\n  line = input(\"\") }\n",
    );
    // xorshift64*, so a failure reproduces; few distinct bytes make runs of
    // line endings, NULs and invalid UTF-8 likely.
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let alphabet = [b'\n', b'\r', 0, 0xff, 0xc3, b'a', b' ', 0x80];
    let input: Vec<u8> = (0..200_000)
        .map(|_| {
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            alphabet[(state.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 61) as usize]
        })
        .collect();
    // Each line comes back with `\n`: `\r\n` endings become `\n`, and a
    // last line without an ending gets one.
    let mut expected = Vec::new();
    for line in input.split_inclusive(|&b| b == b'\n') {
        let line = line.strip_suffix(b"\n").unwrap_or(line);
        let line = if line.len() < input.len() && line.ends_with(b"\r") {
            &line[..line.len() - 1]
        } else {
            line
        };
        expected.extend_from_slice(line);
        expected.push(b'\n');
    }
    // A last line without `\n` keeps its `\r`.
    if !input.ends_with(b"\n") && input.ends_with(b"\r") {
        expected.pop();
        expected.extend_from_slice(b"\r\n");
    }
    for (how, out) in program.run::<&str>(&[], &input) {
        assert_eq!(out.code, Some(0), "{how}: {}", out.stderr);
        assert!(out.stdout == expected, "{how}: lines differ");
    }
}

#[cfg(unix)]
#[test]
fn standard_input_that_is_a_directory_is_an_error() {
    let program = BothWays::new("println(\"before\")\nline := input(\"\")\nprintln(\"never\")\n");
    for (how, mut command) in program.commands::<&str>(&[]) {
        let dir = std::fs::File::open(program.dir()).unwrap();
        let mut child = command
            .stdin(dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let status = wait(&mut child, LIMIT).expect("the program ends");
        let (mut stdout, mut stderr) = (String::new(), String::new());
        child
            .stdout
            .take()
            .unwrap()
            .read_to_string(&mut stdout)
            .unwrap();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        assert_eq!(status.code(), Some(1), "{how}: {stderr}");
        assert_eq!(stdout, "before\n", "{how}");
        assert_eq!(
            stderr.lines().next(),
            Some("main.loop:2: runtime error: cannot read standard input: Is a directory"),
            "{how}: {stderr}"
        );
    }
}

#[cfg(unix)]
#[test]
fn closed_standard_input_is_an_error() {
    let program = BothWays::new("line := input(\"\")\nprintln(\"never\")\n");
    for (how, command) in program.commands::<&str>(&[]) {
        let out = run_command(through_shell(&command, "", "<&-"), b"", LIMIT);
        assert_eq!(out.code, Some(1), "{how}: {}", out.stderr);
        assert!(
            out.stderr.contains(
                "main.loop:1: runtime error: cannot read standard input: Bad file descriptor"
            ),
            "{how}: {}",
            out.stderr
        );
    }
}

#[cfg(unix)]
#[test]
fn arguments_pass_byte_for_byte() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let program = BothWays::new("for var a in args() { println(a.len())\n  println(a) }\n");
    let args = [
        OsStr::from_bytes(b"\xff\xfeinvalid"),
        OsStr::from_bytes("caf\u{e9}".as_bytes()),
        OsStr::from_bytes(b"half \xc3"),
    ];
    let expected = b"9\n\xff\xfeinvalid\n5\ncaf\xc3\xa9\n6\nhalf \xc3\n";
    for (how, out) in program.run(&args, b"") {
        assert_eq!(out.code, Some(0), "{how}: {}", out.stderr);
        assert_eq!(out.stdout, expected, "{how}");
    }
}

#[test]
fn everything_after_the_program_belongs_to_it() {
    let program = BothWays::new("println(args().join(\"|\"))\n");
    for (how, out) in program.run(&["-h", "--", "--help", "-V", "x"], b"") {
        assert_eq!(out.code, Some(0), "{how}: {}", out.stderr);
        assert_eq!(out.stdout_text(), "-h|--|--help|-V|x\n", "{how}");
    }
}
