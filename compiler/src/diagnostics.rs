//! Compile errors as data, and their rendering with source snippets.

use std::path::Path;

use crate::syntax::Span;

/// One source file known to the compiler.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Name shown in messages (relative to the main file's folder).
    pub name: String,
    pub text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    /// A file named `name` holding `text`.
    pub fn new(name: String, text: String) -> SourceFile {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        SourceFile {
            name,
            text,
            line_starts,
        }
    }

    /// 1-based line and column of a byte offset.
    pub fn line_col(&self, offset: u32) -> (u32, u32) {
        let line = self.line(offset);
        let offset = (offset as usize).min(self.text.len());
        let col = self.text[self.line_starts[line as usize - 1]..offset]
            .chars()
            .count()
            + 1;
        (line, col as u32)
    }

    /// The byte offsets where 1-based line `line` starts and ends.
    pub fn line_range(&self, line: u32) -> (u32, u32) {
        let start = self.line_starts[line as usize - 1];
        let end = self
            .line_starts
            .get(line as usize)
            .copied()
            .unwrap_or(self.text.len());
        (start as u32, end as u32)
    }

    /// 1-based line of a byte offset. (Counting the column as well would
    /// take time in the length of the line, for each statement on it.)
    pub fn line(&self, offset: u32) -> u32 {
        let offset = (offset as usize).min(self.text.len());
        self.line_starts.partition_point(|&s| s <= offset) as u32
    }
}

/// Every source file of a compilation, indexed by position.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    pub files: Vec<SourceFile>,
}

impl Sources {
    /// Adds a file and returns its index.
    pub fn add(&mut self, name: String, text: String) -> usize {
        self.files.push(SourceFile::new(name, text));
        self.files.len() - 1
    }

    /// Reads the source file at `path`, adds it as `name` and returns its
    /// index. A file that is not UTF-8 is added with its invalid bytes
    /// replaced (so its lines can be shown) and comes back as an error at
    /// the first of them.
    pub fn read(&mut self, path: &Path, name: String) -> Result<usize, ReadError> {
        let bytes = std::fs::read(path).map_err(ReadError::Io)?;
        self.add_bytes(name, bytes)
    }

    /// Adds the source text `bytes` as `name`, as [`Sources::read`] does
    /// with a file's bytes.
    pub fn add_bytes(&mut self, name: String, bytes: Vec<u8>) -> Result<usize, ReadError> {
        match String::from_utf8(bytes) {
            // A byte-order mark is not part of the program (docs/language.md §1).
            Ok(text) => Ok(self.add(
                name,
                match text.strip_prefix('\u{feff}') {
                    Some(rest) => rest.to_string(),
                    None => text,
                },
            )),
            Err(e) => {
                let offset = e.utf8_error().valid_up_to();
                let byte = e.as_bytes()[offset];
                let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
                let file = self.add(name, text);
                // The bad bytes read as one U+FFFD, three bytes long.
                Err(ReadError::NotUtf8(Diagnostic::new(
                    file,
                    Span::new(offset, offset + 3),
                    format!("invalid UTF-8 (byte 0x{byte:02X}): source files must be UTF-8"),
                )))
            }
        }
    }
}

/// Why [`Sources::read`] gave no source.
#[derive(Debug)]
pub enum ReadError {
    /// The file could not be read.
    Io(std::io::Error),
    /// It is not UTF-8: the error at its first invalid byte.
    NotUtf8(Diagnostic),
}

/// A compile error: where it is, what is wrong, and optionally a hint.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// Index into [`Sources`], or `None` for errors about no particular file.
    pub file: Option<usize>,
    pub span: Span,
    pub message: String,
    pub note: Option<String>,
}

impl Diagnostic {
    /// An error at `span` of `file`.
    pub fn new(file: usize, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            file: Some(file),
            span,
            message: message.into(),
            note: None,
        }
    }

    /// An error not tied to a source position.
    pub fn general(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            file: None,
            span: Span::default(),
            message: message.into(),
            note: None,
        }
    }

    /// Adds a hint shown under the snippet.
    pub fn with_note(mut self, note: impl Into<String>) -> Diagnostic {
        self.note = Some(note.into());
        self
    }

    /// Renders as `file:line:col: error: message` followed by the source line
    /// and a marker under the fault.
    pub fn render(&self, sources: &Sources, color: bool) -> String {
        let Some(file) = self.file.and_then(|i| sources.files.get(i)) else {
            return format!("error: {}\n", self.message);
        };
        // An error at the end of the file (input ended too soon) points just
        // after its last character, on a line that exists, not past the
        // white space that ends the file.
        let content = file.text.trim_end().len();
        let start = (self.span.start as usize).min(file.text.len());
        let (start, end) = if start > content {
            (content, content)
        } else {
            (
                start,
                (self.span.end as usize).clamp(start, file.text.len()),
            )
        };
        let (line, col) = file.line_col(start as u32);
        let mut out = format!("{}:{line}:{col}: error: {}\n", file.name, self.message);
        let range = file.text[..start].chars().count()
            ..file.text[..end]
                .chars()
                .count()
                .max(file.text[..start].chars().count() + 1);
        let mut report = ariadne::Report::build(
            ariadne::ReportKind::Error,
            (file.name.as_str(), range.clone()),
        )
        .with_config(ariadne::Config::default().with_color(color))
        .with_message(&self.message)
        .with_label(ariadne::Label::new((file.name.as_str(), range)).with_message("here"));
        if let Some(note) = &self.note {
            report = report.with_note(note);
        }
        let mut buf = Vec::new();
        // The marker of an error at the very end needs a character to sit
        // on: a file without a final newline gets one here.
        let text = if file.text.ends_with('\n') {
            std::borrow::Cow::Borrowed(file.text.as_str())
        } else {
            std::borrow::Cow::Owned(format!("{}\n", file.text))
        };
        let source = (file.name.as_str(), ariadne::Source::from(text.as_ref()));
        if report.finish().write(source, &mut buf).is_ok() {
            // ariadne repeats the message on its first line; ours already has it.
            let text = String::from_utf8_lossy(&buf);
            out.push_str(text.split_once('\n').map_or("", |(_, rest)| rest));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_position_snippet_and_marker() {
        let mut sources = Sources::default();
        let f = sources.add("a.loop".into(), "x := 1\ny := x + nope\n".into());
        let text =
            Diagnostic::new(f, Span::new(16, 20), "unknown name `nope`").render(&sources, false);
        assert!(
            text.starts_with("a.loop:2:10: error: unknown name `nope`"),
            "{text}"
        );
        assert!(text.contains("y := x + nope"), "{text}");
        assert!(text.contains("^") || text.contains("─"), "{text}");
    }

    /// An error at the end of input (the span past the last character),
    /// with and without a final newline and with blank lines after.
    #[test]
    fn an_error_at_the_end_points_after_the_last_character_and_shows_its_line() {
        for text in [
            "class A {\n  int x",
            "class A {\n  int x\n",
            "class A {\n  int x\n\n  \n",
        ] {
            let mut sources = Sources::default();
            let f = sources.add("a.loop".into(), text.into());
            let end = text.len();
            let rendered =
                Diagnostic::new(f, Span::new(end, end), "expected a type").render(&sources, false);
            assert!(
                rendered.starts_with("a.loop:2:8: error: expected a type\n"),
                "{text:?}: {rendered}"
            );
            assert!(rendered.contains(" 2 │   int x"), "{text:?}: {rendered}");
            assert!(rendered.contains("here"), "{text:?}: {rendered}");
        }
    }
}
