//! What `loopc bundle --stub PATH` needs to know about a stub file: that it
//! is one (its identity section), what it runs, and which format,
//! architecture and operating system it is for.

use std::fmt;

use loop_contract::Platform;
use object::{Architecture, FileKind, Object, ObjectSection};

use crate::error::PackError;
use crate::identity::{self, SECTION_NAME, StubIdentity};

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

/// A stub's identity, format, architecture and operating system.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StubInfo {
    /// What the stub's identity section says.
    pub identity: StubIdentity,
    /// The executable format.
    pub format: ExecutableFormat,
    /// The CPU architecture, e.g. "x86_64" or "aarch64".
    pub architecture: String,
    /// The operating system, for messages, e.g. "Linux", "macOS" or "Windows".
    pub os: &'static str,
}

impl StubInfo {
    /// The stub's system as far as C library file names go: Linux's for
    /// ELF, macOS's for Mach-O, Windows's for PE.
    pub fn platform(&self) -> Platform {
        match self.format {
            ExecutableFormat::Elf => Platform::Linux,
            ExecutableFormat::MachO => Platform::MacOs,
            ExecutableFormat::Pe => Platform::Windows,
        }
    }
}

/// Reads a stub's identity, format, architecture and operating system.
/// Refuses files that are not ELF, Mach-O or PE executables, and
/// executables without a stub identity section (see
/// [`stub_identity!`](crate::stub_identity)).
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
    let identity = file
        .section_by_name(SECTION_NAME)
        .and_then(|section| section.data().ok())
        .and_then(identity::read)
        .ok_or(PackError::NotAStub)?;
    let os = match format {
        ExecutableFormat::Elf => elf_os(bytes),
        ExecutableFormat::MachO => "macOS",
        ExecutableFormat::Pe => "Windows",
    };
    Ok(StubInfo {
        identity,
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
    use crate::identity::identity;

    /// This test binary: an executable that links the packer, like `loopc`.
    fn own_executable() -> Vec<u8> {
        std::fs::read(std::env::current_exe().unwrap()).unwrap()
    }

    /// `elf` with an identity section holding `contents`.
    fn with_identity_section(elf: &[u8], contents: &[u8]) -> Vec<u8> {
        use object::build::elf::{Builder, SectionData};
        let mut builder = Builder::read(elf).unwrap();
        let section = builder.sections.add();
        section.name = SECTION_NAME.as_bytes().to_vec().into();
        section.sh_type = object::elf::SHT_PROGBITS;
        section.sh_flags = object::elf::SectionFlags(0);
        section.sh_addralign = 1;
        section.data = SectionData::Data(contents.to_vec().into());
        let mut out = Vec::new();
        builder.write(&mut out).unwrap();
        out
    }

    #[test]
    fn an_executable_that_only_links_the_packer_is_not_a_stub() {
        assert_eq!(inspect_stub(&own_executable()), Err(PackError::NotAStub));
    }

    #[test]
    fn the_same_executable_with_an_identity_section_is_a_stub() {
        if !cfg!(target_os = "linux") {
            return;
        }
        let id = identity(b"00112233aabbccdd", "LuaJIT 2.1.0");
        let info = inspect_stub(&with_identity_section(&own_executable(), &id)).unwrap();
        assert_eq!(info.architecture, std::env::consts::ARCH);
        assert_eq!(info.format, ExecutableFormat::Elf);
        assert_eq!(info.os, "Linux");
        assert_eq!(info.identity.runtime_id, "00112233aabbccdd");
        assert_eq!(info.identity.luajit, "LuaJIT 2.1.0");
        assert_eq!(info.identity.payload_format, crate::FORMAT_VERSION);
        // A section of that name that is no identity is not enough.
        let other = with_identity_section(&own_executable(), b"LoopStub but too short");
        assert_eq!(inspect_stub(&other), Err(PackError::NotAStub));
    }

    #[test]
    fn other_files_are_refused() {
        let id = identity(b"00112233aabbccdd", "LuaJIT");
        assert_eq!(inspect_stub(b""), Err(PackError::UnknownFormat));
        let mut text = b"just some text ".to_vec();
        text.extend_from_slice(&id);
        assert_eq!(inspect_stub(&text), Err(PackError::UnknownFormat));
        let mut broken_elf = b"\x7fELF\x02\x01\x01".to_vec();
        broken_elf.extend_from_slice(&id);
        assert!(matches!(
            inspect_stub(&broken_elf),
            Err(PackError::Unreadable {
                format: ExecutableFormat::Elf,
                ..
            })
        ));
        // The identity's bytes anywhere but in the section do not count.
        let mut appended = own_executable();
        appended.extend_from_slice(&id);
        assert_eq!(inspect_stub(&appended), Err(PackError::NotAStub));
    }

    #[test]
    fn library_names_follow_the_format() {
        let info = |format| StubInfo {
            identity: crate::identity::read(&identity(b"00112233aabbccdd", "LuaJIT")).unwrap(),
            format,
            architecture: "x86_64".into(),
            os: "any",
        };
        assert_eq!(info(ExecutableFormat::Elf).platform(), Platform::Linux);
        assert_eq!(info(ExecutableFormat::MachO).platform(), Platform::MacOs);
        assert_eq!(info(ExecutableFormat::Pe).platform(), Platform::Windows);
    }
}
