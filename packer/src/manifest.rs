//! What a payload holds ([`Payload`]) and its encoding: the manifest
//! (postcard, then one zstd frame with its content checksum), followed by
//! the runtime prelude as it is.

use serde::{Deserialize, Serialize};

use crate::error::{Corruption, PayloadError};

/// zstd levels of [`encode`] by manifest size: a small program (most of
/// them) gets a strong level at little cost (about 13 ms for 50 KB of
/// Lua), a big one a level that keeps bundling quick (level 19 takes 0.3 s
/// a megabyte; 6 is about thirty times faster, a tenth larger).
const COMPRESSION_LEVELS: [(usize, i32); 2] = [(256 << 10, 19), (8 << 20, 6)];

/// The level for manifests larger than those of [`COMPRESSION_LEVELS`]
/// (big embedded libraries).
const LARGE_COMPRESSION_LEVEL: i32 = 3;

/// Upper bound on a decompressed manifest, so that a damaged frame can never
/// make [`decode`] allocate without limit.
const MAX_MANIFEST_LEN: u64 = 1 << 30;

/// A whole compiled Loop program, as the stub runs it.
///
/// Byte fields are (de)serialized as byte strings, which postcard writes
/// exactly as it writes a `Vec<u8>` (length, then the bytes) but reads with
/// one copy instead of byte by byte.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Payload {
    /// Name of the entry module (one of `modules[i].name`).
    pub main: String,
    /// Every Loop module of the program, dependencies first.
    pub modules: Vec<Module>,
    /// Every C library the program imports.
    pub libraries: Vec<Library>,
    /// The runtime prelude: Lua source, or LuaJIT bytecode when `loopc
    /// bundle` knows the stub carries the same runtime and LuaJIT. Stored
    /// after the manifest's zstd frame, not in it (see [`encode`]).
    #[serde(skip)]
    pub runtime: Vec<u8>,
}

/// One compiled Loop module.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Module {
    /// Display name used in runtime error messages, e.g. "app.loop" or "lib/geometry.loop".
    pub name: String,
    /// Lua source text or LuaJIT bytecode (opaque bytes here).
    #[serde(with = "serde_bytes")]
    pub code: Vec<u8>,
    /// For each line of the generated Lua (index = Lua line - 1), the Loop source line (0 = unknown).
    pub line_map: Vec<u32>,
    /// The Lua line each function of the module starts at, in order: the
    /// runtime names a frame by its function's first line.
    pub function_lines: Vec<u32>,
    /// The name runtime error traces give each function of
    /// `function_lines` ("area", "a function literal"), at the same index.
    /// (Two lists rather than one of pairs: the runner reads them with the
    /// code it has for the other fields, which keeps it smaller.)
    pub function_names: Vec<String>,
}

/// One C library the program imports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Library {
    /// Base name as imported, e.g. "mathx" (searched as mathx.so / libmathx.so / mathx.dll ...).
    pub name: String,
    /// File name found at bundle time, e.g. "mathx.so".
    pub file_name: String,
    /// C declarations to give `ffi.cdef` for this library.
    pub cdefs: String,
    /// Symbols the program needs from it (checked at start-up).
    pub symbols: Vec<String>,
    /// The library file itself when bundled with `--embed-libs`.
    #[serde(with = "serde_bytes")]
    pub embedded: Option<Vec<u8>>,
}

/// Serializes a payload's manifest (all but the runtime) with postcard and
/// compresses it into one zstd frame with the frame checksum on, then
/// appends the runtime prelude uncompressed. [`decode`] is the inverse.
///
/// The runtime is the same 15 KB in every bundle and starts every program:
/// decompressing it took a bundled hello world 45 µs of a 1 ms start-up (a
/// fresh decompression context and buffer fault in page by page), for 8 KB
/// saved on a 1.1 MB file. The trailer's CRC-32 covers it.
pub fn encode(payload: &Payload) -> Vec<u8> {
    let manifest =
        postcard::to_stdvec(payload).expect("a Payload always serializes: every field is sized");
    let level = COMPRESSION_LEVELS
        .iter()
        .find(|(size, _)| manifest.len() <= *size)
        .map_or(LARGE_COMPRESSION_LEVEL, |(_, level)| *level);
    let mut compressor =
        zstd::bulk::Compressor::new(level).expect("zstd accepts its own compression levels");
    compressor
        .set_parameter(zstd::zstd_safe::CParameter::ChecksumFlag(true))
        .expect("zstd accepts the checksum flag");
    let mut encoded = compressor
        .compress(&manifest)
        .expect("zstd compresses into a buffer of its own bound");
    encoded.extend_from_slice(&payload.runtime);
    encoded
}

/// Decompresses and deserializes what [`encode`] made. Never panics: any
/// damage gives [`PayloadError::Corrupt`].
pub fn decode(blob: &[u8]) -> Result<Payload, PayloadError> {
    let corrupt = |c| Err(PayloadError::Corrupt(c));
    let not_zstd = || corrupt(Corruption::Decompression("not a zstd frame".into()));
    let Ok(frame_len) = zstd::zstd_safe::find_frame_compressed_size(blob) else {
        return not_zstd();
    };
    let (frame, runtime) = blob.split_at(frame_len.min(blob.len()));
    // One call into a buffer of the size the frame header gives: no
    // streaming buffers, and the frame's checksum is verified.
    let size = match zstd::zstd_safe::get_frame_content_size(frame) {
        Ok(Some(size)) => size,
        Ok(None) => return corrupt(Corruption::Decompression("no content size".into())),
        Err(_) => return not_zstd(),
    };
    if size > MAX_MANIFEST_LEN {
        return corrupt(Corruption::TooLarge);
    }
    let manifest = match zstd::bulk::decompress(frame, size as usize) {
        Ok(manifest) => manifest,
        Err(e) => return corrupt(Corruption::Decompression(e.to_string())),
    };
    match postcard::take_from_bytes::<Payload>(&manifest) {
        Ok((payload, [])) => Ok(Payload {
            runtime: runtime.to_vec(),
            ..payload
        }),
        Ok((_, rest)) => corrupt(Corruption::Manifest(format!(
            "{} unexpected bytes after the manifest",
            rest.len()
        ))),
        Err(e) => corrupt(Corruption::Manifest(e.to_string())),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A small but complete payload used across the tests.
    pub(crate) fn sample() -> Payload {
        Payload {
            main: "app.loop".into(),
            modules: vec![
                Module {
                    name: "lib/geometry.loop".into(),
                    code: b"local M = {}\nfunction M.area(w, h) return w * h end\nreturn M\n"
                        .to_vec(),
                    line_map: vec![1, 2, 0],
                    function_lines: vec![2],
                    function_names: vec!["area".into()],
                },
                Module {
                    name: "app.loop".into(),
                    code: b"print(\"hello from loop\")\n".to_vec(),
                    line_map: vec![3],
                    function_lines: vec![],
                    function_names: vec![],
                },
            ],
            libraries: vec![Library {
                name: "mathx".into(),
                file_name: "mathx.so".into(),
                cdefs: "int add(int a, int b);".into(),
                symbols: vec!["add".into()],
                embedded: Some(vec![0x7f, b'E', b'L', b'F', 0, 1, 2, 3]),
            }],
            runtime: b"\x1bLJ not really bytecode".to_vec(),
        }
    }

    #[test]
    fn encode_then_decode_round_trips() {
        let payload = sample();
        assert_eq!(decode(&encode(&payload)).unwrap(), payload);
    }

    #[test]
    fn empty_payload_round_trips() {
        let payload = Payload {
            main: String::new(),
            modules: vec![],
            libraries: vec![],
            runtime: vec![],
        };
        assert_eq!(decode(&encode(&payload)).unwrap(), payload);
    }

    #[test]
    fn large_payload_round_trips() {
        let mut payload = sample();
        let mut state = 1u32;
        let largest = COMPRESSION_LEVELS[COMPRESSION_LEVELS.len() - 1].0;
        let embedded = (0..largest + 1000)
            .map(|_| {
                state = state.wrapping_mul(1_103_515_245).wrapping_add(12345);
                (state >> 16) as u8
            })
            .collect();
        payload.libraries[0].embedded = Some(embedded);
        assert_eq!(decode(&encode(&payload)).unwrap(), payload);
    }

    #[test]
    fn no_single_byte_change_decodes_to_another_payload() {
        let payload = sample();
        let mut blob = encode(&payload);
        // The runtime after the frame is the trailer's CRC-32's to guard.
        let frame_len = blob.len() - payload.runtime.len();
        for at in 0..frame_len {
            for flip in [0x01, 0x80, 0xff] {
                blob[at] ^= flip;
                if let Ok(decoded) = decode(&blob) {
                    assert_eq!(decoded, payload, "byte {at} ^ {flip:#04x}");
                }
                blob[at] ^= flip;
            }
        }
    }

    #[test]
    fn the_runtime_follows_the_frame_as_it_is() {
        let payload = sample();
        let blob = encode(&payload);
        assert!(blob.ends_with(&payload.runtime));
        let frame_len = blob.len() - payload.runtime.len();
        assert_eq!(
            zstd::zstd_safe::find_frame_compressed_size(&blob),
            Ok(frame_len)
        );
    }

    #[test]
    fn garbage_is_corrupt() {
        for blob in [
            &b""[..],
            b"\0",
            b"not zstd at all",
            &[0x28, 0xb5, 0x2f, 0xfd, 0xff],
        ] {
            assert!(matches!(decode(blob), Err(PayloadError::Corrupt(_))));
        }
    }

    #[test]
    fn valid_zstd_of_a_non_manifest_is_corrupt() {
        let blob = zstd::bulk::compress(&[0xff; 64], 3).unwrap();
        assert!(matches!(
            decode(&blob),
            Err(PayloadError::Corrupt(Corruption::Manifest(_)))
        ));
    }
}
