//! What `loopc bundle --stub PATH` needs to know about a stub file: that it
//! is one, and which format, architecture and operating system it is for.

use std::fmt;

use object::{Architecture, FileKind, Object};

use crate::error::PackError;
use crate::marker::contains_marker;

/// The executable formats a stub can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExecutableFormat {
    /// ELF (Linux, the BSDs).
    Elf,
    /// Mach-O (macOS).
    MachO,
    /// PE (Windows).
    Pe,
}

impl fmt::Display for ExecutableFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Elf => "ELF",
            Self::MachO => "Mach-O",
            Self::Pe => "PE",
        })
    }
}

/// A stub's format, architecture and operating system.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StubInfo {
    /// The executable format.
    pub format: ExecutableFormat,
    /// The CPU architecture, e.g. "x86_64" or "aarch64".
    pub architecture: String,
    /// The operating system, for messages, e.g. "Linux", "macOS" or "Windows".
    pub os: &'static str,
}

impl StubInfo {
    /// The file extension of C libraries on the stub's system, with its dot:
    /// ".so" for ELF, ".dylib" for Mach-O, ".dll" for PE.
    pub fn library_extension(&self) -> &'static str {
        match self.format {
            ExecutableFormat::Elf => ".so",
            ExecutableFormat::MachO => ".dylib",
            ExecutableFormat::Pe => ".dll",
        }
    }
}

/// Reads a stub's format, architecture and operating system. Refuses files
/// that are not ELF, Mach-O or PE executables, and executables that do not
/// carry the stub marker (see [`stub_marker!`](crate::stub_marker)).
pub fn inspect_stub(bytes: &[u8]) -> Result<StubInfo, PackError> {
    let format = match FileKind::parse(bytes) {
        Ok(FileKind::Elf32 | FileKind::Elf64) => ExecutableFormat::Elf,
        Ok(FileKind::MachO32 | FileKind::MachO64) => ExecutableFormat::MachO,
        Ok(FileKind::Pe32 | FileKind::Pe64) => ExecutableFormat::Pe,
        _ => return Err(PackError::UnknownFormat),
    };
    let file = object::File::parse(bytes).map_err(|e| PackError::Unreadable {
        format,
        reason: e.to_string(),
    })?;
    if !contains_marker(bytes) {
        return Err(PackError::NotAStub);
    }
    let os = match format {
        ExecutableFormat::Elf => elf_os(bytes),
        ExecutableFormat::MachO => "macOS",
        ExecutableFormat::Pe => "Windows",
    };
    Ok(StubInfo {
        format,
        architecture: architecture_name(file.architecture()),
        os,
    })
}

/// Offset of the `EI_OSABI` byte in an ELF file's identification.
const EI_OSABI: usize = 7;

/// The operating system an ELF file is for, from its `EI_OSABI` byte.
fn elf_os(elf: &[u8]) -> &'static str {
    use object::elf::{ELFOSABI_FREEBSD, ELFOSABI_NETBSD, ELFOSABI_OPENBSD, OsAbi};
    match elf.get(EI_OSABI).map(|&abi| OsAbi(abi)) {
        Some(ELFOSABI_FREEBSD) => "FreeBSD",
        Some(ELFOSABI_NETBSD) => "NetBSD",
        Some(ELFOSABI_OPENBSD) => "OpenBSD",
        _ => "Linux",
    }
}

/// The usual name of an architecture (the one Rust target triples use).
fn architecture_name(architecture: Architecture) -> String {
    match architecture {
        Architecture::X86_64 | Architecture::X86_64_X32 => "x86_64".into(),
        Architecture::I386 => "x86".into(),
        Architecture::Aarch64 | Architecture::Aarch64_Ilp32 => "aarch64".into(),
        Architecture::Arm => "arm".into(),
        Architecture::Riscv32 => "riscv32".into(),
        Architecture::Riscv64 => "riscv64".into(),
        Architecture::PowerPc64 => "powerpc64".into(),
        Architecture::LoongArch64 => "loongarch64".into(),
        Architecture::S390x => "s390x".into(),
        other => format!("{other:?}").to_lowercase(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::marker::marker;

    /// This test binary: an executable that links the packer, like `loopc`.
    fn own_executable() -> Vec<u8> {
        std::fs::read(std::env::current_exe().unwrap()).unwrap()
    }

    #[test]
    fn an_executable_that_only_links_the_packer_is_not_a_stub() {
        assert_eq!(inspect_stub(&own_executable()), Err(PackError::NotAStub));
    }

    #[test]
    fn the_same_executable_with_the_marker_is_a_stub() {
        let mut bytes = own_executable();
        bytes.extend_from_slice(&marker());
        let info = inspect_stub(&bytes).unwrap();
        assert_eq!(info.architecture, std::env::consts::ARCH);
        if cfg!(target_os = "linux") {
            assert_eq!(info.format, ExecutableFormat::Elf);
            assert_eq!(info.os, "Linux");
        }
    }

    #[test]
    fn other_files_are_refused() {
        assert_eq!(inspect_stub(b""), Err(PackError::UnknownFormat));
        let mut text = b"just some text ".to_vec();
        text.extend_from_slice(&marker());
        assert_eq!(inspect_stub(&text), Err(PackError::UnknownFormat));
        let mut broken_elf = b"\x7fELF\x02\x01\x01".to_vec();
        broken_elf.extend_from_slice(&marker());
        assert!(matches!(
            inspect_stub(&broken_elf),
            Err(PackError::Unreadable {
                format: ExecutableFormat::Elf,
                ..
            })
        ));
    }

    #[test]
    fn library_names_follow_the_format() {
        let info = |format| StubInfo {
            format,
            architecture: "x86_64".into(),
            os: "any",
        };
        assert_eq!(info(ExecutableFormat::Elf).library_extension(), ".so");
        assert_eq!(info(ExecutableFormat::MachO).library_extension(), ".dylib");
        assert_eq!(info(ExecutableFormat::Pe).library_extension(), ".dll");
    }
}
