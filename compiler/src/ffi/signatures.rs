//! Asking a library for its own C declarations: `function_signatures()`.

use std::ffi::{CStr, c_char};
use std::fmt;
use std::path::{Path, PathBuf};

use super::FfiError;
use super::symbols::{ExportedSymbols, SymbolKind};

/// Where a library's C declarations came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignatureSource {
    /// The library's `const char *function_signatures(void)`.
    FunctionSignatures,
    /// `const char *library_signatures(void)`, the name older Loop libraries use.
    LibrarySignatures,
    /// A C header.
    Header(PathBuf),
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
            SignatureSource::Header(_) => None,
        }
    }
}

impl fmt::Display for SignatureSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SignatureSource::Header(path) => write!(f, "header {}", path.display()),
            function => write!(f, "{}()", function.symbol().unwrap_or_default()),
        }
    }
}

/// Calls the signature function of the library at `path` if `exports` has
/// one (`function_signatures` first, then `library_signatures`) and returns
/// which one answered with a copy of its string; `None` if it has neither.
///
/// Safety argument: this loads the library into the compiler, which runs
/// the library's initializers (ELF constructors, `DllMain`). That is
/// inherent to asking a library to describe itself: compiling against a
/// library means trusting it as much as the program that will load it. The
/// symbol is only called when the library exports it as code, and is
/// called as `const char *(void)`, the signature the Loop library convention
/// fixes. The returned string is copied while the library is still loaded;
/// nothing from the library outlives this function.
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
    let failed = |message: String| FfiError::SignatureCallFailed {
        path: path.to_path_buf(),
        symbol,
        message,
    };
    // SAFETY: see the function's documentation: loading runs the library's
    // initializers, which compiling against it accepts.
    let library = unsafe { libloading::Library::new(path) }.map_err(|e| failed(e.to_string()))?;
    // SAFETY: the exported code symbol is typed `const char *(void)` by the
    // Loop library convention; the library stays loaded while it is used.
    let text = unsafe {
        let function = library
            .get::<unsafe extern "C" fn() -> *const c_char>(symbol.as_bytes())
            .map_err(|e| failed(e.to_string()))?;
        let pointer = function();
        if pointer.is_null() {
            return Err(failed("it returned NULL".to_string()));
        }
        CStr::from_ptr(pointer).to_str().map(str::to_string)
    };
    let text = text.map_err(|_| failed("its string is not UTF-8".to_string()))?;
    Ok(Some((source, text)))
}
