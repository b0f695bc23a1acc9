//! A parser of C declarations (function prototypes, variables, typedefs,
//! structs, unions, enums and constant `#define`s) into the model of
//! [`crate::ffi::ctype`]. It is not a C preprocessor: `#include` and
//! conditionals are skipped, and only object-like macros are understood.

mod declaration;
mod declarator;
mod expr;
mod lexer;
mod parser;
mod specifiers;

#[cfg(test)]
mod tests;

use std::fmt;

use super::ctype::{Declarations, SkippedDeclaration};

/// A declaration that could not be parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct ParseError {
    /// The whole declaration, up to its `;`, whitespace collapsed.
    pub declaration: String,
    /// What is wrong with it.
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cannot parse C declaration `{}`: {}",
            self.declaration, self.message
        )
    }
}

impl std::error::Error for ParseError {}

/// Parses a header after the C preprocessor, tolerantly: a declaration
/// that does not parse, or that Loop cannot use, is skipped and listed in
/// [`Declarations::skipped`] with the reason, never failing the whole.
/// Line markers (`# 1 "stdio.h"`) say which file declared each function
/// and variable ([`Declarations::origins`]).
pub fn parse_header(source: &str) -> Declarations {
    let tokens = match lexer::tokenize(source) {
        Ok(tokens) => tokens,
        Err(err) => {
            // Declarations before the character the lexer refused still count.
            let cut = source[..err.at].rfind([';', '}']).map_or(0, |i| i + 1);
            let mut decls = parse_header(&source[..cut]);
            decls.skipped.push(SkippedDeclaration {
                name: None,
                text: parser::declaration_text(source, cut),
                reason: format!("{} (the rest of the header is skipped)", err.message),
            });
            return decls;
        }
    };
    parser::Parser::new(source, tokens)
        .tolerant()
        .parse()
        .unwrap_or_default()
}

/// Parses C declarations: a signature string or a header.
pub fn parse_declarations(source: &str) -> Result<Declarations, ParseError> {
    let tokens = lexer::tokenize(source).map_err(|err| {
        // The declaration starts after the previous one and any
        // preprocessor lines that follow it.
        let mut from = source[..err.at].rfind([';', '}']).map_or(0, |i| i + 1);
        while let Some(len) = source[from..err.at].find('\n') {
            let line = source[from..from + len].trim();
            if !(line.is_empty() || line.starts_with('#')) {
                break;
            }
            from += len + 1;
        }
        ParseError {
            declaration: parser::declaration_text(source, from),
            message: err.message,
        }
    })?;
    parser::Parser::new(source, tokens).parse()
}
