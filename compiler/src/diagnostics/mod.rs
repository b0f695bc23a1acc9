//! Compile errors as data, and their rendering with source snippets.
//!
//! Each phase reports its errors as variants of its own enum, which carry
//! the names and types involved: [`SyntaxError`] (the text of a file),
//! [`CheckError`] (the type checker), [`ImportError`] (finding a
//! program's files), the FFI's [`FfiError`] (C libraries) and [`ArcError`]
//! (Arc files and generated code). Each variant has a stable code
//! (`codes.rs`, listed in docs/errors.md) and a message; a [`Diagnostic`]
//! adds where it is, and `render.rs` turns it into text, in one place.

mod check;
mod check_messages;
pub mod codes;
mod import;
mod render;
mod source;
mod syntax;

pub use check::{Callee, CheckError, StructMismatch};
pub use import::{ArcError, ImportError};
pub use source::{ReadError, SourceFile, Sources};
pub use syntax::SyntaxError;

use crate::ffi::FfiError;
use crate::syntax::Span;

/// What a compile error is, by the phase that found it.
#[derive(Debug, Clone, PartialEq)]
pub enum ErrorKind {
    /// In the text of a file (E01xx).
    Syntax(SyntaxError),
    /// Found by the type checker (E02xx–E05xx, E0606–E0607, E08xx).
    Check(CheckError),
    /// Finding and reading a program's files (E0601–E0605).
    Import(ImportError),
    /// Loading a C library the program imports (E07xx).
    Library(FfiError),
    /// An Arc file, or the code made from a program (E09xx).
    Arc(ArcError),
}

impl ErrorKind {
    /// Its stable code: `E0301`.
    pub fn code(&self) -> &'static str {
        match self {
            ErrorKind::Syntax(e) => e.code(),
            ErrorKind::Check(e) => e.code(),
            ErrorKind::Import(e) => e.code(),
            ErrorKind::Library(e) => e.code(),
            ErrorKind::Arc(e) => e.code(),
        }
    }

    /// What is wrong, in one line.
    pub fn message(&self) -> String {
        match self {
            ErrorKind::Syntax(e) => e.to_string(),
            ErrorKind::Check(e) => e.to_string(),
            ErrorKind::Import(e) => e.to_string(),
            ErrorKind::Library(e) => e.to_string(),
            ErrorKind::Arc(e) => e.to_string(),
        }
    }

    /// A hint shown under the snippet, if there is one.
    pub fn note(&self) -> Option<String> {
        match self {
            ErrorKind::Import(e) => e.note(),
            _ => None,
        }
    }
}

impl From<SyntaxError> for ErrorKind {
    fn from(e: SyntaxError) -> ErrorKind {
        ErrorKind::Syntax(e)
    }
}

impl From<CheckError> for ErrorKind {
    fn from(e: CheckError) -> ErrorKind {
        ErrorKind::Check(e)
    }
}

impl From<ImportError> for ErrorKind {
    fn from(e: ImportError) -> ErrorKind {
        ErrorKind::Import(e)
    }
}

impl From<FfiError> for ErrorKind {
    fn from(e: FfiError) -> ErrorKind {
        ErrorKind::Library(e)
    }
}

impl From<ArcError> for ErrorKind {
    fn from(e: ArcError) -> ErrorKind {
        ErrorKind::Arc(e)
    }
}

/// A further place a diagnostic points at, with what it is:
/// `first declared here`.
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    /// Index into [`Sources`].
    pub file: usize,
    /// Where in `file`.
    pub span: Span,
    /// What is there.
    pub message: &'static str,
}

/// A compile error: what is wrong and where.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub kind: ErrorKind,
    /// Index into [`Sources`], or `None` for errors about no particular file.
    pub file: Option<usize>,
    /// Where in `file` the error is.
    pub span: Span,
    /// Other places that explain it.
    pub labels: Vec<Label>,
}

impl Diagnostic {
    /// An error at `span` of `file`.
    pub fn new(file: usize, span: Span, kind: impl Into<ErrorKind>) -> Diagnostic {
        Diagnostic {
            kind: kind.into(),
            file: Some(file),
            span,
            labels: Vec::new(),
        }
    }

    /// An error not tied to a source position.
    pub fn general(kind: impl Into<ErrorKind>) -> Diagnostic {
        Diagnostic {
            kind: kind.into(),
            file: None,
            span: Span::default(),
            labels: Vec::new(),
        }
    }

    /// Adds a further place, shown with its message in the snippet.
    pub fn with_label(mut self, label: Label) -> Diagnostic {
        self.labels.push(label);
        self
    }
}
