//! How `loopc` and the runner stub are linked on GNU/Linux: they define
//! C's math functions for LuaJIT themselves (`loop_stub::libm_functions!`),
//! so they do not need `libm.so.6` at start-up, and they keep those
//! functions private, so C libraries that programs load get glibc's.
#![cfg(all(target_os = "linux", target_env = "gnu"))]

use object::read::elf::{Dyn, ElfFile64, SectionHeader};
use object::{Object, ObjectSymbol, elf};

/// The math functions the executables define (and `libm-functions.map` lists).
const MATH: [&str; 18] = [
    "acos", "asin", "atan", "atan2", "cos", "cosh", "exp", "frexp", "ldexp", "log", "log10",
    "log2", "modf", "pow", "sin", "sinh", "tan", "tanh",
];

/// The `DT_NEEDED` libraries of the ELF executable `data`.
fn needed_libraries(data: &[u8]) -> Vec<String> {
    let file = ElfFile64::<object::Endianness>::parse(data).expect("an ELF executable");
    let endian = file.endian();
    let sections = file.elf_section_table();
    let (dynamic, strings_index) = sections
        .iter()
        .find_map(|section| section.dynamic(endian, data).ok().flatten())
        .expect("a dynamic section");
    let strings = sections
        .strings(endian, data, strings_index)
        .expect("the dynamic string table");
    dynamic
        .iter()
        .filter(|entry| entry.d_tag(endian) == elf::DT_NEEDED)
        .map(|entry| {
            let name = strings
                .get(entry.d_val(endian) as u32)
                .expect("a library name");
            String::from_utf8_lossy(name).into_owned()
        })
        .collect()
}

fn check(path: &std::path::Path) {
    let data = std::fs::read(path).expect("the executable reads");
    let needed = needed_libraries(&data);
    assert!(
        !needed.iter().any(|n| n.starts_with("libm.")),
        "{} needs {needed:?}",
        path.display()
    );
    let file = object::File::parse(&*data).expect("an executable");
    let exported: Vec<String> = file
        .dynamic_symbols()
        .filter(|s| s.is_definition())
        .filter_map(|s| s.name().ok().map(str::to_string))
        .filter(|name| MATH.contains(&name.as_str()))
        .collect();
    assert!(
        exported.is_empty(),
        "{} exports {exported:?}",
        path.display()
    );
}

#[test]
fn loopc_needs_no_libm_and_exports_no_math_functions() {
    check(loop_test_support::loopc());
}

#[test]
fn the_stub_needs_no_libm_and_exports_no_math_functions() {
    check(loop_test_support::loop_stub());
}
