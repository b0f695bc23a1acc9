//! Damaged, stripped and incomplete bundles, end to end: the executable that
//! `loopc bundle` writes is cut short, has a byte flipped, claims a newer
//! payload format, loses its payload section, or finds its C library changed
//! or gone; `loopc bundle --stub` is given something that is not a stub.
//!
//! Each time the message on stderr starts with `error: EXECUTABLE: ` and
//! says what is wrong, the exit status is 1, nothing crashes, and the
//! program does not run: its output never appears.
//!
//! Linux only: the cases find their way around the bundle as an ELF file.
#![cfg(target_os = "linux")]

use std::ffi::OsString;
use std::ops::Range;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use loop_test_support::{
    Outcome, build_c_library, c_fixture, have_tool, loop_stub, loopc, run_command, run_loopc,
    scratch,
};
use object::{Object, ObjectSection, ObjectSegment};

/// The program bundled in the payload cases.
const PROGRAM: &str = "fn greeting(string who) { \"the program ran for \" + who }\n\
                       println(greeting(\"the damage tests\"))\n";

/// What [`PROGRAM`] prints.
const OUTPUT: &str = "the program ran for the damage tests\n";

/// A program calling both functions of the C library `scale`
/// (`fixtures/ffi/scale.c`).
const FFI_PROGRAM: &str = "import \"scale\" as m\n\
                           println(\"twice \" + m.twice(21).to_string() + \", thrice \" + m.thrice(3).to_string())\n";

/// What [`FFI_PROGRAM`] prints.
const FFI_OUTPUT: &str = "twice 42, thrice 9\n";

/// Size of the trailer that ends the payload (see the `loop-packer` docs):
/// magic, format version (at [`VERSION_AT`]), length, CRC32.
const TRAILER_LEN: usize = 24;

/// The trailer's first bytes.
const MAGIC: &[u8] = b"LoopPay\x1a";

/// Offset of the format version (`u32`, little endian) in the trailer.
const VERSION_AT: usize = 8;

/// Time limit of every command.
const LIMIT: Duration = Duration::from_secs(60);

/// Bundles `program` (a file in `dir`) into `dir/app`, with the extra
/// `loopc bundle` arguments `args`.
fn bundle(dir: &Path, program: &str, args: &[&str]) -> PathBuf {
    loop_stub(); // `loopc bundle` finds the stub next to itself.
    let mut all = vec!["bundle", program, "-o", "app"];
    all.extend_from_slice(args);
    let outcome = run_loopc(&all, dir, b"", LIMIT);
    assert_eq!(outcome.code, Some(0), "loopc bundle failed: {outcome:?}");
    dir.join("app")
}

/// A scratch folder with [`PROGRAM`] bundled into `app`.
fn bundled_program() -> (tempfile::TempDir, PathBuf) {
    let dir = scratch(&[("app.loop", PROGRAM.as_bytes())]);
    let exe = bundle(dir.path(), "app.loop", &[]);
    (dir, exe)
}

/// A scratch folder with [`PROGRAM`] bundled into `app` onto a stripped
/// copy of the stub, as release builds ship it (when `strip` is there): the
/// cases that run a bundle hundreds of times then read a few megabytes each
/// time instead of the tens that the debug information of a test build
/// weighs.
fn bundled_program_on_stripped_stub() -> (tempfile::TempDir, PathBuf) {
    let dir = scratch(&[("app.loop", PROGRAM.as_bytes())]);
    if !have_tool("strip") {
        let exe = bundle(dir.path(), "app.loop", &[]);
        return (dir, exe);
    }
    let stub = dir.path().join("stripped-stub");
    let status = Command::new("strip")
        .arg(loop_stub())
        .arg("-o")
        .arg(&stub)
        .status()
        .unwrap();
    assert!(status.success(), "strip failed");
    let exe = bundle(dir.path(), "app.loop", &["--stub", "stripped-stub"]);
    (dir, exe)
}

/// A scratch folder with the C library `scale.so` built from
/// `fixtures/ffi/scale.c` and [`FFI_PROGRAM`] bundled into `app` with the
/// extra `loopc bundle` arguments `args`.
fn bundled_ffi_program(args: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let dir = scratch(&[("app.loop", FFI_PROGRAM.as_bytes())]);
    build_c_library(&c_fixture("scale"), &dir.path().join("scale.so"));
    let exe = bundle(dir.path(), "app.loop", args);
    (dir, exe)
}

/// Runs the executable `exe` in `cwd` with `LOOP_LIBRARY_PATH` set to
/// `library_path` (unset when `None`) and no `LD_LIBRARY_PATH`.
fn run(exe: &Path, cwd: &Path, library_path: Option<OsString>) -> Outcome {
    let mut command = Command::new(exe);
    command
        .current_dir(cwd)
        .env_remove("LOOP_LIBRARY_PATH")
        .env_remove("LD_LIBRARY_PATH");
    if let Some(path) = library_path {
        command.env("LOOP_LIBRARY_PATH", path);
    }
    run_command(command, b"", LIMIT)
}

/// `exe` ran and printed `expected`, with exit status 0.
#[track_caller]
fn assert_ran(outcome: &Outcome, expected: &str) {
    assert_eq!(outcome.code, Some(0), "{outcome:?}");
    assert_eq!(outcome.stdout_text(), expected, "{outcome:?}");
}

/// `exe` refused to run, as every case here must: exit status 1, no crash,
/// no output from the program, a message starting with
/// `error: EXECUTABLE: ` and containing every one of `fragments`.
#[track_caller]
fn assert_refused(outcome: &Outcome, exe: &Path, fragments: &[&str], case: &str) {
    assert!(
        !outcome.crashed() && !outcome.timed_out,
        "{case}: crashed or hung: {outcome:?}"
    );
    assert_eq!(outcome.code, Some(1), "{case}: {outcome:?}");
    assert!(
        outcome.stdout.is_empty(),
        "{case}: the program ran: {:?}",
        outcome.stdout_text()
    );
    // The runner names itself by its resolved path.
    let exe = std::fs::canonicalize(exe).unwrap();
    let prefix = format!("error: {}: ", exe.display());
    assert!(
        outcome.stderr.starts_with(&prefix),
        "{case}: the message does not start with `{prefix}`:\n{}",
        outcome.stderr
    );
    for fragment in fragments {
        assert!(
            outcome.stderr.contains(fragment),
            "{case}: no `{fragment}` in the message:\n{}",
            outcome.stderr
        );
    }
}

/// [`assert_refused`], with the whole message on one line.
#[track_caller]
fn assert_refused_in_one_line(outcome: &Outcome, exe: &Path, fragments: &[&str], case: &str) {
    assert_refused(outcome, exe, fragments, case);
    assert_eq!(
        outcome.stderr.lines().count(),
        1,
        "{case}: not one line:\n{}",
        outcome.stderr
    );
}

/// Where things are in an ELF bundle.
struct Layout {
    /// Where the stub's loaded segments end in the file. A file cut before
    /// this has lost part of the runner's own code or data, which the system
    /// maps before any of it runs: no program can report that.
    loaded_end: usize,
    /// The `.loop_payload` section: compressed program, then the trailer.
    payload: Range<usize>,
}

impl Layout {
    fn of(bundle: &[u8]) -> Layout {
        let file = object::File::parse(bundle).expect("the bundle is an ELF file");
        let loaded_end = file
            .segments()
            .map(|segment| {
                let (offset, size) = segment.file_range();
                (offset + size) as usize
            })
            .max()
            .expect("the bundle has loaded segments");
        let section = file
            .section_by_name(".loop_payload")
            .expect("the bundle has a `.loop_payload` section");
        let (offset, size) = section.file_range().expect("the section has bytes");
        let payload = offset as usize..(offset + size) as usize;
        assert_eq!(
            &bundle[payload.end - TRAILER_LEN..][..MAGIC.len()],
            MAGIC,
            "the section ends with the trailer"
        );
        assert!(loaded_end <= payload.start, "the payload follows the code");
        Layout {
            loaded_end,
            payload,
        }
    }

    /// Where the trailer starts.
    fn trailer(&self) -> usize {
        self.payload.end - TRAILER_LEN
    }
}

/// `count` points spread evenly over `range`.
fn spread(range: Range<usize>, count: usize) -> impl Iterator<Item = usize> {
    let step = range.len().div_ceil(count).max(1);
    range.step_by(step)
}

/// Writes `bytes` at offset `at` of the file `path`, and closes it (an
/// executable open for writing cannot be started).
fn patch(path: &Path, at: usize, bytes: &[u8]) {
    let file = std::fs::OpenOptions::new().write(true).open(path).unwrap();
    file.write_all_at(bytes, at as u64).unwrap();
}

#[test]
fn a_bundle_cut_short_anywhere_after_the_runner_code_is_refused() {
    let (dir, exe) = bundled_program_on_stripped_stub();
    assert_ran(&run(&exe, dir.path(), None), OUTPUT);
    let bytes = std::fs::read(&exe).unwrap();
    let layout = Layout::of(&bytes);
    let end = bytes.len();
    let mut cuts: Vec<usize> = spread(layout.loaded_end..layout.payload.start, 12)
        .chain(layout.payload.clone().step_by(8))
        .chain(layout.trailer()..=layout.payload.end)
        .chain(spread(layout.payload.end..end - 64, 24))
        .chain(end - 64..end)
        .collect();
    cuts.sort_unstable();
    cuts.dedup();
    // Cut one copy shorter and shorter.
    let cut = dir.path().join("cut");
    std::fs::copy(&exe, &cut).unwrap();
    for &len in cuts.iter().rev() {
        let file = std::fs::OpenOptions::new().write(true).open(&cut).unwrap();
        file.set_len(len as u64).unwrap();
        drop(file);
        let outcome = run(&cut, dir.path(), None);
        assert_refused_in_one_line(
            &outcome,
            &cut,
            &["truncated", "loopc bundle"],
            &format!("cut to {len} of {end} bytes"),
        );
    }
}

#[test]
fn a_flipped_byte_anywhere_in_the_payload_is_refused() {
    let (dir, exe) = bundled_program_on_stripped_stub();
    let bytes = std::fs::read(&exe).unwrap();
    let layout = Layout::of(&bytes);
    let trailer = layout.trailer();
    let version = trailer + VERSION_AT..trailer + VERSION_AT + 4;
    let positions = (layout.payload.start..trailer)
        .step_by(2)
        .chain(trailer..layout.payload.end);
    for (i, at) in positions.enumerate() {
        let flip = [0x01, 0x80, 0xff][i % 3];
        patch(&exe, at, &[bytes[at] ^ flip]);
        let outcome = run(&exe, dir.path(), None);
        let case = format!("byte {at} ^ {flip:#04x}");
        // A changed version may read as a newer or an older format: also a
        // clear refusal.
        let other_format = ["needs a newer runner", "bundled by an older loopc"];
        if version.contains(&at) && other_format.iter().any(|m| outcome.stderr.contains(m)) {
            assert_refused_in_one_line(&outcome, &exe, &[], &case);
        } else {
            assert_refused_in_one_line(&outcome, &exe, &["damaged", "loopc bundle"], &case);
        }
        patch(&exe, at, &[bytes[at]]);
    }
    assert_eq!(std::fs::read(&exe).unwrap(), bytes);
    assert_ran(&run(&exe, dir.path(), None), OUTPUT);
}

#[test]
fn a_payload_in_a_newer_format_asks_for_a_newer_runner() {
    let (dir, exe) = bundled_program();
    let bytes = std::fs::read(&exe).unwrap();
    let at = Layout::of(&bytes).trailer() + VERSION_AT;
    let current = u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap());
    patch(&exe, at, &(current + 1).to_le_bytes());
    let outcome = run(&exe, dir.path(), None);
    assert_refused_in_one_line(
        &outcome,
        &exe,
        &[
            "needs a newer runner",
            "bundled by a newer loopc",
            &format!("payload format {}", current + 1),
            &format!("up to format {current}"),
        ],
        "newer format",
    );
}

#[test]
fn the_bare_stub_says_it_carries_no_program() {
    let stub = loop_stub();
    let dir = tempfile::tempdir().unwrap();
    let outcome = run(stub, dir.path(), None);
    assert_refused_in_one_line(
        &outcome,
        stub,
        &[
            "carries no Loop program",
            "bare runner stub",
            "loopc bundle",
        ],
        "bare stub",
    );
}

#[test]
fn a_stripped_bundle_still_runs() {
    if !have_tool("strip") {
        eprintln!("note: no `strip` on this system; the strip case was skipped");
        return;
    }
    let (dir, exe) = bundled_program();
    let stripped = dir.path().join("stripped");
    let status = Command::new("strip")
        .arg(&exe)
        .arg("-o")
        .arg(&stripped)
        .status()
        .unwrap();
    assert!(status.success(), "strip failed");
    let before = std::fs::metadata(&exe).unwrap().len();
    let after = std::fs::metadata(&stripped).unwrap().len();
    assert!(
        after < before,
        "strip removed nothing, so this checks nothing"
    );
    assert_ran(&run(&stripped, dir.path(), None), OUTPUT);
}

#[test]
fn a_bundle_whose_payload_section_was_removed_says_so() {
    let (dir, exe) = bundled_program();
    let removers: [(&str, &[&str]); 2] = [
        ("objcopy", &["--remove-section", ".loop_payload"]),
        ("strip", &["--remove-section=.loop_payload"]),
    ];
    let mut checked = 0;
    for (tool, args) in removers {
        if !have_tool(tool) {
            eprintln!("note: no `{tool}` on this system; its case was skipped");
            continue;
        }
        let without = dir.path().join(format!("without-{tool}"));
        std::fs::copy(&exe, &without).unwrap();
        let status = Command::new(tool)
            .args(args)
            .arg(&without)
            .status()
            .unwrap();
        assert!(status.success(), "{tool} failed");
        let outcome = run(&without, dir.path(), None);
        assert_refused_in_one_line(
            &outcome,
            &without,
            &["no `.loop_payload` section", "loopc bundle"],
            tool,
        );
        checked += 1;
    }
    if checked == 0 {
        eprintln!("note: neither objcopy nor strip; the removed-section case was skipped");
    }
}

#[test]
fn a_library_that_lost_a_symbol_is_named_with_the_symbol() {
    let (dir, exe) = bundled_ffi_program(&[]);
    assert_ran(&run(&exe, dir.path(), None), FFI_OUTPUT);
    let library = dir.path().canonicalize().unwrap().join("scale.so");
    for (case, source) in [
        ("still declared", "scale_without_thrice"),
        ("no longer declared", "scale_forgot_thrice"),
    ] {
        build_c_library(&c_fixture(source), &library);
        let outcome = run(&exe, dir.path(), None);
        let at = format!("at {}", library.display());
        assert_refused_in_one_line(
            &outcome,
            &exe,
            &["the C library `scale`", &at, "lacks the symbol `thrice`"],
            case,
        );
        assert!(!outcome.stderr.contains("`twice`"), "{}", outcome.stderr);
    }
}

#[test]
fn a_missing_library_is_named_with_every_place_tried() {
    let (dir, exe) = bundled_ffi_program(&[]);
    std::fs::remove_file(dir.path().join("scale.so")).unwrap();
    let here = dir.path().canonicalize().unwrap();
    let first = here.join("first");
    let second = here.join("second");
    std::fs::create_dir(&first).unwrap();
    let library_path = std::env::join_paths([&first, &second]).unwrap();
    let outcome = run(&exe, dir.path(), Some(library_path));
    let mut places: Vec<String> = [&here, &first, &second]
        .iter()
        .flat_map(|folder| [folder.join("scale.so"), folder.join("libscale.so")])
        .map(|path| format!("\n  {}\n", path.display()))
        .collect();
    places.push("\n  the system loader's search path, as `libscale.so`".into());
    let mut fragments = vec!["cannot find the C library `scale`; looked in:"];
    fragments.extend(places.iter().map(String::as_str));
    fragments.push("--embed-libs");
    assert_refused(&outcome, &exe, &fragments, "missing library");
}

#[test]
fn loop_library_path_is_searched_in_order() {
    let (dir, exe) = bundled_ffi_program(&[]);
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    std::fs::rename(dir.path().join("scale.so"), elsewhere.join("libscale.so")).unwrap();
    let absent = dir.path().join("absent");
    let library_path = std::env::join_paths([&absent, &elsewhere]).unwrap();
    assert_ran(&run(&exe, dir.path(), Some(library_path)), FFI_OUTPUT);
    // The executable's own folder comes first.
    build_c_library(
        &c_fixture("scale_without_thrice"),
        &dir.path().join("scale.so"),
    );
    let outcome = run(&exe, dir.path(), Some(elsewhere.into_os_string()));
    assert_refused(
        &outcome,
        &exe,
        &["lacks the symbol `thrice`"],
        "own folder first",
    );
}

#[test]
fn the_working_directory_is_never_searched() {
    let (dir, exe) = bundled_ffi_program(&[]);
    let cwd = dir.path().join("cwd");
    std::fs::create_dir(&cwd).unwrap();
    std::fs::copy(dir.path().join("scale.so"), cwd.join("libscale.so")).unwrap();
    std::fs::rename(dir.path().join("scale.so"), cwd.join("scale.so")).unwrap();
    for (case, library_path) in [
        ("LOOP_LIBRARY_PATH unset", None),
        ("LOOP_LIBRARY_PATH empty", Some(OsString::new())),
        (
            "LOOP_LIBRARY_PATH of empty entries",
            Some(OsString::from(":")),
        ),
    ] {
        let outcome = run(&exe, &cwd, library_path);
        assert_refused(&outcome, &exe, &["cannot find the C library `scale`"], case);
    }
    assert_ran(&run(&exe, &cwd, Some(OsString::from("."))), FFI_OUTPUT);
}

#[test]
fn a_library_that_does_not_load_is_named_with_the_reason() {
    let (dir, exe) = bundled_ffi_program(&[]);
    let library = dir.path().canonicalize().unwrap().join("scale.so");
    std::fs::write(&library, "not a shared library").unwrap();
    let outcome = run(&exe, dir.path(), None);
    let from = format!(
        "cannot load the C library `scale` from {}: ",
        library.display()
    );
    assert_refused_in_one_line(&outcome, &exe, &[&from], "not a library");
}

#[test]
fn an_embedded_library_needs_no_file() {
    let (dir, exe) = bundled_ffi_program(&["--embed-libs"]);
    std::fs::remove_file(dir.path().join("scale.so")).unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    assert_ran(&run(&exe, elsewhere.path(), None), FFI_OUTPUT);
}

#[test]
fn bundling_onto_something_that_is_not_a_stub_is_refused() {
    let dir = scratch(&[
        ("app.loop", PROGRAM.as_bytes()),
        ("notes.txt", b"just some text\n"),
    ]);
    let mut cases: Vec<(PathBuf, &str)> = vec![
        (loopc().to_path_buf(), "not a Loop runner stub"),
        (dir.path().join("notes.txt"), "not an executable"),
        (dir.path().join("nowhere"), "cannot read stub"),
    ];
    if Path::new("/bin/sh").exists() {
        cases.push((PathBuf::from("/bin/sh"), "not a Loop runner stub"));
    }
    for (stub, fragment) in cases {
        let args = [
            "bundle".into(),
            "app.loop".into(),
            "-o".into(),
            "app".into(),
            "--stub".into(),
            stub.clone().into_os_string(),
        ];
        let outcome = run_loopc(&args, dir.path(), b"", LIMIT);
        let case = stub.display().to_string();
        assert!(!outcome.crashed(), "{case}: {outcome:?}");
        assert_eq!(outcome.code, Some(1), "{case}: {outcome:?}");
        assert!(
            outcome.stderr.starts_with("error: ") && outcome.stderr.contains(&case),
            "{case}: the message does not name the stub:\n{}",
            outcome.stderr
        );
        assert!(
            outcome.stderr.contains(fragment),
            "{case}: no `{fragment}` in:\n{}",
            outcome.stderr
        );
        assert!(!dir.path().join("app").exists(), "{case}: wrote a bundle");
    }
}

#[test]
fn a_copy_of_the_stub_or_a_bundle_works_as_stub() {
    let (dir, first) = bundled_program();
    std::fs::write(
        dir.path().join("other.loop"),
        "println(\"the other one\")\n",
    )
    .unwrap();
    let copy = dir.path().join("my-stub");
    std::fs::copy(loop_stub(), &copy).unwrap();
    for stub in [&copy, &first] {
        let out = dir.path().join("out");
        let args = [
            "bundle".into(),
            "other.loop".into(),
            "-o".into(),
            out.clone().into_os_string(),
            "--stub".into(),
            stub.clone().into_os_string(),
        ];
        let outcome = run_loopc(&args, dir.path(), b"", LIMIT);
        assert_eq!(outcome.code, Some(0), "{}: {outcome:?}", stub.display());
        assert_ran(&run(&out, dir.path(), None), "the other one\n");
    }
}
