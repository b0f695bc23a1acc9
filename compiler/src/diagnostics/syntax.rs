//! Errors in a source file's text: its encoding, its tokens, its grammar.

use std::fmt;

/// What is wrong with the text of a source file.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum SyntaxError {
    /// The file is not UTF-8; `byte` is the first that is wrong.
    InvalidUtf8 { byte: u8 },
    /// A character that starts no token.
    UnexpectedCharacter { ch: char },
    /// `/<` without its `>/`.
    UnterminatedComment,
    /// A string without its closing quote, before the end of its line
    /// (`at_line_end`) or of the file.
    UnterminatedString { at_line_end: bool },
    /// `0x` followed by no hexadecimal digits, or too many.
    InvalidHexLiteral,
    /// Digits run into letters: `12ab`.
    InvalidNumber,
    /// A float literal Rust cannot read.
    InvalidFloat,
    /// An integer literal beyond 64 bits.
    IntegerTooLarge,
    /// `\u` not followed by `{HEX}` naming a character.
    InvalidUnicodeEscape,
    /// A backslash escape that does not exist: `\q` (`?` stands for a
    /// character that does not show).
    UnknownEscape { escape: char },
    /// A string literal whose escapes make no UTF-8 text.
    StringNotUtf8,
    /// A token where the grammar wants something else.
    Expected {
        expected: &'static str,
        found: String,
    },
    /// Brackets and blocks nested more than `max` deep.
    TooDeep { max: usize },
    /// `pub` before something that is no declaration.
    PubWithoutDeclaration,
    /// A `{` without its `}` before the end of the file.
    UnclosedBrace,
    /// More than `max` binary operators in a row.
    TooManyOperators { max: usize },
    /// More than `max` calls, indexes and fields in a row.
    TooManySuffixes { max: usize },
    /// `fn name(…) { … }` where a value is wanted.
    NamedFunctionValue,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use SyntaxError::*;
        match self {
            InvalidUtf8 { byte } => write!(
                f,
                "invalid UTF-8 (byte 0x{byte:02X}): source files must be UTF-8"
            ),
            UnexpectedCharacter { ch } => write!(f, "unexpected character `{ch}`"),
            UnterminatedComment => {
                write!(f, "unterminated block comment: `/<` has no closing `>/`")
            }
            UnterminatedString { at_line_end } => write!(
                f,
                "unterminated string: missing closing `\"`{}",
                if *at_line_end { " on this line" } else { "" }
            ),
            InvalidHexLiteral => write!(f, "invalid hexadecimal integer literal"),
            InvalidNumber => write!(f, "invalid number literal"),
            InvalidFloat => write!(f, "invalid float literal"),
            IntegerTooLarge => write!(f, "integer literal is too large"),
            InvalidUnicodeEscape => write!(f, "invalid unicode escape: expected `\\u{{HEX}}`"),
            UnknownEscape { escape } => write!(f, "unknown escape `\\{escape}` in string"),
            StringNotUtf8 => write!(f, "string is not valid UTF-8"),
            Expected { expected, found } => write!(f, "expected {expected}, found {found}"),
            TooDeep { max } => write!(f, "nesting is too deep (more than {max} levels)"),
            PubWithoutDeclaration => write!(
                f,
                "`pub` goes before a declaration (`fn`, `class`, `const`, `var` or `x :=`)"
            ),
            UnclosedBrace => write!(f, "this `{{` is never closed"),
            TooManyOperators { max } => write!(
                f,
                "this expression is too long (more than {max} operators in a row); split it \
                 into several statements"
            ),
            TooManySuffixes { max } => write!(
                f,
                "this expression is too long (more than {max} calls, indexes and fields in a \
                 row); split it into several statements"
            ),
            NamedFunctionValue => write!(
                f,
                "a named function is a statement; use `fn(…) {{ … }}` for a function value"
            ),
        }
    }
}
