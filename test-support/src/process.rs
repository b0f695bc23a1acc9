//! Running a process with stdin and a time limit, and what it did.

use std::ffi::OsStr;
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::{loopc, scratch};

/// What a finished (or timed-out) command did.
#[derive(Debug)]
pub struct Outcome {
    /// The exit status; `None` when killed by a signal or the time limit.
    pub code: Option<i32>,
    /// Everything written to stdout.
    pub stdout: Vec<u8>,
    /// Everything written to stderr, as (lossy) UTF-8.
    pub stderr: String,
    /// Whether the time limit killed it.
    pub timed_out: bool,
}

impl Outcome {
    /// stdout as (lossy) UTF-8.
    pub fn stdout_text(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }

    /// Whether the process crashed instead of reporting an error: killed by
    /// a signal, a Rust panic (101) or an abort (134).
    pub fn crashed(&self) -> bool {
        matches!(self.code, None | Some(101) | Some(134) | Some(139)) && !self.timed_out
    }
}

/// Runs `loopc` with `args` in `cwd`, feeding `stdin`, for at most `limit`.
pub fn run_loopc<S: AsRef<OsStr>>(
    args: &[S],
    cwd: &Path,
    stdin: &[u8],
    limit: Duration,
) -> Outcome {
    let mut command = Command::new(loopc());
    command.args(args).current_dir(cwd);
    run_command(command, stdin, limit)
}

/// Runs the Loop program `source` (as `main.loop` in a scratch folder)
/// through `loopc run`, for at most a minute.
pub fn run_source(source: &str) -> Outcome {
    let dir = scratch(&[("main.loop", source.as_bytes())]);
    run_loopc(
        &["run", "main.loop"],
        dir.path(),
        b"",
        Duration::from_secs(60),
    )
}

/// Runs `command`, feeding `stdin`, for at most `limit`.
///
/// Starting an executable the test has just written can fail with "text
/// file busy" while another test thread is starting a process that briefly
/// inherited the writing file descriptor; that is retried.
pub fn run_command(mut command: Command, stdin: &[u8], limit: Duration) -> Outcome {
    command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut attempts = 0;
    let mut child = loop {
        match command.spawn() {
            Err(e) if e.kind() == std::io::ErrorKind::ExecutableFileBusy && attempts < 100 => {
                attempts += 1;
                std::thread::sleep(Duration::from_millis(10));
            }
            started => break started.unwrap_or_else(|e| panic!("{command:?} starts: {e}")),
        }
    };
    let mut input = child.stdin.take().unwrap();
    let stdin = stdin.to_vec();
    // Writing may fail if the program exits without reading: that is fine.
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&stdin);
    });
    let mut out_pipe = child.stdout.take().unwrap();
    let mut err_pipe = child.stderr.take().unwrap();
    let out_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = out_pipe.read_to_end(&mut buf);
        buf
    });
    let err_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = err_pipe.read_to_end(&mut buf);
        buf
    });
    let deadline = Instant::now() + limit;
    let mut timed_out = false;
    let status = loop {
        if let Some(status) = child.try_wait().expect("waiting for the child") {
            break status;
        }
        if Instant::now() >= deadline {
            timed_out = true;
            let _ = child.kill();
            break child.wait().expect("waiting for the killed child");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let _ = writer.join();
    Outcome {
        code: if timed_out { None } else { status.code() },
        stdout: out_reader.join().unwrap(),
        stderr: String::from_utf8_lossy(&err_reader.join().unwrap()).into_owned(),
        timed_out,
    }
}

/// Whether the command-line tool `tool` can be run at all.
pub fn have_tool(tool: &str) -> bool {
    Command::new(tool)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok()
}
