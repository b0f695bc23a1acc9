//! Finding, reading and parsing every Loop module a program imports, in the
//! order they must run, with import cycles reported as errors.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, ImportError, ReadError, Sources};
use crate::syntax::ast::{Stmt, StmtKind};
use crate::syntax::{self, Span};

/// A parsed module with its imports resolved to files.
#[derive(Debug)]
pub struct LoadedModule {
    /// Short id (`m0`, `m1`, …), dependencies get lower numbers.
    pub id: String,
    /// Index of its text in [`Sources`].
    pub file: usize,
    pub path: PathBuf,
    pub ast: Vec<Stmt>,
    pub imports: Vec<ModuleImport>,
}

/// One `import` statement of a module.
#[derive(Debug)]
pub struct ModuleImport {
    pub location: String,
    /// The C header named by `header "…"`, with its span.
    pub header: Option<(String, Span)>,
    pub alias: String,
    pub span: Span,
    pub target: ImportedFile,
}

/// What an import names on disk.
#[derive(Debug)]
pub enum ImportedFile {
    /// Another Loop module, by its id.
    Module(String),
    /// A C library, by the path as written (resolved by the FFI phase).
    Library,
    /// A Loop module that could not be loaded (the error is reported): its
    /// names are unknown, and uses of them are not errors of their own.
    Failed,
}

/// Loads `main` and everything it imports. Modules come back dependencies
/// first, `main` last, with the errors of the imports that failed (each
/// such import is [`ImportedFile::Failed`]). Fails when `main` itself
/// cannot be read or parsed. With `given`, that is the text of `main`,
/// which need not exist (`loopc run -`, the REPL): its imports are found
/// relative to its folder.
pub fn load_program(
    main: &Path,
    given: Option<Vec<u8>>,
    sources: &mut Sources,
) -> Result<(Vec<LoadedModule>, Vec<Diagnostic>), Vec<Diagnostic>> {
    let read = match given {
        Some(text) => sources.add_bytes(display_name(main), text),
        None => sources.read(main, display_name(main)),
    };
    let file = read.map_err(|e| match e {
        ReadError::Io(e) => vec![Diagnostic::general(ImportError::CannotRead {
            path: main.display().to_string(),
            reason: e.to_string(),
        })],
        ReadError::NotUtf8(d) => vec![*d],
    })?;
    let canonical = main.canonicalize().unwrap_or_else(|_| main.to_path_buf());
    let base = canonical
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let mut loader = Loader {
        base,
        sources,
        done: HashMap::new(),
        stack: Vec::new(),
        modules: Vec::new(),
        errors: Vec::new(),
    };
    match loader.load(canonical, file) {
        Some(_) => Ok((loader.modules, loader.errors)),
        None => Err(loader.errors),
    }
}

fn display_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

struct Loader<'a> {
    base: PathBuf,
    sources: &'a mut Sources,
    done: HashMap<PathBuf, String>,
    stack: Vec<(PathBuf, String)>,
    modules: Vec<LoadedModule>,
    errors: Vec<Diagnostic>,
}

impl Loader<'_> {
    /// Parses the module `path`, read as source `file`, and loads what it
    /// imports; gives its id.
    fn load(&mut self, path: PathBuf, file: usize) -> Option<String> {
        let ast = match syntax::parse_file(&self.sources.files[file].text) {
            Ok(ast) => ast,
            Err(errors) => {
                self.errors.extend(
                    errors
                        .into_iter()
                        .map(|e| Diagnostic::new(file, e.span, e.error)),
                );
                return None;
            }
        };
        self.stack
            .push((path.clone(), self.sources.files[file].name.clone()));
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let mut imports = Vec::new();
        for stmt in &ast {
            let StmtKind::Import(import) = &stmt.kind else {
                continue;
            };
            let target = if import.path.ends_with(".loop") {
                match self.import_module(&dir, &import.path, file, import.path_span) {
                    Some(id) => ImportedFile::Module(id),
                    None => ImportedFile::Failed,
                }
            } else {
                ImportedFile::Library
            };
            imports.push(ModuleImport {
                location: import.path.clone(),
                header: import.header.clone(),
                alias: import.alias.name.clone(),
                span: stmt.span,
                target,
            });
        }
        self.stack.pop();
        let id = format!("m{}", self.modules.len());
        self.done.insert(path.clone(), id.clone());
        self.modules.push(LoadedModule {
            id: id.clone(),
            file,
            path,
            ast,
            imports,
        });
        Some(id)
    }

    fn import_module(
        &mut self,
        dir: &Path,
        location: &str,
        file: usize,
        span: Span,
    ) -> Option<String> {
        let joined = dir.join(location);
        let Ok(path) = joined.canonicalize() else {
            self.errors.push(Diagnostic::new(
                file,
                span,
                ImportError::ModuleNotFound {
                    location: location.to_string(),
                    looked_for: joined.display().to_string(),
                },
            ));
            return None;
        };
        if let Some(start) = self.stack.iter().position(|(p, _)| *p == path) {
            let mut cycle: Vec<String> =
                self.stack[start..].iter().map(|(_, n)| n.clone()).collect();
            cycle.push(self.stack[start].1.clone());
            self.errors.push(Diagnostic::new(
                file,
                span,
                ImportError::ImportCycle { cycle },
            ));
            return None;
        }
        if let Some(id) = self.done.get(&path) {
            return Some(id.clone());
        }
        let name = pathdiff(&path, &self.base);
        match self.sources.read(&path, name) {
            Ok(module) => self.load(path, module),
            Err(ReadError::Io(e)) => {
                self.errors.push(Diagnostic::new(
                    file,
                    span,
                    ImportError::CannotReadModule {
                        location: location.to_string(),
                        reason: e.to_string(),
                    },
                ));
                None
            }
            Err(ReadError::NotUtf8(d)) => {
                self.errors.push(*d);
                None
            }
        }
    }
}

/// `path` relative to `base` when it lies under it, else the path itself.
fn pathdiff(path: &Path, base: &Path) -> String {
    let base = base.canonicalize().unwrap_or_else(|_| base.to_path_buf());
    match path.strip_prefix(&base) {
        Ok(rel) => rel.to_string_lossy().replace('\\', "/"),
        Err(_) => path.display().to_string(),
    }
}
