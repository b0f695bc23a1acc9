//! Syntax: tokens, the lexer, the untyped tree and the parser.

pub mod ast;
pub mod lexer;
pub mod parser;
pub mod token;

use crate::diagnostics::SyntaxError;

/// A byte range in one source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    /// The span from byte `start` up to byte `end`.
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start: start as u32,
            end: end.max(start) as u32,
        }
    }

    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

/// A lexing or parsing error and where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct ParseError {
    pub span: Span,
    pub error: SyntaxError,
}

/// Parses a whole file into its top-level statements.
pub fn parse_file(src: &str) -> Result<Vec<ast::Stmt>, Vec<ParseError>> {
    let tokens = lexer::lex(src).map_err(|e| vec![e])?;
    parser::Parser::new(tokens).parse_program()
}
