//! Lua spellings of Loop names: user names that clash with Lua keywords or
//! with the compiler's own `_L…` names are renamed.

use crate::arc::ir::ClassId;

const LUA_KEYWORDS: &[&str] = &[
    "and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto", "if", "in",
    "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while",
];

/// The Lua identifier for an Arc name. Compiler-made names start with `$`
/// and become `_L…`; user names starting with `_` or equal to a Lua keyword
/// get a `_U` prefix.
pub fn ident(name: &str) -> String {
    if let Some(internal) = name.strip_prefix('$') {
        let clean: String = internal
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        return format!("_L{clean}");
    }
    if name.starts_with('_') || LUA_KEYWORDS.contains(&name) {
        return format!("_U{name}");
    }
    name.to_string()
}

/// The Lua identifier of a class's table: the second class of a name in
/// one module (`Point#2` in Arc) is `Point_L2`.
pub fn class_ident(id: &ClassId) -> String {
    match id.nth {
        1 => ident(&id.name),
        n => format!("{}_L{n}", ident(&id.name)),
    }
}

/// Whether `name` can be written bare in Lua (`t.name`, `{name = v}`): an
/// identifier that is not a keyword.
pub fn is_lua_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !LUA_KEYWORDS.contains(&name)
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
    fn renames_what_lua_would_misread() {
        assert_eq!(ident("end"), "_Uend");
        assert_eq!(ident("_x"), "_U_x");
        assert_eq!(ident("$ext1_double"), "_Lext1_double");
        assert_eq!(ident("count"), "count");
        assert_eq!(quote("a\"\n\u{e9}"), "\"a\\\"\\n\\195\\169\"");
        assert!(is_lua_name("x_1"));
        assert!(!is_lua_name("end"));
        assert!(!is_lua_name("1x"));
    }
}
