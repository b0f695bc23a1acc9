//! Where the system's dynamic loader finds libraries (docs/ffi.md, "Finding the library"):
//! its cache and folders, linker scripts standing for libraries
//! (`libm.so`, `libc.so`), and a library's run-time name (`SONAME`).

use std::path::{Path, PathBuf};

use super::platform::Platform;

/// The folders the system loader searches, in order, that exist: those of
/// its path variables, its configuration, its cache, then its defaults.
pub fn loader_folders(platform: Platform) -> Vec<PathBuf> {
    let rules = super::platform::rules(platform);
    let mut folders: Vec<PathBuf> = Vec::new();
    for variable in rules.loader_path_variables {
        if let Some(paths) = std::env::var_os(variable) {
            folders.extend(std::env::split_paths(&paths).filter(|p| !p.as_os_str().is_empty()));
        }
    }
    if let Some(config) = rules.loader_config {
        read_loader_config(Path::new(config), &mut folders, 0);
    }
    for (_, path) in loader_cache(platform) {
        if let Some(folder) = path.parent() {
            folders.push(folder.to_path_buf());
        }
    }
    folders.extend(rules.loader_folders.iter().map(PathBuf::from));
    let mut unique: Vec<PathBuf> = Vec::new();
    for folder in folders {
        if folder.is_dir() && !unique.contains(&folder) {
            unique.push(folder);
        }
    }
    unique
}

/// The folders `/etc/ld.so.conf` lists, following its `include` lines.
fn read_loader_config(config: &Path, folders: &mut Vec<PathBuf>, depth: usize) {
    let Ok(text) = std::fs::read_to_string(config) else {
        return;
    };
    for line in text.lines() {
        let line = line.split('#').next().unwrap_or_default().trim();
        if let Some(pattern) = line.strip_prefix("include") {
            if depth < 4 {
                for file in glob_files(pattern.trim(), config) {
                    read_loader_config(&file, folders, depth + 1);
                }
            }
        } else if line.starts_with('/') {
            folders.push(PathBuf::from(line));
        }
    }
}

/// The files a `folder/*.conf` pattern of `ld.so.conf` names, sorted.
fn glob_files(pattern: &str, config: &Path) -> Vec<PathBuf> {
    let pattern = Path::new(pattern);
    let pattern = if pattern.is_absolute() {
        pattern.to_path_buf()
    } else {
        config.parent().unwrap_or(Path::new("/")).join(pattern)
    };
    let (Some(folder), Some(name)) = (pattern.parent(), pattern.file_name()) else {
        return Vec::new();
    };
    let name = name.to_string_lossy();
    let (head, tail) = name.split_once('*').unwrap_or((&name, ""));
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| {
            p.file_name().is_some_and(|n| {
                let n = n.to_string_lossy();
                if name.contains('*') {
                    n.starts_with(head) && n.ends_with(tail) && n.len() >= head.len() + tail.len()
                } else {
                    *n == *name
                }
            })
        })
        .collect();
    files.sort();
    files
}

/// The entries of the loader's cache (`/etc/ld.so.cache` on Linux): each
/// library's run-time name with its path. Empty where there is no cache
/// or it is in a format not known here.
pub fn loader_cache(platform: Platform) -> Vec<(String, PathBuf)> {
    let Some(cache) = super::platform::rules(platform).loader_cache else {
        return Vec::new();
    };
    std::fs::read(cache)
        .map(|bytes| parse_ld_so_cache(&bytes))
        .unwrap_or_default()
}

/// Parses glibc's `ld.so.cache` (the "glibc-ld.so.cache1.1" format, alone
/// or after the old one): a header, then entries of flags, key offset,
/// value offset, OS version and hardware capabilities; offsets count from
/// the start of the new format's header.
fn parse_ld_so_cache(bytes: &[u8]) -> Vec<(String, PathBuf)> {
    const MAGIC: &[u8] = b"glibc-ld.so.cache1.1";
    const HEADER: usize = 48;
    const ENTRY: usize = 24;
    let Some(base) = bytes.windows(MAGIC.len()).position(|w| w == MAGIC) else {
        return Vec::new();
    };
    let u32_at = |at: usize| -> Option<u32> {
        bytes
            .get(at..at + 4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    };
    let string_at = |offset: u32| -> Option<String> {
        let start = base.checked_add(offset as usize)?;
        let rest = bytes.get(start..)?;
        let end = rest.iter().position(|&b| b == 0)?;
        String::from_utf8(rest[..end].to_vec()).ok()
    };
    let Some(count) = u32_at(base + 20) else {
        return Vec::new();
    };
    let mut entries = Vec::new();
    for i in 0..count as usize {
        let at = base + HEADER + i * ENTRY;
        let (Some(key), Some(value)) = (u32_at(at + 4), u32_at(at + 8)) else {
            break;
        };
        if let (Some(key), Some(value)) = (string_at(key), string_at(value)) {
            entries.push((key, PathBuf::from(value)));
        }
    }
    entries
}

/// The shared library a file stands for: the file itself, or for a GNU ld
/// script (`libm.so`: `GROUP ( /lib/…/libm.so.6 AS_NEEDED ( … ) )`) the
/// first library it names outside `AS_NEEDED`.
pub fn follow_linker_script(path: &Path) -> PathBuf {
    let Ok(bytes) = std::fs::read(path) else {
        return path.to_path_buf();
    };
    if bytes.starts_with(b"\x7fELF") || bytes.len() > 64 * 1024 {
        return path.to_path_buf();
    }
    let Ok(text) = String::from_utf8(bytes) else {
        return path.to_path_buf();
    };
    let text = without_comments(&text);
    for keyword in ["GROUP", "INPUT"] {
        let Some(at) = text.find(keyword) else {
            continue;
        };
        let spaced = text[at + keyword.len()..]
            .replace('(', " ( ")
            .replace(')', " ) ");
        let mut depth = 0usize;
        let mut as_needed = false;
        for word in spaced.split_whitespace() {
            match word {
                "(" => depth += 1,
                ")" => {
                    depth = depth.saturating_sub(1);
                    as_needed = false;
                    if depth == 0 {
                        break;
                    }
                }
                "AS_NEEDED" => as_needed = true,
                word if !as_needed && word.contains(".so") => {
                    let named = Path::new(word);
                    let named = if named.is_absolute() {
                        named.to_path_buf()
                    } else {
                        path.with_file_name(named)
                    };
                    if named.is_file() {
                        return named;
                    }
                }
                _ => {}
            }
        }
    }
    path.to_path_buf()
}

fn without_comments(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        rest = match rest[start..].find("*/") {
            Some(end) => &rest[start + end + 2..],
            None => "",
        };
    }
    out.push_str(rest);
    out
}

/// The run-time name the library at `path` records for itself (ELF
/// `DT_SONAME`: `libz.so.1`), else its file name.
pub fn runtime_name(path: &Path) -> String {
    let file_name = || {
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let Ok(bytes) = std::fs::read(path) else {
        return file_name();
    };
    match goblin::elf::Elf::parse(&bytes) {
        Ok(elf) => elf.soname.map(str::to_string).unwrap_or_else(file_name),
        Err(_) => file_name(),
    }
}

/// The libraries the library at `path` needs (ELF `DT_NEEDED`) that lie
/// beside it and are not where the system loader finds libraries: its own
/// private dependencies, which a copy of it elsewhere would not find.
pub fn private_dependencies(path: &Path, platform: Platform) -> Vec<String> {
    let Ok(bytes) = std::fs::read(path) else {
        return Vec::new();
    };
    let Ok(elf) = goblin::elf::Elf::parse(&bytes) else {
        return Vec::new();
    };
    let needed: Vec<&str> = elf
        .libraries
        .iter()
        .copied()
        .filter(|name| path.with_file_name(name).is_file())
        .collect();
    if needed.is_empty() {
        return Vec::new();
    }
    let cache = loader_cache(platform);
    let folders = loader_folders(platform);
    needed
        .into_iter()
        .filter(|name| {
            !cache.iter().any(|(key, _)| key == name)
                && !folders.iter().any(|folder| folder.join(name).is_file())
        })
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_linker_script_leads_to_the_library_it_names() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("libm.so.6");
        std::fs::write(&real, b"\x7fELF").unwrap();
        let script = dir.path().join("libm.so");
        std::fs::write(
            &script,
            format!(
                "/* GNU ld script\n*/\nOUTPUT_FORMAT(elf64-x86-64)\nGROUP ( AS_NEEDED ( {0}/libmvec.so.1 ) {0}/libm.so.6 )\n",
                dir.path().display()
            ),
        )
        .unwrap();
        assert_eq!(follow_linker_script(&script), real);
        assert_eq!(follow_linker_script(&real), real);
    }

    #[test]
    fn the_loader_cache_parses() {
        let mut bytes = b"glibc-ld.so.cache1.1".to_vec();
        bytes.extend(1u32.to_le_bytes()); // one library
        bytes.extend([0u8; 24]); // string length, flags, extension, unused
        let strings = 48 + 24;
        bytes.extend(0i32.to_le_bytes());
        bytes.extend((strings as u32).to_le_bytes());
        bytes.extend((strings as u32 + 10).to_le_bytes());
        bytes.extend([0u8; 12]);
        bytes.extend(b"libz.so.1\0/lib/libz.so.1\0");
        assert_eq!(
            parse_ld_so_cache(&bytes),
            [("libz.so.1".to_string(), PathBuf::from("/lib/libz.so.1"))]
        );
        assert!(parse_ld_so_cache(b"not a cache").is_empty());
        assert!(parse_ld_so_cache(&bytes[..50]).is_empty());
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn this_machine_s_c_library_is_found_with_its_run_time_name() {
        let found = loader_cache(Platform::Linux)
            .into_iter()
            .find(|(name, _)| name == "libc.so.6")
            .expect("libc.so.6 in the loader's cache");
        assert_eq!(runtime_name(&found.1), "libc.so.6");
        assert!(!loader_folders(Platform::Linux).is_empty());
    }
}
