//! Random well-typed Loop programs (issue 11): each is compiled and run
//! in-process, and must print exactly what the generator's model of Loop
//! says (or stop with the runtime error it predicts); its Arc text must
//! read back to the same Arc. A sample also runs through `loopc run`,
//! `loopc emit arc` + `loopc run prog.arc`, and as a bundle started from
//! another folder, which must all agree.
//!
//! - `LOOP_GEN_CASES=N` runs N programs (default [`DEFAULT_CASES`]);
//!   `LOOP_GEN_SEED=S` starts at seed S (default 0), so
//!   `LOOP_GEN_SEED=S LOOP_GEN_CASES=1 cargo test --test main generated::`
//!   reproduces one program; a failure prints this command and the program.
//! - `LOOP_GEN_SHAPES` turns shapes on and off (see `gen/shapes.rs`).
//! - `LOOP_GEN_KEEP=DIR` writes every failing program to DIR.

use std::panic::AssertUnwindSafe;
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use crate::generator::eval::Expected;
use crate::generator::program::{Case, generate};
use crate::generator::shapes::Shapes;

/// Programs per `cargo test` run.
const DEFAULT_CASES: u64 = 2000;
/// One program in this many also has its Arc text read back.
const ARC_EVERY: u64 = 4;
/// Of those, how many also run through the command line and a bundle.
const CLI_SAMPLE: u64 = 12;

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .map(|v| {
            v.parse()
                .unwrap_or_else(|_| panic!("{name} must be a number"))
        })
        .unwrap_or(default)
}

/// The name generated programs are compiled under.
const FILE: &str = "gen.loop";

/// What a run did, in the terms the model predicts.
#[derive(Debug)]
struct Observed {
    stdout: Vec<u8>,
    status: i32,
    stderr: String,
}

/// Compiles `text` (Loop, or Arc when `path` ends in `.arc`) and runs it
/// in this process.
fn run_in_process(path: &str, text: &str) -> Result<Observed, String> {
    let compiled =
        loopc::driver::compile_source(Path::new(path), text).map_err(|f| f.render(false))?;
    let captured = loop_stub::run_captured(&compiled.payload, &[])?;
    Ok(Observed {
        stdout: captured.stdout,
        status: captured.status,
        stderr: captured.error.unwrap_or_default(),
    })
}

/// The problems with `observed` against `expected`, empty when none.
fn judge(expected: &Expected, observed: &Observed, file: &str) -> Vec<String> {
    let mut problems = Vec::new();
    if observed.stdout != expected.stdout {
        problems.push(stdout_difference(&expected.stdout, &observed.stdout));
    }
    match &expected.error {
        None => {
            if observed.status != expected.status || !observed.stderr.is_empty() {
                problems.push(format!(
                    "exit status {}, expected {}; stderr:\n{}",
                    observed.status, expected.status, observed.stderr
                ));
            }
        }
        Some(e) => {
            let first = observed.stderr.lines().next().unwrap_or("");
            let want_tail = format!(": runtime error: {}", e.message);
            let line_ok = !e.certain || first.starts_with(&format!("{file}:{}:", e.line));
            if observed.status != 1 || !first.ends_with(&want_tail) || !line_ok {
                problems.push(format!(
                    "expected exit 1 and `{file}:{}: runtime error: {}`{}; got exit {} and:\n{}",
                    e.line,
                    e.message,
                    if e.certain { "" } else { " (line not certain)" },
                    observed.status,
                    observed.stderr
                ));
            }
        }
    }
    problems
}

/// Where two outputs part: the first differing line of each, numbered.
fn stdout_difference(expected: &[u8], got: &[u8]) -> String {
    let want: Vec<&[u8]> = expected.split(|&b| b == b'\n').collect();
    let have: Vec<&[u8]> = got.split(|&b| b == b'\n').collect();
    let at = (0..want.len().max(have.len()))
        .find(|&i| want.get(i) != have.get(i))
        .unwrap_or(0);
    let show = |l: Option<&&[u8]>| match l {
        Some(l) => format!("{:?}", String::from_utf8_lossy(l)),
        None => "(no such line)".into(),
    };
    format!(
        "stdout differs at output line {}:\n  expected {}\n  got      {}",
        at + 1,
        show(want.get(at)),
        show(have.get(at))
    )
}

/// Time spent in each phase, in microseconds: generating (with the model),
/// compiling, running.
static PHASES: [AtomicU64; 4] = [
    AtomicU64::new(0),
    AtomicU64::new(0),
    AtomicU64::new(0),
    AtomicU64::new(0),
];

fn timed<T>(phase: usize, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    PHASES[phase].fetch_add(start.elapsed().as_micros() as u64, Ordering::Relaxed);
    out
}

/// Compiles `case` in-process; a program with modules has them written to
/// a scratch folder, where its imports find them.
fn compile_case(case: &Case) -> Result<loopc::driver::Compiled, loopc::driver::Failure> {
    if case.modules.is_empty() {
        return loopc::driver::compile_source(Path::new(FILE), &case.source);
    }
    let dir = scratch_with_modules(case);
    loopc::driver::compile_source(&dir.path().join(FILE), &case.source)
}

/// A scratch folder holding the modules of `case` (and the program).
fn scratch_with_modules(case: &Case) -> tempfile::TempDir {
    let mut files: Vec<(&str, &[u8])> = vec![(FILE, case.source.as_bytes())];
    for (name, text) in &case.modules {
        files.push((name, text.as_bytes()));
    }
    loop_test_support::scratch(&files)
}

/// Whether `arc` printed as text reads back the same; the problems.
fn arc_round_trip(arc: &loopc::arc::ir::Program) -> Vec<String> {
    let text = timed(3, || loopc::arc::print::program(arc));
    match timed(3, || loopc::arc::parse::program(&text)) {
        Ok(back) if back == *arc => vec![],
        Ok(_) => vec!["its Arc text reads back to different Arc".into()],
        Err(e) => vec![format!("its Arc text does not read back: {e}")],
    }
}

/// Runs one case in-process (and for some, its Arc round trip); the
/// problems found.
fn check_in_process(case: &Case) -> Vec<String> {
    let compiled = match timed(1, || compile_case(case)) {
        Ok(c) => c,
        Err(f) => {
            let message = f.render(false);
            let lua = lua_context(case, &message);
            return vec![format!("does not compile:\n{message}{lua}")];
        }
    };
    let mut problems = Vec::new();
    if case.seed.is_multiple_of(ARC_EVERY) {
        problems.extend(arc_round_trip(&compiled.arc));
    }
    match timed(2, || loop_stub::run_captured(&compiled.payload, &[])) {
        Ok(c) => {
            let observed = Observed {
                stdout: c.stdout,
                status: c.status,
                stderr: c.error.unwrap_or_default(),
            };
            problems.extend(judge(&case.expected, &observed, FILE));
        }
        Err(e) => problems.push(format!("does not start: {e}")),
    }
    problems
}

/// For LuaJIT's refusal of generated code (`…: gen.loop:LINE: …`), the
/// generated Lua around that line.
fn lua_context(case: &Case, message: &str) -> String {
    let Some(line) = message
        .rsplit(&format!("{FILE}:"))
        .next()
        .and_then(|rest| rest.split(':').next())
        .and_then(|n| n.parse::<usize>().ok())
        .filter(|_| message.contains("LuaJIT cannot load"))
    else {
        return String::new();
    };
    let dir = scratch_with_modules(case);
    let Ok(arc) = loopc::driver::check(&dir.path().join(FILE)) else {
        return String::new();
    };
    let chunks = loopc::lua::generate(&arc, &[], |c| Ok::<_, String>(c.code.clone()));
    // The chunk LuaJIT refused is the one named before its line.
    let Some(code) = chunks.ok().and_then(|c| {
        c.into_iter()
            .find(|(chunk, _)| message.contains(&format!("{}:{line}:", chunk.name)))
            .map(|(_, code)| code)
    }) else {
        return String::new();
    };
    let lines: Vec<&str> = code.lines().collect();
    let from = line.saturating_sub(4);
    let shown: Vec<String> = (from..(line + 2).min(lines.len()))
        .map(|i| format!("{:5} {}", i + 1, lines[i]))
        .collect();
    format!("--- generated Lua\n{}\n", shown.join("\n"))
}

fn report(case: &Case, problems: &[String]) -> String {
    if let Ok(dir) = std::env::var("LOOP_GEN_KEEP") {
        let _ = std::fs::create_dir_all(&dir);
        let _ = std::fs::write(
            Path::new(&dir).join(format!("gen_{}.loop", case.seed)),
            &case.source,
        );
        for (name, text) in &case.modules {
            let _ = std::fs::write(Path::new(&dir).join(name), text);
        }
    }
    format!(
        "seed {seed}: {}\nreproduce: LOOP_GEN_SEED={seed} LOOP_GEN_CASES=1 cargo test --test main generated::generated_programs_in_process -- --nocapture\n--- program\n{}",
        problems.join("\n"),
        number_lines(&case.source),
        seed = case.seed,
    )
}

fn number_lines(text: &str) -> String {
    text.lines()
        .enumerate()
        .map(|(i, l)| format!("{:4} {l}\n", i + 1))
        .collect()
}

#[test]
fn generated_programs_in_process() {
    let cases = env_number("LOOP_GEN_CASES", DEFAULT_CASES);
    let first = env_number("LOOP_GEN_SEED", 0);
    let shapes = Shapes::from_env();
    let next = AtomicU64::new(first);
    let failures = Mutex::new(Vec::new());
    let rejections = Mutex::new(std::collections::BTreeMap::<String, u64>::new());
    let started = Instant::now();
    let threads = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .min(4);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            // Deep programs recurse deeply in the compiler and the model.
            let worker = std::thread::Builder::new().stack_size(256 << 20);
            worker
                .spawn_scoped(scope, || {
                    loop {
                        let seed = next.fetch_add(1, Ordering::Relaxed);
                        if seed >= first + cases {
                            break;
                        }
                        // A panic of the generator, the model or the
                        // compiler fails this seed only.
                        let one = std::panic::catch_unwind(AssertUnwindSafe(|| {
                            let case = timed(0, || generate(seed, &shapes));
                            let problems = check_in_process(&case);
                            (case, problems)
                        }));
                        let done = seed - first + 1;
                        if cases > 10_000 && done.is_multiple_of(10_000) {
                            eprintln!("… {done} programs after {:.0?}", started.elapsed());
                        }
                        let (case, problems) = match one {
                            Ok(done) => done,
                            Err(_) => {
                                eprintln!("seed {seed}: panicked (see above); reproduce with LOOP_GEN_SEED={seed} LOOP_GEN_CASES=1");
                                failures.lock().unwrap().push(seed);
                                continue;
                            }
                        };
                        let mut counts = rejections.lock().unwrap();
                        for r in &case.rejections {
                            *counts.entry(r.clone()).or_default() += 1;
                        }
                        drop(counts);
                        if !problems.is_empty() {
                            let mut f = failures.lock().unwrap();
                            if f.len() < 3 {
                                eprintln!("{}", report(&case, &problems));
                            }
                            f.push(seed);
                        }
                    }
                })
                .expect("a worker thread starts");
        }
    });
    let failures = failures.into_inner().unwrap();
    let mut rejections: Vec<(String, u64)> = rejections.into_inner().unwrap().into_iter().collect();
    rejections.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
    let top: Vec<String> = rejections
        .iter()
        .take(6)
        .map(|(r, n)| format!("{r} {n}"))
        .collect();
    eprintln!(
        "statements made again, by the model's reason: {}",
        top.join(", ")
    );
    let ms = |i: usize| PHASES[i].load(Ordering::Relaxed) / 1000;
    eprintln!(
        "{cases} generated programs in {:.2?} on {threads} threads (thread time: generating {} ms, \
         compiling {} ms, running {} ms, Arc text {} ms; shapes off: {})",
        started.elapsed(),
        ms(0),
        ms(1),
        ms(2),
        ms(3),
        shapes.off_names().join(", ")
    );
    assert!(
        failures.is_empty(),
        "{} of {cases} generated programs failed; seeds: {:?}",
        failures.len(),
        &failures[..failures.len().min(50)]
    );
}

/// A few programs through the command line: `loopc run`, `loopc emit arc`
/// then `loopc run prog.arc`, and a bundle run from another folder.
#[test]
fn generated_programs_through_the_command_line() {
    let shapes = Shapes::from_env();
    let first = env_number("LOOP_GEN_SEED", 0);
    let limit = Duration::from_secs(60);
    let mut failures = Vec::new();
    for seed in (first..).step_by(97).take(CLI_SAMPLE as usize) {
        let case = generate(seed, &shapes);
        let dir = scratch_with_modules(&case);
        let run = loop_test_support::run_loopc(&["run", FILE], dir.path(), b"", limit);
        let emitted = loop_test_support::run_loopc(&["emit", "arc", FILE], dir.path(), b"", limit);
        let mut problems = Vec::new();
        if emitted.code != Some(0) {
            problems.push(format!("emit arc failed: {}", emitted.stderr));
        }
        std::fs::write(dir.path().join("gen.arc"), &emitted.stdout).unwrap();
        let arc = loop_test_support::run_loopc(&["run", "gen.arc"], dir.path(), b"", limit);
        loop_test_support::loop_stub();
        let exe = dir.path().join("gen-bundle");
        let bundled = loop_test_support::run_loopc(
            &["bundle", FILE, "-o", exe.to_str().unwrap()],
            dir.path(),
            b"",
            limit,
        );
        if bundled.code != Some(0) {
            problems.push(format!("bundle failed: {}", bundled.stderr));
        }
        let elsewhere = tempfile::tempdir().unwrap();
        let mut command = std::process::Command::new(&exe);
        command.current_dir(elsewhere.path());
        let bundle = loop_test_support::run_command(command, b"", limit);
        for (how, outcome, file) in [
            ("loopc run", &run, FILE),
            ("loopc run gen.arc", &arc, FILE),
            ("bundle", &bundle, FILE),
        ] {
            let observed = Observed {
                stdout: outcome.stdout.clone(),
                status: outcome.code.unwrap_or(-1),
                stderr: outcome.stderr.clone(),
            };
            for p in judge(&case.expected, &observed, file) {
                problems.push(format!("{how}: {p}"));
            }
        }
        if !problems.is_empty() {
            eprintln!("{}", report(&case, &problems));
            failures.push(seed);
        }
    }
    assert!(
        failures.is_empty(),
        "generated programs failed through the command line: {failures:?}"
    );
}

/// The in-process API itself: output and error reports are captured, and
/// Arc text compiles as `.arc`.
#[test]
fn in_process_api_captures_output_and_errors() {
    let ok = run_in_process("a.loop", "println(\"hi\")\nprint(1 + 2)").unwrap();
    assert_eq!(
        (ok.stdout.as_slice(), ok.status, ok.stderr.as_str()),
        (&b"hi\n3"[..], 0, "")
    );
    let failed = run_in_process("a.loop", "println(1)\nx := 0\nprintln(1 / x)").unwrap();
    assert_eq!(failed.stdout, b"1\n");
    assert_eq!(failed.status, 1);
    assert!(
        failed
            .stderr
            .starts_with("a.loop:3: runtime error: division by zero"),
        "{}",
        failed.stderr
    );
    let exited = run_in_process("a.loop", "print(\"x\")\nexit(3)").unwrap();
    assert_eq!((exited.stdout.as_slice(), exited.status), (&b"x"[..], 3));
    let compiled = loopc::driver::compile_source(Path::new("a.loop"), "println([1, 2])")
        .unwrap_or_else(|f| panic!("{}", f.render(false)));
    let arc = loopc::arc::print::program(&compiled.arc);
    let from_arc = run_in_process("a.arc", &arc).unwrap();
    assert_eq!(from_arc.stdout, b"[1, 2]\n");
    assert!(run_in_process("a.loop", "x := ").is_err());
}
