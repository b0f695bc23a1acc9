//! Bundles are reproducible: the same sources, `loopc` and stub give the
//! same bytes whatever the run, the folder the project sits in or the
//! working directory `loopc` runs in (docs/bundling.md).
#![cfg(unix)]

use std::ffi::OsStr;
use std::path::Path;

use loop_test_support::ffi::{LIMIT, build_library, copy_fixture, write_program};
use loop_test_support::{loop_stub, run_command, run_loopc, stripped_stub};

/// A program with what made bundles differ before: table constants with
/// keys (class field templates, map literals), a Loop module, and C
/// libraries declared by their own signatures and by a header beside it.
const MAIN: &str = r#"import "lib/util.loop" as util
import "scale" as s
import "plain" as p
ages := {"ann": 31, "bob": 25, "cy": 4, "dee": 17}
class Point { int x = 1; int y = 2; string tag = "p"; float w = 0.5 }
b := util.Box()
for var k in ages { println(k + "=" + ages[k].to_string()) }
println(Point())
println(s.twice(b.v) + p.triple(2))
util.greet("you")
"#;

const UTIL: &str = r#"pub class Box { int v = 20; string name = "box" }
pub fn greet(string who) { "hi " + who }
"#;

/// Writes the project into `dir`.
fn project(dir: &Path) {
    write_program(dir, "app/main.loop", MAIN);
    write_program(dir, "app/lib/util.loop", UTIL);
    build_library("scale", &dir.join("app"), "libscale");
    build_library("plain", &dir.join("app"), "libplain");
    copy_fixture("plain.h", &dir.join("app"));
}

/// Bundles `main` (a path relative to `cwd`, or absolute) with `extra`
/// options into `exe` and gives the executable's bytes.
fn bundle(cwd: &Path, main: &Path, exe: &Path, extra: &[&str]) -> Vec<u8> {
    let mut args: Vec<&OsStr> = vec![
        "bundle".as_ref(),
        main.as_os_str(),
        "-o".as_ref(),
        exe.as_os_str(),
        "--stub".as_ref(),
        stripped_stub().as_os_str(),
    ];
    args.extend(extra.iter().map(OsStr::new));
    let out = run_loopc(&args, cwd, b"", LIMIT);
    assert_eq!(
        out.code,
        Some(0),
        "bundling {}: {}",
        main.display(),
        out.stderr
    );
    std::fs::read(exe).expect("the bundle")
}

#[test]
fn the_same_project_bundles_to_the_same_bytes_every_run_and_anywhere() {
    loop_stub();
    let first = tempfile::tempdir().unwrap();
    project(first.path());
    let app = first.path().join("app");
    for extra in [&[][..], &["--embed-libs"]] {
        let reference = bundle(&app, Path::new("main.loop"), &app.join("a0"), extra);
        for run in 1..4 {
            let again = bundle(
                &app,
                Path::new("main.loop"),
                &app.join(format!("a{run}")),
                extra,
            );
            assert!(again == reference, "run {run} {extra:?} differs from run 0");
        }
        // The same files in a folder of another name and depth, bundled
        // from another working directory by an absolute path.
        let second = tempfile::tempdir().unwrap();
        let moved = second.path().join("elsewhere/deeper/app");
        std::fs::create_dir_all(&moved).unwrap();
        for file in [
            "main.loop",
            "lib/util.loop",
            "libscale.so",
            "libplain.so",
            "plain.h",
        ] {
            std::fs::create_dir_all(moved.join(file).parent().unwrap()).unwrap();
            std::fs::copy(app.join(file), moved.join(file)).unwrap();
        }
        let elsewhere = bundle(
            second.path(),
            &moved.join("main.loop"),
            &second.path().join("b"),
            extra,
        );
        assert!(elsewhere == reference, "{extra:?}: another folder differs");
        // And the bundle is a working program.
        let mut command = std::process::Command::new(app.join("a0"));
        command.current_dir(&app);
        let ran = run_command(command, b"", LIMIT);
        assert_eq!(
            ran.stdout_text(),
            "ann=31\nbob=25\ncy=4\ndee=17\nPoint { x: 1, y: 2, tag: \"p\", w: 0.5 }\n46\nhi you\n",
            "{}",
            ran.stderr
        );
    }
}
