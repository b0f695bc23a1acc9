//! Reading a C header the way a C program sees it: through the system C
//! preprocessor (`$CC`, else `cc`, with `-E -dD` so that macro definitions
//! survive), searched like `#include <…>` (docs/ffi.md).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::FfiError;
use super::ctype::Declarations;
use super::header_cache;
use super::platform::Platform;

/// A header an import names: `header "zlib.h"` or `header "./foo.h"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeaderRef {
    /// A path (it started with `.` or `/`), resolved against the importing
    /// file's folder.
    Path(PathBuf),
    /// A bare name, searched beside the importing file, in each folder of
    /// `LOOP_INCLUDE_PATH`, then in the C compiler's system folders.
    Search(String),
}

impl HeaderRef {
    /// What `header "text"` in a file of `importer_dir` names.
    pub fn new(text: &str, importer_dir: &Path) -> HeaderRef {
        if text.starts_with('.') || Path::new(text).is_absolute() {
            HeaderRef::Path(importer_dir.join(text))
        } else {
            HeaderRef::Search(text.to_string())
        }
    }

    /// The header as written, for messages.
    pub fn display(&self) -> String {
        match self {
            HeaderRef::Path(path) => path.display().to_string(),
            HeaderRef::Search(name) => name.clone(),
        }
    }
}

/// The C compiler that preprocesses headers: `$CC`, else `cc`.
pub fn c_compiler() -> String {
    std::env::var("CC")
        .ok()
        .filter(|cc| !cc.trim().is_empty())
        .unwrap_or_else(|| "cc".to_string())
}

/// The folders searched for a bare header name before the compiler's own:
/// the importing file's folder, then each of `LOOP_INCLUDE_PATH`.
fn include_folders(importer_dir: &Path) -> Vec<PathBuf> {
    let mut folders = vec![importer_dir.to_path_buf()];
    if let Some(paths) = std::env::var_os("LOOP_INCLUDE_PATH") {
        folders.extend(std::env::split_paths(&paths).filter(|p| !p.as_os_str().is_empty()));
    }
    folders
}

/// The declarations of `header` (see [`preprocess`] and
/// [`super::parse_header`]), from the cache of parsed headers when none
/// of the files it was made from changed ([`super::header_cache`]).
pub fn read_header(
    header: &HeaderRef,
    importer_dir: &Path,
    platform: Platform,
) -> Result<Declarations, FfiError> {
    let compiler = c_compiler();
    let compiler_file = find_program(&compiler);
    let key = format!(
        "{header:?}\n{:?}\n{compiler}\n{compiler_file:?}",
        include_folders(importer_dir)
    );
    if let Some(declarations) = header_cache::load(&key) {
        return Ok(declarations);
    }
    let text = preprocess(header, importer_dir, platform)?;
    let declarations = super::parse_header(&text);
    let mut files = header_cache::files_read(&text);
    files.extend(compiler_file);
    header_cache::store(&key, &files, &declarations);
    Ok(declarations)
}

/// The file of the program `name` (a path, or a name searched in `PATH`).
fn find_program(name: &str) -> Option<PathBuf> {
    let direct = Path::new(name);
    if direct.components().count() > 1 {
        return direct.canonicalize().ok();
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|folder| folder.join(name))
        .find(|candidate| candidate.is_file())
        .and_then(|found| found.canonicalize().ok())
}

/// Whether C declarations `text` (a signature string, a header beside a
/// library) use the preprocessor beyond object-like `#define`s:
/// conditionals, includes, or lines continued with `\`.
pub fn needs_preprocessor(text: &str) -> bool {
    text.lines().any(|line| {
        let line = line.trim_end_matches('\r');
        let directive = line.trim_start().strip_prefix('#').map(str::trim_start);
        line.ends_with('\\')
            || directive.is_some_and(|d| {
                ["if", "ifdef", "ifndef", "elif", "else", "include"]
                    .iter()
                    .any(|k| d.starts_with(k))
            })
    })
}

/// C declarations `text` after the C preprocessor, with `#include "…"`
/// relative to `folder` (see [`needs_preprocessor`]).
pub fn preprocess_text(text: &str, folder: &Path) -> Result<String, FfiError> {
    let compiler = c_compiler();
    let failed = |message: String| FfiError::Preprocessor {
        header: "the signature string".to_string(),
        compiler: compiler.clone(),
        message,
    };
    let mut child = Command::new(&compiler)
        .args(["-E", "-dD", "-x", "c", "-I"])
        .arg(folder)
        .arg("-")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| failed(format!("cannot run it: {e}")))?;
    if let Some(mut stdin) = child.stdin.take() {
        use std::io::Write;
        stdin
            .write_all(text.as_bytes())
            .map_err(|e| failed(e.to_string()))?;
    }
    let output = child
        .wait_with_output()
        .map_err(|e| failed(e.to_string()))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let first = stderr
            .lines()
            .find(|l| l.contains("error"))
            .unwrap_or("it failed");
        return Err(failed(first.trim().to_string()));
    }
    String::from_utf8(output.stdout).map_err(|_| failed("its output is not UTF-8".to_string()))
}

/// The header `header` after the C preprocessor: its text with every
/// `#include` followed, conditionals decided and macros expanded, keeping
/// `#define` lines and line markers.
pub fn preprocess(
    header: &HeaderRef,
    importer_dir: &Path,
    platform: Platform,
) -> Result<String, FfiError> {
    let include = match header {
        HeaderRef::Path(path) => {
            if !path.is_file() {
                return Err(FfiError::HeaderNotFound {
                    header: header.display(),
                    tried: vec![path.clone()],
                });
            }
            let path = path.canonicalize().unwrap_or_else(|_| path.clone());
            format!("#include \"{}\"\n", path.display())
        }
        HeaderRef::Search(name) => format!("#include <{name}>\n"),
    };
    let compiler = c_compiler();
    let mut command = Command::new(&compiler);
    command.args(["-E", "-dD", "-x", "c"]);
    if let HeaderRef::Search(_) = header {
        for folder in include_folders(importer_dir) {
            command.arg("-I").arg(folder);
        }
        for folder in super::platform::rules(platform).include_folders {
            command.arg("-idirafter").arg(folder);
        }
    }
    command
        .arg("-")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let failed = |message: String| FfiError::Preprocessor {
        header: header.display(),
        compiler: compiler.clone(),
        message,
    };
    let mut child = command
        .spawn()
        .map_err(|e| failed(format!("cannot run it: {e}")))?;
    if let Some(mut stdin) = child.stdin.take() {
        use std::io::Write;
        stdin
            .write_all(include.as_bytes())
            .map_err(|e| failed(e.to_string()))?;
    }
    let output = child
        .wait_with_output()
        .map_err(|e| failed(e.to_string()))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let first = stderr
            .lines()
            .find(|l| l.contains("error"))
            .unwrap_or_else(|| stderr.lines().next().unwrap_or("it failed"));
        if first.contains("No such file") || first.contains("file not found") {
            let mut tried = include_folders(importer_dir);
            tried.push(PathBuf::from(format!("the include folders of {compiler}")));
            return Err(FfiError::HeaderNotFound {
                header: header.display(),
                tried,
            });
        }
        return Err(failed(first.trim().to_string()));
    }
    String::from_utf8(output.stdout).map_err(|_| failed("its output is not UTF-8".to_string()))
}
