//! Creating the Lua state, installing the prelude, declaring C libraries,
//! and running the main module under the prelude's protected entry point.

use loop_packer::Payload;
use std::ffi::{CString, OsString};

use mlua::Lua;

use crate::libraries::LibraryFile;
use crate::lua_state::{LuaState, Slot};
use crate::report::{Frame, format_error, print_error};
use crate::streams::{self, BROKEN_PIPE_STATUS, OutputError};

pub(crate) const PRELUDE: &str = include_str!("prelude.lua");

/// Identifies this runtime prelude: 16 hex digits of a hash of its text,
/// which a stub's identity section carries (see [`STUB_IDENTITY`]) so that
/// `loopc bundle` knows whether the stub runs its bytecode.
const RUNTIME_ID: [u8; loop_packer::RUNTIME_ID_LEN] = make_runtime_id();

/// The LuaJIT version (`jit.version`) of the LuaJIT this crate links, for
/// the stub's identity section; a test checks it against the running one.
pub(crate) const LUAJIT_VERSION: &str = "LuaJIT 2.1.1788856981";

/// The identity section of a stub built with this runtime (see
/// `loop_packer::stub_identity!`).
pub const STUB_IDENTITY: [u8; loop_packer::IDENTITY_LEN] =
    loop_packer::identity(&RUNTIME_ID, LUAJIT_VERSION);

const fn make_runtime_id() -> [u8; loop_packer::RUNTIME_ID_LEN] {
    // FNV-1a over the prelude text, written as 16 hex digits.
    let text = PRELUDE.as_bytes();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut i = 0;
    while i < text.len() {
        hash = (hash ^ text[i] as u64).wrapping_mul(0x0100_0000_01b3);
        i += 1;
    }
    let mut id = [0u8; loop_packer::RUNTIME_ID_LEN];
    let mut k = 0;
    while k < id.len() {
        let digit = ((hash >> (60 - 4 * k)) & 0xf) as u8;
        id[k] = if digit < 10 {
            b'0' + digit
        } else {
            b'a' + digit - 10
        };
        k += 1;
    }
    id
}

/// The runtime prelude's Lua source trimmed for a program whose generated
/// modules are `modules` (Lua source) and which has C libraries if
/// `c_libraries` (see [`crate::prelude`]).
pub fn runtime_source<'a>(modules: impl IntoIterator<Item = &'a str>, c_libraries: bool) -> String {
    crate::prelude::trim(PRELUDE, modules, c_libraries)
}

/// Compiles the Lua chunk `code` to LuaJIT bytecode (with line numbers, for
/// error reports) without running it; gives LuaJIT's message when it does
/// not load.
pub fn compile_lua(name: &str, code: &str) -> Result<Vec<u8>, String> {
    with_compiler(|lua| {
        let function = lua
            .load(code)
            .set_name(format!("={name}"))
            .into_function()
            .map_err(|e| e.to_string())?;
        dump(lua, function, "d").map_err(|e| e.to_string())
    })
}

/// The runtime prelude `source` (from [`runtime_source`]) as LuaJIT
/// bytecode, to ship in a payload; without debug information (error reports
/// name Loop lines, never the prelude's).
pub fn runtime_bytecode(source: &[u8]) -> Vec<u8> {
    with_compiler(|lua| {
        let function = lua
            .load(source)
            .set_name(format!("={RUNTIME_NAME}"))
            .into_function()
            .expect("the runtime prelude compiles");
        dump(lua, function, "sd").expect("the runtime prelude dumps")
    })
}

/// `string.dump(function, mode)`: LuaJIT bytecode, stripped of debug
/// information with `s`. Always with `d` (deterministic): otherwise the
/// keys of a table constant (`{a = 1}`) are written in hash order, which
/// LuaJIT seeds at random per state, so the same program gave different
/// bundles from run to run.
fn dump(lua: &Lua, function: mlua::Function, mode: &str) -> mlua::Result<Vec<u8>> {
    let string: mlua::Table = lua.globals().get("string")?;
    let dump: mlua::Function = string.get("dump")?;
    let bytes: mlua::LuaString = dump.call((function, mode))?;
    Ok(bytes.as_bytes().to_vec())
}

/// This runtime's identifier: 16 hex digits that change with the runtime
/// prelude, which a stub must share with loopc to run its bytecode.
pub fn runtime_id() -> &'static str {
    std::str::from_utf8(&RUNTIME_ID).expect("hex digits")
}

/// The version of LuaJIT that loopc compiles bytecode for.
pub fn luajit_version() -> String {
    with_compiler(|lua| lua.load("return jit and jit.version").eval().ok().flatten())
        .unwrap_or_else(|| "LuaJIT".into())
}

/// Runs `f` with this thread's Lua state for compiling chunks (never for
/// running programs).
fn with_compiler<R>(f: impl FnOnce(&Lua) -> R) -> R {
    thread_local! {
        static LUA: Lua = Lua::new();
    }
    LUA.with(f)
}

/// The chunk name of the runtime prelude.
pub(crate) const RUNTIME_NAME: &str = "loop runtime";

/// Runs `payload` with command-line `args` (passed to the program byte for
/// byte); `libraries` gives the file of each of its C libraries. Returns
/// the process exit status, or an error to report with the program's name
/// as `error: {program}: {message}` with exit status 1: one that kept the
/// program from starting (a C library that cannot be loaded or lacks a
/// symbol, a module that does not load), or output that could not be
/// written. A broken pipe on standard output ends the program quietly with
/// [`BROKEN_PIPE_STATUS`].
pub fn run(payload: &Payload, args: &[OsString], libraries: &[LibraryFile]) -> Result<i32, String> {
    let buffered = payload.libraries.is_empty() && !streams::stdout_is_terminal();
    let lua = LuaState::new()?;
    let runtime = start(&lua, &payload.runtime, args, Output::Native { buffered })?;
    let (ended, report) = run_payload(&lua, runtime, payload, libraries)?;
    if let Some(report) = report {
        print_error(&report);
    }
    Ok(ended.status())
}

/// What a program run by [`run_captured`] did.
#[derive(Debug, Clone, PartialEq)]
pub struct Captured {
    /// The exit status [`run`] would give.
    pub status: i32,
    /// Everything the program wrote to standard output.
    pub stdout: Vec<u8>,
    /// The runtime error report [`run`] would print to stderr, if any.
    pub error: Option<String>,
}

/// Runs `payload` (a program without C libraries) with `args` as [`run`]
/// does, but collects its standard output and its error report instead of
/// writing them, and frees its Lua state afterwards: for tests and tools
/// that run many programs in one process. A program that reads standard
/// input still reads the process's.
pub fn run_captured(payload: &Payload, args: &[OsString]) -> Result<Captured, String> {
    let lua = LuaState::new()?;
    lua.load(CAPTURE.as_bytes(), c"=capture")
        .and_then(|_| lua.call(0, 3))?;
    let collected = lua.top();
    let result = start(
        &lua,
        &payload.runtime,
        args,
        Output::Captured(collected - 2),
    )
    .and_then(|runtime| run_payload(&lua, runtime, payload, &[]));
    let stdout = lua.call_for_bytes(collected);
    lua.close();
    let (ended, error) = result?;
    Ok(Captured {
        status: ended.status(),
        stdout: stdout?,
        error,
    })
}

/// Functions that stand for the native ones writing and flushing standard
/// output (see streams.rs), keeping what is written; and one giving all of
/// it as one string.
const CAPTURE: &str = "local parts, n = {}, 0
local function write(_, a, b)
  n = n + 1; parts[n] = a
  if b then n = n + 1; parts[n] = b end
end
local function flush() end
return write, flush, function() return table.concat(parts, '', 1, n) end";

/// Loads `payload`'s C libraries (files `libraries`) and modules into the
/// runtime at `runtime`, and runs its main module: how it ended and its
/// runtime error's report.
fn run_payload(
    lua: &LuaState,
    runtime: Slot,
    payload: &Payload,
    libraries: &[LibraryFile],
) -> Result<(Ended, Option<String>), String> {
    if !payload.libraries.is_empty() {
        open_ffi(lua, runtime)?;
    }
    for (index, (library, path)) in payload.libraries.iter().zip(libraries).enumerate() {
        load_library(lua, runtime, index, library, path)?;
    }
    let register = lua.push_field(runtime, c"register");
    for module in &payload.modules {
        lua.push_copy(register);
        lua.push_str(&module.name);
        lua.load(&module.code, &chunk_name(&module.name)?)
            .map_err(|e| format!("module {} does not load: {e}", module.name))?;
        lua.call(2, 0)?;
    }
    lua.restart_gc();
    run_module(lua, runtime, &payload.main, payload)
}

/// Where a program's standard output goes.
pub(crate) enum Output {
    /// To the process's, gathered into blocks when `buffered` (only when
    /// nothing else writes to standard output).
    Native { buffered: bool },
    /// To the write and flush functions at this slot and the next.
    Captured(Slot),
}

/// Starts the runtime prelude `code` (source or bytecode) in `lua`, with
/// the program's arguments `args` and its output going to `output`. Gives
/// the slot of the runtime's table.
pub(crate) fn start(
    lua: &LuaState,
    code: &[u8],
    args: &[OsString],
    output: Output,
) -> Result<Slot, String> {
    lua.load(code, &chunk_name(RUNTIME_NAME)?)
        .and_then(|_| {
            let buffered = match output {
                Output::Native { buffered } => {
                    lua.push_c_function(streams::write);
                    lua.push_c_function(streams::flush);
                    buffered
                }
                Output::Captured(slot) => {
                    lua.push_copy(slot);
                    lua.push_copy(slot + 1);
                    false
                }
            };
            lua.push_c_function(streams::read_line);
            lua.push_bool(buffered);
            lua.push_c_function(crate::natives::native);
            lua.call(5, 1)
        })
        .map_err(|e| format!("runtime failed to start: {e}"))?;
    let runtime = lua.top();
    lua.push_strings(args.iter().map(|a| a.as_encoded_bytes()));
    lua.set_field(runtime, c"argv");
    Ok(runtime)
}

/// How a run of a module ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// It ran to its end (or a top-level `return`).
    Finished,
    /// It called `exit(code)`.
    Exit(i32),
    /// A runtime error, already reported.
    Failed,
    /// Standard output is a pipe whose reader has gone.
    BrokenPipe,
}

impl Ended {
    /// The process exit status for it.
    pub fn status(self) -> i32 {
        match self {
            Ended::Finished => 0,
            Ended::Exit(code) => code,
            Ended::Failed => 1,
            Ended::BrokenPipe => BROKEN_PIPE_STATUS,
        }
    }
}

/// Runs the registered module `name` under the runtime's protected entry
/// point; gives how it ended and the report of its runtime error (against
/// `payload`'s modules), or an error to report as [`run`] says. Leaves the
/// stack as it found it.
pub(crate) fn run_module(
    lua: &LuaState,
    runtime: Slot,
    name: &str,
    payload: &Payload,
) -> Result<(Ended, Option<String>), String> {
    lua.push_field(runtime, c"run");
    lua.push_str(name);
    lua.call(1, 5)
        .map_err(|e| format!("the program could not run: {e}"))?;
    let errno = lua.top();
    let (status, first, second, output) = (errno - 4, errno - 3, errno - 2, errno - 1);
    let (ended, report) = match lua.string(status).as_deref() {
        Some("ok" | "output") => (Ended::Finished, None),
        Some("exit") => (Ended::Exit(lua.number(first).map_or(0, |n| n as i32)), None),
        status => {
            let message = lua.message(first);
            let frames = read_frames(lua, second);
            let raised = status == Some("raised");
            (
                Ended::Failed,
                Some(format_error(payload, &message, &frames, raised)),
            )
        }
    };
    let lost = lua.string(output).map(|message| OutputError {
        message,
        errno: lua.number(errno).map_or(0, |n| n as i32),
    });
    lua.pop(5);
    let Some(lost) = lost else {
        return Ok((ended, report));
    };
    match lost.is_broken_pipe() {
        // The reader has gone: a runtime error still counts, quietly.
        true if ended == Ended::Failed => Ok((ended, report)),
        true => Ok((Ended::BrokenPipe, report)),
        false => {
            if let Some(report) = report {
                print_error(&report);
            }
            Err(format!("cannot write to standard output: {}", lost.message))
        }
    }
}

/// The Lua chunk name that names a chunk `name` as it is.
pub(crate) fn chunk_name(name: &str) -> Result<CString, String> {
    CString::new(format!("={name}")).map_err(|_| format!("the name {name:?} holds a NUL byte"))
}

/// Opens LuaJIT's `ffi` library and hands it to the runtime (at `runtime`),
/// which then binds C libraries and converts C values.
fn open_ffi(lua: &LuaState, runtime: Slot) -> Result<(), String> {
    crate::libm_functions::load_for_c_libraries();
    lua.push_field(runtime, c"init_c");
    // SAFETY: the `ffi` library is how Loop programs call C; the programs
    // are compiled by loopc, which type-checks every C call against the
    // library's declarations.
    lua.push_c_function(mlua::ffi::luaopen_ffi);
    lua.push_str("ffi");
    lua.call(1, 1)
        .map_err(|e| format!("cannot open LuaJIT's ffi library: {e}"))?;
    lua.call(1, 0)
}

/// The Loop frames of an error: the list at `list` of
/// `{ module, line, defined }` that the runtime's handler made.
fn read_frames(lua: &LuaState, list: Slot) -> Vec<Frame> {
    let mut frames = Vec::new();
    if !lua.is_table(list) {
        return frames;
    }
    for i in 1.. {
        let frame = lua.push_index(list, i);
        if !lua.is_table(frame) {
            lua.pop(1);
            break;
        }
        frames.push(Frame {
            module: lua.string_at(frame, 1).unwrap_or_default(),
            line: lua.number_at(frame, 2).unwrap_or(0.0) as u32,
            defined: lua.number_at(frame, 3).unwrap_or(0.0) as u32,
        });
        lua.pop(1);
    }
    frames
}

/// Loads C library number `index` of the program from `file` through the
/// runtime (at `runtime`), checking that it has every symbol the program
/// uses.
fn load_library(
    lua: &LuaState,
    runtime: Slot,
    index: usize,
    library: &loop_packer::Library,
    file: &LibraryFile,
) -> Result<(), String> {
    let aliases: Vec<String> = library
        .symbols
        .iter()
        .map(|s| loop_contract::names::lua_alias(index, s))
        .collect();
    lua.push_field(runtime, c"load_library");
    lua.push_str(&file.path.to_string_lossy());
    lua.push_str(&library.cdefs);
    lua.push_strings(library.symbols.iter().map(|s| s.as_bytes()));
    lua.push_strings(aliases.iter().map(|s| s.as_bytes()));
    lua.call(4, 2)
        .map_err(|e| format!("C library `{}`: {e}", library.name))?;
    let load_error = lua.string(lua.top() - 1);
    let missing = lua.top();
    let missing: Option<Vec<String>> = lua
        .is_table(missing)
        .then(|| (1..).map_while(|i| lua.string_at(missing, i)).collect());
    lua.pop(2);
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
