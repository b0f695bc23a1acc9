//! The payload format of bundled Loop programs.
//!
//! `loopc bundle` turns a prebuilt runner stub (`loop-stub`) into a
//! standalone program by attaching a *payload*: the compiled program. This
//! crate is the only place that knows the payload's byte layout: the compiler
//! writes payloads with [`attach`], the stub reads its own back with
//! [`extract`].
//!
//! # Payload
//!
//! A [`Payload`]'s manifest (modules, line maps, C libraries) is serialized
//! with `postcard` and compressed into one zstd frame with the frame
//! checksum on; the runtime prelude follows the frame uncompressed
//! ([`encode`] / [`decode`]). These bytes are followed by a trailer.
//!
//! # Trailer
//!
//! 24 bytes, always the last bytes of the attached data, all integers little
//! endian:
//!
//! | offset | size | field |
//! |---|---|---|
//! | 0  | 8 | magic `LoopPay\x1a` |
//! | 8  | 4 | format version, `u32` ([`FORMAT_VERSION`]) |
//! | 12 | 8 | length of the encoded payload just before the trailer, `u64` |
//! | 20 | 4 | CRC-32 (IEEE, as zlib computes it) of those bytes, `u32` |
//!
//! The magic and the version stay where they are in every future format, so
//! an older runner can always tell that a payload is newer than it reads
//! ([`PayloadError::NewerVersion`]); a runner refuses older formats too
//! ([`PayloadError::OlderVersion`]), as `loopc bundle` always writes the
//! format of the `loopc` it comes with.
//!
//! # Where the payload goes
//!
//! * **ELF**: GNU `strip` drops bytes appended after the last section, so the
//!   encoded payload and its trailer become the contents of an extra
//!   non-allocated section `.loop_payload` (`SHT_PROGBITS`, flags 0), written
//!   with `object::build::elf::Builder`. The loader ignores the section and
//!   `strip` keeps it.
//! * **PE, Mach-O and anything else**: the encoded payload and its trailer
//!   are appended to the file.
//!
//! [`extract`] first checks the end of the file for a trailer, then, on ELF,
//! reads only the header, the section headers and the section names to find
//! `.loop_payload`. Measured on x86_64, release build: for 54 KB of Lua
//! (16 KB compressed) [`encode`] takes about 13 ms and [`extract`] from a
//! 1.2 MB ELF bundle about 0.1 ms; for 1 MB of Lua, 0.33 s and 1.6 ms.
//!
//! # Stub identity
//!
//! `loopc bundle --stub PATH` must refuse executables that are not stubs,
//! including `loopc` itself, which links this crate. The stub's `main` calls
//! [`stub_identity!`] to put a small section into its binary, saying what
//! it runs; [`inspect_stub`] reads it with `object`. A binary that merely
//! links the packer has no such section.
//!
//! The section is [`SECTION_NAME`] (`.loopstb`) in every format: at most 8
//! characters, as the section names of a PE image are (on Mach-O it is
//! `__loopstb` in the `__DATA` segment, which `object` finds by the same
//! name). It holds [`IDENTITY_LEN`] bytes ([`identity`]), integers little
//! endian:
//!
//! | offset | size | field |
//! |---|---|---|
//! | 0  | 8  | magic `LoopStub` |
//! | 8  | 4  | payload format the stub reads, `u32` ([`FORMAT_VERSION`]) |
//! | 12 | 16 | runtime identifier: 16 hex digits |
//! | 28 | 36 | LuaJIT version (`jit.version`), padded with NUL bytes |

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod bundle;
mod elf_section;
mod error;
mod identity;
mod manifest;
mod stub_info;
mod trailer;

pub use bundle::{attach, extract};
pub use error::{Corruption, NoPayloadDetail, PackError, PayloadError};
pub use identity::{IDENTITY_LEN, RUNTIME_ID_LEN, SECTION_NAME, StubIdentity, identity};
pub use manifest::{Library, Module, Payload, decode, encode};
pub use stub_info::{ExecutableFormat, StubInfo, inspect_stub};

/// Version of the payload format this build writes and reads: the byte
/// layout, and what the runner hands the runtime prelude it carries.
///
/// Format 3 moved the runtime prelude out of the zstd frame; in format 4
/// the prelude writes and reads the standard streams through native
/// functions the runner passes it; in format 5 it also gets the standard
/// library's native functions from the runner (`native`); in format 6 each
/// module names its functions for error traces
/// (`Module::function_names`).
/// Older payloads are refused as [`PayloadError::OlderVersion`].
pub const FORMAT_VERSION: u32 = 6;
