//! A cache of parsed headers: running the C preprocessor on `sqlite3.h`
//! and parsing what it gives takes longer than checking a whole Loop
//! program, so the declarations are kept in the user's cache folder
//! (`$XDG_CACHE_HOME/loopc/headers`, else `~/.cache/loopc/headers`),
//! keyed by what was asked (the header, the include folders, the C
//! compiler) and valid while every file the preprocessor read, and the
//! compiler itself, keep their size and modification time.
//!
//! The cache only ever saves time: an entry that cannot be read, written
//! or trusted is ignored and the header is read again.

use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};

use super::ctype::Declarations;

/// Bumped whenever what is cached changes shape or meaning.
const FORMAT: u32 = 1;

/// One cached header.
#[derive(Serialize, Deserialize)]
struct Entry {
    format: u32,
    /// What was asked, in full (the file name is only its hash).
    key: String,
    /// Every file read, with its size and modification time then.
    files: Vec<(PathBuf, u64, u128)>,
    declarations: Declarations,
}

/// The folder of cached headers, if the user has a cache folder.
fn folder() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cache")))?;
    Some(base.join("loopc").join("headers"))
}

/// The size and modification time of `path`.
fn stamp(path: &Path) -> Option<(u64, u128)> {
    let meta = std::fs::metadata(path).ok()?;
    let modified = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
    Some((meta.len(), modified.as_nanos()))
}

/// The file of the entry for `key` in the cache folder `folder`.
fn entry_path(folder: &Path, key: &str) -> PathBuf {
    // FNV-1a: stable across builds, unlike the standard library's hasher.
    let hash = key.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    folder.join(format!("{hash:016x}.bin"))
}

/// The declarations cached for `key`, if every file they came from is
/// unchanged.
pub fn load(key: &str) -> Option<Declarations> {
    load_from(&folder()?, key)
}

/// [`load`] from the cache folder `folder`.
fn load_from(folder: &Path, key: &str) -> Option<Declarations> {
    let bytes = std::fs::read(entry_path(folder, key)).ok()?;
    let entry: Entry = postcard::from_bytes(&bytes).ok()?;
    let fresh = entry.format == FORMAT
        && entry.key == key
        && entry
            .files
            .iter()
            .all(|(path, len, modified)| stamp(path) == Some((*len, *modified)));
    fresh.then_some(entry.declarations)
}

/// Caches `declarations` for `key`, made from `files` (each as the
/// preprocessor named it). Written to a temporary file and renamed, so a
/// reader never sees half an entry.
pub fn store(key: &str, files: &[PathBuf], declarations: &Declarations) {
    if let Some(folder) = folder() {
        store_in(&folder, key, files, declarations);
    }
}

/// [`store`] in the cache folder `folder`.
fn store_in(folder: &Path, key: &str, files: &[PathBuf], declarations: &Declarations) {
    let path = entry_path(folder, key);
    let mut stamped = Vec::new();
    for file in files {
        match stamp(file) {
            Some((len, modified)) => stamped.push((file.clone(), len, modified)),
            // A file that cannot be looked at again cannot be checked.
            None => return,
        }
    }
    let entry = Entry {
        format: FORMAT,
        key: key.to_string(),
        files: stamped,
        declarations: declarations.clone(),
    };
    let Ok(bytes) = postcard::to_stdvec(&entry) else {
        return;
    };
    let Some(dir) = path.parent() else { return };
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    if let Ok(mut file) = tempfile::NamedTempFile::new_in(dir) {
        use std::io::Write;
        if file.write_all(&bytes).is_ok() {
            let _ = file.persist(&path);
        }
    }
}

/// The files the preprocessor read, from the line markers of its output
/// (`# 1 "/usr/include/stdio.h" 1 3 4`), each once; `<built-in>` and the
/// like are left out.
pub fn files_read(preprocessed: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = Vec::new();
    for line in preprocessed.lines() {
        let Some(rest) = line.strip_prefix("# ") else {
            continue;
        };
        if !rest.starts_with(|c: char| c.is_ascii_digit()) {
            continue;
        }
        if let Some(name) = rest.split('"').nth(1)
            && !name.starts_with('<')
        {
            let path = PathBuf::from(name);
            if !files.contains(&path) {
                files.push(path);
            }
        }
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_markers_name_the_files_read() {
        let text = "# 0 \"<stdin>\"\n# 0 \"<built-in>\"\n# 1 \"/usr/include/zlib.h\" 1\n\
                    int x;\n# 1 \"/usr/include/zconf.h\" 1 3 4\n# 5 \"/usr/include/zlib.h\" 2\n";
        assert_eq!(
            files_read(text),
            [
                PathBuf::from("/usr/include/zlib.h"),
                PathBuf::from("/usr/include/zconf.h")
            ]
        );
    }

    #[test]
    fn an_entry_is_used_while_its_files_are_unchanged() {
        let cache = tempfile::tempdir().unwrap();
        let folder = cache.path();
        let header = folder.join("h.h");
        std::fs::write(&header, "int f(void);").unwrap();
        let decls = super::super::parse_header("int f(void);");
        store_in(folder, "key", std::slice::from_ref(&header), &decls);
        assert_eq!(load_from(folder, "key"), Some(decls.clone()));
        assert_eq!(load_from(folder, "other key"), None);
        std::fs::write(&header, "int f(void); int g(void);").unwrap();
        assert_eq!(load_from(folder, "key"), None);
    }
}
