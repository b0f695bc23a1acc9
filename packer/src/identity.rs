//! The stub's identity: a small section that only the `loop-stub` binary
//! has, saying that it is a stub and what it runs, so that `loopc bundle
//! --stub PATH` can refuse any other executable and knows whether the stub
//! runs the bytecode `loopc` makes.
//!
//! The layout is in the crate docs ("Stub identity").

/// The name of the section that holds a stub's identity.
pub const SECTION_NAME: &str = ".loopstb";

/// Length of the identity in bytes.
pub const IDENTITY_LEN: usize = 64;

/// Length of a runtime identifier, in hex digits.
pub const RUNTIME_ID_LEN: usize = 16;

const MAGIC: [u8; 8] = *b"LoopStub";
const FORMAT_AT: usize = 8;
const RUNTIME_AT: usize = 12;
const LUAJIT_AT: usize = RUNTIME_AT + RUNTIME_ID_LEN;

/// What a stub's identity section says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StubIdentity {
    /// The payload format the stub reads.
    pub payload_format: u32,
    /// The identifier of the runtime prelude the stub was built with.
    pub runtime_id: String,
    /// The LuaJIT version the stub runs, as `jit.version` gives it.
    pub luajit: String,
}

/// The identity section's bytes for a stub built with the runtime
/// `runtime_id` on `luajit` (layout in the crate docs). Fails to compile (in a
/// `const`) if `luajit` is longer than 36 bytes.
pub const fn identity(runtime_id: &[u8; RUNTIME_ID_LEN], luajit: &str) -> [u8; IDENTITY_LEN] {
    let mut out = [0u8; IDENTITY_LEN];
    let mut i = 0;
    while i < MAGIC.len() {
        out[i] = MAGIC[i];
        i += 1;
    }
    let format = crate::FORMAT_VERSION.to_le_bytes();
    let mut i = 0;
    while i < format.len() {
        out[FORMAT_AT + i] = format[i];
        i += 1;
    }
    let mut i = 0;
    while i < RUNTIME_ID_LEN {
        out[RUNTIME_AT + i] = runtime_id[i];
        i += 1;
    }
    let luajit = luajit.as_bytes();
    assert!(
        luajit.len() <= IDENTITY_LEN - LUAJIT_AT,
        "LuaJIT version too long"
    );
    let mut i = 0;
    while i < luajit.len() {
        out[LUAJIT_AT + i] = luajit[i];
        i += 1;
    }
    out
}

/// Reads an identity section's contents; `None` if they are not one.
pub(crate) fn read(section: &[u8]) -> Option<StubIdentity> {
    let bytes = section.get(..IDENTITY_LEN)?;
    if bytes[..MAGIC.len()] != MAGIC {
        return None;
    }
    let format = bytes[FORMAT_AT..RUNTIME_AT].try_into().ok()?;
    let runtime_id = std::str::from_utf8(&bytes[RUNTIME_AT..LUAJIT_AT]).ok()?;
    let luajit = &bytes[LUAJIT_AT..];
    let luajit_len = luajit.iter().position(|&b| b == 0).unwrap_or(luajit.len());
    Some(StubIdentity {
        payload_format: u32::from_le_bytes(format),
        runtime_id: runtime_id.to_string(),
        luajit: std::str::from_utf8(&luajit[..luajit_len]).ok()?.to_string(),
    })
}

/// Puts a stub's identity section into the binary being built. Only the
/// `loop-stub` binary calls it, in its `main`, with the bytes of
/// [`identity`]:
///
/// ```
/// loop_packer::stub_identity!(loop_packer::identity(b"0123456789abcdef", "LuaJIT 2.1"));
/// ```
///
/// It expands to a `#[used]` static in the section, which is also passed
/// through [`std::hint::black_box`] so that neither the compiler nor the
/// linker drops it. Do not call it from a library: every binary linking
/// that library would then pass for a stub.
#[macro_export]
macro_rules! stub_identity {
    ($identity:expr) => {{
        // SAFETY: the section holds only this static, which nothing reads
        // through a symbol of another type.
        #[cfg_attr(target_vendor = "apple", unsafe(link_section = "__DATA,__loopstb"))]
        #[cfg_attr(not(target_vendor = "apple"), unsafe(link_section = ".loopstb"))]
        #[used]
        static LOOP_STUB_IDENTITY: [u8; $crate::IDENTITY_LEN] = $identity;
        ::std::hint::black_box(&LOOP_STUB_IDENTITY);
    }};
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_identity_reads_back() {
        let bytes = identity(b"0123456789abcdef", "LuaJIT 2.1.1788856981");
        assert_eq!(&bytes[..8], b"LoopStub");
        assert_eq!(
            read(&bytes),
            Some(StubIdentity {
                payload_format: crate::FORMAT_VERSION,
                runtime_id: "0123456789abcdef".into(),
                luajit: "LuaJIT 2.1.1788856981".into(),
            })
        );
        // A section padded after the identity (PE aligns its sections).
        let mut padded = bytes.to_vec();
        padded.resize(512, 0);
        assert_eq!(read(&padded), read(&bytes));
    }

    #[test]
    fn other_contents_are_not_an_identity() {
        let bytes = identity(b"0123456789abcdef", "LuaJIT");
        assert_eq!(read(&bytes[..IDENTITY_LEN - 1]), None);
        let mut other = bytes;
        other[0] ^= 1;
        assert_eq!(read(&other), None);
        assert_eq!(read(&[0; IDENTITY_LEN]), None);
    }

    #[test]
    fn the_section_name_fits_a_pe_section_header() {
        assert!(SECTION_NAME.len() <= 8);
    }
}
