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
    /// Whether a declaration that does not parse is skipped (headers)
    /// rather than an error (signature strings).
    tolerant: bool,
    /// The file the preprocessor's last line marker named.
    current_file: Option<String>,
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
            tolerant: false,
            current_file: None,
        }
    }

    /// A parser that skips declarations it cannot parse (see
    /// [`super::parse_header`]).
    pub(super) fn tolerant(mut self) -> Self {
        self.tolerant = true;
        self
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
                _ => {
                    let (functions, variables) =
                        (self.decls.functions.len(), self.decls.variables.len());
                    match self.declaration() {
                        Ok(()) => self.note_origins(functions, variables),
                        Err(message) if self.tolerant => self.skip_declaration(start, message),
                        Err(message) => {
                            return Err(ParseError {
                                declaration: self.declaration_text(start),
                                message,
                            });
                        }
                    }
                }
            }
        }
        Ok(self.decls)
    }

    /// Records the current file as the origin of the functions and
    /// variables declared since there were `functions` and `variables`.
    fn note_origins(&mut self, functions: usize, variables: usize) {
        let Some(file) = &self.current_file else {
            return;
        };
        let names = self.decls.functions[functions..]
            .iter()
            .map(|f| f.name.clone())
            .chain(
                self.decls.variables[variables..]
                    .iter()
                    .map(|v| v.name.clone()),
            );
        let names: Vec<String> = names.collect();
        for name in names {
            self.decls.origins.insert(name, file.clone());
        }
    }

    /// Skips the declaration starting at token `start` that failed with
    /// `reason`: up to its `;` at the outer level, or the `}` that closes a
    /// function body. Remembers it with the name it seems to declare.
    fn skip_declaration(&mut self, start: usize, reason: String) {
        self.pos = start;
        let mut depth = 0usize;
        let mut name = None;
        let mut last_ident: Option<String> = None;
        let mut previous_was_paren = false;
        while let Some(token) = self.tokens.get(self.pos) {
            self.pos += 1;
            match &token.kind {
                TokenKind::Punct("(" | "[") => {
                    if depth == 0 && name.is_none() && matches!(token.kind, TokenKind::Punct("(")) {
                        name = last_ident.take().filter(|n| !is_keyword_like(n));
                    }
                    depth += 1;
                }
                TokenKind::Punct("{") => {
                    let body = depth == 0 && previous_was_paren;
                    depth += 1;
                    if body {
                        // A function body: skip it whole and stop.
                        self.pos -= 1;
                        let _ = self.skip_group();
                        break;
                    }
                }
                TokenKind::Punct(")" | "]" | "}") => depth = depth.saturating_sub(1),
                TokenKind::Punct(";") if depth == 0 => break,
                TokenKind::Punct("=") if depth == 0 && name.is_none() => {
                    name = last_ident.take();
                }
                TokenKind::Ident(word) if depth == 0 => last_ident = Some(word.clone()),
                _ => {}
            }
            previous_was_paren = matches!(token.kind, TokenKind::Punct(")"))
                || (previous_was_paren
                    && matches!(&token.kind, TokenKind::Ident(w) if is_keyword_like(w)));
        }
        let name = name.or(last_ident).filter(|n| !is_keyword_like(n));
        let mut text = self.declaration_text(start);
        if text.len() > 200 {
            let cut = (0..=200)
                .rev()
                .find(|&i| text.is_char_boundary(i))
                .unwrap_or(0);
            text.truncate(cut);
            text.push('…');
        }
        self.decls
            .skipped
            .push(crate::ffi::ctype::SkippedDeclaration { name, text, reason });
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
            // The compiler's own macros (`__GNUC__`, `__x86_64__`, and
            // those of the `stdc-predef.h` it includes first) are not the
            // header's.
            "define"
                if self.tolerant
                    && self.current_file.as_deref().is_some_and(|file| {
                        (file.starts_with('<') && file != "<stdin>")
                            || file.ends_with("/stdc-predef.h")
                    }) => {}
            "define" if rest[name.len()..].starts_with('(') && self.tolerant => {
                self.decls
                    .skipped
                    .push(crate::ffi::ctype::SkippedDeclaration {
                        name: Some(name.to_string()),
                        text: format!("#define {}", collapse_whitespace(rest)),
                        reason: "a function-like macro, which exists only for C source".into(),
                    });
            }
            "define" if rest[name.len()..].starts_with('(') => {}
            "define" if body.is_empty() || ATTRIBUTES.contains(&split_word(body).0) => {
                self.ignored_macros.insert(name.to_string());
            }
            "define" if body.starts_with('"') => {
                if let Some(value) = string_body(body)
                    && !self.decls.strings.iter().any(|c| c.name == name)
                {
                    self.decls.strings.push(crate::ffi::ctype::CStringConstant {
                        name: name.to_string(),
                        value,
                    });
                }
            }
            "define" => match constant_body(body, &self.constants) {
                Ok(value) => {
                    // A conflicting redefinition keeps the first value:
                    // reporting it is the C compiler's job, not ours.
                    let _ = self.define_constant(name, value);
                }
                // Remembered, so that naming it says why it is not a constant.
                Err(why) => self
                    .decls
                    .skipped
                    .push(crate::ffi::ctype::SkippedDeclaration {
                        name: Some(name.to_string()),
                        text: format!("#define {name} {}", collapse_whitespace(body)),
                        reason: format!(
                            "a macro whose value is not a constant Loop can use ({why})"
                        ),
                    }),
            },
            "undef" => {
                self.ignored_macros.remove(name);
                if self.constants.remove(name).is_some() {
                    self.decls.constants.retain(|c| c.name != name);
                }
            }
            // A line marker: `# 12 "/usr/include/stdio.h" 1 3 4`.
            word if !word.is_empty() && word.bytes().all(|b| b.is_ascii_digit()) => {
                if let Some(file) = rest.split('"').nth(1) {
                    self.current_file = Some(file.to_string());
                }
            }
            _ => {}
        }
    }
}

/// Words that precede a declarator's parentheses without being its name.
fn is_keyword_like(word: &str) -> bool {
    const OTHER: [&str; 6] = [
        "__extension__",
        "__inline",
        "__inline__",
        "inline",
        "_Noreturn",
        "__attribute",
    ];
    ATTRIBUTES.contains(&word)
        || OTHER.contains(&word)
        || super::specifiers::TYPE_KEYWORDS.contains(&word)
}

/// The text of a `#define` body that is one or more adjacent string
/// literals (`"1.3.1"`, `"a" "b"`), with simple escapes decoded.
fn string_body(body: &str) -> Option<String> {
    let tokens = super::lexer::tokenize(body).ok()?;
    let mut text = String::new();
    for token in &tokens {
        match &token.kind {
            TokenKind::Str(s) => {
                let mut chars = s.chars();
                while let Some(c) = chars.next() {
                    text.push(match (c, c == '\\') {
                        (_, true) => match chars.next()? {
                            'n' => '\n',
                            't' => '\t',
                            other => other,
                        },
                        (c, false) => c,
                    });
                }
            }
            _ => return None,
        }
    }
    (!tokens.is_empty()).then_some(text)
}

/// The first word of `text` and the rest, both trimmed.
fn split_word(text: &str) -> (&str, &str) {
    let end = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(text.len());
    (&text[..end], text[end..].trim())
}

/// The value of a `#define` body that is a constant expression, or why not.
fn constant_body(
    body: &str,
    constants: &HashMap<String, CConstValue>,
) -> Result<CConstValue, String> {
    let tokens = super::lexer::tokenize(body).map_err(|e| e.message)?;
    let mut pos = 0;
    let value = expr::eval(&tokens, &mut pos, constants)?;
    if pos == tokens.len() {
        Ok(value)
    } else {
        Err("more follows a constant expression".to_string())
    }
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
