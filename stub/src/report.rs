//! Runtime error reports in Loop terms: Lua lines mapped back to Loop
//! files and lines, with the chain of calls.

use loop_packer::Payload;

use crate::runtime::RUNTIME_NAME;
use crate::words::loop_words;

/// One Lua stack frame inside a Loop module; or, with an empty `module`,
/// `line` levels of a very deep stack that were not read.
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

/// Strips the `chunk:line: ` position Lua puts on its own errors (in a
/// module or in the runtime) and words them in Loop terms.
fn clean_message(payload: &Payload, message: &str) -> String {
    let chunks = payload
        .modules
        .iter()
        .map(|m| m.name.as_str())
        .chain([RUNTIME_NAME]);
    let mut text = message;
    for chunk in chunks {
        if let Some(rest) = text.strip_prefix(chunk)
            && let Some(rest) = rest.strip_prefix(':')
            && let Some((digits, tail)) = rest.split_once(": ")
            && digits.chars().all(|c| c.is_ascii_digit())
        {
            text = tail;
            break;
        }
    }
    loop_words(text)
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
            if f.module.is_empty() {
                return (String::new(), f.line, None);
            }
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
    match located.iter().find(|(module, _, _)| !module.is_empty()) {
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
        if module.is_empty() {
            out.push_str(&format!("  … {line} more calls\n"));
            i = j;
            continue;
        }
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
