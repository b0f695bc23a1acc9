//! `loopc bundle`: a runner stub plus the program's payload, written as one
//! executable.

mod output;
mod stub;

use std::path::{Path, PathBuf};

use crate::driver::Compiled;
use crate::ffi::Platform;
use output::Input;
pub use stub::{describe_stub, find_stub};

/// How to bundle.
pub struct BundleOptions {
    pub output: PathBuf,
    /// A stub to use instead of the default one.
    pub stub: Option<PathBuf>,
    /// Put the C libraries' files inside the executable.
    pub embed_libs: bool,
}

/// Why `loopc bundle` wrote nothing.
#[derive(Debug, Clone, PartialEq)]
pub enum BundleError {
    /// The output path names one of the bundle's inputs, or something that
    /// is not a regular file: a usage error.
    Refused(String),
    /// An input could not be read or used, or the executable not written.
    Failed(String),
}

impl BundleError {
    /// The exit status for it: 2 for a usage error, else 1.
    pub fn exit_status(&self) -> u8 {
        match self {
            BundleError::Refused(_) => 2,
            BundleError::Failed(_) => 1,
        }
    }
}

impl std::fmt::Display for BundleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BundleError::Refused(message) | BundleError::Failed(message) => f.write_str(message),
        }
    }
}

impl From<String> for BundleError {
    fn from(message: String) -> Self {
        BundleError::Failed(message)
    }
}

/// Writes the standalone executable for `compiled`; gives its size in bytes.
pub fn bundle(compiled: &Compiled, options: &BundleOptions) -> Result<u64, BundleError> {
    let stub_path = find_stub(options.stub.as_deref())?;
    let target = output::target(&options.output, &inputs(compiled, &stub_path))?;
    let stub = std::fs::read(&stub_path)
        .map_err(|e| format!("cannot read stub {}: {e}", stub_path.display()))?;
    let info = loop_packer::inspect_stub(&stub)
        .map_err(|e| format!("{} cannot be used as a stub: {e}", stub_path.display()))?;
    stub::check_payload_format(&info, &stub_path)?;
    let mut payload = compiled.payload.clone();
    let libraries = payload
        .libraries
        .iter_mut()
        .zip(&compiled.library_paths)
        .zip(&compiled.system_libraries);
    for ((library, path), system) in libraries {
        if *system {
            // Loaded through the system loader by its run-time name, from
            // the run-time package of the machine the bundle runs on.
            continue;
        }
        let base = Path::new(&library.name)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let extension = info.platform().library_extension();
        library.file_name = format!("{base}.{extension}");
        if options.embed_libs {
            if options.stub.is_some() && info.platform() != Platform::host() {
                return Err(BundleError::Failed(format!(
                    "--embed-libs with a stub for {} needs the .{extension} build of `{}`; this host has only {}",
                    info.os,
                    library.name,
                    path.display()
                )));
            }
            let private = crate::ffi::private_dependencies(path, Platform::host());
            if let Some(dependency) = private.first() {
                return Err(BundleError::Failed(format!(
                    "cannot embed the C library `{}`: {} needs {dependency}, which lies beside \
                     it and is not a system library, and an embedded library cannot bring it \
                     along; link {dependency} into it statically, or bundle without \
                     --embed-libs and install {dependency} where the system loader finds it",
                    library.name,
                    path.display()
                )));
            }
            library.embedded = Some(
                std::fs::read(path)
                    .map_err(|e| format!("cannot read library {}: {e}", path.display()))?,
            );
        }
    }
    if !options.embed_libs {
        same_file_names(&payload.libraries, &compiled.system_libraries)?;
    }
    // A stub of this platform with this runtime and LuaJIT gets bytecode, so
    // the bundle starts without parsing any Lua.
    if stub::takes_bytecode(&info) {
        for (module, bytecode) in payload.modules.iter_mut().zip(&compiled.bytecode) {
            module.code = bytecode.clone();
        }
        payload.runtime = loop_stub::runtime_bytecode(&payload.runtime);
    }
    let bytes = loop_packer::attach(&stub, &payload)
        .map_err(|e| format!("cannot attach the program to the stub: {e}"))?;
    output::write_executable(&target, &options.output, &bytes)?;
    Ok(bytes.len() as u64)
}

/// Every file the bundle is made from, which `-o` must not replace: the
/// program's sources, its C libraries, the stub, and loopc itself.
fn inputs(compiled: &Compiled, stub: &Path) -> Vec<Input> {
    let mut inputs = Vec::new();
    let main = compiled.sources.len().saturating_sub(1);
    for (index, path) in compiled.sources.iter().enumerate() {
        let what = if index == main {
            "the program's source".to_string()
        } else {
            format!("a module of the program ({})", path.display())
        };
        inputs.push(Input {
            path: path.clone(),
            what,
        });
    }
    for (library, path) in compiled
        .payload
        .libraries
        .iter()
        .zip(&compiled.library_paths)
    {
        inputs.push(Input {
            path: path.clone(),
            what: format!("the C library `{}` ({})", library.name, path.display()),
        });
    }
    inputs.push(Input {
        path: stub.to_path_buf(),
        what: format!("the runner stub ({})", stub.display()),
    });
    if let Ok(loopc) = std::env::current_exe() {
        inputs.push(Input {
            what: format!("loopc itself ({})", loopc.display()),
            path: loopc,
        });
    }
    inputs
}

/// A bundle without embedded libraries finds each by its file name beside
/// the executable (or in `LOOP_LIBRARY_PATH`), so two libraries with the
/// same file name (`./a/m` and `./b/m`) cannot be told apart there. System
/// libraries (`system`) are the system's, by their run-time name.
fn same_file_names(libraries: &[loop_packer::Library], system: &[bool]) -> Result<(), String> {
    let own: Vec<&loop_packer::Library> = libraries
        .iter()
        .zip(system)
        .filter(|(_, system)| !**system)
        .map(|(library, _)| library)
        .collect();
    for (i, library) in own.iter().enumerate() {
        if let Some(other) = own[..i].iter().find(|o| o.file_name == library.file_name) {
            return Err(format!(
                "the C libraries `{}` and `{}` are both {}: a bundle finds its libraries by file \
                 name beside the executable, so it cannot tell them apart; rename one of them, \
                 or bundle with --embed-libs to carry both inside the executable",
                other.name, library.name, library.file_name
            ));
        }
    }
    Ok(())
}
