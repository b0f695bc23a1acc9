//! The S-expression layer under Arc's text form: a tree of atoms, strings
//! and lists, its deterministic pretty printer and its reader.

/// One node of Arc text.
#[derive(Debug, Clone, PartialEq)]
pub enum Sx {
    Atom(String),
    Str(String),
    List(Vec<Sx>),
}

/// Lines longer than this are broken, one child per line.
const WIDTH: usize = 100;

impl Sx {
    /// An atom.
    pub fn atom(s: impl Into<String>) -> Sx {
        Sx::Atom(s.into())
    }

    /// A list starting with the atom `head`.
    pub fn list(head: &str, rest: impl IntoIterator<Item = Sx>) -> Sx {
        Sx::List(std::iter::once(Sx::atom(head)).chain(rest).collect())
    }

    fn flat(&self, out: &mut String) {
        match self {
            Sx::Atom(a) => out.push_str(a),
            Sx::Str(s) => quote(s, out),
            Sx::List(items) => {
                out.push('(');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(' ');
                    }
                    item.flat(out);
                }
                out.push(')');
            }
        }
    }

    /// Whether the flat form fits in `budget` bytes and holds no statement
    /// (a list headed `@…`) below the top: what [`Sx::pretty`] keeps on one
    /// line. Looks at no more of the tree than fits, so printing a deep
    /// tree takes time in proportion to its text.
    fn fits(&self, budget: &mut usize, top: bool) -> bool {
        let mut take = |n: usize| match budget.checked_sub(n) {
            Some(left) => {
                *budget = left;
                true
            }
            None => false,
        };
        match self {
            Sx::Atom(a) => take(a.len()),
            Sx::Str(s) => {
                let mut quoted = String::new();
                quote(s, &mut quoted);
                (top || !quoted.contains("(@")) && take(quoted.len())
            }
            Sx::List(items) => {
                if !top && matches!(items.first(), Some(Sx::Atom(a)) if a.starts_with('@')) {
                    return false;
                }
                take(items.len().saturating_sub(1) + 2)
                    && items.iter().all(|item| item.fits(budget, false))
            }
        }
    }

    /// Writes the node, breaking long lists over several lines.
    pub fn pretty(&self, indent: usize, out: &mut String) {
        let Sx::List(items) = self else {
            self.flat(out);
            return;
        };
        if self.fits(&mut WIDTH.saturating_sub(indent), true) {
            self.flat(out);
            return;
        }
        out.push('(');
        // Leading atoms and strings stay on the first line.
        let lead = items
            .iter()
            .take_while(|i| !matches!(i, Sx::List(_)))
            .count()
            .clamp(1.min(items.len()), items.len());
        for (i, item) in items[..lead].iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            item.pretty(indent + 1, out);
        }
        for item in &items[lead..] {
            out.push('\n');
            out.push_str(&" ".repeat(indent + 2));
            item.pretty(indent + 2, out);
        }
        out.push(')');
    }
}

fn quote(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\u{{{:x}}}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Deepest nesting of lists read. Arc from `loopc emit arc` nests as deep
/// as the program's `else if` chains (which Loop does not limit) and
/// operator chains (up to 2000 operators); text nested deeper is refused
/// instead of overflowing the stack loopc runs its phases on (256 MB).
const MAX_NESTING: usize = 50_000;

/// Reads every top-level node of `text`, with the line each list starts
/// on: the lists in the order a depth-first walk (parents first) meets
/// them.
pub fn read_with_lines(text: &str) -> Result<(Vec<Sx>, Vec<usize>), String> {
    let mut reader = Reader {
        chars: text.char_indices().peekable(),
        text,
        line: 1,
        list_lines: Vec::new(),
    };
    let mut out = Vec::new();
    loop {
        reader.skip_space();
        if reader.chars.peek().is_none() {
            return Ok((out, reader.list_lines));
        }
        out.push(reader.node(0)?);
    }
}

struct Reader<'a> {
    chars: std::iter::Peekable<std::str::CharIndices<'a>>,
    text: &'a str,
    line: usize,
    /// The line of each list read, in the order their `(` came.
    list_lines: Vec<usize>,
}

impl Reader<'_> {
    fn skip_space(&mut self) {
        while let Some(&(_, c)) = self.chars.peek() {
            if c == ';' {
                while self.chars.peek().is_some_and(|&(_, c)| c != '\n') {
                    self.chars.next();
                }
            } else if c.is_whitespace() {
                if c == '\n' {
                    self.line += 1;
                }
                self.chars.next();
            } else {
                break;
            }
        }
    }

    fn error(&self, message: &str) -> String {
        format!("line {}: {message}", self.line)
    }

    fn node(&mut self, depth: usize) -> Result<Sx, String> {
        if depth > MAX_NESTING {
            return Err(self.error("nesting is too deep"));
        }
        self.skip_space();
        match self.chars.next() {
            None => Err(self.error("unexpected end of text")),
            Some((_, '(')) => {
                self.list_lines.push(self.line);
                let mut items = Vec::new();
                loop {
                    self.skip_space();
                    match self.chars.peek() {
                        None => return Err(self.error("missing `)`")),
                        Some(&(_, ')')) => {
                            self.chars.next();
                            return Ok(Sx::List(items));
                        }
                        Some(_) => items.push(self.node(depth + 1)?),
                    }
                }
            }
            Some((_, ')')) => Err(self.error("unexpected `)`")),
            Some((_, '"')) => {
                let mut s = String::new();
                loop {
                    match self.chars.next() {
                        None => return Err(self.error("unterminated string")),
                        Some((_, '"')) => return Ok(Sx::Str(s)),
                        Some((_, '\\')) => match self.chars.next() {
                            Some((_, 'n')) => s.push('\n'),
                            Some((_, 't')) => s.push('\t'),
                            Some((_, 'r')) => s.push('\r'),
                            Some((_, '"')) => s.push('"'),
                            Some((_, '\\')) => s.push('\\'),
                            Some((_, 'u')) => {
                                let mut hex = String::new();
                                if self.chars.next().map(|(_, c)| c) != Some('{') {
                                    return Err(self.error("bad \\u escape"));
                                }
                                for (_, c) in self.chars.by_ref() {
                                    if c == '}' {
                                        break;
                                    }
                                    hex.push(c);
                                }
                                let c = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32);
                                s.push(c.ok_or_else(|| self.error("bad \\u escape"))?);
                            }
                            _ => return Err(self.error("unknown escape in string")),
                        },
                        Some((_, c)) => {
                            if c == '\n' {
                                self.line += 1;
                            }
                            s.push(c)
                        }
                    }
                }
            }
            Some((start, _)) => {
                let mut end = self.text.len();
                while let Some(&(i, c)) = self.chars.peek() {
                    if c.is_whitespace() || c == '(' || c == ')' || c == '"' {
                        end = i;
                        break;
                    }
                    self.chars.next();
                }
                Ok(Sx::Atom(self.text[start..end].to_string()))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An empty list too deep to fit a line (as mutated Arc text may hold,
    /// and error messages print it) does not crash the printer.
    #[test]
    fn empty_list_past_the_line_width_prints() {
        let mut text = String::new();
        Sx::List(vec![]).pretty(200, &mut text);
        assert_eq!(text, "()");
    }

    /// Lists are numbered with the lines they start on.
    #[test]
    fn lists_have_lines() {
        let (nodes, lines) = read_with_lines("(a\n (b)\n\n (c (d)))").unwrap();
        assert_eq!(nodes.len(), 1);
        assert_eq!(lines, vec![1, 2, 4, 4]);
    }
}
