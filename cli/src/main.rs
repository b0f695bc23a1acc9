//! The `loopc` command line: parses arguments and hands over to the driver.
//!
//! loopc defines C's `main` itself, as the runner stub does: Rust's own
//! start-up would reopen a closed standard output on `/dev/null` for
//! reading and writing, so that `loopc run app.loop >&-` lost the
//! program's output without an error. Both prepare the standard streams
//! the same way (`loop_stub::prepare_standard_streams`), so a program
//! behaves alike under `loopc run` and as a bundle.
#![no_main]

use std::ffi::{OsString, c_char, c_int};
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand, ValueEnum};
use loopc::{arc, bundle, driver};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

// The same C math functions as bundled programs (see `loop_stub`).
loop_stub::libm_functions!();

/// Ahead-of-time compiler and bundler for the Loop language.
#[derive(Parser)]
#[command(
    name = "loopc",
    about,
    long_about = None,
    disable_version_flag = true,
    arg_required_else_help = true
)]
struct Cli {
    /// Print loopc's version, the runtime it compiles for, and the runner
    /// stub `loopc bundle` uses.
    #[arg(short = 'V', long)]
    version: bool,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Compile and run a program in-process (`loopc app.loop` is short for this).
    Run {
        /// The program: a `.loop` file, an `.arc` file from `loopc emit arc`,
        /// or `-` to read Loop source from standard input.
        file: PathBuf,
        /// Arguments passed to the program: everything after the file,
        /// options and `--` included.
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<OsString>,
    },
    /// Report every compile error without running anything.
    Check {
        /// The program to check: a `.loop` file (its imports are checked too).
        file: PathBuf,
        /// Print nothing when the program has no errors.
        #[arg(short, long)]
        quiet: bool,
    },
    /// Write a standalone executable: the runner stub with the program attached.
    Bundle {
        /// The program to bundle: a `.loop` file (or an `.arc` file).
        file: PathBuf,
        /// The executable to write.
        #[arg(short, long)]
        output: PathBuf,
        /// Put the C libraries inside the executable.
        #[arg(long)]
        embed_libs: bool,
        /// The runner stub to use (default: LOOP_STUB, else `loop-stub` next to loopc).
        #[arg(long)]
        stub: Option<PathBuf>,
        /// Print nothing on success (by default: the executable written and its size).
        #[arg(short, long)]
        quiet: bool,
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
    /// Type Loop and see it run: declarations persist, each expression's value is printed with its type.
    Repl,
    /// Print an intermediate form of the program.
    Emit {
        /// What to print.
        #[arg(value_enum)]
        form: Form,
        /// The program: a `.loop` file.
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

const SUBCOMMANDS: &[&str] = &["run", "check", "emit", "bundle", "sigs", "repl", "help"];

/// The file name that stands for standard input (`loopc run -`).
const STDIN: &str = "-";

/// The process's entry point, called by the C runtime.
#[unsafe(no_mangle)]
extern "C" fn main(_argc: c_int, _argv: *const *const c_char) -> c_int {
    loop_stub::prepare_standard_streams();
    // `loopc` as the child process that asks a C library for its
    // signatures (see `loopc::ffi::embedded_signatures`).
    if let Some(code) = loopc::ffi::signatures_child_main() {
        return code;
    }
    // Phases recurse over the syntax tree; give them room beyond the parser's nesting limit.
    let status = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(cli)
        .expect("a thread for the compiler")
        .join()
        .unwrap_or(1);
    c_int::from(status)
}

/// Runs the command line of this process; gives its exit status.
fn cli() -> u8 {
    let mut argv: Vec<OsString> = std::env::args_os().collect();
    // `loopc app.loop …` means `loopc run app.loop …`; anything else that is
    // not a subcommand is left to clap, which reports it as a usage error.
    if let Some(first) = argv.get(1).and_then(|a| a.to_str())
        && (first == STDIN
            || !first.starts_with('-')
                && !SUBCOMMANDS.contains(&first)
                && (first.ends_with(".loop")
                    || first.ends_with(".arc")
                    || Path::new(first).is_file()))
    {
        argv.insert(1, "run".into());
    }
    let program_args = program_arguments(&mut argv);
    let cli = Cli::parse_from(argv);
    if cli.version {
        return out(&format!(
            "loopc {}\n{}",
            env!("CARGO_PKG_VERSION"),
            bundle::describe_stub()
        ));
    }
    let Some(mut command) = cli.command else {
        return usage_error("a subcommand is needed (see `loopc --help`)");
    };
    if let Command::Run { args, .. } = &mut command {
        *args = program_args;
    }
    let color = std::io::stderr().is_terminal();
    let report = |failure: driver::Failure| {
        loop_stub::print_error(&failure.render(color));
        1
    };
    let compile = |file: &PathBuf| driver::compile(file).map_err(report);
    // `loopc run -`: the program is standard input, named `<stdin>` and
    // importing relative to the working directory.
    let compile_run = |file: &PathBuf| {
        if file.as_os_str() != STDIN {
            return compile(file);
        }
        let mut text = Vec::new();
        if let Err(e) = std::io::stdin().lock().read_to_end(&mut text) {
            loop_stub::print_error(&format!("error: cannot read standard input: {e}\n"));
            return Err(1);
        }
        driver::compile_text(&Path::new(".").join("<stdin>"), text).map_err(report)
    };
    let result = match command {
        Command::Run { file, args } => compile_run(&file).map(|c| {
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
            loop_stub::exit_status(code)
        }),
        Command::Bundle {
            file,
            output,
            embed_libs,
            stub,
            quiet,
        } => compile(&file).and_then(|c| {
            let options = bundle::BundleOptions {
                output,
                stub,
                embed_libs,
            };
            let result = bundle::bundle(&c, &options);
            // The process ends next: freeing the program's trees one node
            // at a time would only cost time (3% of a big bundle's).
            std::mem::forget(c);
            match result {
                Ok(size) => {
                    if !quiet {
                        loop_stub::print_error(&format!(
                            "wrote {} ({})\n",
                            options.output.display(),
                            human_size(size)
                        ));
                    }
                    Ok(0)
                }
                Err(e) => {
                    loop_stub::print_error(&format!("error: {e}\n"));
                    Err(e.exit_status())
                }
            }
        }),
        Command::Sigs { library, header } => {
            match loopc::ffi::inspect_library(
                &library,
                Path::new("."),
                loopc::ffi::Platform::host(),
                header.as_deref(),
            ) {
                Ok(info) => Ok(out(&loopc::ffi::describe(&info))),
                Err(e) => {
                    loop_stub::print_error(&format!("error: {e}\n"));
                    Err(1)
                }
            }
        }
        Command::Check { file, quiet } => driver::check(&file)
            .map(|program| {
                if !quiet {
                    let n = program.modules.len();
                    let modules = match n {
                        1 => String::new(),
                        2 => " and the module it imports".to_string(),
                        n => format!(" and the {} modules it imports", n - 1),
                    };
                    loop_stub::print_error(&format!(
                        "checked {}{modules}: no errors\n",
                        file.display()
                    ));
                }
                // As for `bundle`: the process ends next.
                std::mem::forget(program);
                0
            })
            .map_err(|failure| {
                let n = failure.diagnostics.len();
                loop_stub::print_error(&format!(
                    "{}{n} error{} found\n",
                    failure.render(color),
                    if n == 1 { "" } else { "s" }
                ));
                1
            }),
        Command::Repl => Ok(loopc::repl::run_prompt(Path::new("."))),
        // Arc needs only checking, not the Lua generated from it.
        Command::Emit {
            form: Form::Arc,
            file,
        } => driver::arc(&file)
            .map_err(report)
            .map(|program| out(&arc::print::program(&program))),
        Command::Emit {
            form: Form::Lua,
            file,
        } => compile(&file).map(|c| {
            out(&c
                .chunks
                .iter()
                .map(|chunk| format!("-- module {}\n{}\n", chunk.name, chunk.code))
                .collect::<String>())
        }),
    };
    result.unwrap_or_else(|code| code)
}

/// Reports a usage error as clap does, with exit status 2.
fn usage_error(message: &str) -> u8 {
    use clap::CommandFactory;
    let error = Cli::command().error(clap::error::ErrorKind::MissingSubcommand, message);
    loop_stub::print_error(&error.render().ansi().to_string());
    2
}

/// A file size for people: `1.01 MB`, `734 KB`, `12 bytes`.
fn human_size(bytes: u64) -> String {
    match bytes {
        0..1_000 => format!("{bytes} bytes"),
        1_000..1_000_000 => format!("{:.0} KB", bytes as f64 / 1e3),
        _ => format!("{:.2} MB", bytes as f64 / 1e6),
    }
}

/// Splits the program's own arguments off `argv` (this process's, after
/// `loopc` and `run`): everything after the program file, whatever it
/// looks like (`-h`, `--`), belongs to the program, as it does for a
/// bundle. The file is the first argument after `run` that is not an
/// option; options before it (`loopc run --help`) stay loopc's.
fn program_arguments(argv: &mut Vec<OsString>) -> Vec<OsString> {
    if argv.get(1).is_none_or(|a| a != "run") {
        return Vec::new();
    }
    let file = argv.iter().skip(2).position(|a| {
        let a = a.as_encoded_bytes();
        a == STDIN.as_bytes() || !a.starts_with(b"-")
    });
    match file {
        Some(i) => argv.split_off(i + 3),
        None => Vec::new(),
    }
}

/// Writes `text` to stdout and gives the exit status: 0, or as for a Loop
/// program whose output cannot be written (quietly on a broken pipe:
/// `loopc emit lua x | head`).
fn out(text: &str) -> u8 {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => 0,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            loop_stub::exit_status(loop_stub::BROKEN_PIPE_STATUS)
        }
        Err(e) => {
            loop_stub::print_error(&format!("error: cannot write to standard output: {e}\n"));
            1
        }
    }
}
