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
mod locate;
mod shape;
mod signatures;
mod symbols;
mod view;

#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};

pub use cdef::{TypeCdef, declaration, function_cdef, type_cdefs, variable_cdef};
pub use cparse::{ParseError, parse_declarations};
pub use ctype::{
    CConstValue, CConstant, CEnum, CField, CFunction, CFunctionType, CInt, CParam, CRecord, CType,
    CTypedef, CVariable, Declarations, RecordKind, TypeDefinition,
};
pub use describe::describe;
pub use error::FfiError;
pub use locate::{Platform, library_candidates, locate_header, locate_library};
pub use shape::{StructField, StructParam, StructPassing};
pub use signatures::{SignatureSource, embedded_signatures};
pub use symbols::{ExportedSymbols, SymbolKind, exported_symbols};
pub use view::LoopView;

/// What the compiler knows about one imported C library.
#[derive(Debug, Clone, PartialEq)]
pub struct LibraryInfo {
    /// Where the library file is.
    pub path: PathBuf,
    /// The symbols it exports.
    pub exports: ExportedSymbols,
    /// Where its declarations came from.
    pub source: SignatureSource,
    /// Its parsed declarations: functions, variables, constants, types.
    pub declarations: Declarations,
    /// Functions and variables declared but not exported, in declaration
    /// order (always empty from [`load_library`]).
    pub not_exported: Vec<String>,
}

/// Finds, reads and parses the C library that `import` names, as imported
/// from a file in `importer_dir`, and checks that it exports everything it
/// declares ([`FfiError::MissingSymbols`] if not).
///
/// Declarations come from the library's `function_signatures()`, else its
/// `library_signatures()`, else the header `header` (resolved against
/// `importer_dir`) if the import names one, else `name.h` / `libname.h`
/// beside the library.
pub fn load_library(
    import: &str,
    importer_dir: &Path,
    platform: Platform,
    header: Option<&Path>,
) -> Result<LibraryInfo, FfiError> {
    let info = inspect_library(import, importer_dir, platform, header)?;
    if info.not_exported.is_empty() {
        Ok(info)
    } else {
        Err(FfiError::MissingSymbols {
            path: info.path,
            names: info.not_exported,
        })
    }
}

/// Like [`load_library`], but declarations the library does not export are
/// listed in [`LibraryInfo::not_exported`] instead of failing: for
/// `loopc sigs`, which shows what the compiler sees.
pub fn inspect_library(
    import: &str,
    importer_dir: &Path,
    platform: Platform,
    header: Option<&Path>,
) -> Result<LibraryInfo, FfiError> {
    let path = locate_library(import, importer_dir, platform)?;
    let exports = exported_symbols(&path)?;
    let (source, text) = match embedded_signatures(&path, &exports)? {
        Some(found) => found,
        None => {
            let named = header.map(|h| importer_dir.join(h));
            let header = locate_header(&path, named.as_deref()).map_err(|tried_headers| {
                FfiError::NoSignatures {
                    path: path.clone(),
                    tried_headers,
                }
            })?;
            let text = std::fs::read_to_string(&header).map_err(|err| FfiError::Unreadable {
                path: header.clone(),
                message: err.to_string(),
            })?;
            (SignatureSource::Header(header), text)
        }
    };
    let declarations = match parse_declarations(&text) {
        Ok(declarations) => declarations,
        Err(error) => {
            return Err(FfiError::BadDeclaration {
                path,
                source,
                error,
            });
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
        exports,
        source,
        declarations,
        not_exported,
    })
}
