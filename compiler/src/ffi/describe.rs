//! The report of `loopc sigs path/lib`: what the compiler sees in a library.

use std::fmt::Write;

use super::LibraryInfo;
use super::ctype::{CConstValue, CFunction, CType};
use super::symbols::SymbolKind;

/// Describes a library for people: its path, where its signatures came
/// from, what it exports, each declared function with its Loop types
/// (`add(int a, int b) -> int`) and C declaration, its variables and
/// constants, and what it declares without exporting.
pub fn describe(info: &LibraryInfo) -> String {
    let mut out = String::new();
    let exports = |kind: SymbolKind| -> Vec<&str> {
        info.exports
            .iter()
            .filter(|(_, k)| *k == kind)
            .map(|(name, _)| name)
            .collect()
    };
    let decls = &info.declarations;
    // Writing to a String cannot fail.
    let _ = writeln!(out, "library: {}", info.path.display());
    let _ = writeln!(out, "signatures: {}", info.source);
    let _ = writeln!(
        out,
        "exported functions: {}",
        list(&exports(SymbolKind::Function))
    );
    for (label, kind) in [("data", SymbolKind::Data), ("other", SymbolKind::Unknown)] {
        let names = exports(kind);
        if !names.is_empty() {
            let _ = writeln!(out, "exported {label}: {}", list(&names));
        }
    }
    if !decls.functions.is_empty() {
        let _ = writeln!(out, "functions:");
        for f in &decls.functions {
            let _ = writeln!(out, "  {}\n      {}", loop_signature(f), f.text);
        }
    }
    if !decls.variables.is_empty() {
        let _ = writeln!(out, "variables:");
        for v in &decls.variables {
            let _ = writeln!(out, "  {}: {}", v.name, loop_type(&v.ty, v.ty.param_view()));
        }
    }
    if !decls.constants.is_empty() {
        let _ = writeln!(out, "constants:");
        for c in &decls.constants {
            let _ = match c.value {
                CConstValue::Int(i) => writeln!(out, "  {} = {i}", c.name),
                CConstValue::Float(x) => writeln!(out, "  {} = {x:?}", c.name),
            };
        }
    }
    if !info.not_exported.is_empty() {
        let names: Vec<&str> = info.not_exported.iter().map(String::as_str).collect();
        let _ = writeln!(out, "declared but not exported: {}", list(&names));
    }
    out
}

/// `add(int a, int b) -> int`.
fn loop_signature(f: &CFunction) -> String {
    let mut params: Vec<String> = f
        .params
        .iter()
        .map(|p| {
            let ty = loop_type(&p.ty, p.ty.param_view());
            match &p.name {
                Some(name) => format!("{ty} {name}"),
                None => ty,
            }
        })
        .collect();
    if f.variadic {
        params.push("...".to_string());
    }
    let ret = loop_type(&f.ret, f.ret.return_view());
    format!("{}({}) -> {ret}", f.name, params.join(", "))
}

/// The Loop type, or the C type in angle brackets when Loop has none.
fn loop_type(ty: &CType, view: Option<super::LoopView>) -> String {
    match view {
        Some(view) => view.to_string(),
        None => format!("<C {ty}>"),
    }
}

fn list(names: &[&str]) -> String {
    if names.is_empty() {
        "(none)".to_string()
    } else {
        names.join(", ")
    }
}
