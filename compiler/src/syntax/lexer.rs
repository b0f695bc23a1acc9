//! The lexer: source text to tokens, with Loop's newline rules applied.
//!
//! A newline ends a statement unless the token before it continues the line
//! (an operator, a comma, an opening bracket) or it sits directly inside
//! `(…)` or `[…]`. Inside `{…}` newlines separate statements again.

use super::token::{Tok, Token};
use super::{ParseError, Span};
use crate::diagnostics::SyntaxError;

/// Splits `src` into tokens, ending with [`Tok::Eof`].
pub fn lex(src: &str) -> Result<Vec<Token>, ParseError> {
    Lexer {
        src: src.as_bytes(),
        pos: 0,
        out: Vec::new(),
        brackets: Vec::new(),
    }
    .run()
}

struct Lexer<'a> {
    src: &'a [u8],
    pos: usize,
    out: Vec<Token>,
    brackets: Vec<Tok>,
}

fn err(start: usize, end: usize, error: SyntaxError) -> ParseError {
    ParseError {
        span: Span::new(start, end),
        error,
    }
}

impl Lexer<'_> {
    fn peek(&self, ahead: usize) -> u8 {
        self.src.get(self.pos + ahead).copied().unwrap_or(0)
    }

    fn push(&mut self, kind: Tok, start: usize) {
        self.out.push(Token {
            kind,
            span: Span::new(start, self.pos),
        });
    }

    fn newline_significant(&self) -> bool {
        !matches!(self.brackets.last(), Some(Tok::LParen | Tok::LBracket))
            && self.out.last().is_some_and(|t| {
                !t.kind.continues_line() && t.kind != Tok::Newline && t.kind != Tok::Semi
            })
    }

    fn run(mut self) -> Result<Vec<Token>, ParseError> {
        while self.pos < self.src.len() {
            let start = self.pos;
            let c = self.peek(0);
            match c {
                b'\n' => {
                    self.pos += 1;
                    if self.newline_significant() {
                        self.push(Tok::Newline, start);
                    }
                }
                b' ' | b'\t' | b'\r' => self.pos += 1,
                b'/' if self.peek(1) == b'/' => {
                    while self.pos < self.src.len() && self.peek(0) != b'\n' {
                        self.pos += 1;
                    }
                }
                b'/' if self.peek(1) == b'<' => self.block_comment()?,
                b'"' => self.string()?,
                b'0'..=b'9' => self.number()?,
                b'a'..=b'z' | b'A'..=b'Z' | b'_' => {
                    while matches!(self.peek(0), b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'_') {
                        self.pos += 1;
                    }
                    let word =
                        std::str::from_utf8(&self.src[start..self.pos]).expect("ascii identifier");
                    let kind = Tok::keyword(word).unwrap_or_else(|| Tok::Ident(word.to_string()));
                    self.push(kind, start);
                }
                _ => self.punctuation(start)?,
            }
        }
        if self.out.last().is_some_and(|t| t.kind != Tok::Newline) {
            let end = self.src.len();
            self.out.push(Token {
                kind: Tok::Newline,
                span: Span::new(end, end),
            });
        }
        let end = self.src.len();
        self.out.push(Token {
            kind: Tok::Eof,
            span: Span::new(end, end),
        });
        Ok(self.out)
    }

    fn block_comment(&mut self) -> Result<(), ParseError> {
        let start = self.pos;
        self.pos += 2;
        loop {
            if self.pos >= self.src.len() {
                return Err(err(start, start + 2, SyntaxError::UnterminatedComment));
            }
            if self.peek(0) == b'>' && self.peek(1) == b'/' {
                self.pos += 2;
                return Ok(());
            }
            self.pos += 1;
        }
    }

    fn punctuation(&mut self, start: usize) -> Result<(), ParseError> {
        let two = [self.peek(0), self.peek(1)];
        let (kind, len) = match &two {
            b":=" => (Tok::ColonEq, 2),
            b"==" => (Tok::EqEq, 2),
            b"!=" => (Tok::NotEq, 2),
            b"<=" => (Tok::Le, 2),
            b">=" => (Tok::Ge, 2),
            b".." => (Tok::DotDot, 2),
            b"&&" => (Tok::And, 2),
            b"||" => (Tok::Or, 2),
            _ => {
                let kind = match two[0] {
                    b'=' => Tok::Eq,
                    b'<' => Tok::Lt,
                    b'>' => Tok::Gt,
                    b'+' => Tok::Plus,
                    b'-' => Tok::Minus,
                    b'*' => Tok::Star,
                    b'/' => Tok::Slash,
                    b'%' => Tok::Percent,
                    b'^' => Tok::Caret,
                    b'!' => Tok::Bang,
                    b'&' => Tok::Amp,
                    b'(' => Tok::LParen,
                    b')' => Tok::RParen,
                    b'[' => Tok::LBracket,
                    b']' => Tok::RBracket,
                    b'{' => Tok::LBrace,
                    b'}' => Tok::RBrace,
                    b',' => Tok::Comma,
                    b'.' => Tok::Dot,
                    b':' => Tok::Colon,
                    b';' => Tok::Semi,
                    _ => {
                        let ch = std::str::from_utf8(&self.src[start..])
                            .ok()
                            .and_then(|s| s.chars().next())
                            .unwrap_or('?');
                        return Err(err(
                            start,
                            start + ch.len_utf8(),
                            SyntaxError::UnexpectedCharacter { ch },
                        ));
                    }
                };
                (kind, 1)
            }
        };
        self.pos += len;
        match kind {
            Tok::LParen | Tok::LBracket | Tok::LBrace => self.brackets.push(kind.clone()),
            Tok::RParen | Tok::RBracket | Tok::RBrace => {
                self.brackets.pop();
            }
            _ => {}
        }
        self.push(kind, start);
        Ok(())
    }

    fn number(&mut self) -> Result<(), ParseError> {
        let start = self.pos;
        if self.peek(0) == b'0' && matches!(self.peek(1), b'x' | b'X') {
            self.pos += 2;
            let digits_start = self.pos;
            while self.peek(0).is_ascii_hexdigit() || self.peek(0) == b'_' {
                self.pos += 1;
            }
            let digits: String = self
                .text(digits_start)
                .chars()
                .filter(|&c| c != '_')
                .collect();
            let value = i64::from_str_radix(&digits, 16)
                .map_err(|_| err(start, self.pos, SyntaxError::InvalidHexLiteral))?;
            self.push(Tok::Int(value), start);
            return Ok(());
        }
        let mut is_float = false;
        self.digits();
        if self.peek(0) == b'.' && self.peek(1).is_ascii_digit() {
            is_float = true;
            self.pos += 1;
            self.digits();
        }
        if matches!(self.peek(0), b'e' | b'E') {
            let sign = usize::from(matches!(self.peek(1), b'+' | b'-'));
            if self.peek(1 + sign).is_ascii_digit() {
                is_float = true;
                self.pos += 1 + sign;
                self.digits();
            }
        }
        if self.peek(0).is_ascii_alphabetic() || self.peek(0) == b'_' {
            return Err(err(start, self.pos + 1, SyntaxError::InvalidNumber));
        }
        let text: String = self.text(start).chars().filter(|&c| c != '_').collect();
        let kind = if is_float {
            Tok::Float(
                text.parse()
                    .map_err(|_| err(start, self.pos, SyntaxError::InvalidFloat))?,
            )
        } else {
            Tok::Int(
                text.parse()
                    .map_err(|_| err(start, self.pos, SyntaxError::IntegerTooLarge))?,
            )
        };
        self.push(kind, start);
        Ok(())
    }

    fn digits(&mut self) {
        while self.peek(0).is_ascii_digit() || self.peek(0) == b'_' {
            self.pos += 1;
        }
    }

    fn text(&self, start: usize) -> &str {
        std::str::from_utf8(&self.src[start..self.pos]).unwrap_or("")
    }

    fn string(&mut self) -> Result<(), ParseError> {
        let start = self.pos;
        self.pos += 1;
        let mut bytes = Vec::new();
        loop {
            match self.peek(0) {
                _ if self.pos >= self.src.len() => {
                    return Err(err(
                        start,
                        start + 1,
                        SyntaxError::UnterminatedString { at_line_end: false },
                    ));
                }
                b'\n' => {
                    return Err(err(
                        start,
                        start + 1,
                        SyntaxError::UnterminatedString { at_line_end: true },
                    ));
                }
                b'"' => {
                    self.pos += 1;
                    break;
                }
                b'\\' => {
                    let esc_start = self.pos;
                    self.pos += 2;
                    match self.src.get(esc_start + 1).copied().unwrap_or(0) {
                        b'n' => bytes.push(b'\n'),
                        b't' => bytes.push(b'\t'),
                        b'r' => bytes.push(b'\r'),
                        b'0' => bytes.push(0),
                        b'\\' => bytes.push(b'\\'),
                        b'"' => bytes.push(b'"'),
                        b'u' if self.peek(0) == b'{' => {
                            let digits_start = self.pos + 1;
                            let mut end = digits_start;
                            while self.src.get(end).is_some_and(u8::is_ascii_hexdigit) {
                                end += 1;
                            }
                            let ch = (self.src.get(end) == Some(&b'}'))
                                .then(|| std::str::from_utf8(&self.src[digits_start..end]).ok())
                                .flatten()
                                .and_then(|d| u32::from_str_radix(d, 16).ok())
                                .and_then(char::from_u32)
                                .ok_or_else(|| {
                                    err(esc_start, end + 1, SyntaxError::InvalidUnicodeEscape)
                                })?;
                            self.pos = end + 1;
                            bytes.extend_from_slice(ch.encode_utf8(&mut [0; 4]).as_bytes());
                        }
                        other => {
                            let escape = if other.is_ascii_graphic() {
                                other as char
                            } else {
                                '?'
                            };
                            return Err(err(
                                esc_start,
                                esc_start + 2,
                                SyntaxError::UnknownEscape { escape },
                            ));
                        }
                    }
                }
                c => {
                    bytes.push(c);
                    self.pos += 1;
                }
            }
        }
        // The source is UTF-8 and escapes add whole characters, so this holds.
        let text = String::from_utf8(bytes)
            .map_err(|_| err(start, self.pos, SyntaxError::StringNotUtf8))?;
        self.push(Tok::Str(text), start);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<Tok> {
        lex(src).unwrap().into_iter().map(|t| t.kind).collect()
    }

    #[test]
    fn numbers_of_every_spelling() {
        assert_eq!(
            kinds("1_000 0x1F 2.5 1e-3 20.double"),
            vec![
                Tok::Int(1000),
                Tok::Int(31),
                Tok::Float(2.5),
                Tok::Float(0.001),
                Tok::Int(20),
                Tok::Dot,
                Tok::Ident("double".into()),
                Tok::Newline,
                Tok::Eof
            ]
        );
    }

    #[test]
    fn escapes() {
        assert_eq!(
            kinds(r#""a\n\t\0\\\"\u{1F600}""#)[0],
            Tok::Str("a\n\t\0\\\"\u{1F600}".into())
        );
        assert_eq!(
            lex(r#""\q""#).unwrap_err().error,
            SyntaxError::UnknownEscape { escape: 'q' }
        );
    }

    #[test]
    fn newlines_follow_the_continuation_rules() {
        assert_eq!(
            kinds("a +\nb"),
            vec![
                Tok::Ident("a".into()),
                Tok::Plus,
                Tok::Ident("b".into()),
                Tok::Newline,
                Tok::Eof
            ]
        );
        assert_eq!(
            kinds("f(a,\nb\n)")
                .iter()
                .filter(|t| **t == Tok::Newline)
                .count(),
            1
        );
        assert_eq!(
            kinds("a\n-b")
                .iter()
                .filter(|t| **t == Tok::Newline)
                .count(),
            2
        );
    }

    #[test]
    fn comments_anywhere() {
        assert_eq!(
            kinds("if /< x\n >/ a // c"),
            vec![Tok::If, Tok::Ident("a".into()), Tok::Newline, Tok::Eof]
        );
        assert_eq!(lex("/< open").unwrap_err().span, Span::new(0, 2));
    }

    #[test]
    fn unterminated_string_points_at_its_start() {
        let e = lex("x := 1\ns := \"abc\n").unwrap_err();
        assert_eq!(e.span.start, 12);
        assert_eq!(
            e.error,
            SyntaxError::UnterminatedString { at_line_end: true }
        );
    }
}
