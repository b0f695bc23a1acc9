//! The source files of a compilation: their text, and lines and columns
//! of byte offsets.

use std::path::Path;

use super::{Diagnostic, SyntaxError};
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
                Err(ReadError::NotUtf8(Box::new(Diagnostic::new(
                    file,
                    Span::new(offset, offset + 3),
                    SyntaxError::InvalidUtf8 { byte },
                ))))
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
    NotUtf8(Box<Diagnostic>),
}
