//! What the `loop-stub` binary does once started: find the payload
//! attached to its own executable file, resolve the program's C libraries,
//! and run it.

use std::ffi::OsString;
#[cfg(target_os = "linux")]
use std::ffi::c_char;
use std::fs::File;
use std::path::{Path, PathBuf};

/// Reads this executable's payload, resolves its libraries and runs it
/// with `args`; errors before the program starts are returned, to be
/// reported with the executable's name.
pub fn run_own_payload(args: &[OsString]) -> Result<i32, String> {
    let file = open_own_file().map_err(|e| format!("cannot read this executable: {e}"))?;
    // SAFETY: the map is only read, and dropped before the program runs; an
    // executable being rewritten while it starts is not a supported case
    // (and the payload's checksums would catch the change).
    let bytes = unsafe { memmap2::Mmap::map(&file) }
        .map_err(|e| format!("cannot read this executable: {e}"))?;
    // The map outlives the file descriptor, which the program must not
    // inherit (it would stand in for a closed stdout).
    drop(file);
    let payload = loop_packer::extract(&bytes).map_err(|e| e.to_string())?;
    drop(bytes);
    // Libraries are looked for next to the executable itself, symbolic
    // links resolved; finding that folder costs a `/proc` lookup, made only
    // for programs that have libraries.
    let dir = if payload.libraries.is_empty() {
        PathBuf::new()
    } else {
        let exe =
            std::env::current_exe().map_err(|e| format!("cannot locate this executable: {e}"))?;
        exe.parent().map(Path::to_path_buf).unwrap_or_default()
    };
    let libraries = crate::libraries::resolve(&payload, &dir)?;
    crate::runtime::run(&payload, args, &libraries.files)
}

/// Opens this executable's own file. On Linux, by the path it was started
/// with (`AT_EXECFN`, which the kernel hands every process): unlike
/// `std::env::current_exe`, that needs no `/proc` lookup, which took a
/// twentieth of a hello world's start-up. Any other way, or when that path
/// no longer opens, by `current_exe`.
fn open_own_file() -> std::io::Result<File> {
    #[cfg(target_os = "linux")]
    if let Some(file) = open_exec_path() {
        return Ok(file);
    }
    File::open(std::env::current_exe()?)
}

/// Opens the path this process was started with, if it still opens. The
/// working directory has not changed since, so a relative path still names
/// the same file.
#[cfg(target_os = "linux")]
fn open_exec_path() -> Option<File> {
    use std::os::unix::ffi::OsStrExt;
    // SAFETY: `getauxval` only reads the auxiliary vector; AT_EXECFN, when
    // present, points to a NUL-terminated string that the kernel placed on
    // the initial stack, where it stays for the life of the process.
    let name = unsafe { libc::getauxval(libc::AT_EXECFN) } as *const c_char;
    if name.is_null() {
        return None;
    }
    // SAFETY: as above, a valid NUL-terminated string.
    let name = unsafe { std::ffi::CStr::from_ptr(name) };
    File::open(std::ffi::OsStr::from_bytes(name.to_bytes())).ok()
}
