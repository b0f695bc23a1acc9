//! CI and release: `.ci/run` works in a clone without the conformance
//! suites beside it, and the GitHub workflows (which cannot run here) are
//! valid YAML doing what docs/bundling.md says: the release runs the
//! cargo steps of `.ci/run` on every platform and publishes archives of
//! `loopc` with its stub; the example bundles a tool for every platform
//! with `--stub`.

use std::path::Path;

use loop_test_support::workspace;
use std::process::Command;

use yaml_rust2::{Yaml, YamlLoader};

fn workflow(name: &str) -> Yaml {
    let path = workspace().join(".github/workflows").join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    let mut documents =
        YamlLoader::load_from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_eq!(documents.len(), 1, "{name}");
    documents.remove(0)
}

/// The `run` scripts of a job's steps.
fn runs(job: &Yaml) -> Vec<&str> {
    job["steps"]
        .as_vec()
        .expect("steps")
        .iter()
        .filter_map(|s| s["run"].as_str())
        .collect()
}

/// The cargo commands of `.ci/run`, in order.
fn ci_cargo_steps() -> Vec<String> {
    std::fs::read_to_string(workspace().join(".ci/run"))
        .unwrap()
        .lines()
        .filter(|l| l.starts_with("cargo "))
        .map(str::to_string)
        .collect()
}

#[test]
fn the_release_builds_tests_and_publishes_every_platform() {
    let release = workflow("release.yml");
    assert!(
        release["on"]["push"]["tags"].as_vec().is_some(),
        "runs on tags"
    );
    let build = &release["jobs"]["build"];
    let targets: Vec<&str> = build["strategy"]["matrix"]["include"]
        .as_vec()
        .unwrap()
        .iter()
        .map(|m| m["target"].as_str().unwrap())
        .collect();
    for wanted in [
        "x86_64-unknown-linux-gnu",
        "aarch64-unknown-linux-gnu",
        "apple-darwin",
        "windows",
    ] {
        assert!(
            targets.iter().any(|t| t.contains(wanted)),
            "{wanted} in {targets:?}"
        );
    }
    let steps = runs(build);
    let cargo: Vec<&str> = steps
        .iter()
        .copied()
        .filter(|r| r.starts_with("cargo "))
        .collect();
    let ci = ci_cargo_steps();
    assert!(ci.len() >= 4, "{ci:?}");
    assert_eq!(cargo, ci, "the release's cargo steps are .ci/run's");
    let archive = steps
        .iter()
        .find(|r| r.contains("tar czf"))
        .expect("an archive step");
    for part in [
        "target/release/loopc$exe",
        "target/release/loop-stub$exe",
        "LICENSE",
        "docs",
    ] {
        assert!(archive.contains(part), "{part} in the archive:\n{archive}");
    }
    let publish = &release["jobs"]["publish"];
    assert_eq!(publish["needs"].as_str(), Some("build"));
    assert!(
        runs(publish)
            .iter()
            .any(|r| r.contains("gh release create"))
    );
}

#[test]
fn the_example_bundles_a_tool_for_every_platform_with_stub() {
    let example = workflow("bundle-tool.yml");
    let steps = runs(&example["jobs"]["bundle"]);
    assert!(
        steps
            .iter()
            .any(|r| r.contains("loopc bundle \"$TOOL\" --stub \"$stub\"")),
        "{steps:?}"
    );
    let tool = example["env"]["TOOL"].as_str().unwrap();
    assert!(workspace().join(tool).is_file(), "{tool}");
}

/// A copy of `.ci/run` in a scratch clone whose `cargo`, `apt-get` and
/// `python3` are stand-ins that record their arguments; `shared`, if given, is the
/// conformance runner's last line of output.
fn ci_run(shared: Option<&str>) -> (std::process::Output, String) {
    let root = tempfile::tempdir().unwrap();
    let clone = root.path().join("clone");
    std::fs::create_dir_all(clone.join(".ci")).unwrap();
    std::fs::copy(workspace().join(".ci/run"), clone.join(".ci/run")).unwrap();
    let bin = root.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    let log = root.path().join("log");
    let tool = |name: &str, body: &str| {
        let path = bin.join(name);
        std::fs::write(
            &path,
            format!(
                "#!/bin/sh\necho \"{name} $*\" >> {}\n{body}\n",
                log.display()
            ),
        )
        .unwrap();
        set_executable(&path);
    };
    tool("cargo", "exit 0");
    // Installing packages is the machine's business, not this test's.
    tool("apt-get", "exit 0");
    if let Some(last) = shared {
        let suites = root.path().join("shared/conformance");
        std::fs::create_dir_all(&suites).unwrap();
        std::fs::write(suites.join("run.py"), "").unwrap();
        tool("python3", &format!("echo 'suite output'; echo '{last}'"));
    }
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = Command::new("bash")
        .arg(clone.join(".ci/run"))
        .env("PATH", path)
        .output()
        .expect("bash runs");
    let log = std::fs::read_to_string(&log).unwrap_or_default();
    (out, log)
}

#[cfg(unix)]
fn set_executable(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[cfg(not(unix))]
fn set_executable(_: &Path) {}

#[cfg(unix)]
#[test]
fn ci_run_skips_the_conformance_suites_clearly_when_they_are_not_there() {
    let (out, log) = ci_run(None);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("conformance: skipped, no suites at "),
        "{stdout}"
    );
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    let cargo: Vec<String> = ci_cargo_steps();
    let ran: Vec<&str> = log.lines().filter(|l| l.starts_with("cargo ")).collect();
    assert_eq!(ran, cargo, "every cargo step ran");
}

#[cfg(unix)]
#[test]
fn ci_run_passes_or_fails_with_the_conformance_suites() {
    let (out, log) = ci_run(Some("12 passed, 0 failed"));
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("conformance: 12 passed, 0 failed"));
    assert!(log.contains("python3 "), "{log}");
    let (out, _) = ci_run(Some("11 passed, 1 failed"));
    assert!(!out.status.success());
}

#[cfg(unix)]
#[test]
fn every_workflow_script_is_valid_bash() {
    for name in ["release.yml", "bundle-tool.yml"] {
        let yaml = workflow(name);
        for (_, job) in yaml["jobs"].as_hash().unwrap() {
            for script in runs(job) {
                let out = Command::new("bash")
                    .args(["-n", "-c", script])
                    .output()
                    .unwrap();
                assert!(
                    out.status.success(),
                    "{name}: {}\n{script}",
                    String::from_utf8_lossy(&out.stderr)
                );
            }
        }
    }
}
