//! Characters a person cannot see, or mistakes for others: a report names them
//! by code point, since `found ` `` says nothing and `found `“`` looks right.

/// What is wrong with a character, and what to write instead.
#[derive(Clone, Copy)]
enum Kind {
    /// Shows as a plain space.
    Space,
    /// Shows as nothing, or moves what follows.
    Invisible(&'static str),
    /// Punctuation that looks like the language's own.
    LooksLike(&'static str),
    /// A letter from another script that looks like an ASCII one.
    Letter(&'static str),
}

use Kind::*;

const PLAIN_SPACE: Kind = Space;
const REMOVE: Kind = Invisible("remove it");
const LINE_BREAK: Kind = Invisible("use a line break");
const STRAIGHT_QUOTE: Kind = LooksLike("a straight quote \"");

#[rustfmt::skip]
const TABLE: &[(char, &str, Kind)] = &[
    ('\u{0000}', "NULL", REMOVE),
    ('\u{000B}', "LINE TABULATION", Invisible("use a plain space")),
    ('\u{000C}', "FORM FEED", LINE_BREAK),
    ('\u{0085}', "NEXT LINE", LINE_BREAK),
    ('\u{00A0}', "NO-BREAK SPACE", PLAIN_SPACE),
    ('\u{00AD}', "SOFT HYPHEN", REMOVE),
    ('\u{1680}', "OGHAM SPACE MARK", PLAIN_SPACE),
    ('\u{180E}', "MONGOLIAN VOWEL SEPARATOR", REMOVE),
    ('\u{2000}', "EN QUAD", PLAIN_SPACE),
    ('\u{2001}', "EM QUAD", PLAIN_SPACE),
    ('\u{2002}', "EN SPACE", PLAIN_SPACE),
    ('\u{2003}', "EM SPACE", PLAIN_SPACE),
    ('\u{2004}', "THREE-PER-EM SPACE", PLAIN_SPACE),
    ('\u{2005}', "FOUR-PER-EM SPACE", PLAIN_SPACE),
    ('\u{2006}', "SIX-PER-EM SPACE", PLAIN_SPACE),
    ('\u{2007}', "FIGURE SPACE", PLAIN_SPACE),
    ('\u{2008}', "PUNCTUATION SPACE", PLAIN_SPACE),
    ('\u{2009}', "THIN SPACE", PLAIN_SPACE),
    ('\u{200A}', "HAIR SPACE", PLAIN_SPACE),
    ('\u{200B}', "ZERO WIDTH SPACE", REMOVE),
    ('\u{200C}', "ZERO WIDTH NON-JOINER", REMOVE),
    ('\u{200D}', "ZERO WIDTH JOINER", REMOVE),
    ('\u{200E}', "LEFT-TO-RIGHT MARK", REMOVE),
    ('\u{200F}', "RIGHT-TO-LEFT MARK", REMOVE),
    ('\u{2028}', "LINE SEPARATOR", LINE_BREAK),
    ('\u{2029}', "PARAGRAPH SEPARATOR", LINE_BREAK),
    ('\u{202A}', "LEFT-TO-RIGHT EMBEDDING", REMOVE),
    ('\u{202B}', "RIGHT-TO-LEFT EMBEDDING", REMOVE),
    ('\u{202C}', "POP DIRECTIONAL FORMATTING", REMOVE),
    ('\u{202D}', "LEFT-TO-RIGHT OVERRIDE", REMOVE),
    ('\u{202E}', "RIGHT-TO-LEFT OVERRIDE", REMOVE),
    ('\u{202F}', "NARROW NO-BREAK SPACE", PLAIN_SPACE),
    ('\u{205F}', "MEDIUM MATHEMATICAL SPACE", PLAIN_SPACE),
    ('\u{2060}', "WORD JOINER", REMOVE),
    ('\u{2066}', "LEFT-TO-RIGHT ISOLATE", REMOVE),
    ('\u{2067}', "RIGHT-TO-LEFT ISOLATE", REMOVE),
    ('\u{2068}', "FIRST STRONG ISOLATE", REMOVE),
    ('\u{2069}', "POP DIRECTIONAL ISOLATE", REMOVE),
    ('\u{3000}', "IDEOGRAPHIC SPACE", PLAIN_SPACE),
    ('\u{FEFF}', "ZERO WIDTH NO-BREAK SPACE", Invisible("a byte order mark belongs only at the very start of a file")),
    ('\u{00AB}', "LEFT-POINTING DOUBLE ANGLE QUOTATION MARK", STRAIGHT_QUOTE),
    ('\u{00BB}', "RIGHT-POINTING DOUBLE ANGLE QUOTATION MARK", STRAIGHT_QUOTE),
    ('\u{2018}', "LEFT SINGLE QUOTATION MARK", STRAIGHT_QUOTE),
    ('\u{2019}', "RIGHT SINGLE QUOTATION MARK", STRAIGHT_QUOTE),
    ('\u{201A}', "SINGLE LOW-9 QUOTATION MARK", STRAIGHT_QUOTE),
    ('\u{201B}', "SINGLE HIGH-REVERSED-9 QUOTATION MARK", STRAIGHT_QUOTE),
    ('\u{201C}', "LEFT DOUBLE QUOTATION MARK", STRAIGHT_QUOTE),
    ('\u{201D}', "RIGHT DOUBLE QUOTATION MARK", STRAIGHT_QUOTE),
    ('\u{201E}', "DOUBLE LOW-9 QUOTATION MARK", STRAIGHT_QUOTE),
    ('\u{201F}', "DOUBLE HIGH-REVERSED-9 QUOTATION MARK", STRAIGHT_QUOTE),
    ('\u{2032}', "PRIME", STRAIGHT_QUOTE),
    ('\u{2033}', "DOUBLE PRIME", STRAIGHT_QUOTE),
    ('\u{FF02}', "FULLWIDTH QUOTATION MARK", STRAIGHT_QUOTE),
    ('\u{2010}', "HYPHEN", LooksLike("-")),
    ('\u{2011}', "NON-BREAKING HYPHEN", LooksLike("-")),
    ('\u{2012}', "FIGURE DASH", LooksLike("-")),
    ('\u{2013}', "EN DASH", LooksLike("-")),
    ('\u{2014}', "EM DASH", LooksLike("-")),
    ('\u{2015}', "HORIZONTAL BAR", LooksLike("-")),
    ('\u{2212}', "MINUS SIGN", LooksLike("-")),
    ('\u{FE63}', "SMALL HYPHEN-MINUS", LooksLike("-")),
    ('\u{FF0D}', "FULLWIDTH HYPHEN-MINUS", LooksLike("-")),
    ('\u{2024}', "ONE DOT LEADER", LooksLike(".")),
    ('\u{FF0E}', "FULLWIDTH FULL STOP", LooksLike(".")),
    ('\u{2044}', "FRACTION SLASH", LooksLike("/")),
    ('\u{2215}', "DIVISION SLASH", LooksLike("/")),
    ('\u{FF0F}', "FULLWIDTH SOLIDUS", LooksLike("/")),
    ('\u{FF08}', "FULLWIDTH LEFT PARENTHESIS", LooksLike("(")),
    ('\u{FF09}', "FULLWIDTH RIGHT PARENTHESIS", LooksLike(")")),
    ('\u{FF0C}', "FULLWIDTH COMMA", LooksLike(",")),
    ('\u{FF1A}', "FULLWIDTH COLON", LooksLike(":")),
    ('\u{FF1F}', "FULLWIDTH QUESTION MARK", LooksLike("?")),
    ('\u{FF20}', "FULLWIDTH COMMERCIAL AT", LooksLike("@")),
    ('\u{FF3F}', "FULLWIDTH LOW LINE", LooksLike("_")),
    ('\u{FF5B}', "FULLWIDTH LEFT CURLY BRACKET", LooksLike("{")),
    ('\u{FF5D}', "FULLWIDTH RIGHT CURLY BRACKET", LooksLike("}")),
    ('\u{0391}', "GREEK CAPITAL LETTER ALPHA", Letter("A")),
    ('\u{0395}', "GREEK CAPITAL LETTER EPSILON", Letter("E")),
    ('\u{039F}', "GREEK CAPITAL LETTER OMICRON", Letter("O")),
    ('\u{03BF}', "GREEK SMALL LETTER OMICRON", Letter("o")),
    ('\u{0410}', "CYRILLIC CAPITAL LETTER A", Letter("A")),
    ('\u{0412}', "CYRILLIC CAPITAL LETTER VE", Letter("B")),
    ('\u{0415}', "CYRILLIC CAPITAL LETTER IE", Letter("E")),
    ('\u{041A}', "CYRILLIC CAPITAL LETTER KA", Letter("K")),
    ('\u{041C}', "CYRILLIC CAPITAL LETTER EM", Letter("M")),
    ('\u{041D}', "CYRILLIC CAPITAL LETTER EN", Letter("H")),
    ('\u{041E}', "CYRILLIC CAPITAL LETTER O", Letter("O")),
    ('\u{0420}', "CYRILLIC CAPITAL LETTER ER", Letter("P")),
    ('\u{0421}', "CYRILLIC CAPITAL LETTER ES", Letter("C")),
    ('\u{0422}', "CYRILLIC CAPITAL LETTER TE", Letter("T")),
    ('\u{0425}', "CYRILLIC CAPITAL LETTER HA", Letter("X")),
    ('\u{0430}', "CYRILLIC SMALL LETTER A", Letter("a")),
    ('\u{0435}', "CYRILLIC SMALL LETTER IE", Letter("e")),
    ('\u{043E}', "CYRILLIC SMALL LETTER O", Letter("o")),
    ('\u{0440}', "CYRILLIC SMALL LETTER ER", Letter("p")),
    ('\u{0441}', "CYRILLIC SMALL LETTER ES", Letter("c")),
    ('\u{0443}', "CYRILLIC SMALL LETTER U", Letter("y")),
    ('\u{0445}', "CYRILLIC SMALL LETTER HA", Letter("x")),
    ('\u{0456}', "CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I", Letter("i")),
];

fn lookup(c: char) -> Option<(&'static str, Kind)> {
    TABLE
        .iter()
        .find(|(t, _, _)| *t == c)
        .map(|(_, name, kind)| (*name, *kind))
}

/// For a character that is not a letter and that a person would not see or
/// would take for another: its code point and name (`U+00A0 NO-BREAK SPACE`)
/// and the whole story (`U+00A0 NO-BREAK SPACE (an invisible character): use
/// a plain space`). Control characters are named by code point alone.
pub(crate) fn describe(c: char) -> Option<(String, String)> {
    let code = format!("U+{:04X}", c as u32);
    match lookup(c) {
        Some((name, Space)) => {
            let name = format!("{code} {name}");
            let full = format!("{name} (an invisible character): use a plain space");
            Some((name, full))
        }
        Some((name, Invisible(fix))) => {
            let name = format!("{code} {name}");
            let full = format!("{name} (an invisible character): {fix}");
            Some((name, full))
        }
        Some((name, LooksLike(ascii))) => {
            let name = format!("{code} {name}");
            let full = format!("{name}: use {ascii}");
            Some((name, full))
        }
        Some((_, Letter(_))) => None,
        None if c.is_control() && !matches!(c, '\t' | '\n' | '\r') => {
            let full = format!("{code} (a control character): remove it");
            Some((code, full))
        }
        None => None,
    }
}

/// Shows as nothing, or moves or breaks what follows, on a terminal: a report
/// writes it as its code point.
pub(crate) fn unseen(c: char) -> bool {
    match lookup(c) {
        Some((_, Invisible(_))) => true,
        Some(_) => false,
        None => c.is_control() && !matches!(c, '\t' | '\n' | '\r'),
    }
}

/// `whose U+0430 CYRILLIC SMALL LETTER A looks like a`, for the first letter
/// of `word` that only looks like an ASCII one.
pub(crate) fn lookalike_letter(word: &str) -> Option<String> {
    word.chars().find_map(|c| match lookup(c) {
        Some((name, Letter(ascii))) => Some(format!("whose U+{:04X} {name} looks like {ascii}", c as u32)),
        _ => None,
    })
}

/// The offset of the last character `describe` names in `text`.
pub(crate) fn last_described(text: &str) -> Option<(usize, char)> {
    text.char_indices().rev().find(|(_, c)| describe(*c).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_character_is_in_the_table_once_and_never_ascii_text() {
        for (i, (c, name, _)) in TABLE.iter().enumerate() {
            assert!(TABLE[..i].iter().all(|(d, _, _)| d != c), "{name} twice");
            assert!(!c.is_ascii_graphic() && *c != ' ', "{name} is plain ASCII");
        }
        assert_eq!(describe('a'), None);
        assert_eq!(describe('é'), None);
        assert_eq!(
            describe('\u{7}').map(|d| d.1).as_deref(),
            Some("U+0007 (a control character): remove it")
        );
    }
}
