//! The runner stub: a prebuilt executable that finds the Loop program
//! attached to its own file and runs it.

use std::process::ExitCode;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    loop_packer::stub_marker!();
    let code = match start() {
        Ok(code) => code,
        Err(message) => {
            loop_stub::print_error(&format!("error: {message}\n"));
            1
        }
    };
    ExitCode::from(loop_stub::exit_status(code))
}

fn start() -> Result<i32, String> {
    let exe = std::env::current_exe().map_err(|e| format!("cannot locate this executable: {e}"))?;
    let bytes = std::fs::read(&exe).map_err(|e| format!("cannot read {}: {e}", exe.display()))?;
    let payload = loop_packer::extract(&bytes).map_err(|e| format!("{}: {e}", exe.display()))?;
    drop(bytes);
    let dir = exe
        .parent()
        .map(std::path::Path::to_path_buf)
        .unwrap_or_default();
    let libraries = loop_stub::resolve_libraries(&payload, &dir)?;
    let args: Vec<String> = std::env::args().skip(1).collect();
    Ok(loop_stub::run(&payload, &args, &libraries.files))
}
