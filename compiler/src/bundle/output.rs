//! Where `loopc bundle -o PATH` may write: never over one of its own
//! inputs, never over anything but a regular file, and never half a file.

use std::fs::{self, Metadata};
use std::io::Write;
use std::path::{Path, PathBuf};

use super::BundleError;

/// A file the bundle is made from, and how to name it in a refusal.
pub(super) struct Input {
    pub path: PathBuf,
    /// "the program's source", "the runner stub", …
    pub what: String,
}

/// The file to write for `-o output`, after checking that writing it
/// destroys nothing it must not: `output` is a new path, or a regular file
/// (or a symbolic link to one) that is none of `inputs` (symbolic links
/// followed, hard links caught by comparing files, not names).
///
/// Anything else is refused as a usage error: writing beside the target
/// and renaming over it would replace a folder's entry for a device, a
/// named pipe or a symbolic link such as `/dev/stdout` with a file, and
/// an input with the executable. Through a symbolic link to a regular file
/// the file it leads to is replaced and the link kept.
pub(super) fn target(output: &Path, inputs: &[Input]) -> Result<PathBuf, BundleError> {
    let refuse = |why: &str| {
        Err(BundleError::Refused(format!(
            "will not write the executable to {}: {why}",
            output.display()
        )))
    };
    let entry = match fs::symlink_metadata(output) {
        Ok(entry) => entry,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(output.to_path_buf()),
        Err(e) => return Err(cannot_write(output, &e)),
    };
    let link = entry.file_type().is_symlink();
    let file = if link {
        match fs::metadata(output) {
            Ok(file) => file,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return refuse("it is a symbolic link to a file that does not exist");
            }
            Err(e) => return Err(cannot_write(output, &e)),
        }
    } else {
        entry
    };
    if !file.is_file() {
        let what = kind(&file);
        return if link {
            refuse(&format!("it is a symbolic link to {what}"))
        } else {
            refuse(&format!("it is {what}"))
        };
    }
    for input in inputs {
        if fs::metadata(&input.path).is_ok_and(|m| same_file(&file, &m, output, &input.path)) {
            return refuse(&format!("it is {}", input.what));
        }
    }
    if link {
        output.canonicalize().map_err(|e| cannot_write(output, &e))
    } else {
        Ok(output.to_path_buf())
    }
}

/// Writes `bytes` as the executable file `path` (from [`target`]): into a
/// new file beside it, renamed over it once complete, so a failure never
/// leaves half a file. Errors name `shown` (what the user wrote), never the
/// temporary file.
pub(super) fn write_executable(path: &Path, shown: &Path, bytes: &[u8]) -> Result<(), BundleError> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    // Opened here rather than by tempfile, whose errors name the file.
    let mut tmp = tempfile::Builder::new()
        .prefix(".loopc-bundle")
        .make_in(dir, |name| {
            fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(name)
        })
        .map_err(|e| cannot_write(shown, &e))?;
    // No `fsync`, as C linkers do not: it doubled the time of bundling,
    // and an executable is made again from its sources.
    let file = tmp.as_file_mut();
    file.write_all(bytes).map_err(|e| cannot_write(shown, &e))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(fs::Permissions::from_mode(0o755))
            .map_err(|e| cannot_write(shown, &e))?;
    }
    tmp.persist(path)
        .map_err(|e| cannot_write(shown, &e.error))?;
    Ok(())
}

fn cannot_write(output: &Path, error: &std::io::Error) -> BundleError {
    BundleError::Failed(format!("cannot write {}: {error}", output.display()))
}

/// What a file that is not a regular file is, in words.
fn kind(file: &Metadata) -> &'static str {
    let kind = file.file_type();
    if kind.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    "not a regular file"
}

/// Whether `a` (the metadata of `a_path`) and `b` (of `b_path`) are one file.
#[cfg(unix)]
fn same_file(a: &Metadata, b: &Metadata, _a_path: &Path, _b_path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

/// Whether `a_path` and `b_path` are one file (by their resolved paths:
/// the standard library gives no file identity here).
#[cfg(not(unix))]
fn same_file(_a: &Metadata, _b: &Metadata, a_path: &Path, b_path: &Path) -> bool {
    match (a_path.canonicalize(), b_path.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}
