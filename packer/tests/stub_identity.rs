//! A binary that calls `stub_identity!` (as `loop-stub`'s `main` does) is
//! accepted by `inspect_stub`, which reads back what it put there. This is
//! a test binary of its own, so that the library's unit-test binary stays
//! without the section (which its own test checks).

use loop_packer::{ExecutableFormat, FORMAT_VERSION, identity, inspect_stub};

#[test]
fn a_binary_with_the_identity_section_is_a_stub() {
    loop_packer::stub_identity!(identity(b"0123456789abcdef", "LuaJIT 2.1.test"));
    let exe = std::fs::read(std::env::current_exe().unwrap()).unwrap();
    let info = inspect_stub(&exe).unwrap();
    if cfg!(target_os = "linux") {
        assert_eq!(info.format, ExecutableFormat::Elf);
        assert_eq!(info.os, "Linux");
        assert_eq!(info.platform().library_extension(), "so");
    }
    assert_eq!(info.architecture, std::env::consts::ARCH);
    assert_eq!(info.identity.runtime_id, "0123456789abcdef");
    assert_eq!(info.identity.luajit, "LuaJIT 2.1.test");
    assert_eq!(info.identity.payload_format, FORMAT_VERSION);
}
