//! The stub marker: bytes that only the `loop-stub` binary carries, so that
//! `loopc bundle --stub PATH` can refuse any other executable.
//!
//! The marker is kept here only XOR-masked ([`MASKED_MARKER`]). The stub
//! embeds the unmasked bytes through [`stub_marker!`](crate::stub_marker),
//! which unmasks at compile time; this crate unmasks at run time behind
//! [`std::hint::black_box`], so the compiler cannot fold the marker back
//! into a constant and the literal marker never appears in `loopc` or any
//! other binary that only links this crate.

/// Length of the marker in bytes.
#[doc(hidden)]
pub const MARKER_LEN: usize = 32;

/// The byte every marker byte is XORed with.
const MASK: u8 = 0xA5;

/// The marker, XOR-masked with [`MASK`].
#[doc(hidden)]
pub const MASKED_MARKER: [u8; MARKER_LEN] =
    mask(*b"\0loop-stub:runner-marker:v1\0\x8e\x2b\xd1\x57");

/// XORs every byte with [`MASK`] (its own inverse). Used at compile time by
/// [`stub_marker!`](crate::stub_marker); not meant to be called directly.
#[doc(hidden)]
pub const fn mask(mut bytes: [u8; MARKER_LEN]) -> [u8; MARKER_LEN] {
    let mut i = 0;
    while i < MARKER_LEN {
        bytes[i] ^= MASK;
        i += 1;
    }
    bytes
}

/// Embeds the stub marker in the binary being built. Only the `loop-stub`
/// binary calls it, as the first statement of its `fn main`:
///
/// ```
/// loop_packer::stub_marker!();
/// ```
///
/// It expands to a `#[used]` static holding the marker, which is also passed
/// through [`std::hint::black_box`] so neither the compiler nor the linker
/// drops it. It costs nothing at run time. Do not call it from a library:
/// every binary linking that library would then pass for a stub.
#[macro_export]
macro_rules! stub_marker {
    () => {{
        #[used]
        static LOOP_STUB_MARKER: [u8; $crate::MARKER_LEN] = $crate::mask($crate::MASKED_MARKER);
        ::std::hint::black_box(&LOOP_STUB_MARKER);
    }};
}

/// The marker, unmasked at run time.
pub(crate) fn marker() -> [u8; MARKER_LEN] {
    let mask = std::hint::black_box(MASK);
    MASKED_MARKER.map(|byte| byte ^ mask)
}

/// Whether `bytes` contain the stub marker anywhere.
pub(crate) fn contains_marker(bytes: &[u8]) -> bool {
    let marker = marker();
    bytes
        .windows(MARKER_LEN)
        .any(|window| window[0] == marker[0] && window == marker)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masked_constant_is_not_the_marker() {
        let marker = marker();
        assert_ne!(MASKED_MARKER, marker);
        assert!(MASKED_MARKER.iter().zip(&marker).all(|(m, b)| m != b));
        assert_eq!(mask(MASKED_MARKER), marker);
    }

    #[test]
    fn marker_is_found_anywhere_in_a_buffer() {
        let marker = marker();
        for at in [0, 1, 1000] {
            let mut bytes = vec![0x90; at];
            bytes.extend_from_slice(&marker);
            bytes.extend_from_slice(&[0x90; 7]);
            assert!(contains_marker(&bytes), "marker at {at}");
        }
        let mut almost = marker.to_vec();
        almost[MARKER_LEN - 1] ^= 1;
        assert!(!contains_marker(&almost));
        assert!(!contains_marker(&marker[1..]));
        assert!(!contains_marker(b""));
    }

    #[test]
    fn this_test_binary_does_not_contain_the_marker() {
        let exe = std::env::current_exe().unwrap();
        let bytes = std::fs::read(&exe).unwrap();
        assert!(
            !contains_marker(&bytes),
            "{} holds the marker",
            exe.display()
        );
        let masked_found = bytes
            .windows(MARKER_LEN)
            .any(|window| window == MASKED_MARKER);
        assert!(
            masked_found,
            "the masked marker should be in the binary, or this test checks nothing"
        );
    }
}
