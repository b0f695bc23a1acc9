//! Diagnostics as text: a first line `file:line:col: error[CODE]: message`
//! (tools and people look for the position there), then the source lines
//! with a marker under the fault and under each further label, drawn by
//! ariadne over byte spans.

use std::ops::Range;

use ariadne::{Config, IndexType, Label as Marker, Report, ReportKind};

use super::{Diagnostic, SourceFile, Sources};
use crate::syntax::Span;

impl Diagnostic {
    /// Renders as `file:line:col: error[CODE]: message` followed by the
    /// source lines and markers, or as `error[CODE]: message` for an error
    /// about no particular file. With `color`, the snippet is coloured.
    pub fn render(&self, sources: &Sources, color: bool) -> String {
        let headline = format!("error[{}]: {}", self.kind.code(), self.kind.message());
        let note = self.kind.note();
        let Some((index, file)) = self.file.and_then(|i| Some((i, sources.files.get(i)?))) else {
            return match note {
                Some(note) => format!("{headline}\nnote: {note}\n"),
                None => format!("{headline}\n"),
            };
        };
        let range = marked(file, self.span);
        let (line, col) = file.line_col(range.start as u32);
        let mut out = format!("{}:{line}:{col}: {headline}\n", file.name);
        // Markers in the order of the text: ariadne draws a label above an
        // earlier one as a section of its own.
        let mut markers = vec![(index, range.clone(), "here")];
        for label in &self.labels {
            if let Some(other) = sources.files.get(label.file) {
                markers.push((label.file, marked(other, label.span), label.message));
            }
        }
        markers.sort_by_key(|(file, range, _)| (*file, range.start));
        let mut shown: Vec<usize> = markers.iter().map(|(file, ..)| *file).collect();
        shown.dedup();
        let config = Config::default()
            .with_color(color)
            .with_index_type(IndexType::Byte);
        let mut report =
            Report::build(ReportKind::Error, (file.name.clone(), range)).with_config(config);
        for (file, range, message) in markers {
            let name = sources.files[file].name.clone();
            report = report.with_label(Marker::new((name, range)).with_message(message));
        }
        if let Some(note) = note {
            report = report.with_note(note);
        }
        let cache = ariadne::sources(shown.into_iter().map(|i| {
            let file = &sources.files[i];
            (file.name.clone(), with_final_newline(file))
        }));
        let mut buf = Vec::new();
        if report.finish().write(cache, &mut buf).is_ok() {
            // ariadne 0.6 always starts with a header line of its own
            // (`Error: …`), which cannot hold the position without colour
            // codes (a custom report kind is coloured even with colour
            // off): the line above stands in its place.
            let text = String::from_utf8_lossy(&buf);
            out.push_str(text.split_once('\n').map_or("", |(_, rest)| rest));
        }
        out
    }
}

/// The bytes of `file` a marker for `span` covers: whole characters, at
/// least one. An error at the end of the file (input ended too soon)
/// points just after its last character, on a line that exists, not past
/// the white space that ends the file.
fn marked(file: &SourceFile, span: Span) -> Range<usize> {
    let text = file.text.as_str();
    let content = text.trim_end().len();
    let start = floor_boundary(text, span.start as usize);
    if start > content {
        return content..content + one_character(text, content);
    }
    let end = ceil_boundary(text, (span.end as usize).max(start));
    start..end.max(start + one_character(text, start))
}

/// The length of the character at `at`, or 1 at the end of the text
/// (the newline [`with_final_newline`] adds).
fn one_character(text: &str, at: usize) -> usize {
    text[at..].chars().next().map_or(1, char::len_utf8)
}

/// The start of the character holding byte `at` (at most the text's end).
fn floor_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The end of the character holding byte `at - 1` (at most the text's end).
fn ceil_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// The text of `file` ending in a newline: the marker of an error at the
/// very end needs a character to sit on.
fn with_final_newline(file: &SourceFile) -> String {
    if file.text.ends_with('\n') {
        file.text.clone()
    } else {
        format!("{}\n", file.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{CheckError, ImportError, Label, SyntaxError};

    fn unknown(name: &str) -> CheckError {
        CheckError::UnknownName {
            name: name.into(),
            suggestion: None,
        }
    }

    #[test]
    fn renders_position_code_snippet_and_marker() {
        let mut sources = Sources::default();
        let f = sources.add("a.loop".into(), "x := 1\ny := x + nope\n".into());
        let text = Diagnostic::new(f, Span::new(16, 20), unknown("nope")).render(&sources, false);
        assert_eq!(
            text,
            "a.loop:2:10: error[E0201]: unknown name `nope`\n   \
             ╭─[ a.loop:2:10 ]\n   \
             │\n \
             2 │ y := x + nope\n   \
             │          ──┬─  \n   \
             │            ╰─── here\n\
             ───╯\n"
        );
    }

    /// Spans are bytes; columns count characters.
    #[test]
    fn a_span_after_wide_characters_marks_the_right_ones() {
        let mut sources = Sources::default();
        let f = sources.add("a.loop".into(), "s := \"héllo\" + nope\n".into());
        let text = Diagnostic::new(f, Span::new(16, 20), unknown("nope")).render(&sources, false);
        assert!(text.starts_with("a.loop:1:16: error[E0201]"), "{text}");
        assert!(text.contains("│ s := \"héllo\" + nope\n"), "{text}");
        assert!(text.contains("│                ──┬─"), "{text}");
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
            let error = SyntaxError::Expected {
                expected: "a type",
                found: "end of input".into(),
            };
            let rendered = Diagnostic::new(f, Span::new(end, end), error).render(&sources, false);
            assert!(
                rendered
                    .starts_with("a.loop:2:8: error[E0112]: expected a type, found end of input\n"),
                "{text:?}: {rendered}"
            );
            assert!(rendered.contains(" 2 │   int x"), "{text:?}: {rendered}");
            assert!(rendered.contains("here"), "{text:?}: {rendered}");
        }
    }

    #[test]
    fn a_further_label_is_drawn_with_its_message() {
        let mut sources = Sources::default();
        let f = sources.add("a.loop".into(), "x := 1\ny := 2\nx := 3\n".into());
        let error = CheckError::AlreadyDeclared { name: "x".into() };
        let text = Diagnostic::new(f, Span::new(14, 15), error)
            .with_label(Label {
                file: f,
                span: Span::new(0, 1),
                message: "first declared here",
            })
            .render(&sources, false);
        assert!(
            text.starts_with("a.loop:3:1: error[E0202]: `x` is already declared in this block\n"),
            "{text}"
        );
        assert!(text.contains(" 1 │ x := 1"), "{text}");
        assert!(text.contains("first declared here"), "{text}");
        assert!(text.contains(" 3 │ x := 3"), "{text}");
    }

    #[test]
    fn an_error_about_no_file_is_one_line_with_its_code() {
        let error = ImportError::CannotRead {
            path: "gone.loop".into(),
            reason: "No such file or directory (os error 2)".into(),
        };
        assert_eq!(
            Diagnostic::general(error).render(&Sources::default(), true),
            "error[E0601]: cannot read gone.loop: No such file or directory (os error 2)\n"
        );
    }

    #[test]
    fn a_note_is_shown_under_the_snippet() {
        let mut sources = Sources::default();
        let f = sources.add("a.loop".into(), "import \"m.loop\" as m\n".into());
        let error = ImportError::ModuleNotFound {
            location: "m.loop".into(),
            looked_for: "/src/m.loop".into(),
        };
        let text = Diagnostic::new(f, Span::new(7, 15), error).render(&sources, false);
        assert!(
            text.starts_with("a.loop:1:8: error[E0602]: cannot find module `m.loop`\n"),
            "{text}"
        );
        assert!(text.contains("Note: looked for /src/m.loop"), "{text}");
    }
}
