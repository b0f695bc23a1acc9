//! Installing loopc (docs/cli.md, "Installing"): `cargo install --path
//! compiler` installs both binaries of the `loopc` package into one
//! folder, where `loopc` finds its runner stub; `loopc --version` names the
//! stub it will use.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use loop_test_support::{Outcome, loopc, run_command, stripped_stub, workspace};

const LIMIT: Duration = Duration::from_secs(60);

/// Runs the `loopc` at `exe` with `args` in `cwd`, with no LOOP_STUB.
fn installed(exe: &Path, args: &[&str], cwd: &Path) -> Outcome {
    let mut command = Command::new(exe);
    command.args(args).current_dir(cwd).env_remove("LOOP_STUB");
    run_command(command, b"", LIMIT)
}

#[test]
fn the_loopc_package_installs_loopc_and_its_stub() {
    // What `cargo install --path cli` installs: the package's binaries.
    let out = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args([
            "metadata",
            "--no-deps",
            "--format-version",
            "1",
            "--offline",
        ])
        .current_dir(workspace())
        .output()
        .expect("cargo metadata runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let metadata: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let loopc = metadata["packages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "loopc")
        .expect("the loopc package");
    let mut binaries: Vec<&str> = loopc["targets"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["kind"].as_array().unwrap().iter().any(|k| k == "bin"))
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    binaries.sort();
    assert_eq!(binaries, ["loop-stub", "loopc"]);
}

#[test]
fn an_installed_loopc_finds_the_stub_beside_it_and_names_it() {
    let root = tempfile::tempdir().unwrap();
    let bin = root.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    let exe = bin.join(format!("loopc{}", std::env::consts::EXE_SUFFIX));
    let stub = bin.join(format!("loop-stub{}", std::env::consts::EXE_SUFFIX));
    std::fs::copy(loopc(), &exe).unwrap();
    std::fs::copy(stripped_stub(), &stub).unwrap();
    let work = tempfile::tempdir().unwrap();
    std::fs::write(
        work.path().join("hi.loop"),
        "println(\"hi from \" + os_name())\nfn os_name() { \"loop\" }\n",
    )
    .unwrap();

    let version = installed(&exe, &["--version"], work.path());
    assert_eq!(version.code, Some(0), "{}", version.stderr);
    let text = version.stdout_text();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], format!("loopc {}", env!("CARGO_PKG_VERSION")));
    assert!(lines[1].starts_with("runtime "), "{text}");
    let runtime = lines[1].split_whitespace().nth(1).unwrap();
    assert_eq!(runtime.len(), 16, "{text}");
    let platform = if cfg!(target_os = "macos") {
        "macOS {} Mach-O"
    } else if cfg!(windows) {
        "Windows {} PE"
    } else {
        "Linux {} ELF"
    }
    .replace("{}", std::env::consts::ARCH);
    assert_eq!(
        lines[2],
        format!(
            "stub: {} ({platform}, runtime {runtime}: loopc's own, bundles carry bytecode)",
            stub.canonicalize().unwrap().display(),
        ),
        "{text}"
    );

    let built = installed(&exe, &["bundle", "hi.loop", "-o", "hi"], work.path());
    assert_eq!(built.code, Some(0), "{}", built.stderr);
    let ran = run_command(Command::new(work.path().join("hi")), b"", LIMIT);
    assert_eq!(ran.stdout_text(), "hi from loop\n", "{}", ran.stderr);
}

#[test]
fn a_loopc_without_a_stub_says_so_and_how_to_get_one() {
    let root = tempfile::tempdir().unwrap();
    let exe = root
        .path()
        .join(format!("loopc{}", std::env::consts::EXE_SUFFIX));
    std::fs::copy(loopc(), &exe).unwrap();
    std::fs::write(root.path().join("hi.loop"), "1\n").unwrap();
    let version = installed(&exe, &["--version"], root.path());
    assert_eq!(version.code, Some(0), "{}", version.stderr);
    let text = version.stdout_text();
    assert!(
        text.lines()
            .nth(2)
            .unwrap_or_default()
            .starts_with("stub: none: no runner stub found at "),
        "{text}"
    );
    let built = installed(&exe, &["bundle", "hi.loop", "-o", "hi"], root.path());
    assert_eq!(built.code, Some(1), "{}", built.stderr);
    assert!(
        built.stderr.contains("`cargo install --path cli`") && built.stderr.contains("--stub"),
        "{}",
        built.stderr
    );
    assert!(!root.path().join("hi").exists());
}

#[test]
fn the_license_cargo_toml_names_is_there() {
    let manifest = std::fs::read_to_string(workspace().join("Cargo.toml")).unwrap();
    assert!(manifest.contains("license = \"MIT\""));
    let license = std::fs::read_to_string(workspace().join("LICENSE")).unwrap();
    assert!(license.starts_with("MIT License"), "{license}");
    assert!(license.contains("THE SOFTWARE IS PROVIDED \"AS IS\""));
}
