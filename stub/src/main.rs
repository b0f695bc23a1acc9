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
use std::path::Path;

// No custom global allocator: LuaJIT manages its own heap, and the Rust side
// allocates little; mimalloc cost 0.4 ms of start-up and 130 KB here.

loop_stub::libm_functions!();

/// The program's entry point, called by the C runtime.
#[unsafe(no_mangle)]
extern "C" fn main(argc: c_int, argv: *const *const c_char) -> c_int {
    loop_packer::stub_identity!(loop_stub::STUB_IDENTITY);
    loop_stub::prepare_standard_streams();
    // SAFETY: `argc` and `argv` are what the C runtime passed to `main`.
    let args = unsafe { arguments(argc, argv) };
    let code = loop_stub::run_own_payload(&args).unwrap_or_else(|message| {
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
