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
    /// Lua line where the frame's function starts (0 for the module's
    /// own code).
    pub defined: u32,
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

/// The Loop line of a frame, and the name the compiler gave its function.
fn locate(payload: &Payload, frame: &Frame) -> (u32, Option<String>) {
    let Some(module) = payload.modules.iter().find(|m| m.name == frame.module) else {
        return (0, None);
    };
    let line = module
        .line_map
        .get(frame.line.saturating_sub(1) as usize)
        .copied()
        .unwrap_or(0);
    let name = module
        .function_lines
        .binary_search(&frame.defined)
        .ok()
        .and_then(|i| module.function_names.get(i).cloned());
    (line, name)
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
    let text = loop_contract::names::without_c_prefixes(text);
    c_argument_message(&text).unwrap_or_else(|| loop_words(&text))
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

/// The text of a runtime error report. The message of the program's own
/// `error(msg)` (`raised`) is reported as it is; any other is the
/// runtime's or LuaJIT's, put in Loop words.
pub(crate) fn format_error(
    payload: &Payload,
    message: &str,
    frames: &[Frame],
    raised: bool,
) -> String {
    let message = if raised {
        message.to_string()
    } else {
        clean_message(payload, message)
    };
    let mut out = String::new();
    let located: Vec<(String, u32, Option<String>)> = frames
        .iter()
        .map(|f| {
            if f.module.is_empty() {
                return (String::new(), f.line, None);
            }
            let (line, name) = locate(payload, f);
            (f.module.clone(), line, name)
        })
        .collect();
    match located.iter().find(|(module, _, _)| !module.is_empty()) {
        Some((module, line, _)) => {
            out.push_str(&format!("{module}:{line}: runtime error: {message}\n"))
        }
        None => out.push_str(&format!("runtime error: {message}\n")),
    }
    push_calls(&mut out, &located);
    out
}

/// The longest cycle of calls folded in a trace: mutual recursion through
/// this many functions or fewer prints each cycle once.
const LONGEST_CYCLE: usize = 8;

/// Appends the chain of calls `located` (module, line, function), each run
/// of a repeated cycle of calls (recursion, direct or mutual) printed once
/// with the number of repeats; an entry with no module stands for that
/// many calls left out.
fn push_calls(out: &mut String, located: &[(String, u32, Option<String>)]) {
    let mut i = 0;
    while i < located.len() {
        // The middle of a very deep chain is left out: a marker with no
        // module counts the calls left out.
        if let (module, count, _) = &located[i]
            && module.is_empty()
        {
            out.push_str(&format!("  … {count} more calls\n"));
            i += 1;
            continue;
        }
        // The cycle starting here whose repeats cover the most calls; on a
        // tie, the shortest.
        let (mut period, mut repeats) = (1, 1);
        for p in 1..=LONGEST_CYCLE.min(located.len() - i) {
            let cycle = &located[i..i + p];
            let mut r = 1;
            while located
                .get(i + r * p..i + (r + 1) * p)
                .is_some_and(|next| next == cycle)
            {
                r += 1;
            }
            if r > 1 && r * p > repeats * period {
                (period, repeats) = (p, r);
            }
        }
        for (module, line, name) in &located[i..i + period] {
            match name {
                Some(n) => out.push_str(&format!("  at {module}:{line} in {n}\n")),
                None => out.push_str(&format!("  at {module}:{line}\n")),
            }
        }
        if repeats > 1 {
            let calls = if period == 1 {
                "the call above".to_string()
            } else {
                format!("the {period} calls above")
            };
            out.push_str(&format!(
                "  … {calls} repeated {} more times\n",
                repeats - 1
            ));
        }
        i += period * repeats;
    }
}

#[cfg(test)]
mod tests {
    use super::push_calls;

    fn calls(names: &[&str]) -> String {
        let located: Vec<(String, u32, Option<String>)> = names
            .iter()
            .map(|n| ("main.loop".to_string(), n.len() as u32, Some(n.to_string())))
            .collect();
        let mut out = String::new();
        push_calls(&mut out, &located);
        out
    }

    #[test]
    fn direct_recursion_prints_one_call() {
        assert_eq!(
            calls(&["f", "f", "f", "main"]),
            "  at main.loop:1 in f\n  … the call above repeated 2 more times\n  at main.loop:4 in main\n"
        );
    }

    #[test]
    fn mutual_recursion_prints_one_cycle() {
        let mut names = vec!["even"];
        for _ in 0..1000 {
            names.extend(["odd", "even"]);
        }
        names.push("main");
        assert_eq!(
            calls(&names),
            "  at main.loop:4 in even\n  at main.loop:3 in odd\n  … the 2 calls above repeated 999 more times\n  \
             at main.loop:4 in even\n  at main.loop:4 in main\n"
        );
    }

    #[test]
    fn a_cycle_through_three_functions_folds_and_calls_that_differ_stay() {
        let names = [
            "a", "bb", "ccc", "a", "bb", "ccc", "a", "bb", "ccc", "dddd", "a",
        ];
        assert_eq!(
            calls(&names),
            "  at main.loop:1 in a\n  at main.loop:2 in bb\n  at main.loop:3 in ccc\n  \
             … the 3 calls above repeated 2 more times\n  at main.loop:4 in dddd\n  at main.loop:1 in a\n"
        );
    }

    #[test]
    fn a_chain_without_repeats_is_printed_whole() {
        assert_eq!(
            calls(&["a", "bb", "a", "ccc"]),
            "  at main.loop:1 in a\n  at main.loop:2 in bb\n  at main.loop:1 in a\n  at main.loop:3 in ccc\n"
        );
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
