//! `loopc bundle --stub` with a stub for another platform: the payload gets
//! Lua source (the stub's LuaJIT may differ from loopc's, so no bytecode),
//! and C libraries that platform's file names.
#![cfg(target_os = "linux")]

mod common;

use std::path::Path;

use common::{build_c_library, c_fixture, loop_stub, run_loopc, scratch};
use loop_packer::Payload;

const LIMIT: std::time::Duration = std::time::Duration::from_secs(60);

/// A program printing a line.
const PROGRAM: &str = "println(\"hello\")\n";

/// A minimal 64-bit Windows executable for x86_64 with the identity section
/// of a Windows build of `loop-stub` with loopc's runtime and LuaJIT.
fn windows_stub() -> Vec<u8> {
    pe_stub(loop_stub::STUB_IDENTITY)
}

/// A minimal 64-bit Windows executable for x86_64 with `identity` as its
/// identity section.
fn pe_stub(identity: [u8; loop_packer::IDENTITY_LEN]) -> Vec<u8> {
    use object::pe;
    use object::write::pe::{NtHeaders, Writer};
    let name: [u8; 8] = loop_packer::SECTION_NAME
        .as_bytes()
        .try_into()
        .expect("a PE section name of 8 bytes");
    let mut bytes = Vec::new();
    let mut writer = Writer::new(true, 0x1000, 0x200, &mut bytes);
    writer.reserve_dos_header_and_stub();
    writer.reserve_nt_headers(16);
    writer.reserve_section_headers(1);
    let section = writer.reserve_section(
        name,
        pe::IMAGE_SCN_CNT_INITIALIZED_DATA | pe::IMAGE_SCN_MEM_READ,
        identity.len() as u32,
        identity.len() as u32,
    );
    writer.write_dos_header_and_stub().expect("a DOS header");
    writer.write_nt_headers(NtHeaders {
        machine: pe::IMAGE_FILE_MACHINE_AMD64,
        time_date_stamp: 0,
        characteristics: pe::IMAGE_FILE_EXECUTABLE_IMAGE | pe::IMAGE_FILE_LARGE_ADDRESS_AWARE,
        major_linker_version: 14,
        minor_linker_version: 0,
        address_of_entry_point: 0,
        image_base: 0x1_4000_0000,
        major_operating_system_version: 6,
        minor_operating_system_version: 0,
        major_image_version: 0,
        minor_image_version: 0,
        major_subsystem_version: 6,
        minor_subsystem_version: 0,
        subsystem: pe::IMAGE_SUBSYSTEM_WINDOWS_CUI,
        dll_characteristics: pe::DllFlags(0),
        size_of_stack_reserve: 0x10_0000,
        size_of_stack_commit: 0x1000,
        size_of_heap_reserve: 0x10_0000,
        size_of_heap_commit: 0x1000,
    });
    writer.write_section_headers();
    writer.write_section(section.file_offset, &identity);
    bytes
}

/// This platform's stub, claiming to be for 64-bit ARM (its ELF
/// `e_machine` changed).
fn arm_stub() -> Vec<u8> {
    let mut bytes = std::fs::read(loop_stub()).expect("the stub reads");
    assert_eq!(&bytes[..4], b"\x7fELF");
    bytes[18..20].copy_from_slice(&object::elf::EM_AARCH64.0.to_le_bytes());
    bytes
}

/// Bundles `main` in `dir` with the stub file `stub` and gives the payload.
fn bundle_with(dir: &Path, main: &str, stub: &str) -> Payload {
    let args = ["bundle", main, "-o", "app.out", "--stub", stub];
    let outcome = run_loopc(&args, dir, b"", LIMIT);
    assert_eq!(outcome.code, Some(0), "{stub}: {outcome:?}");
    let bundle = std::fs::read(dir.join("app.out")).expect("the bundle reads");
    loop_packer::extract(&bundle).expect("the payload reads back")
}

/// The runtime and every module are Lua source, not LuaJIT bytecode.
fn assert_source(payload: &Payload) {
    assert!(
        !payload.runtime.starts_with(b"\x1bLJ"),
        "runtime is bytecode"
    );
    let runtime = String::from_utf8(payload.runtime.clone()).expect("Lua source");
    assert!(runtime.contains("local R = {}"), "{runtime}");
    for module in &payload.modules {
        let code = std::str::from_utf8(&module.code).expect("Lua source");
        assert!(code.starts_with("local _L"), "{}: {code}", module.name);
    }
}

#[test]
fn a_windows_stub_gets_lua_source_and_dll_libraries() {
    let dir = scratch(&[
        ("app.loop", PROGRAM.as_bytes()),
        ("ffi.loop", b"import \"scale\" as s\nprintln(s.twice(21))\n"),
    ]);
    build_c_library(&c_fixture("scale"), &dir.path().join("scale.so"));
    std::fs::write(dir.path().join("loop-stub.exe"), windows_stub()).unwrap();
    let payload = bundle_with(dir.path(), "app.loop", "loop-stub.exe");
    assert_source(&payload);
    let payload = bundle_with(dir.path(), "ffi.loop", "loop-stub.exe");
    assert_source(&payload);
    let names: Vec<&str> = payload
        .libraries
        .iter()
        .map(|l| l.file_name.as_str())
        .collect();
    assert_eq!(names, ["scale.dll"]);
}

#[test]
fn a_stub_for_another_architecture_gets_lua_source() {
    let dir = scratch(&[("app.loop", PROGRAM.as_bytes())]);
    std::fs::write(dir.path().join("arm-stub"), arm_stub()).unwrap();
    assert_source(&bundle_with(dir.path(), "app.loop", "arm-stub"));
}

#[test]
fn this_platforms_stub_gets_bytecode() {
    let dir = scratch(&[("app.loop", PROGRAM.as_bytes())]);
    std::fs::copy(loop_stub(), dir.path().join("my-stub")).unwrap();
    let payload = bundle_with(dir.path(), "app.loop", "my-stub");
    assert!(payload.runtime.starts_with(b"\x1bLJ"));
    assert!(
        payload
            .modules
            .iter()
            .all(|m| m.code.starts_with(b"\x1bLJ"))
    );
}

#[test]
fn a_stub_for_another_payload_format_is_refused() {
    let dir = scratch(&[("app.loop", PROGRAM.as_bytes())]);
    let mut identity = loop_stub::STUB_IDENTITY;
    // The payload format, after the 8-byte magic.
    let older = loop_packer::FORMAT_VERSION - 1;
    identity[8..12].copy_from_slice(&older.to_le_bytes());
    std::fs::write(dir.path().join("old-stub.exe"), pe_stub(identity)).unwrap();
    let args = [
        "bundle",
        "app.loop",
        "-o",
        "app.out",
        "--stub",
        "old-stub.exe",
    ];
    let outcome = run_loopc(&args, dir.path(), b"", LIMIT);
    assert_eq!(outcome.code, Some(1), "{outcome:?}");
    assert!(
        outcome.stderr.contains(&format!(
            "it reads payload format {older}, this loopc writes format {}",
            loop_packer::FORMAT_VERSION
        )),
        "{}",
        outcome.stderr
    );
    assert!(!dir.path().join("app.out").exists());
}
