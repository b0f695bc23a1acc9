//! The prompt of `loopc repl`: line editing and history (rustyline) on a
//! terminal, plain lines from a pipe; entries of several lines until they
//! are whole ([`is_complete`]).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use rustyline::error::ReadlineError;
use rustyline::{Config, DefaultEditor};

use super::{Outcome, Repl, is_complete};

const HELP: &str = "\
Type Loop declarations, statements and expressions; each expression's value
is printed with its type. An entry goes on over several lines while a block,
bracket or expression is open; an empty line sends it as it is.
Declarations stay for the rest of the session. Up and down arrows recall
earlier entries (kept in ~/.loopc_history, or the file LOOPC_HISTORY names).
  :help   this text
  :quit   leave (so do Ctrl-D and exit(n)); Ctrl-C drops the entry being typed
";

/// Runs the prompt until the input ends or an entry ends the session, with
/// imports found relative to `dir`; gives the exit status.
pub fn run(dir: &Path) -> u8 {
    let color = std::io::stderr().is_terminal();
    let interactive = std::io::stdin().is_terminal();
    let mut repl = match Repl::new(dir, color) {
        Ok(repl) => repl,
        Err(e) => {
            loop_stub::print_error(&format!("error: the runtime did not start: {e}\n"));
            return 1;
        }
    };
    let config = Config::builder().auto_add_history(false).build();
    let mut editor = match DefaultEditor::with_config(config) {
        Ok(editor) => editor,
        Err(e) => {
            loop_stub::print_error(&format!("error: cannot read the terminal: {e}\n"));
            return 1;
        }
    };
    let history = history_file().filter(|_| interactive);
    if let Some(file) = &history {
        // A first session has no history yet.
        let _ = editor.load_history(file);
    }
    if interactive {
        say(&format!(
            "Loop {} (loopc repl): :help for help, Ctrl-D to leave\n",
            env!("CARGO_PKG_VERSION")
        ));
    }
    let mut entry = String::new();
    let status = loop {
        let prompt = if entry.is_empty() { "> " } else { ". " };
        let line = match editor.readline(prompt) {
            Ok(line) => line,
            Err(ReadlineError::Interrupted) => {
                entry.clear();
                continue;
            }
            // The input has ended: what is left of an entry is sent.
            Err(ReadlineError::Eof) if entry.trim().is_empty() => break 0,
            Err(ReadlineError::Eof) => String::new(),
            Err(e) => {
                loop_stub::print_error(&format!("error: cannot read the input: {e}\n"));
                break 1;
            }
        };
        if entry.is_empty() {
            match line.trim() {
                ":quit" | ":q" => break 0,
                ":help" => {
                    say(HELP);
                    continue;
                }
                _ => {}
            }
        }
        entry.push_str(&line);
        entry.push('\n');
        if !is_complete(&entry) {
            continue;
        }
        let text = std::mem::take(&mut entry);
        if text.trim().is_empty() {
            continue;
        }
        let _ = editor.add_history_entry(text.trim_end());
        match repl.eval(&text) {
            Outcome::Ran => {}
            Outcome::Refused(report) => loop_stub::print_error(&report),
            Outcome::Exit(code) => break code,
        }
    };
    if let Some(file) = &history {
        let _ = editor.save_history(file);
    }
    loop_stub::exit_status(status)
}

/// Where the history is kept: the file LOOPC_HISTORY names (none when it
/// is empty), else `.loopc_history` in the home folder.
fn history_file() -> Option<PathBuf> {
    if let Some(file) = std::env::var_os("LOOPC_HISTORY") {
        return (!file.is_empty()).then(|| PathBuf::from(file));
    }
    let home = std::env::var_os(if cfg!(windows) { "USERPROFILE" } else { "HOME" })?;
    Some(PathBuf::from(home).join(".loopc_history"))
}

/// Writes the prompt's own words to standard output.
fn say(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}
