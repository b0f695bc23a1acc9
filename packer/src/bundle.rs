//! Putting a payload into a stub ([`attach`]) and getting it back out of a
//! bundled executable ([`extract`]).

use crate::elf_section;
use crate::error::{Corruption, NoPayloadDetail, PackError, PayloadError};
use crate::manifest::{Payload, decode, encode};
use crate::trailer;

/// A stub plus a payload = a runnable executable. On ELF stubs, the
/// encoded payload plus trailer goes into an extra non-allocated section
/// `.loop_payload` (`SHT_PROGBITS`, flags 0) written with
/// `object::build::elf::Builder`, so it survives GNU `strip`; for other
/// formats (PE, Mach-O, unknown) it is appended after the file followed by
/// the trailer. A payload the stub already carries is replaced.
pub fn attach(stub: &[u8], payload: &Payload) -> Result<Vec<u8>, PackError> {
    let sealed = trailer::seal(encode(payload));
    if elf_section::is_elf(stub) {
        return elf_section::with_payload_section(stub, sealed);
    }
    let stub = match trailer::open(stub) {
        Ok(Some(old)) => &stub[..stub.len() - old.len() - trailer::TRAILER_LEN],
        _ => stub,
    };
    let mut bundle = Vec::with_capacity(stub.len() + sealed.len());
    bundle.extend_from_slice(stub);
    bundle.extend_from_slice(&sealed);
    Ok(bundle)
}

/// Finds, verifies and decodes the payload of an executable's bytes (what
/// the stub calls on its own file).
///
/// On ELF, first checks from the header alone that the file is not cut
/// short. Then looks for a trailer at the end of the file (appended
/// payloads); failing that, on ELF, reads only the section headers to find the
/// `.loop_payload` section and the trailer at its end. Never panics, whatever
/// the bytes.
pub fn extract(exe: &[u8]) -> Result<Payload, PayloadError> {
    let is_elf = elf_section::is_elf(exe);
    if is_elf {
        elf_section::check_not_cut_short(exe)?;
    }
    if let Some(encoded) = trailer::open(exe)? {
        return decode(encoded);
    }
    if !is_elf {
        return Err(PayloadError::NoPayload(NoPayloadDetail::NoTrailer));
    }
    match trailer::open(elf_section::section_contents(exe)?)? {
        Some(encoded) => decode(encoded),
        None => Err(PayloadError::Corrupt(Corruption::SectionWithoutTrailer)),
    }
}
