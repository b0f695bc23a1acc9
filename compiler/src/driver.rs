//! Runs the phases in order: modules → syntax → types → Arc → Lua → payload.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use loop_packer::{Module, Payload};

use crate::arc::{self, ir};
use crate::diagnostics::{Diagnostic, Sources};
use crate::lua;
use crate::modules::{self, ImportedFile};
use crate::types;

/// A program compiled down to what the runtime needs.
pub struct Compiled {
    pub arc: ir::Program,
    pub chunks: Vec<lua::Chunk>,
    pub payload: Payload,
    /// The file of each C library, in payload order.
    pub library_paths: Vec<PathBuf>,
}

/// Compile errors together with the sources they point into.
pub struct Failure {
    pub diagnostics: Vec<Diagnostic>,
    pub sources: Sources,
}

impl Failure {
    fn general(message: String) -> Failure {
        Failure {
            diagnostics: vec![Diagnostic::general(message)],
            sources: Sources::default(),
        }
    }

    /// Every diagnostic rendered for the terminal.
    pub fn render(&self, color: bool) -> String {
        self.diagnostics
            .iter()
            .map(|d| d.render(&self.sources, color))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// Compiles a `.loop` program (with its imports) or an `.arc` file.
pub fn compile(path: &Path) -> Result<Compiled, Failure> {
    let program = if path.extension().is_some_and(|e| e == "arc") {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Failure::general(format!("cannot read {}: {e}", path.display())))?;
        arc::parse::program(&text)
            .map_err(|e| Failure::general(format!("{}: invalid Arc: {e}", path.display())))?
    } else {
        check(path)?
    };
    Ok(lower(program))
}

/// Parses and type-checks a Loop program into Arc.
pub fn check(path: &Path) -> Result<ir::Program, Failure> {
    let mut sources = Sources::default();
    let loaded = match modules::load_program(path, &mut sources) {
        Ok(loaded) => loaded,
        Err(diagnostics) => {
            return Err(Failure {
                diagnostics,
                sources,
            });
        }
    };
    let mut diagnostics = Vec::new();
    for module in &loaded {
        for import in &module.imports {
            if let ImportedFile::Library = import.target {
                diagnostics.push(Diagnostic::new(
                    module.file,
                    import.span,
                    format!(
                        "cannot import C library `{}`: C libraries are not supported by this build",
                        import.location
                    ),
                ));
            }
        }
    }
    if !diagnostics.is_empty() {
        return Err(Failure {
            diagnostics,
            sources,
        });
    }
    types::check_program(&loaded, &sources, &HashMap::new()).map_err(|diagnostics| Failure {
        diagnostics,
        sources,
    })
}

/// Generates Lua for a checked program and packs it as a payload.
fn lower(program: ir::Program) -> Compiled {
    let chunks = lua::generate(&program, &[]);
    let main = program
        .modules
        .last()
        .map(|m| m.name.clone())
        .unwrap_or_default();
    let modules = chunks
        .iter()
        .map(|c| Module {
            name: c.name.clone(),
            code: c.code.clone().into_bytes(),
            line_map: c.line_map.clone(),
        })
        .collect();
    let payload = Payload {
        main,
        modules,
        libraries: Vec::new(),
    };
    Compiled {
        arc: program,
        chunks,
        payload,
        library_paths: Vec::new(),
    }
}
