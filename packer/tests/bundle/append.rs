//! Stubs that are not ELF: the payload and trailer are appended.

use loop_packer::{FORMAT_VERSION, NoPayloadDetail, PayloadError, attach, extract, inspect_stub};

use crate::common::{
    assert_every_flip_fails, assert_every_truncation_fails, other_payload, small_payload,
};

/// Trailer size and the offset of its version field, from the documented layout.
const TRAILER_LEN: usize = 24;
const VERSION_AT: usize = 8;

/// Something that starts like a PE file (and is not one `object` can parse).
fn fake_pe() -> Vec<u8> {
    let mut pe = b"MZ".to_vec();
    pe.resize(2048, 0x90);
    pe
}

#[test]
fn payload_is_appended_to_a_pe_stub_and_extracted() {
    let stub = fake_pe();
    let payload = small_payload();
    let bundle = attach(&stub, &payload).unwrap();
    assert_eq!(bundle[..stub.len()], stub[..], "the stub is kept as it is");
    assert_eq!(extract(&bundle).unwrap(), payload);
}

#[test]
fn payload_is_appended_to_an_unknown_file() {
    let stub = b"#!/bin/sh\necho not a real stub\n".to_vec();
    let bundle = attach(&stub, &small_payload()).unwrap();
    assert!(bundle.starts_with(&stub));
    assert_eq!(extract(&bundle).unwrap(), small_payload());
}

#[test]
fn attaching_again_replaces_the_payload() {
    let stub = fake_pe();
    let first = attach(&stub, &small_payload()).unwrap();
    let again = attach(&first, &other_payload()).unwrap();
    assert_eq!(again, attach(&stub, &other_payload()).unwrap());
    assert_eq!(extract(&again).unwrap(), other_payload());
}

#[test]
fn a_file_without_payload_has_none() {
    assert_eq!(
        extract(&fake_pe()),
        Err(PayloadError::NoPayload(NoPayloadDetail::NoTrailer))
    );
    assert_eq!(
        extract(b""),
        Err(PayloadError::NoPayload(NoPayloadDetail::NoTrailer))
    );
    let message = extract(&fake_pe()).unwrap_err().to_string();
    assert!(message.contains("carries no Loop program"), "{message}");
}

#[test]
fn a_newer_format_is_refused_with_both_versions() {
    let mut bundle = attach(&fake_pe(), &small_payload()).unwrap();
    let at = bundle.len() - TRAILER_LEN + VERSION_AT;
    bundle[at..at + 4].copy_from_slice(&(FORMAT_VERSION + 1).to_le_bytes());
    let error = extract(&bundle).unwrap_err();
    assert_eq!(
        error,
        PayloadError::NewerVersion {
            found: FORMAT_VERSION + 1,
            supported: FORMAT_VERSION
        }
    );
    let message = error.to_string();
    assert!(message.contains("newer loopc"), "{message}");
    assert!(
        message.contains(&format!("payload format {}", FORMAT_VERSION + 1)),
        "{message}"
    );
}

#[test]
fn every_truncation_is_an_error() {
    assert_every_truncation_fails(&attach(&fake_pe(), &small_payload()).unwrap());
}

#[test]
fn a_cut_inside_the_trailer_says_truncated() {
    let bundle = attach(&fake_pe(), &small_payload()).unwrap();
    let error = extract(&bundle[..bundle.len() - 3]).unwrap_err();
    assert!(matches!(error, PayloadError::Truncated { .. }), "{error:?}");
    assert!(error.to_string().contains("truncated"), "{error}");
}

#[test]
fn every_byte_flip_of_the_payload_is_an_error() {
    let stub = fake_pe();
    let bundle = attach(&stub, &small_payload()).unwrap();
    assert_every_flip_fails(&bundle, stub.len()..bundle.len());
}

#[test]
fn a_pe_without_identity_or_structure_is_not_a_stub() {
    assert!(inspect_stub(&fake_pe()).is_err());
}
