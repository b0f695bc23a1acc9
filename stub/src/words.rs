//! LuaJIT's runtime error messages in Loop words.
//!
//! The runtime's helpers fail with Loop messages of their own; what is left
//! are the errors LuaJIT raises in generated code, where a check would cost
//! time on a hot path: a field or method of a null instance, a call of a
//! null function, a null string concatenated or measured, a null or NaN map
//! key. Their messages name Lua's idea of the value (`local 'p'`, `a nil
//! value`); here they say what was null and what was attempted.

/// `message` (without its `chunk:line:` position) in Loop words.
pub fn loop_words(message: &str) -> String {
    if message.contains("stack overflow") {
        return "stack overflow: too many nested calls (runaway recursion?)".into();
    }
    match message {
        "table index is nil" => return "a map key cannot be null".into(),
        "table index is NaN" => return "a map key cannot be NaN".into(),
        "not enough memory" => return "out of memory".into(),
        _ => {}
    }
    if let Some(rest) = message.strip_prefix("attempt to compare ") {
        let (a, b) = match rest.strip_prefix("two ") {
            Some(both) => {
                let t = both.strip_suffix(" values").unwrap_or(both);
                (t, t)
            }
            None => rest.split_once(" with ").unwrap_or((rest, rest)),
        };
        return format!("cannot compare {} with {}", type_word(a), type_word(b));
    }
    if let Some(rest) = message.strip_prefix("attempt to ")
        && let Some(words) = operation(rest)
    {
        return words;
    }
    // Lua's name for the function is the runtime's, not a Loop name.
    if let Some(rest) = message.strip_prefix("bad argument #")
        && let Some((number, rest)) = rest.split_once(" to '")
        && let Some((_, detail)) = rest.split_once("' (")
    {
        let detail = detail.strip_suffix(')').unwrap_or(detail);
        let detail = detail
            .replace("got nil", "got null")
            .replace("got no value", "got nothing");
        return format!("bad argument {number} to a built-in function: {detail}");
    }
    message.to_string()
}

/// `attempt to OP KIND 'NAME' (a TYPE value)` or `attempt to OP a TYPE
/// value`, after `attempt to `.
fn operation(rest: &str) -> Option<String> {
    const OPERATIONS: [(&str, &str); 5] = [
        ("index ", "use a field or method of"),
        ("call ", "call"),
        ("concatenate ", "concatenate"),
        ("get length of ", "get the length of"),
        ("perform arithmetic on ", "do arithmetic on"),
    ];
    let (what, rest) = OPERATIONS
        .iter()
        .find_map(|(lua, loop_words)| rest.strip_prefix(lua).map(|r| (*loop_words, r)))?;
    let (name, type_name) = if let Some(value) = rest.strip_prefix("a ") {
        (None, value.strip_suffix(" value")?)
    } else {
        // KIND 'NAME' (a TYPE value)
        let (_kind, named) = rest.split_once(" '")?;
        let (name, value) = named.split_once("' (a ")?;
        (
            loop_contract::names::loop_name(name),
            value.strip_suffix(" value)")?,
        )
    };
    Some(match (name, type_name) {
        (Some(name), "nil") => format!("cannot {what} `{name}`: it is null"),
        (None, "nil") => format!("cannot {what} null"),
        (Some(name), other) => format!("cannot {what} `{name}`: it is {}", a_type(other)),
        (None, other) => format!("cannot {what} {}", a_type(other)),
    })
}

/// A Lua type name in Loop words.
fn type_word(lua: &str) -> &str {
    match lua {
        "nil" => "null",
        "boolean" => "bool",
        "table" => "an array, map or instance",
        "cdata" | "userdata" => "a C value",
        other => other,
    }
}

/// A Lua type name as "a …" in Loop words.
fn a_type(lua: &str) -> String {
    match type_word(lua) {
        word @ ("null" | "an array, map or instance" | "a C value") => word.to_string(),
        word => format!("a {word}"),
    }
}

#[cfg(test)]
mod tests {
    use super::loop_words;

    #[test]
    fn null_values_in_generated_code() {
        for (lua, loop_text) in [
            (
                "attempt to index local 'p' (a nil value)",
                "cannot use a field or method of `p`: it is null",
            ),
            (
                "attempt to index field 'next' (a nil value)",
                "cannot use a field or method of `next`: it is null",
            ),
            (
                "attempt to index upvalue '_Uend' (a nil value)",
                "cannot use a field or method of `end`: it is null",
            ),
            (
                "attempt to index local '_Lt3' (a nil value)",
                "cannot use a field or method of null",
            ),
            (
                "attempt to index a nil value",
                "cannot use a field or method of null",
            ),
            (
                "attempt to call local 'f' (a nil value)",
                "cannot call `f`: it is null",
            ),
            ("attempt to call a nil value", "cannot call null"),
            (
                "attempt to concatenate local 'line' (a nil value)",
                "cannot concatenate `line`: it is null",
            ),
            (
                "attempt to get length of local 's' (a nil value)",
                "cannot get the length of `s`: it is null",
            ),
            (
                "attempt to compare nil with string",
                "cannot compare null with string",
            ),
            (
                "attempt to compare two nil values",
                "cannot compare null with null",
            ),
            ("table index is nil", "a map key cannot be null"),
            ("table index is NaN", "a map key cannot be NaN"),
            (
                "bad argument #1 to '_Lchar' (invalid value)",
                "bad argument 1 to a built-in function: invalid value",
            ),
        ] {
            assert_eq!(loop_words(lua), loop_text, "{lua}");
        }
    }

    #[test]
    fn other_messages_stay() {
        assert_eq!(loop_words("division by zero"), "division by zero");
        assert!(loop_words("stack overflow").contains("runaway recursion"));
    }
}
