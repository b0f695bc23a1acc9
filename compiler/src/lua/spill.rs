//! The spilled form of a module. LuaJIT allows 200 locals per function and
//! 60 upvalues per closure; a module with very many top-level names (or a
//! function using very many of them) breaks those limits when each name is
//! a Lua local. Such a module is emitted again with its top-level names as
//! fields of one table, `_T`, and the runtime helpers read from `_L`.

use std::collections::{HashMap, HashSet};

use crate::arc::ir::{self, ExprKind as K, StmtKind as S};
use crate::arc::walk;

/// The top-level names of a module that live in `_T`: every name declared
/// at the top level and nowhere else in the module, so each use of it means
/// the top-level one.
pub(super) fn top_level_names(body: &[ir::Stmt]) -> HashSet<String> {
    let mut all: Vec<String> = Vec::new();
    let mut in_exprs: Vec<String> = Vec::new();
    walk::body(
        body,
        &mut |s| match &s.kind {
            S::Local(name, _, _) => all.push(name.clone()),
            S::Function(name, f) => {
                all.push(name.clone());
                all.extend(f.params.iter().map(|(p, _)| p.clone()));
            }
            S::Class(c) => {
                all.push(c.id.name.clone());
                all.push("self".into());
                for (_, m) in &c.methods {
                    all.extend(m.params.iter().map(|(p, _)| p.clone()));
                }
            }
            _ => {}
        },
        &mut |e| match &e.kind {
            K::ForRange(v, ..) | K::ForIn(v, ..) => in_exprs.push(v.clone()),
            K::Function(f) => in_exprs.extend(f.params.iter().map(|(p, _)| p.clone())),
            _ => {}
        },
    );
    let mut declared: HashMap<&str, usize> = HashMap::new();
    for name in all.iter().chain(&in_exprs) {
        *declared.entry(name).or_default() += 1;
    }
    body.iter()
        .filter_map(|s| match &s.kind {
            S::Local(name, _, _) | S::Function(name, _) => Some(name),
            S::Class(c) => Some(&c.id.name),
            _ => None,
        })
        .filter(|name| declared.get(name.as_str()) == Some(&1))
        .cloned()
        .collect()
}

/// Whether LuaJIT refused a chunk for one of its size limits, which the
/// spilled form avoids.
pub(super) fn is_limit_error(message: &str) -> bool {
    ["upvalues", "local variables", "too many", "too complex"]
        .iter()
        .any(|m| message.contains(m))
}
