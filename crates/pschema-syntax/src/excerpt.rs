//! What a rendered report shows of the source: lines longer than a screen are
//! cut around the places the report points at, and long words in messages are
//! cut, so that a report about a megabyte line is a few lines long.

use crate::diagnostic::line_col;
use crate::unusual;
use codespan_reporting::files::{Error, Files, Location, SimpleFile};
use std::borrow::Cow;
use std::ops::Range;

/// Lines up to this many characters are shown whole.
const MAX_LINE: usize = 160;
/// Characters kept on each side of a place a label starts or ends.
const CONTEXT: usize = 40;
/// Words in messages longer than this are cut.
const MAX_WORD: usize = 80;
const CUT: &str = "...";

/// The source as a report shows it. Offsets into the shown text differ from
/// offsets into the source once a line is cut or a character is made
/// visible; `location` still gives the source's own line and column, so
/// `-->` names the real place.
pub(crate) struct Excerpt<'a> {
    file: SimpleFile<&'a str, String>,
    source: &'a str,
    /// Runs of the source as shown, in order.
    pieces: Vec<Piece>,
}

#[derive(Clone, Copy)]
struct Piece {
    shown: usize,
    source: usize,
    len: usize,
    shown_len: usize,
    /// One character shown as `<U+200B>`: offsets inside it are its start or end.
    marker: bool,
}

impl<'a> Excerpt<'a> {
    /// Keeps `CONTEXT` characters around each of `points` (byte offsets
    /// into `source`) on the lines that are cut.
    pub(crate) fn new(name: &'a str, source: &'a str, points: &[usize]) -> Excerpt<'a> {
        let mut shown = Shown::default();
        let mut start = 0;
        for line in source.split_inclusive('\n') {
            let content = line.strip_suffix('\n').unwrap_or(line);
            let end = start + content.len();
            if content.len() <= MAX_LINE || content.chars().count() <= MAX_LINE {
                shown.keep(source, start..start + line.len());
            } else {
                let mut at = start;
                for window in windows(source, start..end, points) {
                    if window.start > at {
                        shown.text.push_str(CUT);
                    }
                    at = window.end;
                    shown.keep(source, window);
                }
                if at < end {
                    shown.text.push_str(CUT);
                }
                shown.keep(source, end..start + line.len());
            }
            start += line.len();
        }
        Excerpt {
            file: SimpleFile::new(name, shown.text),
            source,
            pieces: shown.pieces,
        }
    }

    /// Where a source offset is in the shown text (the start of a cut when the
    /// offset was cut away).
    pub(crate) fn shown(&self, offset: usize) -> usize {
        let i = self.pieces.partition_point(|p| p.source <= offset);
        match i.checked_sub(1).map(|i| self.pieces[i]) {
            Some(p) if offset - p.source >= p.len => p.shown + p.shown_len,
            Some(p) if p.marker => p.shown + if offset == p.source { 0 } else { p.shown_len },
            Some(p) => p.shown + (offset - p.source),
            None => offset,
        }
    }

    fn source_offset(&self, shown: usize) -> usize {
        let i = self.pieces.partition_point(|p| p.shown <= shown);
        match i.checked_sub(1).map(|i| self.pieces[i]) {
            Some(p) if shown - p.shown >= p.shown_len => p.source + p.len,
            Some(p) if p.marker => p.source,
            Some(p) => p.source + (shown - p.shown),
            None => shown,
        }
    }
}

#[derive(Default)]
struct Shown {
    text: String,
    pieces: Vec<Piece>,
}

impl Shown {
    /// Appends `source[range]`, with each character nobody would see (a
    /// NUL, a zero-width space, a bidirectional override) as its code point.
    fn keep(&mut self, source: &str, range: Range<usize>) {
        let mut run = range.start;
        for (i, c) in source[range.clone()].char_indices() {
            let at = range.start + i;
            // A byte order mark opening the file is allowed and shows as nothing.
            if at == 0 || !unusual::unseen(c) {
                continue;
            }
            self.verbatim(source, run..at);
            let marker = format!("<U+{:04X}>", c as u32);
            self.pieces.push(Piece {
                shown: self.text.len(),
                source: at,
                len: c.len_utf8(),
                shown_len: marker.len(),
                marker: true,
            });
            self.text.push_str(&marker);
            run = at + c.len_utf8();
        }
        self.verbatim(source, run..range.end);
    }

    fn verbatim(&mut self, source: &str, range: Range<usize>) {
        if range.is_empty() {
            return;
        }
        self.pieces.push(Piece {
            shown: self.text.len(),
            source: range.start,
            len: range.len(),
            shown_len: range.len(),
            marker: false,
        });
        self.text.push_str(&source[range]);
    }
}

/// The parts of the line `line` to keep: around each point on it, or its
/// start when none is.
fn windows(source: &str, line: Range<usize>, points: &[usize]) -> Vec<Range<usize>> {
    let mut windows: Vec<Range<usize>> = points
        .iter()
        .filter(|p| line.contains(p) || **p == line.end)
        .map(|&p| back(source, p, CONTEXT).max(line.start)..forward(source, p, CONTEXT).min(line.end))
        .collect();
    if windows.is_empty() {
        windows.push(line.start..forward(source, line.start, 2 * CONTEXT).min(line.end));
    }
    windows.sort_by_key(|w| w.start);
    let mut merged: Vec<Range<usize>> = Vec::new();
    for window in windows {
        match merged.last_mut() {
            Some(last) if window.start <= last.end => last.end = last.end.max(window.end),
            _ => merged.push(window),
        }
    }
    merged
}

fn back(source: &str, offset: usize, chars: usize) -> usize {
    source[..offset]
        .char_indices()
        .rev()
        .take(chars)
        .last()
        .map_or(offset, |(i, _)| i)
}

fn forward(source: &str, offset: usize, chars: usize) -> usize {
    source[offset..]
        .char_indices()
        .nth(chars)
        .map_or(source.len(), |(i, _)| offset + i)
}

impl<'a> Files<'a> for Excerpt<'a> {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, _: ()) -> Result<&'a str, Error> {
        Ok(self.file.name())
    }

    fn source(&'a self, _: ()) -> Result<&'a str, Error> {
        Ok(self.file.source())
    }

    fn line_index(&'a self, id: (), byte_index: usize) -> Result<usize, Error> {
        self.file.line_index(id, byte_index)
    }

    fn line_range(&'a self, id: (), line_index: usize) -> Result<Range<usize>, Error> {
        self.file.line_range(id, line_index)
    }

    fn location(&'a self, _: (), byte_index: usize) -> Result<Location, Error> {
        let (line_number, column_number) = line_col(self.source, self.source_offset(byte_index));
        Ok(Location {
            line_number,
            column_number,
        })
    }
}

/// `text` with every word longer than `MAX_WORD` characters cut in the
/// middle; a message that quotes a megabyte name stays one line.
pub(crate) fn shorten(text: &str) -> Cow<'_, str> {
    if text.len() <= MAX_WORD {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len().min(4 * MAX_WORD));
    let mut word = String::new();
    let mut word_chars = 0;
    for c in text.chars() {
        if c.is_whitespace() {
            push_word(&mut out, &word, word_chars);
            word.clear();
            word_chars = 0;
            out.push(c);
        } else {
            word.push(c);
            word_chars += 1;
        }
    }
    push_word(&mut out, &word, word_chars);
    Cow::Owned(out)
}

fn push_word(out: &mut String, word: &str, chars: usize) {
    if chars > MAX_WORD {
        out.push_str(&word[..forward(word, 0, MAX_WORD / 2)]);
        out.push_str(CUT);
        out.push_str(&word[back(word, word.len(), 10)..]);
    } else {
        out.push_str(word);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_map_through_cut_lines() {
        let long = "x".repeat(1_000);
        let source = format!("short\n{long}!\nend\n");
        let bang = source.find('!').expect("the bang");
        let excerpt = Excerpt::new("f", &source, &[bang]);
        let shown: &str = excerpt.file.source();
        assert_eq!(shown.lines().count(), 3);
        assert!(shown.lines().nth(1).expect("line 2").starts_with("...xxx"));
        assert_eq!(&shown[excerpt.shown(bang)..excerpt.shown(bang) + 1], "!");
        assert_eq!(excerpt.source_offset(excerpt.shown(bang)), bang);
        let end = source.find("end").expect("line 3");
        assert_eq!(&shown[excerpt.shown(end)..], "end\n");
    }

    #[test]
    fn characters_nobody_sees_are_shown_by_code_point() {
        let source = "\u{FEFF}ab\u{200B}c\u{0}d\n";
        let zwsp = source.find('\u{200B}').expect("a zero-width space");
        let excerpt = Excerpt::new("f", source, &[zwsp]);
        let shown: &str = excerpt.file.source();
        assert_eq!(shown, "\u{FEFF}ab<U+200B>c<U+0000>d\n");
        assert_eq!(&shown[excerpt.shown(zwsp)..excerpt.shown(zwsp + 3)], "<U+200B>");
        assert_eq!(excerpt.source_offset(excerpt.shown(zwsp)), zwsp);
        assert_eq!(excerpt.source_offset(excerpt.shown(zwsp + 3)), zwsp + 3);
        let d = source.find('d').expect("d");
        assert_eq!(&shown[excerpt.shown(d)..], "d\n");
    }

    #[test]
    fn long_words_are_cut_short_ones_kept() {
        assert_eq!(shorten("a short `message`"), "a short `message`");
        let long = format!("name `{}` is long", "n".repeat(500));
        let cut = shorten(&long);
        assert!(cut.len() < 100, "{cut}");
        assert!(cut.starts_with("name `nnn") && cut.ends_with("nnn` is long"), "{cut}");
    }
}
