//! The documentation stays whole and true to the code: the README links
//! the docs and lists every example and keeps two set-up commands, every
//! link between the docs leads to a file, `docs/cli.md` names every
//! command and option `loopc` has, every `cargo test --test` command
//! names a test target that exists, and nothing but `.ci/run` points
//! outside the repository for them.

use std::path::{Path, PathBuf};
use std::time::Duration;

use loop_test_support::{run_loopc, workspace};

fn read(path: &str) -> String {
    std::fs::read_to_string(workspace().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Every file of the repository (not the build output, not git's own).
fn repository_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if path.is_dir() {
            if name != "target" && name != ".git" {
                repository_files(&path, out);
            }
        } else {
            out.push(path);
        }
    }
}

#[test]
fn nothing_but_ci_refers_to_the_steering_repository() {
    // Spelt in two parts so that this file does not match itself.
    let needles = [concat!("../", "shared"), concat!("LANGUAGE", ".md")];
    let mut files = Vec::new();
    repository_files(&workspace(), &mut files);
    let offenders: Vec<String> = files
        .iter()
        .filter(|f| !f.ends_with(".ci/run"))
        .filter(|f| {
            std::fs::read(f).is_ok_and(|bytes| {
                let text = String::from_utf8_lossy(&bytes);
                needles.iter().any(|n| text.contains(n))
            })
        })
        .map(|f| f.display().to_string())
        .collect();
    assert!(offenders.is_empty(), "{offenders:#?}");
}

/// The test targets of the root package: the `name` of each `[[test]]`
/// of `Cargo.toml`.
fn test_targets() -> Vec<String> {
    read("Cargo.toml")
        .split("[[test]]")
        .skip(1)
        .filter_map(|table| {
            let line = table.lines().find(|l| l.starts_with("name = "))?;
            Some(
                line.trim_start_matches("name = ")
                    .trim_matches('"')
                    .to_string(),
            )
        })
        .collect()
}

#[test]
fn every_cargo_test_command_names_a_test_target() {
    let targets = test_targets();
    assert_eq!(targets, ["main", "programs"]);
    let mut files = Vec::new();
    repository_files(&workspace(), &mut files);
    let mut wrong = Vec::new();
    for file in files {
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        // Spelt in two parts so that this file does not match itself.
        for rest in text.split(concat!("--", "test ")).skip(1) {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')
                .collect();
            if !name.is_empty() && !targets.contains(&name) {
                wrong.push(format!("{}: --test {name}", file.display()));
            }
        }
    }
    assert!(wrong.is_empty(), "no such test target: {wrong:#?}");
}

#[test]
fn the_readme_links_the_docs_lists_every_example_and_keeps_two_commands() {
    let readme = read("README.md");
    for doc in ["language", "stdlib", "ffi", "bundling", "cli", "errors"] {
        assert!(
            readme.contains(&format!("(docs/{doc}.md)")),
            "README lacks docs/{doc}.md"
        );
    }
    let mut examples: Vec<String> = std::fs::read_dir(workspace().join("examples"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".loop"))
        .collect();
    examples.sort();
    assert!(!examples.is_empty());
    for example in &examples {
        let row = readme
            .lines()
            .find(|l| l.starts_with('|') && l.contains(&format!("(examples/{example})")));
        let described = row.and_then(|r| r.rsplit('|').nth(1)).map(str::trim);
        assert!(
            described.is_some_and(|d| d.len() > 10),
            "README does not describe examples/{example}"
        );
    }
    let setup = readme
        .split("## Set-up")
        .nth(1)
        .and_then(|s| s.split("```sh\n").nth(1))
        .and_then(|s| s.split("```").next())
        .expect("a set-up block");
    let commands: Vec<&str> = setup
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .collect();
    assert_eq!(commands.len(), 2, "{commands:?}");
}

/// The targets of the relative Markdown links in `text`.
fn links(text: &str) -> Vec<String> {
    text.split("](")
        .skip(1)
        .filter_map(|rest| rest.split(')').next())
        .map(|target| target.split('#').next().unwrap_or_default().to_string())
        .filter(|t| !t.is_empty() && !t.contains("://"))
        .collect()
}

#[test]
fn every_link_of_the_docs_leads_to_a_file() {
    let mut pages = vec![PathBuf::from("README.md")];
    for entry in std::fs::read_dir(workspace().join("docs")).unwrap() {
        let name = entry.unwrap().file_name();
        pages.push(Path::new("docs").join(name));
    }
    for page in pages {
        let text = read(page.to_str().unwrap());
        let dir = workspace().join(page.parent().unwrap());
        for target in links(&text) {
            let path = dir.join(&target);
            assert!(
                path.exists(),
                "{}: the link to {target} leads nowhere",
                page.display()
            );
        }
    }
}

#[test]
fn the_cli_doc_names_every_command_and_option() {
    let doc = read("docs/cli.md");
    let help = run_loopc(&["--help"], &workspace(), b"", Duration::from_secs(60)).stdout_text();
    let commands: Vec<&str> = help
        .split("Commands:\n")
        .nth(1)
        .unwrap()
        .lines()
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .collect();
    assert!(commands.len() >= 6, "{commands:?}");
    for command in commands {
        assert!(
            doc.contains(&format!("## loopc {command}")),
            "docs/cli.md has no section for `loopc {command}`"
        );
        let help =
            run_loopc(&[command, "-h"], &workspace(), b"", Duration::from_secs(60)).stdout_text();
        for option in help.split_whitespace().filter(|w| w.starts_with("--")) {
            let option = option.trim_end_matches([',', '.']);
            if option != "--help" {
                assert!(
                    doc.contains(option),
                    "docs/cli.md does not mention `loopc {command} {option}`"
                );
            }
        }
    }
    assert!(doc.contains("## loopc --version"));
}
