//! The `loopc` command line: parses arguments and hands over to the driver.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use loopc::{arc, bundle, driver};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

// The same C math functions as bundled programs (see `loop_stub`).
loop_stub::libm_functions!();

/// Ahead-of-time compiler and bundler for the Loop language.
#[derive(Parser)]
#[command(name = "loopc", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Compile and run a program in-process (`loopc app.loop` is short for this).
    Run {
        /// The program: a `.loop` file or an `.arc` file.
        file: PathBuf,
        /// Arguments passed to the program.
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// Report every compile error without running anything.
    Check { file: PathBuf },
    /// Write a standalone executable: the runner stub with the program attached.
    Bundle {
        file: PathBuf,
        /// The executable to write.
        #[arg(short, long)]
        output: PathBuf,
        /// Put the C libraries inside the executable.
        #[arg(long)]
        embed_libs: bool,
        /// The runner stub to use (default: `loop-stub` next to loopc, or LOOP_STUB).
        #[arg(long)]
        stub: Option<PathBuf>,
    },
    /// Show what the compiler sees in a C library: exports, signatures and their Loop types.
    Sigs {
        /// The library: a path without extension (`lib/http`) or a bare
        /// name searched like an import's (`z`, `sqlite3`).
        library: String,
        /// The C header that declares it, as in `import "z" as z header "zlib.h"`.
        #[arg(long)]
        header: Option<String>,
    },
    /// Print an intermediate form of the program.
    Emit {
        #[arg(value_enum)]
        form: Form,
        file: PathBuf,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Form {
    /// The typed IR.
    Arc,
    /// The generated Lua.
    Lua,
}

const SUBCOMMANDS: &[&str] = &["run", "check", "emit", "bundle", "sigs", "help"];

fn main() -> ExitCode {
    // `loopc` as the child process that asks a C library for its
    // signatures (see `loopc::ffi::embedded_signatures`).
    if let Some(code) = loopc::ffi::signatures_child_main() {
        return ExitCode::from(u8::try_from(code).unwrap_or(2));
    }
    // Phases recurse over the syntax tree; give them room beyond the parser's nesting limit.
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(cli)
        .expect("a thread for the compiler")
        .join()
        .unwrap_or(ExitCode::from(1))
}

fn cli() -> ExitCode {
    let mut argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // `loopc app.loop …` means `loopc run app.loop …`; anything else that is
    // not a subcommand is left to clap, which reports it as a usage error.
    if let Some(first) = argv.get(1).and_then(|a| a.to_str())
        && !first.starts_with('-')
        && !SUBCOMMANDS.contains(&first)
        && (first.ends_with(".loop") || first.ends_with(".arc") || Path::new(first).is_file())
    {
        argv.insert(1, "run".into());
    }
    let cli = Cli::parse_from(argv);
    let color = std::io::stderr().is_terminal();
    let compile = |file: &PathBuf| {
        driver::compile(file).map_err(|failure| {
            loop_stub::print_error(&failure.render(color));
            ExitCode::from(1)
        })
    };
    let result = match cli.command {
        Command::Run { file, args } => compile(&file).map(|c| {
            let libraries: Vec<loop_stub::LibraryFile> = c
                .library_paths
                .iter()
                .map(|p| loop_stub::LibraryFile {
                    path: p.clone(),
                    tried: Vec::new(),
                })
                .collect();
            let code = loop_stub::run(&c.payload, &args, &libraries)
                .unwrap_or_else(|message| loop_stub::report_start_error(&file, &message));
            ExitCode::from(loop_stub::exit_status(code))
        }),
        Command::Bundle {
            file,
            output,
            embed_libs,
            stub,
        } => compile(&file).and_then(|c| {
            let options = bundle::BundleOptions {
                output,
                stub,
                embed_libs,
            };
            bundle::bundle(&c, &options)
                .map(|()| ExitCode::SUCCESS)
                .map_err(|message| {
                    loop_stub::print_error(&format!("error: {message}\n"));
                    ExitCode::from(1)
                })
        }),
        Command::Sigs { library, header } => {
            match loopc::ffi::inspect_library(
                &library,
                Path::new("."),
                loopc::ffi::Platform::host(),
                header.as_deref(),
            ) {
                Ok(info) => {
                    out(&loopc::ffi::describe(&info));
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => {
                    loop_stub::print_error(&format!("error: {e}\n"));
                    Err(ExitCode::from(1))
                }
            }
        }
        Command::Check { file } => {
            driver::check(&file)
                .map(|_| ExitCode::SUCCESS)
                .map_err(|failure| {
                    let n = failure.diagnostics.len();
                    loop_stub::print_error(&format!(
                        "{}{n} error{} found\n",
                        failure.render(color),
                        if n == 1 { "" } else { "s" }
                    ));
                    ExitCode::from(1)
                })
        }
        Command::Emit { form, file } => compile(&file).map(|c| {
            match form {
                Form::Arc => out(&arc::print::program(&c.arc)),
                Form::Lua => {
                    for chunk in &c.chunks {
                        out(&format!("-- module {}\n{}\n", chunk.name, chunk.code));
                    }
                }
            }
            ExitCode::SUCCESS
        }),
    };
    result.unwrap_or_else(|code| code)
}

/// Writes to stdout; a closed pipe (`loopc emit lua x | head`) is not an error.
fn out(text: &str) {
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}
