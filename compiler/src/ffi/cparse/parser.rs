//! The parser's state, its token cursor, the top-level loop (preprocessor
//! lines, `extern "C"` blocks, declarations) and constants.

use std::collections::{HashMap, HashSet};

use super::ParseError;
use super::expr;
use super::lexer::{Token, TokenKind};
use super::specifiers::ATTRIBUTES;
use crate::ffi::ctype::{CConstValue, CConstant, CType, Declarations};

/// What the parser functions return: a message without the declaration,
/// which [`Parser::parse`] adds.
pub(super) type PResult<T> = Result<T, String>;

/// A parse of one source text into [`Declarations`].
pub(super) struct Parser<'s> {
    source: &'s str,
    tokens: Vec<Token>,
    pub(super) pos: usize,
    pub(super) decls: Declarations,
    /// Typedef names in scope, each mapped to its `CType::Named`.
    pub(super) typedefs: HashMap<String, CType>,
    /// Constants defined so far, for later constant expressions.
    pub(super) constants: HashMap<String, CConstValue>,
    /// Object-like macros defined as nothing or as attributes (`#define API`,
    /// `#define API __declspec(dllexport)`), skipped in declarations.
    pub(super) ignored_macros: HashSet<String>,
    /// How many `extern "C" {` blocks are open.
    extern_c_depth: usize,
}

impl<'s> Parser<'s> {
    pub(super) fn new(source: &'s str, tokens: Vec<Token>) -> Self {
        Parser {
            source,
            tokens,
            pos: 0,
            decls: Declarations::default(),
            typedefs: HashMap::new(),
            constants: HashMap::new(),
            ignored_macros: HashSet::new(),
            extern_c_depth: 0,
        }
    }

    /// Parses every declaration; an error carries the whole declaration.
    pub(super) fn parse(mut self) -> Result<Declarations, ParseError> {
        while let Some(token) = self.tokens.get(self.pos) {
            let start = self.pos;
            match &token.kind {
                TokenKind::Directive(line) => {
                    let line = line.clone();
                    self.pos += 1;
                    self.directive(&line);
                }
                TokenKind::Punct(";") => self.pos += 1,
                TokenKind::Punct("}") if self.extern_c_depth > 0 => {
                    self.extern_c_depth -= 1;
                    self.pos += 1;
                }
                TokenKind::Ident(word) if word == "extern" && self.is_str_at(self.pos + 1) => {
                    self.pos += 2;
                    if self.eat_punct("{") {
                        self.extern_c_depth += 1;
                    }
                }
                _ => self.declaration().map_err(|message| ParseError {
                    declaration: self.declaration_text(start),
                    message,
                })?,
            }
        }
        Ok(self.decls)
    }

    /// The source text of the declaration starting at token `start`, up to
    /// its `;` (or the end), with whitespace collapsed.
    pub(super) fn declaration_text(&self, start: usize) -> String {
        let from = self
            .tokens
            .get(start)
            .map_or(self.source.len(), |t| t.start);
        declaration_text(self.source, from)
    }

    /// The source text from token `start` up to token `end` (excluded),
    /// with whitespace collapsed.
    pub(super) fn text_between(&self, start: usize, end: usize) -> String {
        let from = self.tokens[start].start;
        let to = self.tokens[end].start;
        collapse_whitespace(&self.source[from..to])
    }

    // ----- cursor -----

    /// The index of the next token that is not a preprocessor line
    /// (preprocessor lines inside a declaration are ignored).
    pub(super) fn next_index(&self) -> usize {
        let mut i = self.pos;
        while matches!(
            self.tokens.get(i).map(|t| &t.kind),
            Some(TokenKind::Directive(_))
        ) {
            i += 1;
        }
        i
    }

    pub(super) fn peek(&self) -> Option<&TokenKind> {
        self.peek_nth(0)
    }

    /// The `n`-th next token (preprocessor lines skipped).
    pub(super) fn peek_nth(&self, n: usize) -> Option<&TokenKind> {
        let mut i = self.next_index();
        for _ in 0..n {
            i += 1;
            while matches!(
                self.tokens.get(i).map(|t| &t.kind),
                Some(TokenKind::Directive(_))
            ) {
                i += 1;
            }
        }
        self.tokens.get(i).map(|t| &t.kind)
    }

    pub(super) fn advance(&mut self) {
        self.pos = self.next_index() + 1;
    }

    pub(super) fn peek_ident(&self) -> Option<&str> {
        match self.peek() {
            Some(TokenKind::Ident(name)) => Some(name),
            _ => None,
        }
    }

    pub(super) fn is_punct(&self, punct: &str) -> bool {
        matches!(self.peek(), Some(TokenKind::Punct(p)) if *p == punct)
    }

    pub(super) fn eat_punct(&mut self, punct: &str) -> bool {
        let found = self.is_punct(punct);
        if found {
            self.advance();
        }
        found
    }

    pub(super) fn expect_punct(&mut self, punct: &str, context: &str) -> PResult<()> {
        if self.eat_punct(punct) {
            Ok(())
        } else {
            Err(format!("expected `{punct}` {context}"))
        }
    }

    fn is_str_at(&self, index: usize) -> bool {
        matches!(
            self.tokens.get(index).map(|t| &t.kind),
            Some(TokenKind::Str(_))
        )
    }

    /// Skips a balanced `(…)`, `[…]` or `{…}` group starting here.
    pub(super) fn skip_group(&mut self) -> PResult<()> {
        let mut depth = 0usize;
        while let Some(kind) = self.peek() {
            let opens = matches!(kind, TokenKind::Punct("(" | "[" | "{"));
            let closes = matches!(kind, TokenKind::Punct(")" | "]" | "}"));
            self.advance();
            if opens {
                depth += 1;
            } else if closes {
                depth -= 1;
                if depth == 0 {
                    return Ok(());
                }
            }
        }
        Err("unbalanced brackets".to_string())
    }

    /// Evaluates a constant expression here.
    pub(super) fn constant_expression(&mut self) -> PResult<CConstValue> {
        self.pos = self.next_index();
        expr::eval(&self.tokens, &mut self.pos, &self.constants)
    }

    // ----- constants and preprocessor lines -----

    /// Adds a constant, which may repeat an earlier one with the same value.
    pub(super) fn define_constant(&mut self, name: &str, value: CConstValue) -> PResult<()> {
        match self.constants.get(name) {
            Some(old) if *old == value => Ok(()),
            Some(_) => Err(format!("`{name}` is defined twice with different values")),
            None => {
                self.constants.insert(name.to_string(), value);
                self.decls.constants.push(CConstant {
                    name: name.to_string(),
                    value,
                });
                Ok(())
            }
        }
    }

    /// `#define NAME constant` becomes a constant, and `#define NAME` or
    /// `#define NAME __attribute__(…)` a word to ignore; other preprocessor
    /// lines are skipped.
    fn directive(&mut self, line: &str) {
        let (keyword, rest) = split_word(line);
        let (name, body) = split_word(rest);
        match keyword {
            "define" if rest[name.len()..].starts_with('(') => {}
            "define" if body.is_empty() || ATTRIBUTES.contains(&split_word(body).0) => {
                self.ignored_macros.insert(name.to_string());
            }
            "define" => {
                if let Some(value) = constant_body(body, &self.constants) {
                    // A conflicting redefinition keeps the first value:
                    // reporting it is the C compiler's job, not ours.
                    let _ = self.define_constant(name, value);
                }
            }
            "undef" => {
                self.ignored_macros.remove(name);
                if self.constants.remove(name).is_some() {
                    self.decls.constants.retain(|c| c.name != name);
                }
            }
            _ => {}
        }
    }
}

/// The first word of `text` and the rest, both trimmed.
fn split_word(text: &str) -> (&str, &str) {
    let end = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(text.len());
    (&text[..end], text[end..].trim())
}

/// The value of a `#define` body that is a constant expression.
fn constant_body(body: &str, constants: &HashMap<String, CConstValue>) -> Option<CConstValue> {
    let tokens = super::lexer::tokenize(body).ok()?;
    let mut pos = 0;
    let value = expr::eval(&tokens, &mut pos, constants).ok()?;
    (pos == tokens.len()).then_some(value)
}

/// The text of the declaration that begins at byte `from`: up to its `;`
/// outside braces, or the end of the source, with whitespace collapsed.
pub(super) fn declaration_text(source: &str, from: usize) -> String {
    let rest = &source[from..];
    let mut depth = 0i32;
    let end = rest
        .char_indices()
        .find(|&(_, c)| {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                _ => {}
            }
            c == ';' && depth <= 0
        })
        .map_or(rest.len(), |(i, _)| i + 1);
    collapse_whitespace(&rest[..end])
}

fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
