//! Byte offsets (what the syntax tree's spans hold) to LSP positions and
//! back. LSP counts a position's character in UTF-16 code units by default,
//! so a line with `é` or an emoji before the cursor differs between the two.
//!
//! Invariant: both directions are total. An offset inside a character or past
//! the end, or a position past the end of its line or of the file, is clamped
//! to the nearest place that exists; nothing here panics.

use lsp_types::{Position, Range};
use pschema_syntax::ast::Span;

/// The start of every line of one text, found once per version of a document.
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// Byte offset of each line's first character; `starts[0] == 0`.
    starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex {
            starts,
            len: text.len(),
        }
    }

    /// The line holding `offset` (0-based) and that line's start.
    fn line_of(&self, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&s| s <= offset).saturating_sub(1);
        (line, self.starts[line])
    }

    /// The end of a line's text: before its `\n` (and a `\r` before that).
    fn line_end(&self, text: &str, line: usize) -> usize {
        let end = self.starts.get(line + 1).map_or(self.len, |next| next - 1);
        let end = end.min(text.len());
        if end > self.starts[line] && text.as_bytes().get(end - 1) == Some(&b'\r') {
            end - 1
        } else {
            end
        }
    }

    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = floor_boundary(text, offset.min(text.len()));
        let (line, start) = self.line_of(offset);
        let character: usize = text[start..offset].chars().map(char::len_utf16).sum();
        Position::new(line as u32, character as u32)
    }

    pub fn range(&self, text: &str, span: Span) -> Range {
        let end = span.end.min(text.len());
        let start = span.start.min(end);
        Range::new(self.position(text, start), self.position(text, end))
    }

    /// The byte offset of an LSP position, clamped into the text.
    pub fn offset(&self, text: &str, position: Position) -> usize {
        let line = position.line as usize;
        if line >= self.starts.len() {
            return text.len();
        }
        let start = self.starts[line];
        let end = self.line_end(text, line);
        let mut units = 0usize;
        for (i, c) in text[start..end].char_indices() {
            if units >= position.character as usize {
                return start + i;
            }
            units += c.len_utf16();
        }
        end
    }
}

fn floor_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_columns_both_ways() {
        let text = "é😀x\nab\r\ncd";
        let index = LineIndex::new(text);
        // `é` is one UTF-16 unit (2 bytes), the emoji two units (4 bytes).
        let x = text.find('x').unwrap();
        assert_eq!(index.position(text, x), Position::new(0, 3));
        assert_eq!(index.offset(text, Position::new(0, 3)), x);
        assert_eq!(index.offset(text, Position::new(1, 1)), text.find('b').unwrap());
        // Past a line's end: its end, before `\r\n`.
        assert_eq!(index.offset(text, Position::new(1, 99)), text.find('\r').unwrap());
        assert_eq!(index.offset(text, Position::new(9, 0)), text.len());
        assert_eq!(index.position(text, text.len()), Position::new(2, 2));
        // Inside the emoji: the emoji's start.
        assert_eq!(index.position(text, 3), Position::new(0, 1));
        assert_eq!(index.position(text, 999), Position::new(2, 2));
    }
}
