//! C libraries of a program: loading their declarations (through `ffi`),
//! the Loop view the type checker uses, the bindings code generation uses,
//! and the payload entries the runtime loads.

mod binding;
mod scope;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::arc::ir;
use crate::arc::walk;
use crate::ffi::{self, CType, LibraryInfo, Platform};
use crate::lua::{CArg, LibraryBinding};
use crate::types::LibraryScope;

/// Every C library a program imports, by index.
#[derive(Default)]
pub struct Libraries {
    /// Each library once, in first-import order.
    pub infos: Vec<LibraryInfo>,
    /// Import location of each library as first written (its name in the payload).
    pub names: Vec<String>,
    /// The header each library was imported with, if any: one library
    /// file read through two headers is two libraries to the program.
    headers: Vec<Option<String>>,
    /// What Loop sees of each library, by index.
    loop_scopes: Vec<LibraryScope>,
    /// Per (module index, alias): the library index and what Loop sees of it.
    pub scopes: HashMap<(usize, String), (usize, LibraryScope)>,
}

impl Libraries {
    /// Loads the library imported as `location` from a file in `dir` and
    /// makes it visible as `alias` in module `module`.
    pub fn import(
        &mut self,
        module: usize,
        alias: &str,
        location: &str,
        header: Option<&str>,
        dir: &Path,
    ) -> Result<usize, ffi::FfiError> {
        // A library imported again (by another module or alias, or through
        // a symbolic link) is read once.
        let path = ffi::locate_library(location, dir, Platform::host())?.path;
        let path = path.canonicalize().unwrap_or(path);
        let index = match self.infos.iter().zip(&self.headers).position(|(i, h)| {
            i.path.canonicalize().is_ok_and(|p| p == path) && h.as_deref() == header
        }) {
            Some(i) => i,
            None => {
                let info = ffi::load_library(location, dir, Platform::host(), header)?;
                self.loop_scopes.push(scope::loop_scope(&info));
                self.infos.push(info);
                self.names.push(location.to_string());
                self.headers.push(header.map(str::to_string));
                self.infos.len() - 1
            }
        };
        let scope = self.loop_scopes[index].clone();
        self.scopes
            .insert((module, alias.to_string()), (index, scope));
        Ok(index)
    }

    /// Code-generation bindings, payload entries and library files for a
    /// checked program: only the functions it calls and the variables it
    /// reads are declared.
    pub fn finish(
        &self,
        program: &ir::Program,
    ) -> (Vec<LibraryBinding>, Vec<loop_packer::Library>, Vec<PathBuf>) {
        let mut used: Vec<BTreeSet<String>> = vec![BTreeSet::new(); self.infos.len()];
        walk::exprs(program, &mut |e| {
            if let ir::ExprKind::CCall(lib, name, _) | ir::ExprKind::CVar(lib, name) = &e.kind
                && let Some(set) = used.get_mut(*lib)
            {
                set.insert(name.clone());
            }
        });
        let mut bindings = Vec::new();
        let mut payload = Vec::new();
        for (index, info) in self.infos.iter().enumerate() {
            let prefix = loop_contract::names::c_type_prefix(index);
            let mut declared_types = HashSet::new();
            let mut cdefs = String::new();
            let decls = &info.declarations;
            let roots = used[index].iter().flat_map(|name| {
                let function = decls
                    .function(name)
                    .into_iter()
                    .flat_map(|f| std::iter::once(&f.ret).chain(f.params.iter().map(|p| &p.ty)));
                function.chain(decls.variable(name).map(|v| &v.ty))
            });
            let needed = ffi::needed_types(decls, roots);
            for t in ffi::type_cdefs_of(decls, &prefix, &needed) {
                if declared_types.insert(t.key) {
                    cdefs.push_str(&t.text);
                    cdefs.push('\n');
                }
            }
            let mut binding = LibraryBinding::default();
            for name in &used[index] {
                let alias = loop_contract::names::lua_alias(index, name);
                if let Some(v) = info.declarations.variable(name) {
                    // Declared as a one-element array, LuaJIT gives a
                    // reference to the variable, so every read is current.
                    let cell = ffi::CVariable {
                        ty: CType::Array(Box::new(v.ty.clone()), Some(1)),
                        ..v.clone()
                    };
                    cdefs.push_str(&ffi::variable_cdef(&cell, &alias, &prefix));
                    cdefs.push('\n');
                    binding
                        .variables
                        .insert(name.clone(), (alias, binding::conversion(&v.ty)));
                    continue;
                }
                let Some(f) = info.declarations.function(name) else {
                    continue;
                };
                cdefs.push_str(&ffi::function_cdef(f, &alias, &prefix));
                cdefs.push('\n');
                let ret = binding::conversion(&f.ret);
                let args = f
                    .params
                    .iter()
                    .map(|p| binding::c_arg(&p.ty, &info.declarations, &prefix))
                    .collect();
                if let ffi::CType::Struct(_) = f.ret.resolved()
                    && let CArg::Struct(shape) = binding::c_arg(&f.ret, &info.declarations, &prefix)
                {
                    binding.struct_results.insert(name.clone(), shape);
                }
                binding.functions.insert(name.clone(), (alias, ret, args));
            }
            bindings.push(binding);
            // A system library travels by its run-time name (`libz.so.1`).
            let file_name = info.system_name.clone().unwrap_or_else(|| {
                info.path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default()
            });
            payload.push(loop_packer::Library {
                name: self.names[index].clone(),
                file_name,
                cdefs,
                symbols: used[index].iter().cloned().collect(),
                embedded: None,
            });
        }
        (
            bindings,
            payload,
            self.infos.iter().map(|i| i.path.clone()).collect(),
        )
    }
}
