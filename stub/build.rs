//! Links libgcc's unwinder into the stub statically on GNU/Linux.
//!
//! Rust's standard library asks for `-lgcc_s`, the shared libgcc: loading it
//! and running its constructor (which probes the CPU, slow under
//! virtualisation) was a tenth of a bundled hello world's start-up. When the
//! C compiler has the static unwinder `libgcc_eh.a`, a copy of it named
//! `libgcc_s.a` in a folder searched before the system's makes the linker
//! take it instead. Without it the stub links the shared libgcc as usual.
//!
//! The stub binary is a target of the `loopc` package, whose build script
//! links it with `libm-functions.map`.

use std::path::{Path, PathBuf};

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    // The version script for binaries that define LuaJIT's math functions,
    // for the build scripts of packages that depend on this one.
    let map = Path::new(&var("CARGO_MANIFEST_DIR")).join("libm-functions.map");
    println!("cargo:map={}", map.display());
    let static_crt = var("CARGO_CFG_TARGET_FEATURE")
        .split(',')
        .any(|f| f == "crt-static");
    if var("CARGO_CFG_TARGET_OS") != "linux" || var("CARGO_CFG_TARGET_ENV") != "gnu" {
        return;
    }
    if static_crt {
        return;
    }
    let Some(unwinder) = static_unwinder() else {
        println!("cargo:warning=libgcc_eh.a not found: the stub links the shared libgcc_s");
        return;
    };
    let out = PathBuf::from(var("OUT_DIR")).join("static-libgcc");
    let copied = std::fs::create_dir_all(&out)
        .and_then(|()| std::fs::copy(&unwinder, out.join("libgcc_s.a")));
    match copied {
        Ok(_) => println!("cargo:rustc-link-search=native={}", out.display()),
        Err(e) => println!("cargo:warning=cannot copy {}: {e}", unwinder.display()),
    }
}

/// Where the target's C compiler keeps `libgcc_eh.a`, if it has one.
fn static_unwinder() -> Option<PathBuf> {
    let compiler = cc::Build::new()
        .cargo_metadata(false)
        .try_get_compiler()
        .ok()?;
    let output = compiler
        .to_command()
        .arg("-print-file-name=libgcc_eh.a")
        .output()
        .ok()?;
    let path = PathBuf::from(String::from_utf8(output.stdout).ok()?.trim());
    // A compiler that does not know the file prints its bare name back.
    (path.is_absolute() && Path::new(&path).is_file()).then_some(path)
}
