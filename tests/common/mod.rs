//! Shared helpers of the end-to-end tests: finding the `loopc` and
//! `loop-stub` binaries, running programs with a time limit, building C
//! libraries.

#![allow(dead_code)]

pub mod ffi;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// The workspace root (this package's folder).
pub fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The `loopc` binary of the profile these tests were built with.
pub fn loopc() -> &'static Path {
    static LOOPC: OnceLock<PathBuf> = OnceLock::new();
    LOOPC.get_or_init(|| workspace_binary("loopc", "loopc"))
}

/// The `loop-stub` runner of the same profile, which `loopc bundle` finds
/// next to `loopc`.
pub fn loop_stub() -> &'static Path {
    static STUB: OnceLock<PathBuf> = OnceLock::new();
    STUB.get_or_init(|| workspace_binary("loop-stub", "loop-stub"))
}

/// A copy of `loop-stub` without its debug information (the stub itself
/// when `strip` is not installed), for tests that bundle many programs: a
/// test build's stub weighs tens of megabytes, most of them debug
/// information, and each bundle is a copy of it.
pub fn stripped_stub() -> &'static Path {
    static STUB: OnceLock<PathBuf> = OnceLock::new();
    STUB.get_or_init(|| {
        let stub = loop_stub();
        if !have_tool("strip") {
            return stub.to_path_buf();
        }
        let name = |tail: &str| {
            let mut file = stub.file_stem().unwrap().to_os_string();
            file.push(tail);
            stub.with_file_name(file)
        };
        let stripped = name(&format!("-stripped{}", std::env::consts::EXE_SUFFIX));
        // Test binaries run at once: each writes its own copy and moves it
        // into place whole.
        let partial = name(&format!("-stripped.{}.tmp", std::process::id()));
        let status = Command::new("strip")
            .arg(stub)
            .arg("-o")
            .arg(&partial)
            .status()
            .expect("strip runs");
        assert!(status.success(), "strip failed");
        std::fs::rename(&partial, &stripped).expect("the stripped stub moves into place");
        stripped
    })
}

/// The binary `name` of the workspace package `package`, of the profile
/// these tests were built with.
///
/// The test executable lives in `target/<profile>/deps/`, the binaries in
/// `target/<profile>/`. `cargo test --workspace` builds them; when one is
/// missing (e.g. `cargo test -p loop-e2e` on a fresh checkout) it is built
/// here.
fn workspace_binary(package: &str, name: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("the test executable's path");
    let profile_dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("the test executable sits in target/<profile>/deps");
    let binary = profile_dir.join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    if !binary.exists() {
        let target_dir = profile_dir.parent().expect("target/<profile>");
        let mut build = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
        build
            .args(["build", "-p", package, "--bin", name])
            .arg("--target-dir")
            .arg(target_dir)
            .current_dir(workspace());
        if profile_dir.file_name().is_some_and(|n| n == "release") {
            build.arg("--release");
        }
        let status = build.status().expect("cargo runs");
        assert!(status.success(), "building {name} failed");
    }
    assert!(binary.exists(), "no {name} at {}", binary.display());
    binary
}

/// What a finished (or timed-out) command did.
#[derive(Debug)]
pub struct Outcome {
    /// The exit status; `None` when killed by a signal or the time limit.
    pub code: Option<i32>,
    pub stdout: Vec<u8>,
    pub stderr: String,
    pub timed_out: bool,
}

impl Outcome {
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
pub fn run_loopc<S: AsRef<std::ffi::OsStr>>(
    args: &[S],
    cwd: &Path,
    stdin: &[u8],
    limit: Duration,
) -> Outcome {
    let mut command = Command::new(loopc());
    command.args(args).current_dir(cwd);
    run_command(command, stdin, limit)
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

/// The C source `fixtures/ffi/{name}.c`.
pub fn c_fixture(name: &str) -> PathBuf {
    workspace().join("fixtures/ffi").join(format!("{name}.c"))
}

/// Compiles the C file `source` into the shared library `output` with the
/// system C compiler (`cc -shared -fPIC`).
pub fn build_c_library(source: &Path, output: &Path) {
    let result = Command::new("cc")
        .args(["-shared", "-fPIC", "-o"])
        .arg(output)
        .arg(source)
        .output()
        .expect("the system C compiler `cc` runs");
    assert!(
        result.status.success(),
        "cc failed: {}",
        String::from_utf8_lossy(&result.stderr)
    );
}

/// Writes `files` into a fresh scratch folder and returns it.
pub fn scratch(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("scratch folder");
    for (name, bytes) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    dir
}

/// Runs the Loop program `source` (as `main.loop` in a scratch folder).
pub fn run_source(source: &str) -> Outcome {
    let dir = scratch(&[("main.loop", source.as_bytes())]);
    run_loopc(
        &["run", "main.loop"],
        dir.path(),
        b"",
        Duration::from_secs(60),
    )
}

/// A Loop program ready to run both ways: through `loopc run` in its own
/// folder, and bundled, as an executable started from another folder.
pub struct BothWays {
    dir: tempfile::TempDir,
    elsewhere: tempfile::TempDir,
    exe: PathBuf,
}

impl BothWays {
    /// Writes `source` as `main.loop` in a scratch folder and bundles it.
    pub fn new(source: &str) -> BothWays {
        BothWays::with_files(&[("main.loop", source.as_bytes())])
    }

    /// Writes `files` into a scratch folder and bundles its `main.loop`.
    pub fn with_files(files: &[(&str, &[u8])]) -> BothWays {
        BothWays::in_folder(scratch(files))
    }

    /// Bundles `main.loop` of the scratch folder `dir` (with the C
    /// libraries it holds) into it.
    pub fn in_folder(dir: tempfile::TempDir) -> BothWays {
        let exe = dir
            .path()
            .join(format!("app{}", std::env::consts::EXE_SUFFIX));
        loop_stub();
        let exe_arg = exe.to_str().expect("a UTF-8 scratch path");
        let built = run_loopc(
            &["bundle", "main.loop", "-o", exe_arg],
            dir.path(),
            b"",
            Duration::from_secs(60),
        );
        assert_eq!(built.code, Some(0), "bundling: {}", built.stderr);
        let elsewhere = tempfile::tempdir().expect("a working directory");
        BothWays {
            dir,
            elsewhere,
            exe,
        }
    }

    /// The folder of the program's source.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// `loopc run main.loop {args}` and the bundle with `{args}`, each
    /// named for messages, not yet started.
    pub fn commands<S: AsRef<std::ffi::OsStr>>(&self, args: &[S]) -> [(&'static str, Command); 2] {
        let mut run = Command::new(loopc());
        run.args(["run", "main.loop"])
            .args(args)
            .current_dir(self.dir.path());
        let mut bundled = Command::new(&self.exe);
        bundled.args(args).current_dir(self.elsewhere.path());
        [("loopc run", run), ("bundle", bundled)]
    }

    /// Runs both ways with `args`, feeding `stdin`; gives each outcome
    /// with its name.
    pub fn run<S: AsRef<std::ffi::OsStr>>(
        &self,
        args: &[S],
        stdin: &[u8],
    ) -> [(&'static str, Outcome); 2] {
        self.commands(args)
            .map(|(how, command)| (how, run_command(command, stdin, Duration::from_secs(60))))
    }
}
