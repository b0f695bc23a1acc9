//! Creating the Lua state, installing the prelude, declaring C libraries,
//! and running the main module under the prelude's protected entry point.

use loop_packer::Payload;
use mlua::{Function, Lua, Table, Value};

use crate::libraries::LibraryFile;
use crate::report::{Frame, report_error};

const PRELUDE: &str = include_str!("prelude.lua");

/// Identifies this runtime prelude inside a stub executable: the stub keeps
/// these bytes (not the prelude itself, which comes with each payload), and
/// `loopc bundle` looks for them before shipping bytecode for it.
static RUNTIME_ID: [u8; 32] = runtime_id();

const fn runtime_id() -> [u8; 32] {
    // FNV-1a over the prelude text, written as 16 hex digits.
    let text = PRELUDE.as_bytes();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut i = 0;
    while i < text.len() {
        hash = (hash ^ text[i] as u64).wrapping_mul(0x0100_0000_01b3);
        i += 1;
    }
    let mut id = *b"loop-runtime-id:0000000000000000";
    let mut k = 0;
    while k < 16 {
        let digit = ((hash >> (60 - 4 * k)) & 0xf) as u8;
        id[16 + k] = if digit < 10 {
            b'0' + digit
        } else {
            b'a' + digit - 10
        };
        k += 1;
    }
    id
}

/// The runtime prelude's Lua source, for a payload that `loopc run` runs
/// or that goes to a stub of another platform.
pub fn runtime_source() -> &'static str {
    PRELUDE
}

/// The Lua name under which a C function of library `index` is bound; the
/// compiler declares it with `__asm__("symbol")` in that library's cdefs.
pub fn lua_alias(index: usize, symbol: &str) -> String {
    format!("_Llib{index}_{symbol}")
}

/// Compiles the Lua chunk `code` to LuaJIT bytecode (with line numbers, for
/// error reports) without running it; gives LuaJIT's message when it does
/// not load.
pub fn compile_lua(name: &str, code: &str) -> Result<Vec<u8>, String> {
    with_compiler(|lua| {
        lua.load(code)
            .set_name(format!("={name}"))
            .into_function()
            .map(|f| f.dump(false))
            .map_err(|e| e.to_string())
    })
}

/// The runtime prelude as LuaJIT bytecode, to ship in a payload; without
/// debug information (error reports name Loop lines, never the prelude's).
pub fn runtime_bytecode() -> Vec<u8> {
    with_compiler(|lua| {
        lua.load(PRELUDE)
            .set_name(format!("={RUNTIME_NAME}"))
            .into_function()
            .expect("the runtime prelude compiles")
            .dump(true)
    })
}

/// Whether the stub executable `stub` runs bytecode made here: it carries
/// this runtime's identifier and this LuaJIT version.
pub fn runs_our_bytecode(stub: &[u8]) -> bool {
    let version: Option<String> =
        with_compiler(|lua| lua.load("return jit and jit.version").eval().ok().flatten());
    let contains = |needle: &[u8]| memchr::memmem::find(stub, needle).is_some();
    version.is_some_and(|v| contains(v.as_bytes())) && contains(&RUNTIME_ID)
}

/// Runs `f` with this thread's Lua state for compiling chunks (never for
/// running programs).
fn with_compiler<R>(f: impl FnOnce(&Lua) -> R) -> R {
    thread_local! {
        static LUA: Lua = Lua::new();
    }
    LUA.with(f)
}

const RUNTIME_NAME: &str = "loop runtime";

/// Runs `payload` with command-line `args`; `libraries` gives the file of
/// each of its C libraries. Returns the process exit status, or the error
/// that kept the program from starting (a C library that cannot be loaded
/// or lacks a symbol, a module that does not load), for the caller to
/// report as `error: {program}: {message}` with exit status 1.
pub fn run(payload: &Payload, args: &[String], libraries: &[LibraryFile]) -> Result<i32, String> {
    // A state with LuaJIT's own allocator (mlua would install the Rust global
    // allocator, which is much slower for Loop's many small tables). It lives
    // as long as the process.
    let state = unsafe { mlua::ffi::luaL_newstate() };
    if state.is_null() {
        return Err("cannot create the Lua state: out of memory".into());
    }
    // SAFETY: `state` is a fresh Lua state.
    unsafe { open_libraries(state) };
    let lua: &Lua = unsafe { Lua::get_or_init_from_ptr(state) };
    // Start-up allocates only what lives as long as the program: collecting
    // garbage before the program runs would find none.
    lua.gc_stop();
    std::hint::black_box(&RUNTIME_ID);
    let runtime: Table = lua
        .load(&payload.runtime[..])
        .set_name(format!("={RUNTIME_NAME}"))
        .eval()
        .map_err(|e| format!("runtime failed to start: {e}"))?;
    runtime
        .set("argv", args.to_vec())
        .map_err(|e| e.to_string())?;
    if !payload.libraries.is_empty() {
        crate::libm_functions::load_for_c_libraries();
        open_ffi(lua, &runtime)?;
    }
    for (index, (library, path)) in payload.libraries.iter().zip(libraries).enumerate() {
        load_library(&runtime, index, library, path)?;
    }
    let register: Function = runtime.get("register").map_err(|e| e.to_string())?;
    for module in &payload.modules {
        let chunk = lua
            .load(&module.code[..])
            .set_name(format!("={}", module.name))
            .into_function()
            .map_err(|e| format!("module {} does not load: {e}", module.name))?;
        register
            .call::<()>((module.name.as_str(), chunk))
            .map_err(|e| e.to_string())?;
    }
    let run: Function = runtime.get("run").map_err(|e| e.to_string())?;
    lua.gc_restart();
    let (status, first, frames): (String, Value, Value) = run
        .call(payload.main.as_str())
        .map_err(|e| format!("the program could not run: {e}"))?;
    match status.as_str() {
        "ok" => Ok(0),
        "exit" => Ok(match first {
            Value::Integer(n) => n as i32,
            Value::Number(n) => n as i32,
            _ => 0,
        }),
        _ => {
            let message = match first {
                Value::String(s) => s.to_string_lossy(),
                other => format!("{other:?}"),
            };
            let frames = read_frames(frames);
            report_error(payload, &message, &frames);
            Ok(1)
        }
    }
}

/// Opens the Lua libraries that the runtime prelude and generated code
/// use, each as `luaL_openlibs` does; not `package`, `os` nor `bit`, and
/// `ffi` only for programs that import C libraries ([`open_ffi`]).
///
/// # Safety
/// `state` must be a valid Lua state with room on its stack.
unsafe fn open_libraries(state: *mut mlua::ffi::lua_State) {
    use mlua::ffi;
    let libraries: [(&std::ffi::CStr, mlua::ffi::lua_CFunction); 7] = [
        (c"", ffi::luaopen_base),
        (c"table", ffi::luaopen_table),
        (c"io", ffi::luaopen_io),
        (c"string", ffi::luaopen_string),
        (c"math", ffi::luaopen_math),
        (c"debug", ffi::luaopen_debug),
        // Opening `jit` is what turns the JIT compiler on.
        (c"jit", ffi::luaopen_jit),
    ];
    for (name, open) in libraries {
        // SAFETY: as luaL_openlibs calls each library's opener.
        unsafe {
            ffi::lua_pushcfunction(state, open);
            ffi::lua_pushstring(state, name.as_ptr());
            ffi::lua_call(state, 1, 0);
        }
    }
}

/// Opens LuaJIT's `ffi` library and hands it to the runtime, which then
/// binds C libraries and converts C values.
fn open_ffi(lua: &Lua, runtime: &Table) -> Result<(), String> {
    // SAFETY: the `ffi` library is how Loop programs call C; the programs
    // are compiled by loopc, which type-checks every C call against the
    // library's declarations.
    let open = unsafe { lua.create_c_function(mlua::ffi::luaopen_ffi) };
    let ffi: Table = open
        .and_then(|open| open.call("ffi"))
        .map_err(|e| format!("cannot open LuaJIT's ffi library: {e}"))?;
    let init: Function = runtime.get("init_c").map_err(|e| e.to_string())?;
    init.call::<()>(ffi).map_err(|e| e.to_string())
}

fn read_frames(value: Value) -> Vec<Frame> {
    let Value::Table(list) = value else {
        return Vec::new();
    };
    list.sequence_values::<Table>()
        .filter_map(Result::ok)
        .map(|t| Frame {
            module: t.get::<String>(1).unwrap_or_default(),
            line: t.get::<u32>(2).unwrap_or(0),
            defined: t.get::<u32>(3).unwrap_or(0),
            name: t.get::<Option<String>>(4).ok().flatten(),
        })
        .collect()
}

fn load_library(
    runtime: &Table,
    index: usize,
    library: &loop_packer::Library,
    file: &LibraryFile,
) -> Result<(), String> {
    let aliases: Vec<String> = library
        .symbols
        .iter()
        .map(|s| lua_alias(index, s))
        .collect();
    let loader: Function = runtime.get("load_library").map_err(|e| e.to_string())?;
    let (load_error, missing): (Option<String>, Option<Vec<String>>) = loader
        .call((
            file.path.to_string_lossy().into_owned(),
            library.cdefs.as_str(),
            library.symbols.clone(),
            aliases,
        ))
        .map_err(|e| format!("C library `{}`: {e}", library.name))?;
    let name = &library.name;
    let path = file.path.display();
    match (load_error, missing) {
        (Some(error), _) if file.tried.is_empty() => Err(format!(
            "cannot load the C library `{name}` from {path}: {error}"
        )),
        (Some(error), _) => Err(format!(
            "cannot find the C library `{name}`; looked in:\n  {}: {error}\nput {} next to the \
             executable or in a folder listed in LOOP_LIBRARY_PATH, or bundle the program with \
             `loopc bundle --embed-libs`",
            file.tried.join("\n  "),
            library.file_name,
        )),
        (None, Some(missing)) => Err(format!(
            "the C library `{name}` at {path} lacks {} the program was built against; use the \
             build of the library the program was bundled with, or bundle the program again \
             against this one",
            symbol_list(&missing)
        )),
        (None, None) => Ok(()),
    }
}

/// "the symbol `f`" or "the symbols `f`, `g`".
fn symbol_list(symbols: &[String]) -> String {
    let quoted: Vec<String> = symbols.iter().map(|s| format!("`{s}`")).collect();
    match quoted.as_slice() {
        [one] => format!("the symbol {one}"),
        many => format!("the symbols {}", many.join(", ")),
    }
}
