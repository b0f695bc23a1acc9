//! The report of `loopc sigs path/lib`: what the compiler sees in a library.

use std::fmt::Write;

use super::LibraryInfo;
use super::ctype::{CConstValue, CFunction, CType, Declarations, RecordKind, TypeDefinition};
use super::symbols::SymbolKind;
use super::view::LoopView;

/// Describes a library for people: its path, where its signatures came
/// from, what it exports, each declared function with its Loop types
/// (`add(int a, int b) -> int`) and C declaration, its variables and
/// constants, the structs a Loop class can stand for, and what it declares
/// without exporting.
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
    if let Some(name) = &info.system_name {
        let _ = writeln!(out, "run-time name: {name} (a system library)");
    }
    let _ = writeln!(out, "signatures: {}", info.source);
    let from_header = info.preprocessed;
    let system = info.system_name.is_some();
    for (label, kind) in [
        ("functions", SymbolKind::Function),
        ("data", SymbolKind::Data),
        ("other", SymbolKind::Unknown),
    ] {
        let names = exports(kind);
        if system {
            // A system library exports far more than one header declares.
            let _ = writeln!(out, "exported {label}: {}", names.len());
        } else if !names.is_empty() || kind == SymbolKind::Function {
            let _ = writeln!(out, "exported {label}: {}", list(&names));
        }
    }
    // A header's functions the library lacks are listed by name only.
    let exported = |name: &str| !from_header || !info.not_exported.iter().any(|n| n == name);
    if decls.functions.iter().any(|f| exported(&f.name)) {
        let _ = writeln!(out, "functions:");
        for f in decls.functions.iter().filter(|f| exported(&f.name)) {
            let _ = writeln!(out, "  {}\n      {}", loop_signature(f, decls), f.text);
        }
    }
    if decls.variables.iter().any(|v| exported(&v.name)) {
        let _ = writeln!(out, "variables:");
        for v in decls.variables.iter().filter(|v| exported(&v.name)) {
            let view =
                v.ty.return_view()
                    .filter(|v| !matches!(v, LoopView::Void | LoopView::Struct(_)));
            let _ = writeln!(out, "  {}: {}", v.name, loop_type(&v.ty, view));
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
    if !decls.strings.is_empty() {
        let _ = writeln!(out, "string constants:");
        for c in &decls.strings {
            let _ = writeln!(out, "  {} = {:?}", c.name, c.value);
        }
    }
    let structs = struct_shapes(decls);
    if !structs.is_empty() {
        let _ = writeln!(out, "structs (a class with these fields can be passed):");
        for line in structs {
            let _ = writeln!(out, "  {line}");
        }
    }
    if !info.not_exported.is_empty() {
        let names: Vec<&str> = info.not_exported.iter().map(String::as_str).collect();
        let _ = writeln!(out, "declared but not exported: {}", list(&names));
    }
    if !decls.skipped.is_empty() {
        let _ = writeln!(out, "skipped (beyond Loop):");
        for s in &decls.skipped {
            let name = s.name.as_deref().unwrap_or("(unnamed)");
            let _ = writeln!(out, "  {name}: {}\n      {}", s.reason, s.text);
        }
    }
    out
}

/// `add(int a, int b) -> int`; a struct parameter shows its C type.
fn loop_signature(f: &CFunction, decls: &Declarations) -> String {
    let mut params: Vec<String> = f
        .params
        .iter()
        .map(|p| {
            let ty = match decls.struct_param(&p.ty) {
                Some(_) => p.ty.to_string(),
                None => loop_type(&p.ty, p.ty.param_view()),
            };
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

/// The Loop type, the C type of a struct (an opaque value in Loop), or
/// the C type in angle brackets when Loop has none.
fn loop_type(ty: &CType, view: Option<LoopView>) -> String {
    match view {
        Some(LoopView::Struct(_)) => ty.to_string(),
        Some(view) => view.to_string(),
        None => format!("<C {ty}>"),
    }
}

/// `Point { x: float, y: float }` for each defined struct, or why no class
/// can stand for it.
fn struct_shapes(decls: &Declarations) -> Vec<String> {
    decls
        .types
        .iter()
        .filter_map(|def| match def {
            TypeDefinition::Record(r) if r.kind == RecordKind::Struct && r.fields.is_some() => {
                decls.struct_param(&CType::Struct(r.name.clone()))
            }
            _ => None,
        })
        .map(|shape| match shape.fields {
            Ok(fields) => {
                let fields: Vec<String> = fields
                    .iter()
                    .map(|f| format!("{}: {}", f.name, f.view))
                    .collect();
                format!("{} {{ {} }}", shape.c_type, fields.join(", "))
            }
            Err(why) => format!("{}: no class can stand for it: {why}", shape.c_type),
        })
        .collect()
}

fn list(names: &[&str]) -> String {
    if names.is_empty() {
        "(none)".to_string()
    } else {
        names.join(", ")
    }
}
