//! The runner stub: a prebuilt executable that finds the Loop program
//! attached to its own file and runs it.
//!
//! The stub defines the C `main` itself (`no_main`): Rust's own start-up
//! reads `/proc/self/maps` and sets up signal stacks for stack-overflow
//! messages, a sixth of a hello world's start-up, which a Loop program does
//! not need (LuaJIT reports its own stack overflows). What of it the stub
//! needs, it does here, as `loopc` does: SIGPIPE is ignored and closed
//! standard streams are held (see `loop_stub::prepare_standard_streams`).
#![no_main]

use std::ffi::{OsString, c_char, c_int};
use std::fs::File;
use std::path::{Path, PathBuf};

// No custom global allocator: LuaJIT manages its own heap, and the Rust side
// allocates little; mimalloc cost 0.4 ms of start-up and 130 KB here.

loop_stub::libm_functions!();

/// The program's entry point, called by the C runtime.
#[unsafe(no_mangle)]
extern "C" fn main(argc: c_int, argv: *const *const c_char) -> c_int {
    loop_packer::stub_marker!();
    loop_stub::prepare_standard_streams();
    // SAFETY: `argc` and `argv` are what the C runtime passed to `main`.
    let args = unsafe { arguments(argc, argv) };
    let code = start(&args).unwrap_or_else(|message| {
        let exe = std::env::current_exe();
        let name = exe.as_deref().unwrap_or(Path::new("this executable"));
        loop_stub::report_start_error(name, &message)
    });
    c_int::from(loop_stub::exit_status(code))
}

/// The command-line arguments after the program name, from C's `argv`
/// (Rust's `std::env::args` is filled by its own start-up on some systems).
///
/// # Safety
/// `argv` must hold `argc` valid C strings, as C's `main` receives.
#[cfg(unix)]
unsafe fn arguments(argc: c_int, argv: *const *const c_char) -> Vec<OsString> {
    use std::os::unix::ffi::OsStrExt;
    (1..usize::try_from(argc).unwrap_or(0))
        .map(|i| {
            // SAFETY: `i < argc`, and each entry is a NUL-terminated string.
            let arg = unsafe { std::ffi::CStr::from_ptr(*argv.add(i)) };
            std::ffi::OsStr::from_bytes(arg.to_bytes()).to_os_string()
        })
        .collect()
}

/// The command-line arguments after the program name (Windows gives them
/// as UTF-16 through the system, not through `argv`).
///
/// # Safety
/// Always safe; `unsafe` to match the Unix version.
#[cfg(not(unix))]
unsafe fn arguments(_argc: c_int, _argv: *const *const c_char) -> Vec<OsString> {
    std::env::args_os().skip(1).collect()
}

/// Reads this executable's payload, resolves its libraries and runs it
/// with `args`; errors before the program starts are returned, to be
/// reported with the executable's name.
fn start(args: &[OsString]) -> Result<i32, String> {
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
    let libraries = loop_stub::resolve_libraries(&payload, &dir)?;
    loop_stub::run(&payload, args, &libraries.files)
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
