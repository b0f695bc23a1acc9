//! The runner stub: a prebuilt executable that finds the Loop program
//! attached to its own file and runs it.

use std::path::Path;
use std::process::ExitCode;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    loop_packer::stub_marker!();
    let code = match std::env::current_exe() {
        Ok(exe) => start(&exe).unwrap_or_else(|message| {
            loop_stub::print_error(&format!("error: {}: {message}\n", exe.display()));
            1
        }),
        Err(e) => {
            loop_stub::print_error(&format!("error: cannot locate this executable: {e}\n"));
            1
        }
    };
    ExitCode::from(loop_stub::exit_status(code))
}

/// Reads the payload of the executable `exe`, resolves its libraries and
/// runs it; errors before the program starts are returned, to be reported
/// with the executable's name.
fn start(exe: &Path) -> Result<i32, String> {
    let bytes = std::fs::read(exe).map_err(|e| format!("cannot read this executable: {e}"))?;
    let payload = loop_packer::extract(&bytes).map_err(|e| e.to_string())?;
    drop(bytes);
    let dir = exe.parent().map(Path::to_path_buf).unwrap_or_default();
    let libraries = loop_stub::resolve_libraries(&payload, &dir)?;
    let args: Vec<String> = std::env::args().skip(1).collect();
    let program = exe.display().to_string();
    Ok(loop_stub::run(&payload, &args, &libraries.files, &program))
}
