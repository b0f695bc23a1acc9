//! A binary that calls `stub_marker!` (as `loop-stub`'s `main` does) is
//! accepted by `inspect_stub`. This is a test binary of its own, so that the
//! library's unit-test binary stays free of the marker (which its own test
//! checks).

use loop_packer::{ExecutableFormat, inspect_stub};

#[test]
fn a_binary_with_the_marker_is_a_stub() {
    loop_packer::stub_marker!();
    let exe = std::fs::read(std::env::current_exe().unwrap()).unwrap();
    let info = inspect_stub(&exe).unwrap();
    if cfg!(target_os = "linux") {
        assert_eq!(info.format, ExecutableFormat::Elf);
        assert_eq!(info.os, "Linux");
        assert_eq!(info.library_extension(), ".so");
    }
    assert_eq!(info.architecture, std::env::consts::ARCH);
}
