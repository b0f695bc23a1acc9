//! Errors finding and reading the files of a program (its main file and
//! the Loop modules it imports), and reading an Arc program.

use std::fmt;

use crate::ffi::FfiError;

/// Why a program's files could not be found or read.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ImportError {
    /// The main file cannot be read; `reason` is the system's.
    CannotRead { path: String, reason: String },
    /// `import "x.loop"` of a file that does not exist.
    ModuleNotFound {
        location: String,
        looked_for: String,
    },
    /// Modules that import one another; `cycle` names them in order, the
    /// first again at the end.
    ImportCycle { cycle: Vec<String> },
    /// An imported module exists but cannot be read.
    CannotReadModule { location: String, reason: String },
    /// `header "…"` on an import of a Loop module.
    HeaderOnModule,
}

impl ImportError {
    /// A hint under the snippet, if the error has one.
    pub fn note(&self) -> Option<String> {
        match self {
            ImportError::ModuleNotFound { looked_for, .. } => {
                Some(format!("looked for {looked_for}"))
            }
            _ => None,
        }
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::CannotRead { path, reason } => write!(f, "cannot read {path}: {reason}"),
            ImportError::ModuleNotFound { location, .. } => {
                write!(f, "cannot find module `{location}`")
            }
            ImportError::ImportCycle { cycle } => write!(f, "import cycle: {}", cycle.join(" -> ")),
            ImportError::CannotReadModule { location, reason } => {
                write!(f, "cannot read module `{location}`: {reason}")
            }
            ImportError::HeaderOnModule => write!(
                f,
                "`header` belongs to C library imports, not to Loop modules"
            ),
        }
    }
}

/// Why an Arc file (`loopc run prog.arc`) or the code made from a program
/// cannot be used. `path` is the Arc file as given.
#[derive(Debug, Clone, PartialEq)]
pub enum ArcError {
    /// The text is no valid Arc; `message` says where and why.
    Invalid { path: String, message: String },
    /// An import's library number is not the one its position gives.
    LibraryNumber {
        path: String,
        location: String,
        numbered: usize,
        expected: usize,
    },
    /// A C library the Arc file imports cannot be used.
    Library { path: String, error: FfiError },
    /// LuaJIT refuses the Lua made for a module: a fault of loopc.
    LuaLoad { module: String, message: String },
}

impl fmt::Display for ArcError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ArcError::Invalid { path, message } => write!(f, "{path}: invalid Arc: {message}"),
            ArcError::LibraryNumber {
                path,
                location,
                numbered,
                expected,
            } => write!(
                f,
                "{path}: library `{location}` is numbered lib{numbered}, expected lib{expected}"
            ),
            ArcError::Library { path, error } => write!(f, "{path}: {error}"),
            ArcError::LuaLoad { module, message } => write!(
                f,
                "{module}: LuaJIT cannot load the code generated for this module: {message}"
            ),
        }
    }
}
