//! A Loop program run both ways: through `loopc run` in its own folder,
//! and bundled, as an executable started from another folder.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use crate::{Outcome, loopc, run_command, run_loopc, scratch, stripped_stub};

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
        // The stub without debug information: the same runner, a tenth
        // of the bytes to copy into each bundle.
        let stub = stripped_stub().to_str().expect("a UTF-8 stub path");
        let exe_arg = exe.to_str().expect("a UTF-8 scratch path");
        let built = run_loopc(
            &["bundle", "main.loop", "-o", exe_arg, "--stub", stub],
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
    pub fn commands<S: AsRef<OsStr>>(&self, args: &[S]) -> [(&'static str, Command); 2] {
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
    pub fn run<S: AsRef<OsStr>>(&self, args: &[S], stdin: &[u8]) -> [(&'static str, Outcome); 2] {
        self.commands(args)
            .map(|(how, command)| (how, run_command(command, stdin, Duration::from_secs(60))))
    }
}
