//! A runtime that lives across many runs, for `loopc repl`: one Lua state
//! with the whole runtime prelude, to which Loop modules and entries are
//! added as the session goes on. Every entry runs with the same module
//! table, where the compiler keeps the session's top-level declarations.

use std::ffi::OsString;

use loop_packer::{Module, Payload};

use crate::lua_state::{LuaState, Slot};
use crate::report::print_error;
use crate::runtime::{self, Ended, PRELUDE, chunk_name};

/// Makes the function an entry is registered as: the entry's chunk called
/// with the session's table instead of a fresh module table.
const WITH_SESSION_TABLE: &[u8] =
    b"local entry, session = ...\nreturn function(R) return entry(R, session) end";

/// A live runtime for a sequence of entries.
pub struct Session {
    lua: LuaState,
    runtime: Slot,
    /// The module table every entry shares.
    table: Slot,
    /// Every module and entry added so far, for error reports.
    known: Payload,
    entries: usize,
}

impl Session {
    /// A runtime with nothing run yet; the programs it runs get `args`.
    pub fn new(args: &[OsString]) -> Result<Session, String> {
        let lua = LuaState::new()?;
        let runtime = runtime::start(
            &lua,
            PRELUDE.as_bytes(),
            args,
            runtime::Output::Native { buffered: false },
        )?;
        lua.load(b"return {}", &chunk_name("session")?)?;
        lua.call(0, 1)?;
        let table = lua.top();
        lua.restart_gc();
        Ok(Session {
            lua,
            runtime,
            table,
            known: Payload {
                main: String::new(),
                modules: Vec::new(),
                libraries: Vec::new(),
                runtime: Vec::new(),
            },
            entries: 0,
        })
    }

    /// Whether a module of this name has been added.
    pub fn has_module(&self, name: &str) -> bool {
        self.known.modules.iter().any(|m| m.name == name)
    }

    /// Adds an imported Loop module: it runs when an entry first imports it.
    pub fn add_module(&mut self, module: &Module) -> Result<(), String> {
        self.settled(|s| {
            s.lua.push_field(s.runtime, c"register");
            s.lua.push_str(&module.name);
            s.lua
                .load(&module.code, &chunk_name(&module.name)?)
                .map_err(|e| format!("module {} does not load: {e}", module.name))?;
            s.lua.call(2, 0)
        })?;
        self.known.modules.push(module.clone());
        Ok(())
    }

    /// Runs `step`; after an error, takes off the stack what it left there,
    /// so the session goes on with its stack as before.
    fn settled<T>(
        &mut self,
        step: impl FnOnce(&mut Self) -> Result<T, String>,
    ) -> Result<T, String> {
        let before = self.lua.top();
        let result = step(self);
        if result.is_err() {
            self.lua.pop(self.lua.top() - before);
        }
        result
    }

    /// Runs an entry: Lua source whose lines continue those of the entries
    /// before it under the same chunk name (`entry.name`), so one line map
    /// covers them all. Gives how it ended (a runtime error is reported),
    /// or an error that kept it from running.
    pub fn run_entry(&mut self, entry: &Module) -> Result<Ended, String> {
        self.entries += 1;
        let registered = format!("{} #{}", entry.name, self.entries);
        match self.known.modules.iter_mut().find(|m| m.name == entry.name) {
            // Lines of earlier entries keep their Loop lines.
            Some(known) => {
                let map = &mut known.line_map;
                for (i, line) in entry.line_map.iter().enumerate() {
                    if i >= map.len() {
                        map.push(*line);
                    } else if *line != 0 {
                        map[i] = *line;
                    }
                }
                known
                    .function_lines
                    .extend_from_slice(&entry.function_lines);
                known
                    .function_names
                    .extend_from_slice(&entry.function_names);
            }
            None => {
                // Known to the runtime by this name, so that its error
                // reports name the entries' lines (each entry runs under a
                // name of its own).
                self.settled(|s| {
                    s.lua.push_field(s.runtime, c"register");
                    s.lua.push_str(&entry.name);
                    s.lua.load(b"", &chunk_name(&entry.name)?)?;
                    s.lua.call(2, 0)
                })?;
                self.known.modules.push(entry.clone());
            }
        }
        self.settled(|s| {
            let lua = &s.lua;
            lua.push_field(s.runtime, c"register");
            lua.push_str(&registered);
            lua.load(WITH_SESSION_TABLE, &chunk_name("session")?)?;
            lua.load(&entry.code, &chunk_name(&entry.name)?)
                .map_err(|e| format!("the entry does not load: {e}"))?;
            lua.push_copy(s.table);
            lua.call(2, 1)?;
            lua.call(2, 0)?;
            let (ended, report) = runtime::run_module(lua, s.runtime, &registered, &s.known)?;
            if let Some(report) = report {
                print_error(&report);
            }
            Ok(ended)
        })
    }
}
