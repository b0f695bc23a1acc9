//! Finding the C libraries of a bundled program at start-up: an embedded
//! copy, the executable's own folder, `LOOP_LIBRARY_PATH`, then the system
//! loader's search. Never the current working directory implicitly.

use std::path::{Path, PathBuf};

use loop_packer::Payload;
use tempfile::TempDir;

/// Where one library will be loaded from, and where else was looked.
#[derive(Debug, Clone)]
pub struct LibraryFile {
    /// A full path, or a bare file name for the system loader to search.
    pub path: PathBuf,
    /// When `path` is a bare name for the system loader: every place looked
    /// at without finding the library, for the error message if the system
    /// loader does not find it either. Empty when `path` is a file found (or
    /// extracted) by the runner.
    pub tried: Vec<String>,
}

/// Libraries resolved for one run; embedded copies live in `_in_memory`
/// or `_extracted` until this is dropped.
pub struct Resolved {
    /// One file per library of the payload, in the payload's order.
    pub files: Vec<LibraryFile>,
    _in_memory: Vec<std::fs::File>,
    _extracted: Option<TempDir>,
}

/// An embedded library as an anonymous in-memory file (Linux
/// `memfd_create`), loaded through `/proc/self/fd/N`: it leaves nothing
/// behind however the program ends (a signal, a C `exit()`). `None` where
/// that is not available; the caller then extracts it into a folder.
#[cfg(target_os = "linux")]
fn in_memory(name: &str, bytes: &[u8]) -> Option<(std::fs::File, PathBuf)> {
    use std::io::Write;
    use std::os::fd::FromRawFd;
    if !Path::new("/proc/self/fd").is_dir() {
        return None;
    }
    let name = std::ffi::CString::new(name).ok()?;
    // SAFETY: memfd_create takes a NUL-terminated name and flags, and
    // returns a new file descriptor (or -1) that the File below owns.
    let fd = unsafe { libc::memfd_create(name.as_ptr(), libc::MFD_CLOEXEC) };
    if fd < 0 {
        return None;
    }
    // SAFETY: `fd` is a fresh descriptor owned by nothing else.
    let mut file = unsafe { std::fs::File::from_raw_fd(fd) };
    file.write_all(bytes).ok()?;
    Some((file, PathBuf::from(format!("/proc/self/fd/{fd}"))))
}

#[cfg(not(target_os = "linux"))]
fn in_memory(_: &str, _: &[u8]) -> Option<(std::fs::File, PathBuf)> {
    None
}

/// Resolves every library of `payload` for an executable in `exe_dir`.
pub fn resolve(payload: &Payload, exe_dir: &Path) -> Result<Resolved, String> {
    let mut extracted: Option<TempDir> = None;
    let search: Vec<PathBuf> = std::iter::once(exe_dir.to_path_buf())
        .chain(
            std::env::var_os("LOOP_LIBRARY_PATH")
                .map(|v| {
                    std::env::split_paths(&v)
                        .filter(|p| !p.as_os_str().is_empty())
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default(),
        )
        .collect();
    let mut files = Vec::new();
    let mut memory = Vec::new();
    for (index, library) in payload.libraries.iter().enumerate() {
        if let Some(bytes) = &library.embedded
            && let Some((file, path)) = in_memory(&library.file_name, bytes)
        {
            memory.push(file);
            files.push(LibraryFile {
                path,
                tried: Vec::new(),
            });
            continue;
        }
        if let Some(bytes) = &library.embedded {
            // tempfile creates the directory with mode 0700 and a random name.
            let dir = match &extracted {
                Some(d) => d,
                None => extracted.insert(
                    tempfile::Builder::new()
                        .prefix("loop-libs-")
                        .tempdir()
                        .map_err(|e| {
                            format!("cannot create a private folder for embedded libraries: {e}")
                        })?,
                ),
            };
            // Each library in a folder of its own: two libraries may have
            // the same file name (`a/m.so` and `b/m.so`).
            let folder = dir.path().join(index.to_string());
            let path = folder.join(&library.file_name);
            std::fs::create_dir(&folder)
                .and_then(|()| std::fs::write(&path, bytes))
                .map_err(|e| {
                    format!("cannot extract embedded library {}: {e}", library.file_name)
                })?;
            files.push(LibraryFile {
                path,
                tried: Vec::new(),
            });
            continue;
        }
        let names = candidate_names(&library.file_name, &library.name);
        let mut tried = Vec::new();
        let mut found = None;
        'search: for dir in &search {
            for name in &names {
                let path = dir.join(name);
                if path.is_file() {
                    found = Some(path);
                    break 'search;
                }
                tried.push(path.display().to_string());
            }
        }
        match found {
            Some(path) => files.push(LibraryFile {
                path,
                tried: Vec::new(),
            }),
            None => {
                let name = system_loader_name(&names);
                tried.push(format!("the system loader's search path, as `{name}`"));
                files.push(LibraryFile {
                    path: PathBuf::from(name),
                    tried,
                });
            }
        }
    }
    Ok(Resolved {
        files,
        _in_memory: memory,
        _extracted: extracted,
    })
}

/// The name to give the system loader, among the `candidates` of
/// [`candidate_names`]. LuaJIT's `ffi.load` puts `lib` before a bare name
/// that lacks it on every system but Windows, so on those the `lib` name is
/// the one that is searched: name it, so that the error message is true.
fn system_loader_name(candidates: &[String]) -> &str {
    let prefixed = candidates
        .iter()
        .find(|n| n.starts_with(loop_contract::LIBRARY_PREFIX));
    match prefixed {
        Some(name) if !cfg!(windows) => name,
        _ => &candidates[0],
    }
}

/// The file name recorded at bundle time, then the names of
/// [`loop_contract::library_file_names`] with its extension: `mathx.so`,
/// `libmathx.so`.
fn candidate_names(file_name: &str, name: &str) -> Vec<String> {
    let extension = Path::new(file_name)
        .extension()
        .map(|e| e.to_string_lossy())
        .unwrap_or_default();
    let base = Path::new(name)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| name.to_string());
    let mut names = vec![file_name.to_string()];
    for n in loop_contract::library_file_names(&base, &extension) {
        if !names.contains(&n) {
            names.push(n);
        }
    }
    names
}
