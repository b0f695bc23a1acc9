//! The fixed-size trailer that ends every attached payload (see the crate
//! docs for the layout): writing it, and finding and checking it at the end
//! of a byte range.

use crate::FORMAT_VERSION;
use crate::error::{Corruption, PayloadError};

/// First bytes of the trailer.
const MAGIC: [u8; 8] = *b"LoopPay\x1a";

/// Size of the trailer in bytes: magic, version, length, CRC32.
pub(crate) const TRAILER_LEN: usize = 8 + 4 + 8 + 4;

/// CRC-32 (IEEE) with a slice-by-16 table built at compile time. Unlike
/// `crc32fast`, it probes no CPU features at run time: in a virtual machine
/// each probe traps, and the stub's start-up paid 50 µs for one.
const CRC32: crc::Crc<u32, crc::Table<16>> =
    crc::Crc::<u32, crc::Table<16>>::new(&crc::CRC_32_ISO_HDLC);

/// The trailer's checksum of `bytes`.
fn checksum(bytes: &[u8]) -> u32 {
    CRC32.checksum(bytes)
}

/// Shortest tail that is taken for the start of a cut-off trailer rather than
/// a chance match of the magic's first bytes.
const MIN_PARTIAL_MAGIC: usize = 4;

/// Returns the encoded payload followed by its trailer.
pub(crate) fn seal(mut encoded: Vec<u8>) -> Vec<u8> {
    let crc = checksum(&encoded);
    let len = encoded.len() as u64;
    encoded.extend_from_slice(&MAGIC);
    encoded.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    encoded.extend_from_slice(&len.to_le_bytes());
    encoded.extend_from_slice(&crc.to_le_bytes());
    encoded
}

/// Looks for a trailer at the very end of `data` and returns the encoded
/// payload just before it, once its length, version and CRC32 are checked.
///
/// `Ok(None)` means `data` does not end with a trailer (nor with the start of
/// a cut-off one).
pub(crate) fn open(data: &[u8]) -> Result<Option<&[u8]>, PayloadError> {
    let Some(body_len) = data.len().checked_sub(TRAILER_LEN) else {
        return partial(data);
    };
    let (body, trailer) = data.split_at(body_len);
    let (magic, rest) = trailer.split_at(8);
    if magic != MAGIC {
        return partial(data);
    }
    let (version, rest) = rest.split_at(4);
    let (length, crc) = rest.split_at(8);
    let version = u32::from_le_bytes(version.try_into().expect("4 bytes"));
    let length = u64::from_le_bytes(length.try_into().expect("8 bytes"));
    let stored = u32::from_le_bytes(crc.try_into().expect("4 bytes"));
    if version > FORMAT_VERSION {
        return Err(PayloadError::NewerVersion {
            found: version,
            supported: FORMAT_VERSION,
        });
    }
    if version == 0 {
        return Err(PayloadError::Corrupt(Corruption::InvalidVersion(version)));
    }
    if version < FORMAT_VERSION {
        return Err(PayloadError::OlderVersion {
            found: version,
            supported: FORMAT_VERSION,
        });
    }
    // The trailer comes last, so a file cut short loses it first: a whole
    // trailer that claims more bytes than precede it is itself damaged.
    let available = body.len() as u64;
    if length > available {
        return Err(PayloadError::Corrupt(Corruption::LengthOutOfRange {
            length,
            available,
        }));
    }
    let encoded = &body[body.len() - length as usize..];
    let computed = checksum(encoded);
    if computed != stored {
        return Err(PayloadError::Corrupt(Corruption::ChecksumMismatch {
            stored,
            computed,
        }));
    }
    Ok(Some(encoded))
}

/// `data` has no whole trailer at its end: is it cut off inside one?
fn partial(data: &[u8]) -> Result<Option<&[u8]>, PayloadError> {
    for tail_len in (MIN_PARTIAL_MAGIC..TRAILER_LEN).rev() {
        let Some(start) = data.len().checked_sub(tail_len) else {
            continue;
        };
        let prefix = tail_len.min(MAGIC.len());
        if data[start..start + prefix] == MAGIC[..prefix] {
            return Err(PayloadError::Truncated {
                needed: TRAILER_LEN as u64,
                available: tail_len as u64,
            });
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seal_then_open_gives_the_payload_back() {
        let sealed = seal(b"compressed bytes".to_vec());
        assert_eq!(sealed.len(), 16 + TRAILER_LEN);
        assert_eq!(open(&sealed).unwrap(), Some(&b"compressed bytes"[..]));
        let mut after_other_data = b"stub bytes".to_vec();
        after_other_data.extend_from_slice(&sealed);
        assert_eq!(
            open(&after_other_data).unwrap(),
            Some(&b"compressed bytes"[..])
        );
    }

    #[test]
    fn layout_is_magic_version_length_crc() {
        let sealed = seal(b"abc".to_vec());
        let trailer = &sealed[3..];
        assert_eq!(trailer[..8], MAGIC);
        assert_eq!(trailer[8..12], FORMAT_VERSION.to_le_bytes());
        assert_eq!(trailer[12..20], 3u64.to_le_bytes());
        assert_eq!(trailer[20..24], checksum(b"abc").to_le_bytes());
        // The IEEE CRC-32 of zlib, PNG and `cksum -o 3`.
        assert_eq!(checksum(b"123456789"), 0xcbf4_3926);
    }

    #[test]
    fn no_trailer_is_none() {
        assert_eq!(open(b""), Ok(None));
        assert_eq!(open(&[0u8; 100]), Ok(None));
    }

    #[test]
    fn newer_version_is_refused_before_anything_else() {
        let mut sealed = seal(b"abc".to_vec());
        let at = sealed.len() - TRAILER_LEN + 8;
        sealed[at..at + 4].copy_from_slice(&(FORMAT_VERSION + 1).to_le_bytes());
        assert_eq!(
            open(&sealed),
            Err(PayloadError::NewerVersion {
                found: FORMAT_VERSION + 1,
                supported: FORMAT_VERSION
            })
        );
    }

    #[test]
    fn older_version_is_refused() {
        let mut sealed = seal(b"abc".to_vec());
        let at = sealed.len() - TRAILER_LEN + 8;
        sealed[at..at + 4].copy_from_slice(&(FORMAT_VERSION - 1).to_le_bytes());
        assert_eq!(
            open(&sealed),
            Err(PayloadError::OlderVersion {
                found: FORMAT_VERSION - 1,
                supported: FORMAT_VERSION
            })
        );
    }

    #[test]
    fn huge_length_is_damage_refused_without_allocating() {
        let mut sealed = seal(b"abc".to_vec());
        let at = sealed.len() - TRAILER_LEN + 12;
        sealed[at..at + 8].copy_from_slice(&u64::MAX.to_le_bytes());
        assert_eq!(
            open(&sealed),
            Err(PayloadError::Corrupt(Corruption::LengthOutOfRange {
                length: u64::MAX,
                available: 3
            }))
        );
    }

    #[test]
    fn cut_off_trailer_is_truncated() {
        let sealed = seal(b"abc".to_vec());
        for cut in 3 + MIN_PARTIAL_MAGIC..sealed.len() {
            assert!(
                matches!(open(&sealed[..cut]), Err(PayloadError::Truncated { .. })),
                "cut at {cut}"
            );
        }
    }
}
