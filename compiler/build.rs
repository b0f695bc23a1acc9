//! On GNU/Linux, links this package's binaries, `loopc` and the runner stub
//! `loop-stub`, with the stub's `libm-functions.map`, which keeps the math
//! functions they define for LuaJIT (see `loop_stub::libm_functions!`) out
//! of their dynamic symbol tables.

fn main() {
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    if var("CARGO_CFG_TARGET_OS") != "linux" || var("CARGO_CFG_TARGET_ENV") != "gnu" {
        return;
    }
    let map = std::path::Path::new(&var("CARGO_MANIFEST_DIR")).join("../stub/libm-functions.map");
    println!("cargo:rerun-if-changed={}", map.display());
    println!(
        "cargo:rustc-link-arg-bins=-Wl,--version-script={}",
        map.display()
    );
}
