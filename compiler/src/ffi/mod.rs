//! C libraries: finding the shared library an import names, listing its
//! exported symbols, getting its C declarations (from the library's own
//! `function_signatures()` / `library_signatures()`, or a header), parsing
//! them into a C type model, and printing them back as LuaJIT cdefs.
//!
//! Type checking calls and generating Lua are left to the phases that use
//! [`LibraryInfo`]: they see C types through [`CType::param_view`],
//! [`CType::return_view`] and [`Declarations::struct_param`] and declare
//! them with [`function_cdef`] and [`type_cdefs`].

mod cdef;
mod cparse;
mod ctype;
mod describe;
mod error;
mod header;
mod header_cache;
mod locate;
mod platform;
mod shape;
mod signatures;
mod symbols;
mod system;
mod view;

#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};

pub use cdef::{
    TypeCdef, declaration, function_cdef, needed_types, type_cdefs, type_cdefs_of, variable_cdef,
};
pub use cparse::{ParseError, parse_declarations, parse_header};
pub use ctype::{
    CConstValue, CConstant, CEnum, CField, CFunction, CFunctionType, CInt, CParam, CRecord,
    CStringConstant, CType, CTypedef, CVariable, Declarations, RecordKind, SkippedDeclaration,
    TypeDefinition,
};
pub use describe::describe;
pub use error::FfiError;
pub use header::{
    HeaderRef, c_compiler, needs_preprocessor, preprocess, preprocess_text, read_header,
};
pub use locate::{LocatedLibrary, is_bare_name, library_candidates, locate_header, locate_library};
pub use platform::{Platform, PlatformRules};
pub use shape::{StructField, StructParam, StructPassing};
pub use signatures::{SignatureSource, embedded_signatures, signatures_child_main};
pub use symbols::{ExportedSymbols, SymbolKind, exported_symbols};
pub use system::private_dependencies;
pub use view::LoopView;

/// What the compiler knows about one imported C library.
#[derive(Debug, Clone, PartialEq)]
pub struct LibraryInfo {
    /// Where the library file is.
    pub path: PathBuf,
    /// For a system library (found where the system loader looks): its
    /// run-time name (`libz.so.1`), by which a bundle loads it.
    pub system_name: Option<String>,
    /// The symbols it exports.
    pub exports: ExportedSymbols,
    /// Where its declarations came from.
    pub source: SignatureSource,
    /// Its parsed declarations: functions, variables, constants, types.
    pub declarations: Declarations,
    /// Functions and variables declared but not exported, in declaration
    /// order.
    pub not_exported: Vec<String>,
    /// Whether the declarations went through the C preprocessor, and so
    /// may declare more than the library exports (what an `#include`
    /// brings in): such names are errors only when used.
    pub preprocessed: bool,
}

impl LibraryInfo {
    /// The library's name in messages: its run-time name for a system
    /// library (`libz.so.1`), else its path.
    pub fn display_name(&self) -> String {
        match &self.system_name {
            Some(name) => name.clone(),
            None => self.path.display().to_string(),
        }
    }

    /// Why the declared `name` cannot be used, when the library does not
    /// export it: "declared in stdio.h but not exported by libz.so.1".
    pub fn not_exported_reason(&self, name: &str) -> Option<String> {
        if !self.not_exported.iter().any(|n| n == name) {
            return None;
        }
        let declared = match self.declarations.origins.get(name) {
            Some(file) => {
                let file = Path::new(file)
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| file.clone());
                format!("declared in {file}")
            }
            None => format!("declared in the {}", self.source),
        };
        Some(format!(
            "{declared} but not exported by {}",
            self.display_name()
        ))
    }
}

/// Finds, reads and parses the C library that `import` names, as imported
/// from a file in `importer_dir`. Declarations come from the header the
/// import names (`header`, through the C preprocessor; functions it
/// declares that the library does not export are listed in
/// [`LibraryInfo::not_exported`]), else the library's own
/// `function_signatures()` / `library_signatures()` or `name.h` /
/// `libname.h` beside it, which must declare only what the library
/// exports ([`FfiError::MissingSymbols`] if not).
pub fn load_library(
    import: &str,
    importer_dir: &Path,
    platform: Platform,
    header: Option<&str>,
) -> Result<LibraryInfo, FfiError> {
    let info = inspect_library(import, importer_dir, platform, header)?;
    if info.not_exported.is_empty() || info.preprocessed {
        Ok(info)
    } else {
        Err(FfiError::MissingSymbols {
            path: info.path,
            names: info.not_exported,
        })
    }
}

/// Like [`load_library`], but declarations the library does not export
/// are only listed in [`LibraryInfo::not_exported`], never an error: for
/// `loopc sigs`, which shows what the compiler sees.
pub fn inspect_library(
    import: &str,
    importer_dir: &Path,
    platform: Platform,
    header: Option<&str>,
) -> Result<LibraryInfo, FfiError> {
    let located = locate_library(import, importer_dir, platform)?;
    let path = located.path;
    let exports = exported_symbols(&path)?;
    let (source, declarations, preprocessed) = if let Some(header) = header {
        let header = HeaderRef::new(header, importer_dir);
        let declarations = read_header(&header, importer_dir, platform)?;
        (
            SignatureSource::Preprocessed(header.display()),
            declarations,
            true,
        )
    } else {
        let (source, text) = match embedded_signatures(&path, &exports)? {
            Some(found) => found,
            None => {
                let header =
                    locate_header(&path, None).map_err(|tried_headers| FfiError::NoSignatures {
                        path: path.clone(),
                        tried_headers,
                    })?;
                let text =
                    std::fs::read_to_string(&header).map_err(|err| FfiError::Unreadable {
                        path: header.clone(),
                        message: err.to_string(),
                    })?;
                (SignatureSource::Header(header), text)
            }
        };
        // `#if`s, `#include`s and `\` continuations need the preprocessor
        // (LANGUAGE.md §11.1), and what it gives is read like a header;
        // plain declarations are read as they are, strictly.
        if needs_preprocessor(&text) {
            let folder = path.parent().unwrap_or(Path::new("."));
            let text = preprocess_text(&text, folder)?;
            (source, parse_header(&text), true)
        } else {
            match parse_declarations(&text) {
                Ok(declarations) => (source, declarations, false),
                Err(error) => {
                    return Err(FfiError::BadDeclaration {
                        path,
                        source,
                        error,
                    });
                }
            }
        }
    };
    let declared = declarations.functions.iter().map(|f| &f.name);
    let declared = declared.chain(declarations.variables.iter().map(|v| &v.name));
    let not_exported = declared
        .filter(|name| !exports.contains(name))
        .cloned()
        .collect();
    Ok(LibraryInfo {
        path,
        system_name: located.system_name,
        exports,
        source,
        declarations,
        not_exported,
        preprocessed,
    })
}
