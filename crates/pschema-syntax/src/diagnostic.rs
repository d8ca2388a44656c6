//! Mistakes in a .pschema file are data: every stage returns its value together
//! with the diagnostics it found, and the caller decides how to show them.

use crate::ast::Span;
use crate::encoding::BOM;
use crate::excerpt::{Excerpt, shorten};
use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label as CsLabel};
use codespan_reporting::term::termcolor::NoColor;
use codespan_reporting::term::{self, Config};
use std::ops::Range;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub message: String,
    /// Where the mistake is; the caret goes here.
    pub primary: Label,
    /// Related places, such as the first declaration of a duplicate.
    pub secondary: Vec<Label>,
    pub notes: Vec<String>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>, span: Span) -> Diagnostic {
        Diagnostic {
            message: message.into(),
            primary: Label {
                span,
                message: String::new(),
            },
            secondary: Vec::new(),
            notes: Vec::new(),
        }
    }

    pub fn with_label(mut self, message: impl Into<String>) -> Diagnostic {
        self.primary.message = message.into();
        self
    }

    pub fn with_secondary(mut self, span: Span, message: impl Into<String>) -> Diagnostic {
        self.secondary.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Diagnostic {
        self.notes.push(note.into());
        self
    }

    /// 1-based line and column of the primary span, counted in characters.
    pub fn line_col(&self, source: &str) -> (usize, usize) {
        line_col(source, self.primary.span.start)
    }
}

/// 1-based (line, column) of a byte offset; columns count characters, and a
/// byte order mark at the start of the file is not one.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(source, offset.min(source.len()));
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line_text = &before[line_start..];
    let line_text = if line_start == 0 {
        line_text.strip_prefix(BOM).unwrap_or(line_text)
    } else {
        line_text
    };
    (line, line_text.chars().count() + 1)
}

fn floor_char_boundary(s: &str, mut index: usize) -> usize {
    while index > 0 && !s.is_char_boundary(index) {
        index -= 1;
    }
    index
}

/// Renders diagnostics the way a person reads them: `error: ...`, then
/// `--> file:line:col`, the source line and a caret under the mistake. Lines
/// and words too long for a screen are cut (see `excerpt`).
pub fn render(path: &str, source: &str, diagnostics: &[Diagnostic]) -> String {
    let config = Config {
        chars: term::Chars::ascii(),
        ..Config::default()
    };
    let mut out = String::new();
    for diagnostic in diagnostics {
        let clamp = |span: Span| {
            let end = floor_char_boundary(source, span.end.min(source.len()));
            let start = floor_char_boundary(source, span.start.min(end));
            start..end
        };
        let spans: Vec<Range<usize>> = std::iter::once(&diagnostic.primary)
            .chain(&diagnostic.secondary)
            .map(|label| clamp(label.span))
            .collect();
        let points: Vec<usize> = spans.iter().flat_map(|s| [s.start, s.end]).collect();
        let file = Excerpt::new(path, source, &points);
        let mut labels = spans
            .iter()
            .zip(std::iter::once(&diagnostic.primary).chain(&diagnostic.secondary));
        let mut cs_labels = Vec::new();
        if let Some((span, label)) = labels.next() {
            cs_labels.push(
                CsLabel::primary((), file.shown(span.start)..file.shown(span.end))
                    .with_message(shorten(&label.message)),
            );
        }
        cs_labels.extend(labels.map(|(span, label)| {
            CsLabel::secondary((), file.shown(span.start)..file.shown(span.end)).with_message(shorten(&label.message))
        }));
        let cs = CsDiagnostic::error()
            .with_message(shorten(&diagnostic.message))
            .with_labels(cs_labels)
            .with_notes(diagnostic.notes.iter().map(|note| shorten(note).into_owned()).collect());
        let mut writer = NoColor::new(Vec::new());
        // Writing into memory cannot fail; a rendering error would be a bug in
        // our spans, and the plain message below still tells the person what is wrong.
        match term::emit(&mut writer, &config, &file, &cs) {
            Ok(()) => out.push_str(&String::from_utf8_lossy(&writer.into_inner())),
            Err(_) => {
                let (line, col) = diagnostic.line_col(source);
                out.push_str(&format!(
                    "error: {}\n --> {path}:{line}:{col}\n",
                    shorten(&diagnostic.message)
                ));
            }
        }
    }
    out
}
