//! Files and folders: `fs.read`, `fs.write`/`fs.append`, `fs.exists`/
//! `fs.is_dir`, `fs.list`, `fs.mkdir`, `fs.remove`.

use std::ffi::c_int;

use mlua::ffi;

use super::{bytes, failure, os_bytes, path, push_array, push_bytes};

/// `read(path)`: the file's bytes, or `nil` and the reason.
///
/// # Safety
/// Called by Lua with a valid state.
pub(super) unsafe extern "C-unwind" fn read(state: *mut ffi::lua_State) -> c_int {
    // SAFETY: the path is read while on the stack; the results are pushed
    // onto a C function's stack, which has room for them.
    unsafe {
        match std::fs::read(path(bytes(state, 1))) {
            Ok(text) => {
                push_bytes(state, &text);
                1
            }
            Err(e) => failure(state, &e),
        }
    }
}

/// `write(path, text, append)`: writes `text` to the file (created if
/// missing), replacing it or, when `append` is true, after what it holds;
/// nothing, or `nil` and the reason.
///
/// # Safety
/// Called by Lua with a valid state.
pub(super) unsafe extern "C-unwind" fn write(state: *mut ffi::lua_State) -> c_int {
    // SAFETY: as in `read`.
    unsafe {
        let append = ffi::lua_toboolean(state, 3) != 0;
        let written = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .append(append)
            .truncate(!append)
            .open(path(bytes(state, 1)))
            // Unbuffered: each write is the system's, so a full disk is
            // reported here.
            .and_then(|mut file| std::io::Write::write_all(&mut file, bytes(state, 2)));
        match written {
            Ok(()) => 0,
            Err(e) => failure(state, &e),
        }
    }
}

/// `kind(path)`: `"dir"` for a folder, `"file"` for anything else that
/// exists (links followed), nothing when nothing is there or it cannot be
/// seen.
///
/// # Safety
/// Called by Lua with a valid state.
pub(super) unsafe extern "C-unwind" fn kind(state: *mut ffi::lua_State) -> c_int {
    // SAFETY: as in `read`.
    unsafe {
        match std::fs::metadata(path(bytes(state, 1))) {
            Ok(meta) => {
                push_bytes(state, if meta.is_dir() { b"dir" } else { b"file" });
                1
            }
            Err(_) => 0,
        }
    }
}

/// `list(path)` (upvalue 1: the array metatable): the names in the
/// folder, in the system's order, as a Loop array; or `nil` and the
/// reason. (The prelude sorts them: Lua's sort is in every runner, a Rust
/// sort of byte strings would add its own.)
///
/// # Safety
/// Called by Lua with a valid state.
pub(super) unsafe extern "C-unwind" fn list(state: *mut ffi::lua_State) -> c_int {
    // SAFETY: as in `read`.
    let entries = std::fs::read_dir(path(unsafe { bytes(state, 1) })).and_then(|dir| {
        dir.map(|entry| entry.map(|e| os_bytes(&e.file_name()).into_owned()))
            .collect::<std::io::Result<Vec<Vec<u8>>>>()
    });
    // SAFETY: as in `read`.
    unsafe {
        match entries {
            Ok(names) => {
                push_array(state, 1, names.len(), names.iter().map(Vec::as_slice));
                1
            }
            Err(e) => failure(state, &e),
        }
    }
}

/// `mkdir(path)`: creates the folder and its missing parents; nothing, or
/// `nil` and the reason.
///
/// # Safety
/// Called by Lua with a valid state.
pub(super) unsafe extern "C-unwind" fn mkdir(state: *mut ffi::lua_State) -> c_int {
    // SAFETY: as in `read`.
    unsafe {
        match make_folders(&path(bytes(state, 1))) {
            Ok(()) => 0,
            Err(e) => failure(state, &e),
        }
    }
}

/// Creates the folder `target` and its missing parents; a folder already
/// there is fine, a file is not.
fn make_folders(target: &std::path::Path) -> std::io::Result<()> {
    use std::io::ErrorKind;
    match std::fs::create_dir(target) {
        Err(e) if e.kind() == ErrorKind::NotFound => {
            match target.parent().filter(|p| !p.as_os_str().is_empty()) {
                Some(parent) => make_folders(parent)?,
                None => return Err(e),
            }
            std::fs::create_dir(target)
        }
        // There already, or made meanwhile by another program.
        Err(e) if e.kind() == ErrorKind::AlreadyExists && target.is_dir() => Ok(()),
        made => made,
    }
}

/// `remove(path)`: removes the file, link or empty folder; nothing, or
/// `nil` and the reason.
///
/// # Safety
/// Called by Lua with a valid state.
pub(super) unsafe extern "C-unwind" fn remove(state: *mut ffi::lua_State) -> c_int {
    // SAFETY: as in `read`.
    unsafe {
        let target = path(bytes(state, 1));
        let removed = std::fs::symlink_metadata(&target).and_then(|meta| {
            if meta.is_dir() {
                std::fs::remove_dir(&target)
            } else {
                std::fs::remove_file(&target)
            }
        });
        match removed {
            Ok(()) => 0,
            Err(e) => failure(state, &e),
        }
    }
}
