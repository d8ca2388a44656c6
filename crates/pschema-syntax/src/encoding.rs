//! A schema file's bytes as text: UTF-8, with or without a byte order mark.

use crate::ast::Span;
use crate::diagnostic::{Diagnostic, render};

/// U+FEFF at the very start of a file says "UTF-8" and nothing else.
pub(crate) const BOM: char = '\u{FEFF}';

/// A file that is not UTF-8.
#[derive(Debug, Clone)]
pub struct Undecodable {
    /// At the first bad byte.
    pub diagnostic: Diagnostic,
    /// The file with each bad sequence read as U+FFFD, so that the
    /// diagnostic's span points at the same line and column as in the bytes.
    pub text: String,
}

impl Undecodable {
    pub fn render(&self, path: &str) -> String {
        render(path, &self.text, std::slice::from_ref(&self.diagnostic))
    }
}

/// The text of a schema file, without the byte order mark editors on Windows
/// write; bytes that are not UTF-8 are a diagnostic at the first of them.
pub fn decode(bytes: &[u8]) -> Result<&str, Box<Undecodable>> {
    let bytes = bytes.strip_prefix("\u{FEFF}".as_bytes()).unwrap_or(bytes);
    let error = match std::str::from_utf8(bytes) {
        Ok(text) => return Ok(text),
        Err(error) => error,
    };
    let at = error.valid_up_to();
    let (bad, message) = match error.error_len() {
        Some(len) => (&bytes[at..at + len], "invalid UTF-8"),
        None => (&bytes[at..], "invalid UTF-8: the file ends inside a character"),
    };
    let hex: Vec<String> = bad.iter().map(|b| format!("0x{b:02X}")).collect();
    let what = if hex.len() == 1 { "byte" } else { "bytes" };
    // Everything before `at` is valid, so offsets there are the same in the
    // lossy text; the bad sequence is one U+FFFD.
    let diagnostic = Diagnostic::error(
        format!("{message} ({what} {})", hex.join(" ")),
        Span::new(at, at + '\u{FFFD}'.len_utf8()),
    )
    .with_label("not UTF-8")
    .with_note("schema files are UTF-8; the file may have been saved in another encoding, such as Windows-1252");
    Err(Box::new(Undecodable {
        diagnostic,
        text: String::from_utf8_lossy(bytes).into_owned(),
    }))
}
