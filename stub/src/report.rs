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
    text.replace("a nil value", "a null value")
        .replace("'_U", "'")
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
