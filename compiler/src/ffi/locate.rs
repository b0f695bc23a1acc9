//! Finding the shared library (and its header) that an import names.

use std::path::{Path, PathBuf};

use super::FfiError;

/// An operating system, as far as shared libraries are concerned.
///
/// Only 64-bit targets are supported, so the platform also fixes the size
/// of `long` (see [`super::CInt::bytes`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Platform {
    /// Linux and other ELF systems: `libname.so`.
    Linux,
    /// macOS: `libname.dylib`.
    MacOs,
    /// Windows: `name.dll`.
    Windows,
}

impl Platform {
    /// The platform the compiler itself runs on.
    pub fn host() -> Platform {
        if cfg!(target_os = "windows") {
            Platform::Windows
        } else if cfg!(target_os = "macos") {
            Platform::MacOs
        } else {
            Platform::Linux
        }
    }

    /// The file extension of shared libraries, without the dot.
    pub fn library_extension(self) -> &'static str {
        match self {
            Platform::Linux => "so",
            Platform::MacOs => "dylib",
            Platform::Windows => "dll",
        }
    }
}

/// The paths where the library of `import` may be, in the order tried:
/// `dir/name.ext`, then `dir/libname.ext`.
///
/// A relative import is taken relative to `importer_dir`, the directory of
/// the importing file (never the current directory); an absolute one as is.
/// A path always has a directory part (`./name.so` for an empty
/// `importer_dir`): the system loader searches its own paths for a bare
/// file name.
pub fn library_candidates(import: &str, importer_dir: &Path, platform: Platform) -> Vec<PathBuf> {
    let full = importer_dir.join(import);
    let Some(name) = full.file_name().and_then(|n| n.to_str()) else {
        return Vec::new();
    };
    let dir = match full.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let ext = platform.library_extension();
    vec![
        dir.join(format!("{name}.{ext}")),
        dir.join(format!("lib{name}.{ext}")),
    ]
}

/// Finds the shared library that `import` names (see [`library_candidates`]).
///
/// The error lists every path tried.
pub fn locate_library(
    import: &str,
    importer_dir: &Path,
    platform: Platform,
) -> Result<PathBuf, FfiError> {
    let tried = library_candidates(import, importer_dir, platform);
    match tried.iter().find(|path| path.is_file()) {
        Some(found) => Ok(found.clone()),
        None => Err(FfiError::NotFound {
            import: import.to_string(),
            tried,
        }),
    }
}

/// The headers that may describe the library at `library`, in the order
/// tried: `name.h` then `libname.h` beside it, where `name` is the file
/// name without extension and without a `lib` prefix.
fn header_candidates(library: &Path) -> Vec<PathBuf> {
    let stem = library
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    let name = stem.strip_prefix("lib").unwrap_or(stem);
    vec![
        library.with_file_name(format!("{name}.h")),
        library.with_file_name(format!("lib{name}.h")),
    ]
}

/// Finds the header that describes the library at `library`: `named` if
/// given (a path the import names), else `name.h` or `libname.h` beside
/// the library. The error lists every path tried.
pub fn locate_header(library: &Path, named: Option<&Path>) -> Result<PathBuf, Vec<PathBuf>> {
    let tried: Vec<PathBuf> = match named {
        Some(header) => vec![header.to_path_buf()],
        None => header_candidates(library),
    };
    match tried.iter().find(|path| path.is_file()) {
        Some(found) => Ok(found.clone()),
        None => Err(tried),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_imports_resolve_against_the_importing_directory() {
        let tried = library_candidates("../http", Path::new("/app/src"), Platform::Linux);
        assert_eq!(
            tried,
            [
                PathBuf::from("/app/src/../http.so"),
                PathBuf::from("/app/src/../libhttp.so")
            ]
        );
    }

    #[test]
    fn absolute_imports_are_taken_as_is() {
        let tried = library_candidates("/opt/lib/zip", Path::new("/app"), Platform::MacOs);
        assert_eq!(
            tried,
            [
                PathBuf::from("/opt/lib/zip.dylib"),
                PathBuf::from("/opt/lib/libzip.dylib")
            ]
        );
    }

    #[test]
    fn an_empty_importing_directory_is_the_current_one() {
        let tried = library_candidates("zip", Path::new(""), Platform::Linux);
        assert_eq!(
            tried,
            [PathBuf::from("./zip.so"), PathBuf::from("./libzip.so")]
        );
    }

    #[test]
    fn each_platform_has_its_extension() {
        assert_eq!(Platform::Windows.library_extension(), "dll");
        assert_eq!(Platform::MacOs.library_extension(), "dylib");
        assert_eq!(Platform::Linux.library_extension(), "so");
    }

    #[test]
    fn a_missing_library_lists_every_path_tried() {
        let dir = tempfile::tempdir().unwrap();
        let err = locate_library("nope", dir.path(), Platform::Linux).unwrap_err();
        let FfiError::NotFound { import, tried } = &err else {
            panic!("unexpected {err:?}");
        };
        assert_eq!(import, "nope");
        assert_eq!(tried.len(), 2);
        let message = err.to_string();
        assert!(message.contains("nope.so") && message.contains("libnope.so"));
    }

    #[test]
    fn the_lib_prefixed_name_is_found() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("libz.so"), b"").unwrap();
        let found = locate_library("z", dir.path(), Platform::Linux).unwrap();
        assert_eq!(found, dir.path().join("libz.so"));
    }

    #[test]
    fn a_named_header_is_the_only_one_tried() {
        let tried = locate_header(Path::new("/x/libz.so"), Some(Path::new("/y/z.h")));
        assert_eq!(tried, Err(vec![PathBuf::from("/y/z.h")]));
    }

    #[test]
    fn headers_are_looked_for_without_and_with_the_lib_prefix() {
        let tried = header_candidates(Path::new("/x/libplain.so"));
        assert_eq!(
            tried,
            [PathBuf::from("/x/plain.h"), PathBuf::from("/x/libplain.h")]
        );
        let tried = header_candidates(Path::new("/x/plain.dll"));
        assert_eq!(
            tried,
            [PathBuf::from("/x/plain.h"), PathBuf::from("/x/libplain.h")]
        );
    }
}
