//! The emitter: collects Lua lines with their Loop lines, the runtime
//! helpers a chunk uses, and shared type descriptors.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::depth::Depths;
use super::names::{ident, quote};
use super::spill;
use super::{Chunk, LibraryBinding};
use crate::arc::ir::{self, ClassId, Type};

/// Emission state for one module.
pub(super) struct Emitter<'a> {
    pub module_id: &'a str,
    pub libraries: &'a [LibraryBinding],
    lines: Vec<(String, u32)>,
    indent: usize,
    pub line: u32,
    temps: usize,
    helpers: BTreeSet<&'static str>,
    descs: Vec<String>,
    /// Per enclosing loop: the variable receiving its value (top-level
    /// `return` in a loop) and the label `continue` jumps to, if any.
    pub loops: Vec<(Option<String>, Option<String>)>,
    /// The expressions deep enough to be cut into temporaries.
    pub depths: Depths,
    /// In the spilled form: the top-level names kept in the table `_T`.
    spilled: Option<HashSet<String>>,
}

/// Generates the chunk of one module; `spilled` asks for the form with
/// top-level names in a table (see `spill`).
pub(super) fn module(
    m: &ir::Module,
    names: &HashMap<&str, &str>,
    libraries: &[LibraryBinding],
    spilled: bool,
) -> Chunk {
    let mut e = Emitter {
        module_id: &m.id,
        libraries,
        lines: Vec::new(),
        indent: 0,
        line: 0,
        temps: 0,
        helpers: BTreeSet::new(),
        descs: Vec::new(),
        loops: Vec::new(),
        depths: Depths::of(&m.body),
        spilled: spilled.then(|| spill::top_level_names(&m.body)),
    };
    for import in &m.imports {
        if let ir::ImportTarget::Module(id) = &import.target {
            let name = names.get(id.as_str()).copied().unwrap_or(id);
            e.emit(format!("local _Lmod_{id} = _L.require({})", quote(name)));
        }
    }
    e.block(&m.body);
    let mut header = vec!["local _L, _M = ...".to_string()];
    if e.spilled.is_some() {
        header.push("local _T = {}".into());
        header.push(format!("local _D = {{{}}}", e.descs.join(", ")));
    } else {
        for h in &e.helpers {
            header.push(format!("local _L{h} = _L.{h}"));
        }
        for (i, d) in e.descs.iter().enumerate() {
            header.push(format!("local _Ld{i} = {d}"));
        }
    }
    let mut code = String::new();
    let mut line_map = Vec::new();
    for h in header {
        code.push_str(&h);
        code.push('\n');
        line_map.push(0);
    }
    for (text, line) in e.lines {
        code.push_str(&text);
        code.push('\n');
        line_map.push(line);
    }
    Chunk {
        name: m.name.clone(),
        code,
        line_map,
    }
}

impl Emitter<'_> {
    /// Adds one line at the current indentation, tagged with the current Loop line.
    pub fn emit(&mut self, text: impl AsRef<str>) {
        let line = format!("{}{}", "  ".repeat(self.indent), text.as_ref());
        self.lines.push((line, self.line));
    }

    pub fn indent(&mut self) {
        self.indent += 1;
    }

    pub fn dedent(&mut self) {
        self.indent -= 1;
    }

    /// A fresh temporary name.
    pub fn temp(&mut self) -> String {
        self.temps += 1;
        format!("_Lt{}", self.temps)
    }

    /// The local bound to runtime helper `name`.
    pub fn helper(&mut self, name: &'static str) -> String {
        if self.spilled.is_some() {
            return format!("_L.{name}");
        }
        self.helpers.insert(name);
        format!("_L{name}")
    }

    /// The Lua spelling of a use of the local or top-level name `name`.
    pub fn local_ref(&self, name: &str) -> String {
        match &self.spilled {
            Some(top) if top.contains(name) => format!("_T.{}", ident(name)),
            _ => ident(name),
        }
    }

    /// Whether `name` is a top-level name kept in `_T`.
    pub fn is_spilled(&self, name: &str) -> bool {
        self.spilled.as_ref().is_some_and(|top| top.contains(name))
    }

    /// A local holding the printing/checking descriptor of `ty`.
    pub fn desc(&mut self, ty: &Type) -> String {
        let text = desc_text(ty);
        if text.starts_with('"') {
            return text;
        }
        self.shared(text)
    }

    /// A local of the chunk's header holding the value of the Lua
    /// expression `text`, evaluated once when the module starts.
    pub fn shared(&mut self, text: String) -> String {
        let i = match self.descs.iter().position(|d| *d == text) {
            Some(i) => i,
            None => {
                self.descs.push(text);
                self.descs.len() - 1
            }
        };
        if self.spilled.is_some() {
            format!("_D[{}]", i + 1)
        } else {
            format!("_Ld{i}")
        }
    }

    /// The Lua expression naming a class table.
    pub fn class_ref(&self, id: &ClassId) -> String {
        if id.module == self.module_id {
            self.local_ref(&id.name)
        } else {
            format!("_Lmod_{}.{}", id.module, ident(&id.name))
        }
    }
}

/// The runtime descriptor of a type, as Lua source.
fn desc_text(ty: &Type) -> String {
    match ty {
        Type::Int => "\"i\"".into(),
        Type::Float => "\"f\"".into(),
        Type::Bool => "\"b\"".into(),
        Type::Str => "\"s\"".into(),
        Type::Null | Type::Void => "\"n\"".into(),
        Type::Handle => "\"h\"".into(),
        Type::Buffer => "\"bf\"".into(),
        Type::Func(..) => "\"fn\"".into(),
        Type::Any | Type::Var(_) => "\"x\"".into(),
        Type::Class(_) => "\"c\"".into(),
        Type::Array(e) => format!("{{\"a\", {}}}", desc_text(e)),
        Type::Map(k, v) => format!("{{\"m\", {}, {}}}", desc_text(k), desc_text(v)),
    }
}
