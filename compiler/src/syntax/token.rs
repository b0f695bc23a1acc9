//! Tokens produced by the lexer.

use super::Span;

/// One lexical token with its kind and location.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    pub kind: Tok,
    pub span: Span,
}

/// The kinds of token in Loop source.
#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    Ident(String),
    Int(i64),
    Float(f64),
    Str(String),
    // keywords
    Var,
    Const,
    Fn,
    If,
    Else,
    For,
    In,
    To,
    Break,
    Continue,
    Return,
    Import,
    As,
    Class,
    Ext,
    Pub,
    True,
    False,
    Null,
    And,
    Or,
    Not,
    Super,
    // punctuation
    ColonEq,
    Eq,
    EqEq,
    NotEq,
    Lt,
    Le,
    Gt,
    Ge,
    Plus,
    Minus,
    Star,
    Slash,
    Percent,
    Caret,
    Bang,
    /// `&`: a place passed to a C pointer parameter (`&db`).
    Amp,
    LParen,
    RParen,
    LBracket,
    RBracket,
    LBrace,
    RBrace,
    Comma,
    Dot,
    DotDot,
    Colon,
    Semi,
    Newline,
    Eof,
}

impl Tok {
    /// The keyword token spelled `word`, if it is one.
    pub fn keyword(word: &str) -> Option<Tok> {
        Some(match word {
            "var" => Tok::Var,
            "const" => Tok::Const,
            "fn" => Tok::Fn,
            "if" => Tok::If,
            "else" => Tok::Else,
            "for" => Tok::For,
            "in" => Tok::In,
            "to" => Tok::To,
            "break" => Tok::Break,
            "continue" => Tok::Continue,
            "return" => Tok::Return,
            "import" => Tok::Import,
            "as" => Tok::As,
            "class" => Tok::Class,
            "ext" => Tok::Ext,
            "pub" => Tok::Pub,
            "true" => Tok::True,
            "false" => Tok::False,
            "null" => Tok::Null,
            "and" => Tok::And,
            "or" => Tok::Or,
            "not" => Tok::Not,
            "super" => Tok::Super,
            _ => return None,
        })
    }

    /// Whether a newline right after this token continues the expression.
    pub fn continues_line(&self) -> bool {
        matches!(
            self,
            Tok::ColonEq
                | Tok::Eq
                | Tok::EqEq
                | Tok::NotEq
                | Tok::Lt
                | Tok::Le
                | Tok::Gt
                | Tok::Ge
                | Tok::Plus
                | Tok::Minus
                | Tok::Star
                | Tok::Slash
                | Tok::Percent
                | Tok::Caret
                | Tok::Bang
                | Tok::And
                | Tok::Or
                | Tok::Not
                | Tok::Comma
                | Tok::Dot
                | Tok::DotDot
                | Tok::Colon
                | Tok::LParen
                | Tok::LBracket
                | Tok::LBrace
        )
    }

    /// How the token reads in an error message.
    pub fn describe(&self) -> String {
        match self {
            Tok::Ident(name) => format!("`{name}`"),
            Tok::Int(n) => format!("`{n}`"),
            Tok::Float(x) => format!("`{x}`"),
            Tok::Str(_) => "a string".into(),
            Tok::Newline => "end of line".into(),
            Tok::Eof => "end of file".into(),
            other => format!("`{}`", other.spelling()),
        }
    }

    fn spelling(&self) -> &'static str {
        match self {
            Tok::Var => "var",
            Tok::Const => "const",
            Tok::Fn => "fn",
            Tok::If => "if",
            Tok::Else => "else",
            Tok::For => "for",
            Tok::In => "in",
            Tok::To => "to",
            Tok::Break => "break",
            Tok::Continue => "continue",
            Tok::Return => "return",
            Tok::Import => "import",
            Tok::As => "as",
            Tok::Class => "class",
            Tok::Ext => "ext",
            Tok::Pub => "pub",
            Tok::True => "true",
            Tok::False => "false",
            Tok::Null => "null",
            Tok::And => "and",
            Tok::Or => "or",
            Tok::Not => "not",
            Tok::Super => "super",
            Tok::ColonEq => ":=",
            Tok::Eq => "=",
            Tok::EqEq => "==",
            Tok::NotEq => "!=",
            Tok::Lt => "<",
            Tok::Le => "<=",
            Tok::Gt => ">",
            Tok::Ge => ">=",
            Tok::Plus => "+",
            Tok::Minus => "-",
            Tok::Star => "*",
            Tok::Slash => "/",
            Tok::Percent => "%",
            Tok::Caret => "^",
            Tok::Bang => "!",
            Tok::Amp => "&",
            Tok::LParen => "(",
            Tok::RParen => ")",
            Tok::LBracket => "[",
            Tok::RBracket => "]",
            Tok::LBrace => "{",
            Tok::RBrace => "}",
            Tok::Comma => ",",
            Tok::Dot => ".",
            Tok::DotDot => "..",
            Tok::Colon => ":",
            Tok::Semi => ";",
            Tok::Ident(_) | Tok::Int(_) | Tok::Float(_) | Tok::Str(_) | Tok::Newline | Tok::Eof => {
                ""
            }
        }
    }
}
