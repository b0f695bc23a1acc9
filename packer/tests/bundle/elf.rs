//! ELF stubs: the payload lives in the `.loop_payload` section, the bundle
//! still runs, and the payload survives `strip`.

use std::ops::Range;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use loop_packer::{Corruption, NoPayloadDetail, PayloadError, attach, extract};
use object::{Object, ObjectSection};

use loop_test_support::{have_tool, run_command};

use crate::common::{
    assert_every_flip_fails, assert_every_truncation_fails, hello_elf, other_payload, small_payload,
};

/// The file range of the `.loop_payload` section, and how many there are.
fn payload_sections(elf: &[u8]) -> (Option<Range<usize>>, usize) {
    let file = object::File::parse(elf).unwrap();
    let sections: Vec<_> = file
        .sections()
        .filter(|s| s.name() == Ok(".loop_payload"))
        .collect();
    let range = sections.first().map(|section| {
        let (offset, size) = section.file_range().unwrap();
        offset as usize..(offset + size) as usize
    });
    (range, sections.len())
}

fn write_executable(path: &Path, bytes: &[u8]) {
    std::fs::write(path, bytes).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

fn run(path: &Path) -> String {
    let output = run_command(Command::new(path), b"", Duration::from_secs(60));
    assert_eq!(
        output.code,
        Some(0),
        "{} failed: {output:?}",
        path.display()
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn bundle_runs_and_its_payload_survives_strip() {
    let dir = tempfile::tempdir().unwrap();
    let Some(hello) = hello_elf(dir.path()) else {
        return;
    };
    let stub = std::fs::read(&hello).unwrap();
    let payload = small_payload();
    let bundle = attach(&stub, &payload).unwrap();
    let (range, count) = payload_sections(&bundle);
    assert_eq!(count, 1);
    assert!(range.is_some());
    assert_eq!(extract(&bundle).unwrap(), payload);

    let bundled = dir.path().join("bundled");
    write_executable(&bundled, &bundle);
    assert_eq!(run(&bundled), "hello\n");

    if !have_tool("strip") {
        eprintln!("skipped the strip check: no `strip`");
        return;
    }
    let status = Command::new("strip").arg(&bundled).status().unwrap();
    assert!(status.success());
    let stripped = std::fs::read(&bundled).unwrap();
    assert_ne!(
        stripped, bundle,
        "strip changed nothing, so this checks nothing"
    );
    assert_eq!(extract(&stripped).unwrap(), payload);
    assert_eq!(run(&bundled), "hello\n");
}

#[test]
fn attaching_again_replaces_the_section() {
    let dir = tempfile::tempdir().unwrap();
    let Some(hello) = hello_elf(dir.path()) else {
        return;
    };
    let stub = std::fs::read(&hello).unwrap();
    let first = attach(&stub, &small_payload()).unwrap();
    let again = attach(&first, &other_payload()).unwrap();
    assert_eq!(payload_sections(&again).1, 1);
    assert_eq!(extract(&again).unwrap(), other_payload());
    let rebundled = dir.path().join("rebundled");
    write_executable(&rebundled, &again);
    assert_eq!(run(&rebundled), "hello\n");
}

#[test]
fn an_elf_without_the_section_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let Some(hello) = hello_elf(dir.path()) else {
        return;
    };
    let error = extract(&std::fs::read(&hello).unwrap()).unwrap_err();
    assert_eq!(
        error,
        PayloadError::NoPayload(NoPayloadDetail::ElfSectionMissing)
    );
    assert!(error.to_string().contains("bare runner stub"), "{error}");
}

#[test]
fn an_elf_without_section_headers_may_have_been_stripped() {
    let dir = tempfile::tempdir().unwrap();
    let Some(hello) = hello_elf(dir.path()) else {
        return;
    };
    let mut bundle = attach(&std::fs::read(&hello).unwrap(), &small_payload()).unwrap();
    assert_eq!(&bundle[4..6], [2, 1], "a 64-bit little-endian ELF");
    bundle[0x28..0x30].fill(0); // e_shoff
    bundle[0x3c..0x40].fill(0); // e_shnum, e_shstrndx
    let error = extract(&bundle).unwrap_err();
    assert_eq!(
        error,
        PayloadError::NoPayload(NoPayloadDetail::ElfSectionHeadersUnreadable)
    );
    assert!(error.to_string().contains("stripped or damaged"), "{error}");
}

#[test]
fn every_truncation_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let Some(hello) = hello_elf(dir.path()) else {
        return;
    };
    let bundle = attach(&std::fs::read(&hello).unwrap(), &small_payload()).unwrap();
    assert_every_truncation_fails(&bundle);
    // Cut right after the section, the file ends with a valid trailer.
    let section_end = payload_sections(&bundle).0.unwrap().end;
    let error = extract(&bundle[..section_end]).unwrap_err();
    assert!(matches!(error, PayloadError::Truncated { .. }), "{error:?}");
}

#[test]
fn every_byte_flip_of_the_section_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let Some(hello) = hello_elf(dir.path()) else {
        return;
    };
    let bundle = attach(&std::fs::read(&hello).unwrap(), &small_payload()).unwrap();
    let (range, _) = payload_sections(&bundle);
    assert_every_flip_fails(&bundle, range.unwrap());
}

#[test]
fn a_section_header_pointing_past_the_end_is_damage_not_truncation() {
    let dir = tempfile::tempdir().unwrap();
    let Some(hello) = hello_elf(dir.path()) else {
        return;
    };
    let mut bundle = attach(&std::fs::read(&hello).unwrap(), &small_payload()).unwrap();
    assert_eq!(&bundle[4..6], [2, 1], "a 64-bit little-endian ELF");
    let index = object::File::parse(&*bundle)
        .unwrap()
        .section_by_name(".loop_payload")
        .unwrap()
        .index()
        .0;
    let shoff = u64::from_le_bytes(bundle[0x28..0x30].try_into().unwrap()) as usize;
    let size_at = shoff + index * 64 + 0x20; // sh_size of an Elf64_Shdr
    bundle[size_at..size_at + 8].copy_from_slice(&(1u64 << 40).to_le_bytes());
    assert_eq!(
        extract(&bundle),
        Err(PayloadError::Corrupt(Corruption::SectionOutOfBounds))
    );
}
