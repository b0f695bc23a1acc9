//! Runtime error reports in Loop terms: Lua lines mapped back to Loop
//! files and lines, with the chain of calls.

use loop_packer::Payload;

/// One Lua stack frame inside a Loop module.
#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    pub module: String,
    /// Current Lua line.
    pub line: u32,
    /// Lua line where the frame's function starts.
    pub defined: u32,
    pub name: Option<String>,
}

/// Prints a runtime error to stderr.
pub fn report_error(payload: &Payload, message: &str, frames: &[Frame]) {
    print_error(&format_error(payload, message, frames));
}

/// Reports an error that kept `program` (a bundle's executable, or the
/// source file under `loopc run`) from starting, as
/// `error: {program}: {message}`, and gives the exit status for it, 1.
pub fn report_start_error(program: &std::path::Path, message: &str) -> i32 {
    print_error(&format!("error: {}: {message}\n", program.display()));
    1
}

/// Writes `text` to stderr; a closed stderr is not worth a crash.
pub fn print_error(text: &str) {
    use std::io::Write;
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

fn loop_line(payload: &Payload, module: &str, lua_line: u32) -> u32 {
    payload
        .modules
        .iter()
        .find(|m| m.name == module)
        .and_then(|m| m.line_map.get(lua_line.saturating_sub(1) as usize).copied())
        .unwrap_or(0)
}

/// Strips the `chunk:line: ` position Lua puts on its own errors and words
/// them in Loop terms.
fn clean_message(payload: &Payload, message: &str) -> String {
    let mut text = message.to_string();
    for m in &payload.modules {
        if let Some(rest) = text.strip_prefix(&format!("{}:", m.name))
            && let Some((digits, tail)) = rest.split_once(": ")
            && digits.chars().all(|c| c.is_ascii_digit())
        {
            text = tail.to_string();
            break;
        }
    }
    if text.contains("stack overflow") {
        return "stack overflow: too many nested calls (runaway recursion?)".into();
    }
    let text = text
        .replace("a nil value", "a null value")
        .replace("'_U", "'");
    let text = without_c_prefixes(&text);
    c_argument_message(&text).unwrap_or(text)
}

/// LuaJIT's "bad argument #2 to 'f' (cannot convert 'struct Cat *' to
/// 'struct Dog *')" for a C call, in Loop words: "C function `f`, argument
/// 2: expected C `struct Dog *`, found C `struct Cat *`".
fn c_argument_message(text: &str) -> Option<String> {
    let rest = text.strip_prefix("bad argument #")?;
    let (number, rest) = rest.split_once(" to '")?;
    let (function, rest) = rest.split_once("' (cannot convert '")?;
    let (found, rest) = rest.split_once("' to '")?;
    let wanted = rest.strip_suffix("')")?;
    let found = match found {
        "table" => "a Loop value".to_string(),
        "string" => "a string".to_string(),
        "number" => "a number".to_string(),
        "boolean" => "a bool".to_string(),
        "nil" => "null".to_string(),
        ctype => format!("C `{ctype}`"),
    };
    Some(format!(
        "C function `{function}`, argument {number}: expected C `{wanted}`, found {found}"
    ))
}

/// `text` without the per-library prefixes of C names (`_Lc0_`, `_Llib0_`,
/// see [`crate::c_type_prefix`] and [`crate::lua_alias`]), so a message
/// names C types and functions as the library spells them.
fn without_c_prefixes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("_L") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        let body = after
            .strip_prefix("lib")
            .or_else(|| after.strip_prefix('c'))
            .map(|tail| {
                let digits =
                    tail.len() - tail.trim_start_matches(|c: char| c.is_ascii_digit()).len();
                (digits, &tail[digits..])
            });
        match body {
            Some((digits, tail)) if digits > 0 && tail.starts_with('_') => rest = &tail[1..],
            _ => {
                out.push_str("_L");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn function_name(name: &Option<String>) -> Option<String> {
    let name = name.as_deref()?;
    if name.starts_with("_Lt") {
        return Some("a function literal".into());
    }
    if let Some(rest) = name.strip_prefix("_Lext") {
        return rest.split_once('_').map(|(_, m)| m.to_string());
    }
    Some(name.strip_prefix("_U").unwrap_or(name).to_string())
}

/// The text of a runtime error report.
pub fn format_error(payload: &Payload, message: &str, frames: &[Frame]) -> String {
    let mut out = String::new();
    let located: Vec<(String, u32, Option<String>)> = frames
        .iter()
        .map(|f| {
            (
                f.module.clone(),
                loop_line(payload, &f.module, f.line),
                if f.defined == 0 {
                    None
                } else {
                    function_name(&f.name)
                },
            )
        })
        .collect();
    match located.first() {
        Some((module, line, _)) => out.push_str(&format!(
            "{module}:{line}: runtime error: {}\n",
            clean_message(payload, message)
        )),
        None => out.push_str(&format!(
            "runtime error: {}\n",
            clean_message(payload, message)
        )),
    }
    let mut i = 0;
    while i < located.len() {
        let mut j = i + 1;
        while j < located.len() && located[j] == located[i] {
            j += 1;
        }
        let (module, line, name) = &located[i];
        match name {
            Some(n) => out.push_str(&format!("  at {module}:{line} in {n}\n")),
            None => out.push_str(&format!("  at {module}:{line}\n")),
        }
        if j - i > 1 {
            out.push_str(&format!(
                "  … the call above repeated {} more times\n",
                j - i - 1
            ));
        }
        i = j;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::without_c_prefixes;

    #[test]
    fn c_prefixes_are_left_out_of_messages() {
        assert_eq!(
            without_c_prefixes("cannot convert 'struct _Lc12_Pt' to '_Lc0_vec2 *' in _Llib3_f"),
            "cannot convert 'struct Pt' to 'vec2 *' in f"
        );
        assert_eq!(without_c_prefixes("_Lc_x _L _Llib"), "_Lc_x _L _Llib");
    }

    #[test]
    fn c_argument_errors_are_in_loop_words() {
        assert_eq!(
            super::c_argument_message(
                "bad argument #1 to 'dog_bark' (cannot convert 'struct Cat *' to 'struct Dog *')"
            )
            .as_deref(),
            Some(
                "C function `dog_bark`, argument 1: expected C `struct Dog *`, found C `struct Cat *`"
            )
        );
        assert_eq!(super::c_argument_message("index 3 out of range"), None);
    }
}
