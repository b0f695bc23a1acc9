//! Runs a plain Lua file on the same LuaJIT as the Loop runtime, so benchmarks can compare generated Lua with hand-written Lua.
//!
//! `cargo run --release -p loop-stub --example lua -- bench/fib.lua`

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: lua FILE.lua");
        std::process::exit(2);
    };
    let code = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        eprintln!("cannot read {path}: {e}");
        std::process::exit(1);
    });
    // The Loop runtime's allocator (LuaJIT's own); every library, as hand-written Lua may use any.
    // SAFETY: benchmarks run trusted local Lua files and may use `ffi`.
    let state = unsafe { mlua::ffi::luaL_newstate() };
    // SAFETY: a fresh state, not yet shared.
    unsafe { mlua::ffi::luaL_openlibs(state) };
    // SAFETY: the state stays open for the whole process.
    let lua = unsafe { mlua::Lua::get_or_init_from_ptr(state) };
    if let Err(e) = lua.load(&code).set_name(format!("@{path}")).exec() {
        eprintln!("{e}");
        std::process::exit(1);
    }
    let _ = lua.load("io.stdout:flush()").exec();
}
