//! When the lines typed so far make a whole entry.

use crate::diagnostics::SyntaxError;
use crate::syntax;
use crate::syntax::token::Tok;

/// Whether `text` is a whole entry to run, or the prompt should read more
/// lines: it is unfinished when Loop's parser stops at its very end
/// (an open block, bracket, string or comment; a trailing operator; a
/// function header whose body is still to come). A blank line ends an entry
/// whatever it holds, so a mistake can always be sent and reported.
pub fn is_complete(text: &str) -> bool {
    if text.ends_with("\n\n") || text.trim().is_empty() {
        return true;
    }
    // Brackets still open: the parser reports them at the opening one.
    if let Ok(tokens) = syntax::lexer::lex(text) {
        let depth: i64 = tokens
            .iter()
            .map(|t| match t.kind {
                Tok::LParen | Tok::LBracket | Tok::LBrace => 1,
                Tok::RParen | Tok::RBracket | Tok::RBrace => -1,
                _ => 0,
            })
            .sum();
        if depth > 0 {
            return false;
        }
    }
    match syntax::parse_file(text) {
        Ok(_) => true,
        Err(errors) => {
            let end = text.trim_end().len() as u32;
            !errors
                .iter()
                .any(|e| e.span.start >= end || e.error == SyntaxError::UnterminatedComment)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_complete;

    #[test]
    fn finished_statements_are_complete() {
        for text in [
            "1 + 2",
            "x := 1\n",
            "fn f(int n) { n * 2 }",
            "if true { 1 } else { 2 }\n",
            "class P { int x = 1 }",
            "println(\"a {\")",
            "// just a comment",
        ] {
            assert!(is_complete(text), "{text:?}");
        }
    }

    #[test]
    fn open_blocks_brackets_strings_and_operators_wait_for_more() {
        for text in [
            "fn f(int n) {\n",
            "fn f(int n) {\n  if n > 1 {\n    n\n  }\n",
            "xs := [1, 2,\n",
            "println(\"a\" +\n",
            "/< a comment\n",
            "fn f(int n)\n",
            "x := (1 +\n",
        ] {
            assert!(!is_complete(text), "{text:?}");
        }
    }

    #[test]
    fn a_blank_line_sends_even_an_unfinished_entry() {
        assert!(is_complete("fn f(int n) {\n\n"));
    }

    #[test]
    fn an_error_before_the_end_is_sent_to_be_reported() {
        assert!(is_complete("x := := 1\n"));
        assert!(is_complete(") + 1"));
        // A string ends on its line.
        assert!(is_complete("s := \"unfinished\n"));
    }
}
