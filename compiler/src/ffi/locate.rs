//! Finding the shared library (and its header) that an import names.

use std::path::{Path, PathBuf};

use super::FfiError;
use super::platform::Platform;
use super::system;

/// A library file found for an import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocatedLibrary {
    /// The library file (a linker script followed to the library it names).
    pub path: PathBuf,
    /// For a library found where the system's loader looks: its run-time
    /// name (`libz.so.1`), by which a bundle asks the loader for it.
    pub system_name: Option<String>,
}

/// Whether `import` is a bare library name (`z`, `sqlite3`), searched for
/// beside the importing file, in `LOOP_LIBRARY_PATH` and where the system
/// loader looks, rather than a path.
pub fn is_bare_name(import: &str) -> bool {
    !import.is_empty() && !import.contains(['/', '\\']) && !import.starts_with('.')
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
    platform
        .library_file_names(name)
        .into_iter()
        .map(|file| dir.join(file))
        .collect()
}

/// Finds the shared library that `import` names. A path is taken relative
/// to `importer_dir` ([`library_candidates`]); a bare name is looked for
/// there, then in each folder of `LOOP_LIBRARY_PATH`, then where the
/// system loader looks (its folders, then its cache by run-time name).
/// A GNU ld script (`libm.so`) leads to the library it names.
///
/// The error lists every place tried.
pub fn locate_library(
    import: &str,
    importer_dir: &Path,
    platform: Platform,
) -> Result<LocatedLibrary, FfiError> {
    let file_part = Path::new(import).file_name().and_then(|n| n.to_str());
    if import.trim().is_empty() || file_part.is_none_or(|name| name == ".") || import.ends_with('/')
    {
        return Err(FfiError::BadImport {
            import: import.to_string(),
        });
    }
    let mut tried = library_candidates(import, importer_dir, platform);
    if let Some(found) = tried.iter().find(|path| path.is_file()) {
        return Ok(LocatedLibrary {
            path: system::follow_linker_script(found),
            system_name: None,
        });
    }
    if !is_bare_name(import) {
        return Err(FfiError::NotFound {
            import: import.to_string(),
            tried,
        });
    }
    let names = platform.library_file_names(import);
    if let Some(paths) = std::env::var_os("LOOP_LIBRARY_PATH") {
        for folder in std::env::split_paths(&paths).filter(|p| !p.as_os_str().is_empty()) {
            for name in &names {
                let path = folder.join(name);
                if path.is_file() {
                    return Ok(LocatedLibrary {
                        path: system::follow_linker_script(&path),
                        system_name: None,
                    });
                }
                tried.push(path);
            }
        }
    }
    let system = |path: PathBuf| {
        let path = system::follow_linker_script(&path);
        LocatedLibrary {
            system_name: Some(system::runtime_name(&path)),
            path,
        }
    };
    for folder in system::loader_folders(platform) {
        for name in &names {
            let path = folder.join(name);
            if path.is_file() {
                return Ok(system(path));
            }
        }
    }
    // Only the run-time package installed: `libz.so.1` without `libz.so`.
    let cached = system::loader_cache(platform).into_iter().find(|(key, _)| {
        names.iter().any(|name| {
            key.strip_prefix(name.as_str())
                .is_some_and(|v| v.starts_with('.'))
        })
    });
    if let Some((_, path)) = cached.filter(|(_, path)| path.is_file()) {
        return Ok(system(path));
    }
    tried.push(PathBuf::from(format!(
        "the system loader's folders and cache, as {}",
        names.join(" or ")
    )));
    Err(FfiError::NotFound {
        import: import.to_string(),
        tried,
    })
}

/// The headers that may describe the library at `library`, in the order
/// tried: `name.h` then `libname.h` beside it, where `name` is the file
/// name without extension and without a `lib` prefix.
fn header_candidates(library: &Path) -> Vec<PathBuf> {
    let stem = library
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    let name = stem
        .strip_prefix(loop_contract::LIBRARY_PREFIX)
        .unwrap_or(stem);
    vec![
        library.with_file_name(format!("{name}.h")),
        library.with_file_name(format!("{}{name}.h", loop_contract::LIBRARY_PREFIX)),
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
    fn empty_and_folder_imports_are_refused() {
        for import in ["", ".", "./", "lib/", " "] {
            let err = locate_library(import, Path::new("/x"), Platform::Linux).unwrap_err();
            assert!(
                matches!(err, FfiError::BadImport { .. }),
                "{import:?}: {err:?}"
            );
        }
    }

    #[test]
    fn bare_names_and_paths() {
        assert!(is_bare_name("z") && is_bare_name("sqlite3"));
        assert!(!is_bare_name("./z") && !is_bare_name("../z") && !is_bare_name("a/z"));
        assert!(!is_bare_name("/usr/lib/libz"));
    }

    #[test]
    fn a_missing_library_lists_every_path_tried() {
        let dir = tempfile::tempdir().unwrap();
        let err = locate_library("./nope", dir.path(), Platform::Linux).unwrap_err();
        let FfiError::NotFound { import, tried } = &err else {
            panic!("unexpected {err:?}");
        };
        assert_eq!(import, "./nope");
        assert_eq!(tried.len(), 2);
        let message = err.to_string();
        assert!(message.contains("nope.so") && message.contains("libnope.so"));
    }

    #[test]
    fn the_lib_prefixed_name_is_found() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("libz.so"), b"").unwrap();
        let found = locate_library("z", dir.path(), Platform::Linux).unwrap();
        assert_eq!(found.path, dir.path().join("libz.so"));
        assert_eq!(found.system_name, None);
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
