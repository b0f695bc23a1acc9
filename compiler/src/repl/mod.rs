//! `loopc repl`: Loop one entry at a time. The session is the text of every
//! entry accepted so far; a new entry is checked together with it (so it
//! sees their declarations), and only its own statements run, in a runtime
//! that lives as long as the session (see [`entry`]).

mod entry;
mod input;
mod prompt;

use std::path::{Path, PathBuf};

use loop_packer::Module;
use loop_stub::{Ended, Session};

use crate::arc::ir::{self, ClassId, Type};
use crate::arc::show::{TypeNames, type_with};
use crate::diagnostics::{ArcError, Diagnostic, Sources};
use crate::driver::{self, Failure};
use crate::lua;

pub use input::is_complete;
pub use prompt::run as run_prompt;

/// The name entries go by in messages: `<repl>:3:5: error[E0201]: …`.
const NAME: &str = "<repl>";

/// The module holding the classes of earlier entries for code generation.
const EARLIER: &str = "<earlier entries>";

/// What became of an entry.
pub enum Outcome {
    /// It ran (a runtime error in it is reported, and it counts as run).
    Ran,
    /// It did not compile: the report to show. The session is unchanged.
    Refused(String),
    /// It asked to end the session (`exit(n)`, or standard output is gone):
    /// the process exit status.
    Exit(i32),
}

/// A REPL session.
pub struct Repl {
    /// Where imports are found from and the session's name in messages.
    path: PathBuf,
    /// Every entry accepted so far, one after the other.
    text: String,
    /// The Loop lines of `text`.
    lines: u32,
    /// The Lua lines the entries' chunks have taken so far: the next chunk
    /// starts after them, so one line map serves them all.
    lua_lines: usize,
    runtime: Session,
    color: bool,
}

impl Repl {
    /// A session whose imports are found relative to the folder `dir`;
    /// messages in color if `color`.
    pub fn new(dir: &Path, color: bool) -> Result<Repl, String> {
        Ok(Repl {
            path: dir.join(NAME),
            text: String::new(),
            lines: 0,
            lua_lines: 0,
            runtime: Session::new(&[])?,
            color,
        })
    }

    /// Checks and runs `entry` (one or more complete lines of Loop).
    pub fn eval(&mut self, entry: &str) -> Outcome {
        let mut text = self.text.clone();
        text.push_str(entry);
        if !text.ends_with('\n') {
            text.push('\n');
        }
        let refuse = |failure: Failure| Outcome::Refused(failure.render(self.color));
        let (program, libraries, _) =
            match driver::check_with_libraries(&self.path, Some(text.clone().into_bytes())) {
                Ok(checked) => checked,
                Err(failure) => return refuse(failure),
            };
        let (bindings, payload_libraries, _) = libraries.finish(&program);
        let mut program = program;
        let main = program.modules.last_mut().expect("the session module");
        let show = type_names(main);
        // The classes of earlier entries stay known to code generation (a
        // subclass's instances start with its parent's fields) in a module
        // of their own, whose code is not used.
        let earlier = ir::Module {
            id: EARLIER.into(),
            name: EARLIER.into(),
            imports: Vec::new(),
            body: main
                .body
                .iter()
                .filter(|s| s.line <= self.lines && matches!(s.kind, ir::StmtKind::Class(_)))
                .cloned()
                .collect(),
        };
        main.body = entry::body(main, self.lines, show);
        let at = program.modules.len() - 1;
        program.modules.insert(at, earlier);
        let chunks = match lua::generate(&program, &bindings, |_| Ok(())) {
            Ok(chunks) => chunks,
            Err(e) => {
                let error = ArcError::LuaLoad {
                    module: e.module,
                    message: e.message,
                };
                let report = Diagnostic::general(error).render(&Sources::default(), self.color);
                return Outcome::Refused(report);
            }
        };
        // The runtime binds a C library's functions when it loads it, and
        // only those the program calls: a session's later entries would
        // call functions never bound.
        if let Some(library) = payload_libraries.first() {
            return Outcome::Refused(format!(
                "error: the C library `{}` cannot be imported in the REPL; run a program that \
                 uses it with `loopc run`\n",
                library.name
            ));
        }
        let (modules, session) = chunks.split_at(chunks.len() - 1);
        for (chunk, ()) in modules {
            if chunk.name != EARLIER && !self.runtime.has_module(&chunk.name) {
                let module = Module {
                    name: chunk.name.clone(),
                    code: chunk.code.clone().into_bytes(),
                    line_map: chunk.line_map.clone(),
                    function_lines: chunk.functions.iter().map(|(line, _)| *line).collect(),
                    function_names: chunk.functions.iter().map(|(_, n)| n.clone()).collect(),
                };
                if let Err(e) = self.runtime.add_module(&module) {
                    return Outcome::Refused(format!("error: {e}\n"));
                }
            }
        }
        let chunk = &session[0].0;
        // Blank lines first: this chunk's lines follow the earlier ones'.
        let mut code = "\n".repeat(self.lua_lines);
        code.push_str(&chunk.code);
        let mut line_map = vec![0; self.lua_lines];
        line_map.extend(&chunk.line_map);
        let function_lines = chunk
            .functions
            .iter()
            .map(|(line, _)| line + self.lua_lines as u32)
            .collect();
        let function_names = chunk.functions.iter().map(|(_, n)| n.clone()).collect();
        self.lua_lines = line_map.len();
        // From here on the entry has run, in part at least: it belongs to
        // the session whatever happens.
        self.lines += text[self.text.len()..].matches('\n').count() as u32;
        self.text = text;
        let ended = self.runtime.run_entry(&Module {
            name: NAME.into(),
            code: code.into_bytes(),
            line_map,
            function_lines,
            function_names,
        });
        match ended {
            Ok(Ended::Finished | Ended::Failed) => Outcome::Ran,
            Ok(ended) => Outcome::Exit(ended.status()),
            Err(e) => {
                loop_stub::print_error(&format!("error: {e}\n"));
                Outcome::Ran
            }
        }
    }
}

/// How the session module `main` shows a type in Loop's words: `int[]`,
/// `map<string, float>`, a class by its name (`geo.Point` for a class of
/// the module imported as `geo`).
fn type_names(main: &ir::Module) -> impl Fn(&Type) -> String + use<> {
    let namespaces: Vec<(String, String)> = main
        .imports
        .iter()
        .filter_map(|i| match &i.target {
            ir::ImportTarget::Module(id) => Some((id.clone(), i.namespace.clone())),
            ir::ImportTarget::Library(_) => None,
        })
        .collect();
    let own = main.id.clone();
    move |ty| show(ty, &own, &namespaces)
}

fn show(ty: &Type, own: &str, namespaces: &[(String, String)]) -> String {
    type_with(ty, &SessionNames { own, namespaces })
}

/// Types as the REPL writes them: the session's own classes by name,
/// imported ones by their import's name.
struct SessionNames<'a> {
    own: &'a str,
    namespaces: &'a [(String, String)],
}

impl TypeNames for SessionNames<'_> {
    fn class(&self, id: &ClassId) -> String {
        match self.namespaces.iter().find(|(m, _)| *m == id.module) {
            Some((_, ns)) if id.module != self.own => format!("{ns}.{}", id.name),
            _ => id.name.clone(),
        }
    }

    fn handle(&self) -> &'static str {
        "any (a C pointer)"
    }

    fn var(&self, _: u32) -> String {
        "any".into()
    }
}
