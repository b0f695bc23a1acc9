//! Type inference and checking: the untyped tree of every module in, the
//! fully typed Arc program out (or every error found).

mod builtins;
mod classes;
mod clib;
mod expr;
mod finish;
mod flow;
mod order;
mod stdlib;
mod stmt;
mod suggest;
mod super_call;
#[cfg(test)]
mod tests;
mod unify;
mod verify;

use rustc_hash::FxHashMap;
use std::collections::HashMap;

use rustc_hash::FxHashSet;

use crate::arc::ir::{self, ClassId, Type};
use crate::diagnostics::{CheckError, Diagnostic, Label, Sources};
use crate::modules::{ImportedFile, LoadedModule};
use crate::syntax::Span;
use unify::VarOrigin;

pub use clib::{CParamType, CPointer, CSignature, CStruct, LibraryScope};
pub use verify::verify;

/// Checks every module (dependencies first, main last). `libraries` gives,
/// per module index, the C libraries of each library import by alias.
pub fn check_program(
    modules: &[LoadedModule],
    sources: &Sources,
    libraries: &HashMap<(usize, String), (usize, LibraryScope)>,
) -> Result<ir::Program, Vec<Diagnostic>> {
    let mut checker = Checker {
        sources,
        libraries,
        file: 0,
        module_index: 0,
        module_id: String::new(),
        modules: FxHashMap::default(),
        classes: FxHashMap::from_iter([stdlib::os_result_class()]),
        subst: Vec::new(),
        var_origins: Vec::new(),
        errors: Vec::new(),
        reported: FxHashSet::default(),
        last_line: std::cell::Cell::new((0, 0, 0)),
        last_line_file: std::cell::Cell::new(usize::MAX),
        scopes: Vec::new(),
        frames: Vec::new(),
        blocks: Vec::new(),
        methods: Vec::new(),
        exts: FxHashMap::default(),
        ext_count: 0,
    };
    let mut program = ir::Program {
        modules: Vec::new(),
    };
    for (index, module) in modules.iter().enumerate() {
        let is_main = index + 1 == modules.len();
        program
            .modules
            .push(checker.check_module(index, module, is_main));
    }
    checker.finish(&mut program);
    for module in &mut program.modules {
        ir::relative_lines(&mut module.body);
    }
    if checker.errors.is_empty() {
        Ok(program)
    } else {
        Err(checker.errors)
    }
}

/// What one name means in a scope.
#[derive(Debug, Clone)]
enum Binding {
    Local {
        ty: Type,
        constant: bool,
    },
    /// A `pub` variable, stored in the module's table.
    Global {
        ty: Type,
        constant: bool,
    },
    Module(String),
    Library(usize, String),
    /// An import that failed (already reported): uses of it are not errors.
    FailedImport,
    /// A variable whose value had an error (already reported), so its type
    /// is unknown: uses of it are not errors.
    Unknown,
    Class(ClassId),
}

/// What a module offers to importers.
#[derive(Debug, Clone, Default)]
struct ModuleInfo {
    name: String,
    exports: FxHashMap<String, Binding>,
    private: FxHashSet<String>,
}

/// What the checker knows about a class.
#[derive(Debug, Clone)]
struct ClassInfo {
    display: String,
    parent: Option<ClassId>,
    /// Every field, the parent's first.
    fields: Vec<(String, Type)>,
    /// Every method including inherited ones: parameter types and result.
    methods: FxHashMap<String, (Vec<Type>, Type)>,
    /// An ancestor comes from a failed import: members not known here may
    /// exist, so using them is no error.
    incomplete: bool,
}

/// An `ext` method: the function implementing it and its signature.
#[derive(Debug, Clone)]
struct ExtMethod {
    function: String,
    params: Vec<Type>,
    ret: Type,
    /// Where its name is declared.
    span: Span,
}

/// The function (or the top level) being checked.
#[derive(Debug)]
struct Frame {
    /// Declared or inferred result; `None` at the top level of a module.
    ret: Option<Type>,
    /// At the top level: the value type of each enclosing loop.
    loops: Vec<Option<Type>>,
    /// Loops entered inside this function.
    loop_depth: usize,
}

/// The state of checking one program.
struct Checker<'a> {
    sources: &'a Sources,
    libraries: &'a HashMap<(usize, String), (usize, LibraryScope)>,
    file: usize,
    module_index: usize,
    module_id: String,
    modules: FxHashMap<String, ModuleInfo>,
    classes: FxHashMap<ClassId, ClassInfo>,
    subst: Vec<Option<Type>>,
    var_origins: Vec<(usize, Span, VarOrigin)>,
    errors: Vec<Diagnostic>,
    /// Every error reported, to report none twice.
    reported: FxHashSet<(usize, Span, CheckError)>,
    /// The line [`Checker::line`] found last (its start and end offsets and
    /// number) and its file.
    last_line: std::cell::Cell<(u32, u32, u32)>,
    last_line_file: std::cell::Cell<usize>,
    /// Each name in scope, innermost scope last, with where it is declared.
    scopes: Vec<FxHashMap<String, (Binding, Span)>>,
    frames: Vec<Frame>,
    /// The blocks being checked, innermost last: uses of their names.
    blocks: Vec<order::BlockUses>,
    /// The class methods being checked, innermost last, by class and name;
    /// `None` for an `ext` method (whose `self` is no instance).
    methods: Vec<Option<(ClassId, String)>>,
    /// `ext` methods of the current module, by receiver type text and name.
    exts: FxHashMap<(Type, String), ExtMethod>,
    ext_count: usize,
}

impl Checker<'_> {
    /// Reports an error at `span` of the module being checked.
    fn error(&mut self, span: Span, error: CheckError) {
        self.report(self.file, span, error, None);
    }

    /// Reports an error once, with a further place if given: a written
    /// type is read both where its function is declared ahead of use and
    /// where it is checked, and an empty map literal leaves both its key
    /// and value types unknown.
    fn report(&mut self, file: usize, span: Span, error: CheckError, also: Option<Label>) {
        if self.reported.insert((file, span, error.clone())) {
            let diagnostic = Diagnostic::new(file, span, error);
            self.errors
                .push(also.into_iter().fold(diagnostic, Diagnostic::with_label));
        }
    }

    pub(super) fn line(&self, span: Span) -> u32 {
        // Most lookups fall on the line of the one before.
        let (start, end, line) = self.last_line.get();
        if self.file == self.last_line_file.get() && (start..end).contains(&span.start) {
            return line;
        }
        let file = &self.sources.files[self.file];
        let line = file.line(span.start);
        let (start, end) = file.line_range(line);
        self.last_line.set((start, end, line));
        self.last_line_file.set(self.file);
        line
    }

    fn lookup(&self, name: &str) -> Option<&Binding> {
        self.scopes
            .iter()
            .rev()
            .find_map(|s| s.get(name))
            .map(|(binding, _)| binding)
    }

    fn declare(&mut self, name: &str, span: Span, binding: Binding) {
        let scope = self.scopes.last_mut().expect("a scope");
        if let Some(&(_, first)) = scope.get(name) {
            let error = CheckError::AlreadyDeclared {
                name: name.to_string(),
            };
            let first = Label {
                file: self.file,
                span: first,
                message: "first declared here",
            };
            self.report(self.file, span, error, Some(first));
        } else {
            scope.insert(name.to_string(), (binding, span));
        }
    }

    fn at_top_level(&self) -> bool {
        self.frames.len() == 1
    }

    fn check_module(&mut self, index: usize, module: &LoadedModule, is_main: bool) -> ir::Module {
        self.file = module.file;
        self.module_index = index;
        self.module_id = module.id.clone();
        self.exts.clear();
        self.scopes = vec![FxHashMap::default()];
        self.frames = vec![Frame {
            ret: None,
            loops: Vec::new(),
            loop_depth: 0,
        }];
        let mut imports = Vec::new();
        for import in &module.imports {
            let (binding, target) = match &import.target {
                ImportedFile::Module(id) => (
                    Binding::Module(id.clone()),
                    ir::ImportTarget::Module(id.clone()),
                ),
                ImportedFile::Library => match self.libraries.get(&(index, import.alias.clone())) {
                    Some((lib, _)) => (
                        Binding::Library(*lib, import.alias.clone()),
                        ir::ImportTarget::Library(*lib),
                    ),
                    None => {
                        self.declare(&import.alias, import.span, Binding::FailedImport);
                        continue;
                    }
                },
                ImportedFile::Failed => {
                    self.declare(&import.alias, import.span, Binding::FailedImport);
                    continue;
                }
            };
            self.declare(&import.alias, import.span, binding);
            imports.push(ir::Import {
                location: import.location.clone(),
                namespace: import.alias.clone(),
                header: import.header.as_ref().map(|(h, _)| h.clone()),
                target,
                line: self.line(import.span),
            });
        }
        let body = self.top_level(&module.ast, is_main);
        self.scopes.clear();
        self.frames.clear();
        ir::Module {
            id: module.id.clone(),
            name: self.sources.files[module.file].name.clone(),
            imports,
            body,
        }
    }
}
