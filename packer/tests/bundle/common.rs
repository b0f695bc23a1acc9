//! Payloads, stubs and checks shared by the bundle tests.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::process::Command;

use loop_packer::{Library, Module, Payload, extract};

/// A small payload: small enough to flip every byte of, complete enough to
/// cover every field.
pub fn small_payload() -> Payload {
    Payload {
        main: "app.loop".into(),
        modules: vec![
            Module {
                name: "lib/geometry.loop".into(),
                code: b"local M = {}\nfunction M.area(w, h) return w * h end\nreturn M\n".to_vec(),
                line_map: vec![1, 2, 0],
                function_lines: vec![2],
                function_names: vec!["area".into()],
            },
            Module {
                name: "app.loop".into(),
                code: b"print(\"hi\")\n".to_vec(),
                line_map: vec![4],
                function_lines: vec![],
                function_names: vec![],
            },
        ],
        libraries: vec![Library {
            name: "mathx".into(),
            file_name: "mathx.so".into(),
            cdefs: "int add(int a, int b);".into(),
            symbols: vec!["add".into()],
            embedded: Some(b"\x7fELF not really a library".to_vec()),
        }],
        runtime: Vec::new(),
    }
}

/// Another payload, to check that attaching replaces an earlier one.
pub fn other_payload() -> Payload {
    Payload {
        main: "other.loop".into(),
        modules: vec![Module {
            name: "other.loop".into(),
            code: b"print(2)\n".to_vec(),
            line_map: vec![1],
            function_lines: vec![],
            function_names: vec![],
        }],
        libraries: vec![],
        runtime: vec![],
    }
}

/// Builds a C hello world with `cc` in `dir`; `None` (and a note on stderr)
/// when there is no working C compiler.
pub fn hello_elf(dir: &Path) -> Option<PathBuf> {
    let source = dir.join("hello.c");
    let exe = dir.join("hello");
    std::fs::write(
        &source,
        "#include <stdio.h>\nint main(void) { puts(\"hello\"); return 0; }\n",
    )
    .unwrap();
    match Command::new("cc").arg(&source).arg("-o").arg(&exe).status() {
        Ok(status) if status.success() => Some(exe),
        _ => {
            eprintln!("skipped: no working `cc` to build an ELF stub");
            None
        }
    }
}

/// Whether `tool` can be run at all.
pub fn have(tool: &str) -> bool {
    Command::new(tool).arg("--version").output().is_ok()
}

/// Cutting `bundle` short at any length must give an error, never a panic
/// and never a payload.
pub fn assert_every_truncation_fails(bundle: &[u8]) {
    for len in 0..bundle.len() {
        assert!(
            extract(&bundle[..len]).is_err(),
            "truncated to {len} of {} bytes, extract still succeeded",
            bundle.len()
        );
    }
}

/// Changing any single byte of `region` of `bundle` must give an error,
/// never a payload (least of all a different one).
pub fn assert_every_flip_fails(bundle: &[u8], region: Range<usize>) {
    let mut damaged = bundle.to_vec();
    for at in region {
        for flip in [0x01, 0x80, 0xff] {
            damaged[at] ^= flip;
            let result = extract(&damaged);
            assert!(
                result.is_err(),
                "byte {at} ^ {flip:#04x}: extract gave {result:?}"
            );
            damaged[at] ^= flip;
        }
    }
    assert_eq!(damaged, bundle);
}
