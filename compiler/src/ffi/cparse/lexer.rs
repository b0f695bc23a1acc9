//! Tokens of C declarations: identifiers, numbers, punctuation, literals
//! and whole preprocessor lines; comments and whitespace are dropped.

/// What a token is.
#[derive(Debug, Clone, PartialEq)]
pub enum TokenKind {
    /// An identifier or keyword.
    Ident(String),
    /// An integer literal (decimal, hex, octal or binary; suffixes dropped)
    /// or a character literal.
    Int(u64),
    /// A floating-point literal (suffix dropped).
    Float(f64),
    /// A string literal's contents (escapes kept as written).
    Str(String),
    /// Punctuation, including `...`, `<<` and `>>`.
    Punct(&'static str),
    /// A preprocessor line without its `#`, continuation lines joined and
    /// comments removed: `define X 1`.
    Directive(String),
}

/// A token and where in the source it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    /// What the token is.
    pub kind: TokenKind,
    /// Offset of its first byte.
    pub start: usize,
}

/// A lexical error: a message and the offset where it happened.
#[derive(Debug, Clone, PartialEq)]
pub struct LexError {
    /// What is wrong.
    pub message: String,
    /// Where, as a byte offset.
    pub at: usize,
}

/// Punctuation, longest first so that `...` wins over `.` and `<<` over `<`.
const PUNCTUATION: [&str; 34] = [
    "...", "<<", ">>", "&&", "||", "==", "!=", "<=", ">=", "(", ")", "[", "]", "{", "}", ";", ",",
    "*", "=", "+", "-", "/", "%", "&", "|", "^", "~", "!", ":", "?", "<", ">", ".", "#",
];

/// Splits `source` into tokens.
pub fn tokenize(source: &str) -> Result<Vec<Token>, LexError> {
    Lexer {
        src: source.as_bytes(),
        text: source,
        pos: 0,
        line_start: true,
    }
    .run()
}

struct Lexer<'a> {
    src: &'a [u8],
    text: &'a str,
    pos: usize,
    /// Only whitespace since the last newline: a `#` here starts a directive.
    line_start: bool,
}

impl Lexer<'_> {
    fn run(mut self) -> Result<Vec<Token>, LexError> {
        let mut tokens = Vec::new();
        loop {
            self.skip_blanks_and_comments()?;
            let Some(&c) = self.src.get(self.pos) else {
                return Ok(tokens);
            };
            let start = self.pos;
            let kind = if c == b'#' && self.line_start {
                self.directive()?
            } else if c.is_ascii_alphabetic() || c == b'_' {
                let end = self.scan(start, |c| c.is_ascii_alphanumeric() || c == b'_');
                TokenKind::Ident(self.text[start..end].to_string())
            } else if c.is_ascii_digit() || (c == b'.' && self.peek_at(1).is_ascii_digit()) {
                self.number()?
            } else if c == b'\'' {
                TokenKind::Int(self.char_literal()?)
            } else if c == b'"' {
                TokenKind::Str(self.string_literal()?)
            } else if let Some(p) = PUNCTUATION
                .into_iter()
                .find(|p| self.src[start..].starts_with(p.as_bytes()))
            {
                self.pos += p.len();
                TokenKind::Punct(p)
            } else {
                let c = self.text[start..].chars().next().unwrap_or('?');
                return Err(self.error(start, format!("unexpected character `{c}`")));
            };
            self.line_start = false;
            tokens.push(Token { kind, start });
        }
    }

    fn peek_at(&self, ahead: usize) -> u8 {
        self.src.get(self.pos + ahead).copied().unwrap_or(0)
    }

    fn error(&self, at: usize, message: String) -> LexError {
        LexError { message, at }
    }

    fn scan(&mut self, from: usize, keep: impl Fn(u8) -> bool) -> usize {
        self.pos = from;
        while self.pos < self.src.len() && keep(self.src[self.pos]) {
            self.pos += 1;
        }
        self.pos
    }

    fn skip_blanks_and_comments(&mut self) -> Result<(), LexError> {
        while let Some(&c) = self.src.get(self.pos) {
            match c {
                b'\n' => {
                    self.line_start = true;
                    self.pos += 1;
                }
                c if c.is_ascii_whitespace() => self.pos += 1,
                b'/' if self.peek_at(1) == b'/' => {
                    self.scan(self.pos, |c| c != b'\n');
                }
                b'/' if self.peek_at(1) == b'*' => self.block_comment()?,
                _ => break,
            }
        }
        Ok(())
    }

    fn block_comment(&mut self) -> Result<(), LexError> {
        let start = self.pos;
        match self.text[start + 2..].find("*/") {
            Some(len) => {
                self.pos = start + 2 + len + 2;
                Ok(())
            }
            None => Err(self.error(start, "unterminated comment".to_string())),
        }
    }

    /// The rest of a `#` line, with `\`-continued lines and comments.
    fn directive(&mut self) -> Result<TokenKind, LexError> {
        self.pos += 1;
        let mut text = String::new();
        while let Some(&c) = self.src.get(self.pos) {
            match c {
                b'\n' => break,
                b'\\' if self.peek_at(1) == b'\n' => self.pos += 2,
                b'/' if self.peek_at(1) == b'/' => {
                    self.scan(self.pos, |c| c != b'\n');
                }
                b'/' if self.peek_at(1) == b'*' => {
                    self.block_comment()?;
                    text.push(' ');
                }
                _ => {
                    let ch = self.text[self.pos..].chars().next().unwrap_or(' ');
                    text.push(ch);
                    self.pos += ch.len_utf8();
                }
            }
        }
        Ok(TokenKind::Directive(text.trim().to_string()))
    }

    fn number(&mut self) -> Result<TokenKind, LexError> {
        let start = self.pos;
        let is_hex = self.src[start] == b'0' && matches!(self.peek_at(1), b'x' | b'X');
        let in_number = |c: u8| c.is_ascii_alphanumeric() || c == b'.';
        let mut end = self.scan(start, in_number);
        // An exponent's sign belongs to the number: `1e-5`.
        while !is_hex
            && matches!(self.src[end - 1], b'e' | b'E')
            && matches!(self.src.get(end), Some(b'+' | b'-'))
        {
            end = self.scan(end + 1, in_number);
        }
        let literal = &self.text[start..end];
        let bad = || self.error(start, format!("invalid number `{literal}`"));
        let is_float = !is_hex && literal.contains(['.', 'e', 'E']);
        if is_float {
            let digits = literal.trim_end_matches(['f', 'F', 'l', 'L']);
            return digits.parse().map(TokenKind::Float).map_err(|_| bad());
        }
        let digits = literal.trim_end_matches(['u', 'U', 'l', 'L']);
        let (radix, digits) = match digits.as_bytes() {
            [b'0', b'x' | b'X', ..] => (16, &digits[2..]),
            [b'0', b'b' | b'B', ..] => (2, &digits[2..]),
            [b'0', _, ..] => (8, &digits[1..]),
            _ => (10, digits),
        };
        u64::from_str_radix(digits, radix)
            .map(TokenKind::Int)
            .map_err(|_| bad())
    }

    fn char_literal(&mut self) -> Result<u64, LexError> {
        let start = self.pos;
        let end = self.quoted_end(b'\'')?;
        let body = &self.text[start + 1..end - 1];
        let value = match body.as_bytes() {
            [c] => Some(u64::from(*c)),
            [b'\\', c] => match c {
                b'n' => Some(10),
                b't' => Some(9),
                b'r' => Some(13),
                b'0' => Some(0),
                b'\\' | b'\'' | b'"' => Some(u64::from(*c)),
                _ => None,
            },
            _ => None,
        };
        value.ok_or_else(|| self.error(start, format!("unsupported character literal `'{body}'`")))
    }

    fn string_literal(&mut self) -> Result<String, LexError> {
        let start = self.pos;
        let end = self.quoted_end(b'"')?;
        Ok(self.text[start + 1..end - 1].to_string())
    }

    /// Moves past the closing quote of the literal starting here.
    fn quoted_end(&mut self, quote: u8) -> Result<usize, LexError> {
        let start = self.pos;
        let mut i = start + 1;
        while let Some(&c) = self.src.get(i) {
            match c {
                b'\\' => i += 2,
                b'\n' => break,
                c if c == quote => {
                    self.pos = i + 1;
                    return Ok(self.pos);
                }
                _ => i += 1,
            }
        }
        Err(self.error(start, "unterminated literal".to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::TokenKind::*;
    use super::*;

    fn kinds(source: &str) -> Vec<TokenKind> {
        tokenize(source)
            .unwrap()
            .into_iter()
            .map(|t| t.kind)
            .collect()
    }

    #[test]
    fn identifiers_and_punctuation() {
        assert_eq!(
            kinds("int f(int a, ...);"),
            [
                Ident("int".into()),
                Ident("f".into()),
                Punct("("),
                Ident("int".into()),
                Ident("a".into()),
                Punct(","),
                Punct("..."),
                Punct(")"),
                Punct(";"),
            ]
        );
    }

    #[test]
    fn integers_of_every_base_and_suffix() {
        assert_eq!(
            kinds("42 0x1F 0XffUL 017 0b101 10u 7LL 18446744073709551615ULL 'a' '\\n'"),
            [
                Int(42),
                Int(31),
                Int(255),
                Int(15),
                Int(5),
                Int(10),
                Int(7),
                Int(u64::MAX),
                Int(97),
                Int(10)
            ]
        );
    }

    #[test]
    fn floats_with_exponents_and_suffixes() {
        assert_eq!(
            kinds("1.5 2.f .25 1e3 1e-3 6.02E+23L"),
            [
                Float(1.5),
                Float(2.0),
                Float(0.25),
                Float(1000.0),
                Float(0.001),
                Float(6.02e23)
            ]
        );
    }

    #[test]
    fn comments_are_skipped() {
        assert_eq!(
            kinds("int /* a\n b */ x; // rest\ny"),
            [
                Ident("int".into()),
                Ident("x".into()),
                Punct(";"),
                Ident("y".into())
            ]
        );
    }

    #[test]
    fn preprocessor_lines_are_one_token() {
        assert_eq!(
            kinds("#ifndef H\n  # define X (1 + \\\n 2) /* three */\nint x;"),
            [
                Directive("ifndef H".into()),
                Directive("define X (1 +  2)".into()),
                Ident("int".into()),
                Ident("x".into()),
                Punct(";"),
            ]
        );
    }

    #[test]
    fn a_hash_inside_a_line_is_punctuation() {
        assert_eq!(kinds("a # b")[1], Punct("#"));
    }

    #[test]
    fn strings_keep_their_contents() {
        assert_eq!(
            kinds(r#"extern "C" {"#),
            [Ident("extern".into()), Str("C".into()), Punct("{")]
        );
    }

    #[test]
    fn errors_say_what_and_where() {
        let err = tokenize("int x; /* open").unwrap_err();
        assert_eq!((err.message.as_str(), err.at), ("unterminated comment", 7));
        let err = tokenize("int @x;").unwrap_err();
        assert_eq!(err.message, "unexpected character `@`");
        let err = tokenize("int x = 0x;").unwrap_err();
        assert_eq!(err.message, "invalid number `0x`");
    }
}
