//! The errors of reading a payload ([`PayloadError`]) and of making a bundle
//! ([`PackError`]), with messages a user can act on.

use std::fmt;

/// Why reading the Loop program out of an executable failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PayloadError {
    /// The executable carries no payload at all.
    NoPayload(NoPayloadDetail),
    /// A payload is announced but its bytes are not all there.
    Truncated {
        /// How many bytes the payload (or its trailer) needs.
        needed: u64,
        /// How many bytes are actually present.
        available: u64,
    },
    /// The payload bytes are all there but are damaged.
    Corrupt(Corruption),
    /// The payload was written by a newer `loopc` in a format this build cannot read.
    NewerVersion {
        /// The format version recorded in the trailer.
        found: u32,
        /// The newest format version this build reads ([`crate::FORMAT_VERSION`]).
        supported: u32,
    },
    /// The payload was written by an older `loopc`, in a format this build
    /// no longer reads.
    OlderVersion {
        /// The format version recorded in the trailer.
        found: u32,
        /// The format version this build reads ([`crate::FORMAT_VERSION`]).
        supported: u32,
    },
}

/// What was (not) found when an executable has no payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoPayloadDetail {
    /// Not an ELF file, and no trailer at the end of the file.
    NoTrailer,
    /// An ELF file whose section headers are missing or unreadable.
    ElfSectionHeadersUnreadable,
    /// An ELF file without a `.loop_payload` section.
    ElfSectionMissing,
}

/// How a payload is damaged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Corruption {
    /// The CRC32 of the encoded payload does not match the trailer.
    ChecksumMismatch {
        /// The CRC32 recorded in the trailer.
        stored: u32,
        /// The CRC32 of the bytes found.
        computed: u32,
    },
    /// The trailer records a format version that never existed (0).
    InvalidVersion(u32),
    /// The trailer records a payload longer than the bytes before it.
    LengthOutOfRange {
        /// The length recorded in the trailer.
        length: u64,
        /// How many bytes precede the trailer.
        available: u64,
    },
    /// The `.loop_payload` section does not end with a trailer.
    SectionWithoutTrailer,
    /// The `.loop_payload` section header places the section beyond the end
    /// of the file, although the section headers, written after it, are all
    /// there: the header is damaged, the file not cut short.
    SectionOutOfBounds,
    /// zstd refused the compressed bytes (including its own checksum).
    Decompression(String),
    /// The decompressed manifest is larger than any real program.
    TooLarge,
    /// The decompressed manifest could not be decoded.
    Manifest(String),
}

const REBUNDLE: &str = "bundle the program again with `loopc bundle`";

impl fmt::Display for PayloadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoPayload(NoPayloadDetail::NoTrailer) => write!(
                f,
                "this executable carries no Loop program: it is a bare runner stub, or the \
                 program attached to it was cut off; {REBUNDLE}"
            ),
            Self::NoPayload(NoPayloadDetail::ElfSectionHeadersUnreadable) => write!(
                f,
                "this executable carries no Loop program: its ELF section headers are missing \
                 or unreadable, so the bundle may have been stripped or damaged; {REBUNDLE}"
            ),
            Self::NoPayload(NoPayloadDetail::ElfSectionMissing) => write!(
                f,
                "this executable carries no Loop program: it has no `.loop_payload` section, so \
                 it is a bare runner stub, or a bundle whose payload section was removed (plain \
                 `strip` keeps it; `strip -R` or `objcopy --remove-section` do not); {REBUNDLE}"
            ),
            Self::Truncated { needed, available } => write!(
                f,
                "the Loop program in this executable is truncated ({available} of {needed} bytes \
                 present); the file was probably cut short while copying or downloading; \
                 {REBUNDLE}"
            ),
            Self::Corrupt(corruption) => write!(
                f,
                "the Loop program in this executable is damaged ({corruption}); {REBUNDLE}"
            ),
            Self::NewerVersion { found, supported } => write!(
                f,
                "this executable needs a newer runner: its program was bundled by a newer loopc \
                 (payload format {found}) than its runner stub reads (up to format {supported}); \
                 bundle it again with the `loop-stub` that comes with that loopc"
            ),
            Self::OlderVersion { found, supported } => write!(
                f,
                "this executable's program was bundled by an older loopc (payload format \
                 {found}) than its runner stub reads (format {supported}); bundle it again \
                 with the loopc that comes with this `loop-stub`"
            ),
        }
    }
}

impl fmt::Display for Corruption {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::ChecksumMismatch { stored, computed } => write!(
                f,
                "checksum mismatch: recorded {stored:08x}, computed {computed:08x}"
            ),
            Self::InvalidVersion(version) => write!(f, "invalid payload format version {version}"),
            Self::LengthOutOfRange { length, available } => write!(
                f,
                "the trailer records {length} bytes of program, but only {available} precede it"
            ),
            Self::SectionWithoutTrailer => {
                write!(f, "the `.loop_payload` section does not end with a trailer")
            }
            Self::SectionOutOfBounds => write!(
                f,
                "the `.loop_payload` section header points beyond the end of the file"
            ),
            Self::Decompression(reason) => write!(f, "cannot decompress: {reason}"),
            Self::TooLarge => write!(f, "the decompressed program is impossibly large"),
            Self::Manifest(reason) => write!(f, "cannot decode the manifest: {reason}"),
        }
    }
}

impl std::error::Error for PayloadError {}

/// Why a stub could not be inspected or a payload not attached to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PackError {
    /// The file is not an ELF, Mach-O or PE executable.
    UnknownFormat,
    /// The file looks like an executable of a known format but cannot be parsed.
    Unreadable {
        /// The format the file claims to be.
        format: crate::ExecutableFormat,
        /// What the parser reported.
        reason: String,
    },
    /// The executable is readable but is not a Loop runner stub (no identity section).
    NotAStub,
    /// The ELF stub could not be rewritten with the `.loop_payload` section.
    ElfRewrite(String),
}

impl fmt::Display for PackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnknownFormat => write!(
                f,
                "not an executable this packer understands (expected ELF, Mach-O or PE)"
            ),
            Self::Unreadable { format, reason } => {
                write!(f, "cannot read this {format} file: {reason}")
            }
            Self::NotAStub => write!(
                f,
                "this executable is not a Loop runner stub (no `.loopstb` identity section); pass the \
                 `loop-stub` binary built for the target"
            ),
            Self::ElfRewrite(reason) => write!(
                f,
                "cannot add the `.loop_payload` section to this ELF stub: {reason}"
            ),
        }
    }
}

impl std::error::Error for PackError {}
