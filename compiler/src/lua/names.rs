//! Lua spellings: names (the renaming rules are the contract's, shared
//! with the runtime: [`loop_contract::names`]) and string literals.

use loop_contract::names::is_lua_keyword;
/// The Lua identifier for an Arc name (see [`loop_contract::names`]).
pub use loop_contract::names::lua_name as ident;

use crate::arc::ir::ClassId;

/// The Lua identifier of a class's table (see
/// [`loop_contract::names::lua_class_name`]).
pub fn class_ident(id: &ClassId) -> String {
    loop_contract::names::lua_class_name(&id.name, id.nth)
}

/// Whether `name` can be written bare in Lua (`t.name`, `{name = v}`): an
/// identifier that is not a keyword.
pub fn is_lua_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !is_lua_keyword(name)
}

/// A Lua string literal for arbitrary bytes.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for b in s.bytes() {
        match b {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            0x20..=0x7e => out.push(b as char),
            _ => out.push_str(&format!("\\{b:03}")),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_and_bare_names() {
        assert_eq!(quote("a\"\n\u{e9}"), "\"a\\\"\\n\\195\\169\"");
        assert!(is_lua_name("x_1"));
        assert!(!is_lua_name("end"));
        assert!(!is_lua_name("1x"));
    }
}
