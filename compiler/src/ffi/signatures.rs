//! Asking a library for its own C declarations: `function_signatures()`.

use std::ffi::{CStr, c_char};
use std::fmt;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::FfiError;
use super::symbols::{ExportedSymbols, SymbolKind};

/// Where a library's C declarations came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignatureSource {
    /// The library's `const char *function_signatures(void)`.
    FunctionSignatures,
    /// `const char *library_signatures(void)`, the name older Loop libraries use.
    LibrarySignatures,
    /// A C header beside the library, read as it is.
    Header(PathBuf),
    /// A C header named in the import, read through the C preprocessor.
    Preprocessed(String),
}

impl SignatureSource {
    /// The signature functions a library may export, in the order asked.
    const FUNCTIONS: [SignatureSource; 2] = [
        SignatureSource::FunctionSignatures,
        SignatureSource::LibrarySignatures,
    ];

    fn symbol(&self) -> Option<&'static str> {
        match self {
            SignatureSource::FunctionSignatures => Some("function_signatures"),
            SignatureSource::LibrarySignatures => Some("library_signatures"),
            SignatureSource::Header(_) | SignatureSource::Preprocessed(_) => None,
        }
    }
}

impl fmt::Display for SignatureSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SignatureSource::Header(path) => write!(f, "header {}", path.display()),
            SignatureSource::Preprocessed(header) => write!(f, "header {header}"),
            function => write!(f, "{}()", function.symbol().unwrap_or_default()),
        }
    }
}

/// The environment variable that makes `loopc` the child process of
/// [`embedded_signatures`]: set to the library's path, with the symbol as
/// the only argument (see [`signatures_child_main`]).
pub const CHILD_VARIABLE: &str = "LOOPC_SIGNATURES_OF";

/// How long a library's signature function may take, unless the
/// environment variable `LOOP_SIGNATURES_TIMEOUT` gives other seconds.
const TIME_LIMIT: Duration = Duration::from_secs(5);

fn time_limit() -> Duration {
    std::env::var("LOOP_SIGNATURES_TIMEOUT")
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s > 0.0)
        .map(Duration::from_secs_f64)
        .unwrap_or(TIME_LIMIT)
}

/// Asks the library at `path` for its declarations if `exports` has a
/// signature function (`function_signatures` first, then
/// `library_signatures`) and returns which one answered with its string;
/// `None` if it has neither.
///
/// A library is foreign code: loading it runs its constructors, and its
/// signature function may crash or never return. So it is called in a
/// child process (`loopc` itself, see [`signatures_child_main`]) with a
/// time limit: a crash (with its signal) or a time-out is an error naming
/// the library, and nothing of the library ever runs inside the compiler.
pub fn embedded_signatures(
    path: &Path,
    exports: &ExportedSymbols,
) -> Result<Option<(SignatureSource, String)>, FfiError> {
    let Some((source, symbol)) = SignatureSource::FUNCTIONS.into_iter().find_map(|source| {
        let symbol = source.symbol()?;
        matches!(
            exports.kind(symbol),
            Some(SymbolKind::Function | SymbolKind::Unknown)
        )
        .then_some((source, symbol))
    }) else {
        return Ok(None);
    };
    let text = match helper_executable() {
        Some(helper) => ask_in_child(&helper, path, symbol)?,
        // Only the compiler's own unit tests run without the loopc binary.
        None => call_signature_function(path, symbol).map_err(|message| {
            FfiError::SignatureCallFailed {
                path: path.to_path_buf(),
                symbol,
                message,
            }
        })?,
    };
    Ok(Some((source, text)))
}

/// The `loopc` executable to run as the child: this process itself, or
/// for the compiler's unit tests the `loopc` built beside them, if any.
fn helper_executable() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    if cfg!(test) {
        let built = exe.parent()?.parent()?.join("loopc");
        return built.is_file().then_some(built);
    }
    Some(exe)
}

/// Runs `helper` as the signature child for `symbol` of `path` and
/// returns what it printed.
fn ask_in_child(helper: &Path, path: &Path, symbol: &'static str) -> Result<String, FfiError> {
    let failed = |what: String| FfiError::SignatureProcess {
        path: path.to_path_buf(),
        symbol,
        what,
    };
    let mut child = Command::new(helper)
        .arg(symbol)
        .env(CHILD_VARIABLE, path)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| failed(format!("could not be called: cannot start a process: {e}")))?;
    let read = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            bytes
        })
    };
    let stdout = read(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let stderr = read(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let started = Instant::now();
    let limit = time_limit();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > limit => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(failed(format!(
                    "did not return within {} s (stopped)",
                    limit.as_secs_f64()
                )));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(2)),
            Err(e) => return Err(failed(format!("could not be waited for: {e}"))),
        }
    };
    let stdout = stdout.join().unwrap_or_default();
    let stderr = String::from_utf8_lossy(&stderr.join().unwrap_or_default()).into_owned();
    if let Some(signal) = signal_of(&status) {
        return Err(failed(format!("crashed with signal {signal}")));
    }
    if !status.success() {
        let message = match stderr.trim() {
            "" => format!(
                "the library ended the process with status {}",
                status.code().unwrap_or(-1)
            ),
            said => said.to_string(),
        };
        return Err(FfiError::SignatureCallFailed {
            path: path.to_path_buf(),
            symbol,
            message,
        });
    }
    String::from_utf8(stdout).map_err(|_| FfiError::SignatureCallFailed {
        path: path.to_path_buf(),
        symbol,
        message: "its string is not UTF-8".to_string(),
    })
}

/// The signal that ended a process, with its name where known: `11 (SIGSEGV)`.
#[cfg(unix)]
fn signal_of(status: &std::process::ExitStatus) -> Option<String> {
    use std::os::unix::process::ExitStatusExt;
    let signal = status.signal()?;
    let name = match signal {
        4 => " (SIGILL)",
        6 => " (SIGABRT)",
        7 => " (SIGBUS)",
        8 => " (SIGFPE)",
        9 => " (SIGKILL)",
        11 => " (SIGSEGV)",
        _ => "",
    };
    Some(format!("{signal}{name}"))
}

#[cfg(not(unix))]
fn signal_of(_: &std::process::ExitStatus) -> Option<String> {
    None
}

/// The child side of [`embedded_signatures`]: when `loopc` is started with
/// [`CHILD_VARIABLE`] set, it calls the signature function `symbol` (its
/// only argument) of that library, prints the string and exits. Returns
/// the exit status, or `None` when this process is not such a child.
pub fn signatures_child_main() -> Option<i32> {
    let path = std::env::var_os(CHILD_VARIABLE)?;
    let symbol = std::env::args().nth(1).unwrap_or_default();
    let code = match call_signature_function(Path::new(&path), &symbol) {
        Ok(text) => {
            let mut out = std::io::stdout().lock();
            if out
                .write_all(text.as_bytes())
                .and_then(|()| out.flush())
                .is_ok()
            {
                0
            } else {
                2
            }
        }
        Err(message) => {
            eprintln!("{message}");
            2
        }
    };
    Some(code)
}

/// Loads the library at `path` into this process and calls its exported
/// `const char *symbol(void)`, returning a copy of the string.
///
/// Safety argument: loading runs the library's initializers and the call
/// runs its code, so this runs only in the child process of
/// [`embedded_signatures`] (or the compiler's unit tests, on the test
/// fixtures). The symbol is typed `const char *(void)` by the Loop library
/// convention; the string is copied while the library is still loaded.
fn call_signature_function(path: &Path, symbol: &str) -> Result<String, String> {
    // SAFETY: see the function's documentation.
    let library = unsafe { libloading::Library::new(path) }.map_err(|e| e.to_string())?;
    // SAFETY: the exported code symbol is typed `const char *(void)` by the
    // Loop library convention; the library stays loaded while it is used.
    let text = unsafe {
        let function = library
            .get::<unsafe extern "C" fn() -> *const c_char>(symbol.as_bytes())
            .map_err(|e| e.to_string())?;
        let pointer = function();
        if pointer.is_null() {
            return Err("it returned NULL".to_string());
        }
        CStr::from_ptr(pointer).to_str().map(str::to_string)
    };
    text.map_err(|_| "its string is not UTF-8".to_string())
}
