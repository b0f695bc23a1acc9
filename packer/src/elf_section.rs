//! The `.loop_payload` section of ELF bundles: adding it to a stub with
//! `object`'s ELF builder, and finding it again by reading only the ELF
//! header, the section headers and the section name table.

use object::Endianness;
use object::build::elf::{Builder, SectionData};
use object::elf::{FileHeader32, FileHeader64, SHT_PROGBITS, SectionFlags};
use object::read::elf::{FileHeader, SectionHeader};

use crate::error::{Corruption, NoPayloadDetail, PackError, PayloadError};

/// Name of the section that holds the encoded payload and its trailer.
const SECTION_NAME: &[u8] = b".loop_payload";

/// Whether `data` starts like an ELF file.
pub(crate) fn is_elf(data: &[u8]) -> bool {
    data.starts_with(b"\x7fELF")
}

/// Rewrites the ELF file `elf` with `contents` as its `.loop_payload`
/// section: non-allocated, `SHT_PROGBITS`, flags 0, so the loader ignores it
/// and `strip` keeps it. A `.loop_payload` section already there is replaced.
pub(crate) fn with_payload_section(elf: &[u8], contents: Vec<u8>) -> Result<Vec<u8>, PackError> {
    let rewrite_error = |e: object::build::Error| PackError::ElfRewrite(e.to_string());
    let mut builder = Builder::read(elf).map_err(rewrite_error)?;
    for section in builder.sections.iter_mut() {
        if *section.name == *SECTION_NAME {
            section.delete = true;
        }
    }
    let section = builder.sections.add();
    section.name = SECTION_NAME.into();
    section.sh_type = SHT_PROGBITS;
    section.sh_flags = SectionFlags(0);
    section.sh_addralign = 1;
    section.data = SectionData::Data(contents.into());
    let mut out = Vec::with_capacity(elf.len() + 4096);
    builder.write(&mut out).map_err(rewrite_error)?;
    Ok(out)
}

/// Fails with [`PayloadError::Truncated`] if the ELF header places its
/// program or section header table beyond the end of `elf`: the file was cut
/// short. (Cut right after `.loop_payload`, a bundle would otherwise end with
/// a valid trailer and pass for an appended payload.) Reads only the ELF
/// header; an unreadable header is left for later checks to report.
pub(crate) fn check_not_cut_short(elf: &[u8]) -> Result<(), PayloadError> {
    let tables_end = match object::FileKind::parse(elf) {
        Ok(object::FileKind::Elf64) => header_tables_end::<FileHeader64<Endianness>>(elf),
        Ok(object::FileKind::Elf32) => header_tables_end::<FileHeader32<Endianness>>(elf),
        _ => None,
    };
    match tables_end {
        Some(needed) if needed > elf.len() as u64 => Err(PayloadError::Truncated {
            needed,
            available: elf.len() as u64,
        }),
        _ => Ok(()),
    }
}

/// Where the program and section header tables end, from the ELF header.
fn header_tables_end<Elf: FileHeader<Endian = Endianness>>(data: &[u8]) -> Option<u64> {
    let header = Elf::parse(data).ok()?;
    let endian = header.endian().ok()?;
    // A count of 0 with a table offset means extended numbering: at least one entry.
    let table_end = |offset: u64, count: u16, entry_size: u16| match offset {
        0 => 0,
        _ => offset.saturating_add(u64::from(count.max(1)) * u64::from(entry_size)),
    };
    let sections = table_end(
        header.e_shoff(endian).into(),
        header.e_shnum(endian),
        header.e_shentsize(endian),
    );
    let segments = table_end(
        header.e_phoff(endian).into(),
        header.e_phnum(endian),
        header.e_phentsize(endian),
    );
    Some(sections.max(segments))
}

/// The contents of the `.loop_payload` section of the ELF file `elf`.
pub(crate) fn section_contents(elf: &[u8]) -> Result<&[u8], PayloadError> {
    match object::FileKind::parse(elf) {
        Ok(object::FileKind::Elf64) => contents_of::<FileHeader64<Endianness>>(elf),
        Ok(object::FileKind::Elf32) => contents_of::<FileHeader32<Endianness>>(elf),
        _ => Err(PayloadError::NoPayload(
            NoPayloadDetail::ElfSectionHeadersUnreadable,
        )),
    }
}

fn contents_of<Elf: FileHeader<Endian = Endianness>>(data: &[u8]) -> Result<&[u8], PayloadError> {
    let unreadable = PayloadError::NoPayload(NoPayloadDetail::ElfSectionHeadersUnreadable);
    let header = Elf::parse(data).map_err(|_| unreadable.clone())?;
    let endian = header.endian().map_err(|_| unreadable.clone())?;
    let sections = header
        .sections(endian, data)
        .map_err(|_| unreadable.clone())?;
    if sections.is_empty() {
        return Err(unreadable);
    }
    let section = payload_section(header, endian, data, &sections)
        .ok_or(PayloadError::NoPayload(NoPayloadDetail::ElfSectionMissing))?;
    section.data(endian, data).map_err(|_| {
        let (offset, size) = section.file_range(endian).unwrap_or_default();
        // A cut through the section would also have cut everything after it.
        // When the section headers come after the section (as `loopc bundle`
        // and `strip` write them) and are all there, the header is damaged.
        let headers_start: u64 = header.e_shoff(endian).into();
        let cut_through_section = offset <= data.len() as u64 && headers_start < offset;
        if cut_through_section {
            PayloadError::Truncated {
                needed: offset.saturating_add(size),
                available: data.len() as u64,
            }
        } else {
            PayloadError::Corrupt(Corruption::SectionOutOfBounds)
        }
    })
}

/// The `.loop_payload` section header. Names are compared in place in the
/// section name table: `object`'s own lookup finds each name's end with
/// `memchr`, whose first call probes CPU features, slow under
/// virtualisation, and the stub runs this once per start.
fn payload_section<'data, Elf: FileHeader<Endian = Endianness>>(
    header: &Elf,
    endian: Endianness,
    data: &'data [u8],
    sections: &object::read::elf::SectionTable<'data, Elf>,
) -> Option<&'data Elf::SectionHeader> {
    let index = header.shstrndx(endian, data).ok()?;
    let names = sections
        .section(object::SectionIndex(index as usize))
        .ok()?
        .data(endian, data)
        .ok()?;
    sections.iter().find(|section| {
        let start = section.sh_name(endian) as usize;
        let end = start + SECTION_NAME.len();
        names.get(start..end) == Some(SECTION_NAME) && names.get(end) == Some(&0)
    })
}
