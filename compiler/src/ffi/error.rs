//! Why a C library could not be used.

use std::fmt;
use std::path::{Path, PathBuf};

use super::cparse::ParseError;
use super::signatures::SignatureSource;

/// An error finding, reading or understanding a C library. Its `Display`
/// is one line without a source position: the caller adds the import's.
#[derive(Debug, Clone, PartialEq)]
pub enum FfiError {
    /// No library file exists at any of the paths tried.
    NotFound {
        /// The import string as written.
        import: String,
        /// Every path tried, in order.
        tried: Vec<PathBuf>,
    },
    /// The import names no library file: `""`, `"."`, `"./"`.
    BadImport {
        /// The import string as written.
        import: String,
    },
    /// The header an import names is not found.
    HeaderNotFound {
        /// The header as written.
        header: String,
        /// The folders or paths tried.
        tried: Vec<PathBuf>,
    },
    /// The C preprocessor failed on a header.
    Preprocessor {
        /// The header as written.
        header: String,
        /// The compiler run (`cc`, or `$CC`).
        compiler: String,
        /// What it said.
        message: String,
    },
    /// A library's signature function crashed, hung or failed in the
    /// child process that asked it.
    SignatureProcess {
        /// The library.
        path: PathBuf,
        /// `function_signatures` or `library_signatures`.
        symbol: &'static str,
        /// What happened: "crashed with signal 11 (SIGSEGV)", "did not return within 5 s".
        what: String,
    },
    /// A file (library or header) exists but cannot be read.
    Unreadable {
        /// The file.
        path: PathBuf,
        /// The operating system's reason.
        message: String,
    },
    /// The file is not a shared library goblin understands.
    NotALibrary {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
    /// Loading the library or calling its signature function failed.
    SignatureCallFailed {
        /// The library.
        path: PathBuf,
        /// `function_signatures` or `library_signatures`.
        symbol: &'static str,
        /// What went wrong.
        message: String,
    },
    /// The library has no signature function and no header was found.
    NoSignatures {
        /// The library.
        path: PathBuf,
        /// The headers looked for.
        tried_headers: Vec<PathBuf>,
    },
    /// The library's declarations do not parse.
    BadDeclaration {
        /// The library.
        path: PathBuf,
        /// Where the declarations came from.
        source: SignatureSource,
        /// The declaration and what is wrong with it.
        error: ParseError,
    },
    /// Functions or variables are declared but the library does not export them.
    MissingSymbols {
        /// The library.
        path: PathBuf,
        /// The missing names, in declaration order.
        names: Vec<String>,
    },
}

impl fmt::Display for FfiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FfiError::NotFound { import, tried } => write!(
                f,
                "cannot find C library `{import}`: tried {}",
                list_paths(tried)
            ),
            FfiError::BadImport { import } => write!(
                f,
                "`import \"{import}\"` names no C library: give a library's name (`\"z\"`) or \
                 a path to it without the extension (`\"./lib/mathx\"`)"
            ),
            FfiError::HeaderNotFound { header, tried } => write!(
                f,
                "cannot find header `{header}`: tried {}",
                list_paths(tried)
            ),
            FfiError::Preprocessor {
                header,
                compiler,
                message,
            } => write!(
                f,
                "the C preprocessor ({compiler} -E) failed on header `{header}`: {message}"
            ),
            FfiError::SignatureProcess { path, symbol, what } => write!(
                f,
                "cannot get the signatures of C library {}: its {symbol}() {what}",
                path.display()
            ),
            FfiError::Unreadable { path, message } => {
                write!(f, "cannot read {}: {message}", path.display())
            }
            FfiError::NotALibrary { path, message } => {
                write!(f, "{} is not a shared library: {message}", path.display())
            }
            FfiError::SignatureCallFailed {
                path,
                symbol,
                message,
            } => write!(
                f,
                "cannot get the signatures of {}: calling {symbol}() failed: {message}",
                path.display()
            ),
            FfiError::NoSignatures {
                path,
                tried_headers,
            } => write!(
                f,
                "no signatures for C library {}: it exports neither function_signatures() nor \
                 library_signatures(), and there is no header (tried {})",
                path.display(),
                list_paths(tried_headers)
            ),
            FfiError::BadDeclaration {
                path,
                source,
                error,
            } => match source {
                SignatureSource::Header(header) => write!(f, "{error} (in {})", header.display()),
                _ => write!(f, "{error} (in {source} of {})", path.display()),
            },
            FfiError::MissingSymbols { path, names } => {
                let names: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
                write!(
                    f,
                    "declared but not exported by {}: {}",
                    path.display(),
                    names.join(", ")
                )
            }
        }
    }
}

impl std::error::Error for FfiError {}

fn list_paths(paths: &[PathBuf]) -> String {
    let paths: Vec<_> = paths.iter().map(|p| Path::display(p).to_string()).collect();
    paths.join(", ")
}
