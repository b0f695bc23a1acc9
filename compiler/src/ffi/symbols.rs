//! Listing the symbols a shared library exports, without loading it.

use std::collections::BTreeMap;
use std::path::Path;

use goblin::elf::sym::{STB_GLOBAL, STB_GNU_UNIQUE, STB_WEAK, STV_DEFAULT, STV_PROTECTED};
use goblin::elf::sym::{STT_COMMON, STT_FUNC, STT_GNU_IFUNC, STT_OBJECT, STT_TLS};
use goblin::mach::constants::{S_ATTR_PURE_INSTRUCTIONS, S_ATTR_SOME_INSTRUCTIONS};
use goblin::mach::cputype::{CPU_TYPE_ARM64, CPU_TYPE_X86_64};
use goblin::mach::exports::ExportInfo;
use goblin::mach::{Mach, MachO, SingleArch};
use goblin::pe::section_table::{IMAGE_SCN_CNT_CODE, IMAGE_SCN_MEM_EXECUTE};
use goblin::{Object, elf::Elf, pe::PE};

use super::FfiError;

/// What an exported symbol is, as far as the file format says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SymbolKind {
    /// Code: ELF `STT_FUNC`, or in an executable section (PE, Mach-O).
    Function,
    /// Data: ELF `STT_OBJECT`, or in a non-executable section (PE, Mach-O).
    Data,
    /// The format does not say (for example a forwarded PE export).
    Unknown,
}

/// The symbols a shared library exports, by name (Mach-O names without
/// their leading `_`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExportedSymbols {
    symbols: BTreeMap<String, SymbolKind>,
}

impl ExportedSymbols {
    /// What the symbol `name` is, if the library exports it.
    pub fn kind(&self, name: &str) -> Option<SymbolKind> {
        self.symbols.get(name).copied()
    }

    /// Whether the library exports `name`.
    pub fn contains(&self, name: &str) -> bool {
        self.symbols.contains_key(name)
    }

    /// Every exported symbol, sorted by name.
    pub fn iter(&self) -> impl Iterator<Item = (&str, SymbolKind)> {
        self.symbols
            .iter()
            .map(|(name, kind)| (name.as_str(), *kind))
    }

    fn insert(&mut self, name: &str, kind: SymbolKind) {
        if !name.is_empty() {
            self.symbols.insert(name.to_string(), kind);
        }
    }
}

/// Lists the symbols the shared library at `path` exports (ELF, PE or
/// Mach-O, including universal binaries) by reading the file with goblin.
pub fn exported_symbols(path: &Path) -> Result<ExportedSymbols, FfiError> {
    let bytes = std::fs::read(path).map_err(|err| FfiError::Unreadable {
        path: path.to_path_buf(),
        message: err.to_string(),
    })?;
    let malformed = |message: String| FfiError::NotALibrary {
        path: path.to_path_buf(),
        message,
    };
    match Object::parse(&bytes).map_err(|err| malformed(err.to_string()))? {
        Object::Elf(elf) => Ok(elf_exports(&elf)),
        Object::PE(pe) => Ok(pe_exports(&pe)),
        Object::Mach(Mach::Binary(macho)) => macho_exports(&macho).map_err(malformed),
        Object::Mach(Mach::Fat(fat)) => {
            let wanted = if cfg!(target_arch = "aarch64") {
                CPU_TYPE_ARM64
            } else {
                CPU_TYPE_X86_64
            };
            let index = fat
                .iter_arches()
                .position(|arch| arch.is_ok_and(|arch| arch.cputype == wanted))
                .unwrap_or(0);
            match fat.get(index).map_err(|err| malformed(err.to_string()))? {
                SingleArch::MachO(macho) => macho_exports(&macho).map_err(malformed),
                SingleArch::Archive(_) => Err(malformed("a static archive".to_string())),
            }
        }
        Object::Archive(_) => Err(malformed("a static archive".to_string())),
        _ => Err(malformed("not an ELF, PE or Mach-O file".to_string())),
    }
}

/// Defined, visible dynamic symbols; section, file and untyped linker
/// symbols (`_end`, `__bss_start`) are left out.
fn elf_exports(elf: &Elf) -> ExportedSymbols {
    let mut exports = ExportedSymbols::default();
    for sym in elf.dynsyms.iter() {
        let visible = matches!(sym.st_bind(), STB_GLOBAL | STB_WEAK | STB_GNU_UNIQUE)
            && matches!(sym.st_visibility(), STV_DEFAULT | STV_PROTECTED);
        let kind = match sym.st_type() {
            STT_FUNC | STT_GNU_IFUNC => SymbolKind::Function,
            STT_OBJECT | STT_TLS | STT_COMMON => SymbolKind::Data,
            _ => continue,
        };
        if visible && !sym.is_import() {
            exports.insert(elf.dynstrtab.get_at(sym.st_name).unwrap_or(""), kind);
        }
    }
    exports
}

/// The export table; the kind comes from the section the address lies in.
fn pe_exports(pe: &PE) -> ExportedSymbols {
    let mut exports = ExportedSymbols::default();
    for export in &pe.exports {
        let Some(name) = export.name else { continue };
        let section = pe.sections.iter().find(|s| {
            let start = s.virtual_address as usize;
            (start..start + s.virtual_size as usize).contains(&export.rva)
        });
        let kind = match section {
            _ if export.reexport.is_some() => SymbolKind::Unknown,
            Some(s) if s.characteristics & (IMAGE_SCN_CNT_CODE | IMAGE_SCN_MEM_EXECUTE) != 0 => {
                SymbolKind::Function
            }
            Some(_) => SymbolKind::Data,
            None => SymbolKind::Unknown,
        };
        exports.insert(name, kind);
    }
    exports
}

/// The export trie; the kind comes from the section the address lies in.
fn macho_exports(macho: &MachO) -> Result<ExportedSymbols, String> {
    let mut sections = Vec::new();
    let mut base = 0;
    for segment in macho.segments.iter() {
        if segment.name().is_ok_and(|name| name == "__TEXT") {
            base = segment.vmaddr;
        }
        let segment_sections = segment.sections().map_err(|err| err.to_string())?;
        sections.extend(segment_sections.into_iter().map(|(section, _)| section));
    }
    let mut exports = ExportedSymbols::default();
    for export in macho.exports().map_err(|err| err.to_string())? {
        let name = export.name.strip_prefix('_').unwrap_or(&export.name);
        let kind = match export.info {
            ExportInfo::Regular { address, .. } => {
                let address = base + address;
                match sections
                    .iter()
                    .find(|s| (s.addr..s.addr + s.size).contains(&address))
                {
                    Some(s)
                        if s.flags & (S_ATTR_PURE_INSTRUCTIONS | S_ATTR_SOME_INSTRUCTIONS) != 0 =>
                    {
                        SymbolKind::Function
                    }
                    Some(_) => SymbolKind::Data,
                    None => SymbolKind::Unknown,
                }
            }
            ExportInfo::Stub { .. } => SymbolKind::Function,
            ExportInfo::Reexport { .. } => SymbolKind::Unknown,
        };
        exports.insert(name, kind);
    }
    Ok(exports)
}
