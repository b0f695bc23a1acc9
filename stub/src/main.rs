//! The runner stub: a prebuilt executable that finds the Loop program
//! attached to its own file and runs it.
//!
//! The stub defines the C `main` itself (`no_main`): Rust's own start-up
//! reads `/proc/self/maps` and sets up signal stacks for stack-overflow
//! messages, a sixth of a hello world's start-up, which a Loop program does
//! not need (LuaJIT reports its own stack overflows). What of it the stub
//! needs, it does here: SIGPIPE is ignored, so that output to a closed pipe
//! is an error the program sees, as under `loopc run`.
#![no_main]

use std::ffi::{OsString, c_char, c_int};
use std::path::Path;

// No custom global allocator: LuaJIT manages its own heap, and the Rust side
// allocates little; mimalloc cost 0.4 ms of start-up and 130 KB here.

/// The program's entry point, called by the C runtime.
#[unsafe(no_mangle)]
extern "C" fn main(argc: c_int, argv: *const *const c_char) -> c_int {
    loop_packer::stub_marker!();
    #[cfg(unix)]
    // SAFETY: called before any thread starts; SIG_IGN is a valid handler.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_IGN);
    }
    // SAFETY: `argc` and `argv` are what the C runtime passed to `main`.
    let args = unsafe { arguments(argc, argv) };
    let code = match std::env::current_exe() {
        Ok(exe) => start(&exe, &args).unwrap_or_else(|message| {
            loop_stub::print_error(&format!("error: {}: {message}\n", exe.display()));
            1
        }),
        Err(e) => {
            loop_stub::print_error(&format!("error: cannot locate this executable: {e}\n"));
            1
        }
    };
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

/// Reads the payload of the executable `exe`, resolves its libraries and
/// runs it with `args`; errors before the program starts are returned, to
/// be reported with the executable's name.
fn start(exe: &Path, args: &[OsString]) -> Result<i32, String> {
    let file = std::fs::File::open(exe).map_err(|e| format!("cannot read this executable: {e}"))?;
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
    let dir = exe.parent().map(Path::to_path_buf).unwrap_or_default();
    let libraries = loop_stub::resolve_libraries(&payload, &dir)?;
    let args: Vec<String> = args
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let program = exe.display().to_string();
    Ok(loop_stub::run(&payload, &args, &libraries.files, &program))
}
