//! Names: how the names of a Loop program (as the typed IR Arc spells them)
//! become Lua identifiers, and how the runtime gets the Loop name back for
//! a message.
//!
//! Lua sees three kinds of name:
//! * a user's name as written (`count`), unless Lua would misread it: a Lua
//!   keyword or a name starting with `_` gets [`USER_PREFIX`] (`_Uend`);
//! * a name the compiler made, starting with [`INTERNAL_PREFIX`] (`_Lt3`,
//!   `_Lwrite`, `_Lext1_double`): no user name starts so;
//! * the C names of a program's libraries, each library's with a prefix of
//!   its own ([`lua_alias`], [`c_type_prefix`]).

/// Prefix of the Lua name of a user name that Lua would misread.
pub const USER_PREFIX: &str = "_U";

/// Prefix of every Lua name the compiler or the runtime makes.
pub const INTERNAL_PREFIX: &str = "_L";

/// Whether `name` is one of Lua's reserved words (a `match`: it is asked
/// for every name the generated code holds).
pub fn is_lua_keyword(name: &str) -> bool {
    matches!(
        name,
        "and"
            | "break"
            | "do"
            | "else"
            | "elseif"
            | "end"
            | "false"
            | "for"
            | "function"
            | "goto"
            | "if"
            | "in"
            | "local"
            | "nil"
            | "not"
            | "or"
            | "repeat"
            | "return"
            | "then"
            | "true"
            | "until"
            | "while"
    )
}

/// Starts every Arc name the compiler makes.
const ARC_INTERNAL: char = '$';

/// Whether an Arc name is one the compiler made (no Loop name).
pub fn is_compiler_made(arc_name: &str) -> bool {
    arc_name.starts_with(ARC_INTERNAL)
}

/// The Lua identifier for an Arc name. Compiler-made Arc names start with
/// `$` and become `_L…`; user names starting with `_` or equal to a Lua
/// keyword get [`USER_PREFIX`].
pub fn lua_name(name: &str) -> String {
    if let Some(internal) = name.strip_prefix(ARC_INTERNAL) {
        let clean: String = internal
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        return format!("{INTERNAL_PREFIX}{clean}");
    }
    if name.starts_with('_') || is_lua_keyword(name) {
        return format!("{USER_PREFIX}{name}");
    }
    name.to_string()
}

/// The Loop name of a Lua name met in a LuaJIT message (`local '_Uend'`):
/// `None` for the compiler's own names (temporaries, runtime helpers) and
/// for Lua's `?` or an empty name, which have no Loop name.
pub fn loop_name(lua: &str) -> Option<&str> {
    if let Some(user) = lua.strip_prefix(USER_PREFIX) {
        return Some(user);
    }
    if lua.starts_with(INTERNAL_PREFIX) || lua == "?" || lua.is_empty() {
        return None;
    }
    Some(lua)
}

/// The Lua name of the table of the `nth` class named `name` in a module
/// (counting from 1: classes declared in blocks may share a name): the
/// first has the name's own [`lua_name`], the second `Point_L2`.
pub fn lua_class_name(name: &str, nth: u32) -> String {
    match nth {
        1 => lua_name(name),
        n => format!("{}{INTERNAL_PREFIX}{n}", lua_name(name)),
    }
}

/// Starts the Arc name of a function made for an `ext` method.
const EXT_PREFIX: &str = "$ext";

/// The Arc name of the function made for the `count`th `ext` method of a
/// module, named `method`: `$ext1_double`.
pub fn ext_function(count: usize, method: &str) -> String {
    format!("{EXT_PREFIX}{count}_{method}")
}

/// The method name of an [`ext_function`] name, `None` for any other name.
pub fn ext_method(arc_name: &str) -> Option<&str> {
    let rest = arc_name.strip_prefix(EXT_PREFIX)?;
    let (count, method) = rest.split_once('_')?;
    (!count.is_empty() && count.bytes().all(|b| b.is_ascii_digit())).then_some(method)
}

/// Starts the Lua name of a C function or variable of a library.
const LIBRARY_ALIAS: &str = "_Llib";

/// Starts the prefix of a library's C type names.
const C_TYPE: &str = "_Lc";

/// The Lua name under which a C function of library `index` is bound; the
/// compiler declares it with `__asm__("symbol")` in that library's cdefs.
pub fn lua_alias(index: usize, symbol: &str) -> String {
    format!("{LIBRARY_ALIAS}{index}_{symbol}")
}

/// The prefix of every C type name (struct, union and enum tags, typedef
/// names, enumerators) that library `index` defines, in its cdefs: each
/// library gets its own C types, even where two use the same names.
pub fn c_type_prefix(index: usize) -> String {
    format!("{C_TYPE}{index}_")
}

/// `text` without the prefixes of [`lua_alias`] and [`c_type_prefix`], so
/// that a message names C types and functions as the library spells them.
pub fn without_c_prefixes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(INTERNAL_PREFIX) {
        out.push_str(&rest[..at]);
        let prefixed = &rest[at..];
        let body = [LIBRARY_ALIAS, C_TYPE].iter().find_map(|prefix| {
            let tail = prefixed.strip_prefix(prefix)?;
            let digits = tail.len() - tail.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            let name = tail[digits..].strip_prefix('_')?;
            (digits > 0).then_some(name)
        });
        match body {
            Some(name) => rest = name,
            None => {
                out.push_str(INTERNAL_PREFIX);
                rest = &prefixed[INTERNAL_PREFIX.len()..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renames_what_lua_would_misread() {
        assert_eq!(lua_name("end"), "_Uend");
        assert_eq!(lua_name("_x"), "_U_x");
        assert_eq!(lua_name("$ext1_double"), "_Lext1_double");
        assert_eq!(lua_name("$t.1"), "_Lt_1");
        assert_eq!(lua_name("count"), "count");
        assert!(is_compiler_made("$t1") && !is_compiler_made("t1"));
    }

    #[test]
    fn loop_names_come_back() {
        for name in ["end", "_x", "count", "while"] {
            assert_eq!(loop_name(&lua_name(name)), Some(name));
        }
        for lua in ["_Lt3", "_Lwrite", "?", ""] {
            assert_eq!(loop_name(lua), None, "{lua}");
        }
    }

    #[test]
    fn classes_and_ext_methods() {
        assert_eq!(lua_class_name("Point", 1), "Point");
        assert_eq!(lua_class_name("Point", 2), "Point_L2");
        assert_eq!(lua_class_name("end", 3), "_Uend_L3");
        assert_eq!(ext_function(3, "double"), "$ext3_double");
        assert_eq!(ext_method(&ext_function(3, "to_x")), Some("to_x"));
        for other in ["double", "$ext_double", "$extx_double", "$t1"] {
            assert_eq!(ext_method(other), None, "{other}");
        }
    }

    #[test]
    fn c_prefixes_are_left_out_of_messages() {
        let message = format!(
            "cannot convert 'struct {}Pt' to '{}vec2 *' in {}",
            c_type_prefix(12),
            c_type_prefix(0),
            lua_alias(3, "f")
        );
        assert_eq!(
            without_c_prefixes(&message),
            "cannot convert 'struct Pt' to 'vec2 *' in f"
        );
        assert_eq!(without_c_prefixes("_Lc_x _L _Llib"), "_Lc_x _L _Llib");
        assert_eq!(without_c_prefixes("a_Lc1_b _Llib2x"), "ab _Llib2x");
    }
}
