//! On GNU/Linux, links this package's binaries, `loopc` and the runner stub
//! `loop-stub`, with the stub's `libm-functions.map`, which keeps the math
//! functions they define for LuaJIT (see `loop_stub::libm_functions!`) out
//! of their dynamic symbol tables.

fn main() {
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    if var("CARGO_CFG_TARGET_OS") != "linux" || var("CARGO_CFG_TARGET_ENV") != "gnu" {
        return;
    }
    // Given by loop-stub's build script (its `links` key).
    let map = var("DEP_LOOP_STUB_LIBM_MAP");
    println!("cargo:rerun-if-changed={map}");
    println!("cargo:rustc-link-arg-bins=-Wl,--version-script={map}");
}
