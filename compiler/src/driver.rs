//! Runs the phases in order: modules → syntax → types → Arc → Lua → payload.

use std::path::{Path, PathBuf};

use loop_packer::{Module, Payload};

use crate::arc::{self, ir};
use crate::diagnostics::{ArcError, Diagnostic, ErrorKind, ImportError, ReadError, Sources};
use crate::libraries::Libraries;
use crate::lua;
use crate::modules::{self, ImportedFile};
use crate::types;

/// A program compiled down to what the runtime needs.
pub struct Compiled {
    pub arc: ir::Program,
    pub chunks: Vec<lua::Chunk>,
    /// Each chunk's LuaJIT bytecode (made while checking that it loads),
    /// for bundles whose stub runs this LuaJIT.
    pub bytecode: Vec<Vec<u8>>,
    pub payload: Payload,
    /// The file of each C library, in payload order.
    pub library_paths: Vec<PathBuf>,
    /// The files the program was compiled from: its modules, the main
    /// one last (or the one Arc file).
    pub sources: Vec<PathBuf>,
    /// Whether each C library is a system library, which a bundle loads
    /// by its run-time name (the payload's file name) and never embeds.
    pub system_libraries: Vec<bool>,
}

/// Compile errors together with the sources they point into.
pub struct Failure {
    pub diagnostics: Vec<Diagnostic>,
    pub sources: Sources,
}

impl Failure {
    fn general(kind: impl Into<ErrorKind>) -> Failure {
        Failure {
            diagnostics: vec![Diagnostic::general(kind)],
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
    let (program, libraries, sources) = if path.extension().is_some_and(|e| e == "arc") {
        let (program, libraries) = read_arc(path)?;
        (program, libraries, vec![path.to_path_buf()])
    } else {
        check_with_libraries(path, None)?
    };
    let mut compiled = lower(program, &libraries)?;
    compiled.sources = sources;
    Ok(compiled)
}

/// Compiles the Loop program `text` as if it were the file `path` (which
/// need not exist): `loopc run -`.
pub fn compile_text(path: &Path, text: Vec<u8>) -> Result<Compiled, Failure> {
    let (program, libraries, sources) = check_with_libraries(path, Some(text))?;
    let mut compiled = lower(program, &libraries)?;
    compiled.sources = sources;
    Ok(compiled)
}

/// Compiles the program whose main file has the text `text`, as
/// [`compile`] would compile it from the file `path` (Loop, or Arc when
/// `path` ends in `.arc`). `path` need not exist: it names the module in
/// messages, and its folder is where imports and C libraries are looked
/// for. For tools and tests that make programs in memory.
pub fn compile_source(path: &Path, text: &str) -> Result<Compiled, Failure> {
    if path.extension().is_none_or(|e| e != "arc") {
        return compile_text(path, text.as_bytes().to_vec());
    }
    let (program, libraries) = read_arc_text(path, text)?;
    let mut compiled = lower(program, &libraries)?;
    compiled.sources = vec![path.to_path_buf()];
    Ok(compiled)
}

/// The Arc of a `.loop` program (checked) or of an `.arc` file (verified),
/// without generating its Lua: `loopc emit arc`.
pub fn arc(path: &Path) -> Result<ir::Program, Failure> {
    if path.extension().is_some_and(|e| e == "arc") {
        return read_arc(path).map(|(program, _)| program);
    }
    check(path)
}

/// Parses and type-checks a Loop program into Arc.
pub fn check(path: &Path) -> Result<ir::Program, Failure> {
    check_with_libraries(path, None).map(|(program, ..)| program)
}

/// The checked program, its C libraries and the files of its modules; the
/// main module's text is `given`, else the file `path`.
pub fn check_with_libraries(
    path: &Path,
    given: Option<Vec<u8>>,
) -> Result<(ir::Program, Libraries, Vec<PathBuf>), Failure> {
    let mut sources = Sources::default();
    let (loaded, mut diagnostics) = match modules::load_program(path, given, &mut sources) {
        Ok(loaded) => loaded,
        Err(diagnostics) => {
            return Err(Failure {
                diagnostics,
                sources,
            });
        }
    };
    // A failed import is reported and checking goes on without it, so one
    // run reports every failed import and the rest of the program's errors.
    let mut libraries = Libraries::default();
    for (index, module) in loaded.iter().enumerate() {
        let dir = module.path.parent().unwrap_or(Path::new("."));
        for import in &module.imports {
            if let ImportedFile::Library = import.target
                && let Err(e) = libraries.import(
                    index,
                    &import.alias,
                    &import.location,
                    import.header.as_ref().map(|(h, _)| h.as_str()),
                    dir,
                )
            {
                diagnostics.push(Diagnostic::new(module.file, import.span, e));
            }
            if let (ImportedFile::Module(_), Some((_, span))) = (&import.target, &import.header) {
                diagnostics.push(Diagnostic::new(
                    module.file,
                    *span,
                    ImportError::HeaderOnModule,
                ));
            }
        }
    }
    match types::check_program(&loaded, &sources, &libraries.scopes) {
        Ok(program) if diagnostics.is_empty() => Ok((
            program,
            libraries,
            loaded.into_iter().map(|m| m.path).collect(),
        )),
        Ok(_) => Err(Failure {
            diagnostics,
            sources,
        }),
        Err(errors) => {
            diagnostics.extend(errors);
            Err(Failure {
                diagnostics,
                sources,
            })
        }
    }
}

/// Reads an Arc file; its C libraries are found relative to it.
fn read_arc(path: &Path) -> Result<(ir::Program, Libraries), Failure> {
    let mut sources = Sources::default();
    let file = match sources.read(path, path.display().to_string()) {
        Ok(file) => file,
        Err(ReadError::Io(e)) => {
            return Err(Failure::general(ImportError::CannotRead {
                path: path.display().to_string(),
                reason: e.to_string(),
            }));
        }
        Err(ReadError::NotUtf8(diagnostic)) => {
            return Err(Failure {
                diagnostics: vec![*diagnostic],
                sources,
            });
        }
    };
    read_arc_text(path, &sources.files[file].text)
}

/// Reads the Arc text `text` of the file `path`.
fn read_arc_text(path: &Path, text: &str) -> Result<(ir::Program, Libraries), Failure> {
    let invalid = |message: String| {
        Failure::general(ArcError::Invalid {
            path: path.display().to_string(),
            message,
        })
    };
    let program = arc::parse::program(text).map_err(invalid)?;
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut libraries = Libraries::default();
    for (index, module) in program.modules.iter().enumerate() {
        for import in &module.imports {
            if let ir::ImportTarget::Library(n) = import.target {
                let got = libraries
                    .import(
                        index,
                        &import.namespace,
                        &import.location,
                        import.header.as_deref(),
                        dir,
                    )
                    .map_err(|error| {
                        Failure::general(ArcError::Library {
                            path: path.display().to_string(),
                            error,
                        })
                    })?;
                if got != n {
                    return Err(Failure::general(ArcError::LibraryNumber {
                        path: path.display().to_string(),
                        location: import.location.clone(),
                        numbered: n,
                        expected: got,
                    }));
                }
            }
        }
    }
    types::verify(&program, &libraries.scopes).map_err(invalid)?;
    Ok((program, libraries))
}

/// Generates Lua for a checked program and packs it as a payload.
fn lower(program: ir::Program, libraries: &Libraries) -> Result<Compiled, Failure> {
    // Every test run checks that the verifier accepts what the checker makes.
    #[cfg(debug_assertions)]
    if let Err(e) = types::verify(&program, &libraries.scopes) {
        panic!("the checker made Arc that does not verify: {e}");
    }
    let (bindings, payload_libraries, library_paths) = libraries.finish(&program);
    let (chunks, bytecode): (Vec<lua::Chunk>, Vec<Vec<u8>>) =
        lua::generate(&program, &bindings, |chunk| {
            loop_stub::compile_lua(&chunk.name, &chunk.code)
        })
        .map_err(|e| {
            Failure::general(ArcError::LuaLoad {
                module: e.module,
                message: e.message,
            })
        })?
        .into_iter()
        .unzip();
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
            function_lines: c.functions.iter().map(|(line, _)| *line).collect(),
            function_names: c.functions.iter().map(|(_, name)| name.clone()).collect(),
        })
        .collect();
    let payload = Payload {
        main,
        modules,
        runtime: loop_stub::runtime_source(
            chunks.iter().map(|c| c.code.as_str()),
            !payload_libraries.is_empty(),
        )
        .into_bytes(),
        libraries: payload_libraries,
    };
    Ok(Compiled {
        arc: program,
        chunks,
        bytecode,
        payload,
        library_paths,
        sources: Vec::new(),
        system_libraries: libraries
            .infos
            .iter()
            .map(|i| i.system_name.is_some())
            .collect(),
    })
}
