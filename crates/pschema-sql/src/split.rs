//! Where each statement of a script ends, as the database itself would see
//! it: SQLite's rule is `sqlite3_complete` (a `CREATE TRIGGER` body holds
//! semicolons up to its `END;`), PostgreSQL's is psql's (strings, quoted
//! names, dollar quotes, nested comments and parentheses hide semicolons).
//!
//! Knowing the statements exactly is what lets a failure name its statement
//! and line, a progress display count them, and lint point at them.

use crate::Dialect;

/// One statement: `start..end` is its text from its first character that is
/// not white space or a comment, to its `;` (or the end of the script).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// Where the text before the statement starts (after the previous one).
    pub lead: usize,
    pub start: usize,
    pub end: usize,
    /// 1-based line of `start`.
    pub line: usize,
}

/// The statements of `sql`, in order; empty statements (`;;`) and a tail of
/// only comments are not statements.
pub fn statements(dialect: Dialect, sql: &str) -> Vec<Span> {
    let ends = match dialect {
        Dialect::Sqlite => sqlite_ends(sql.as_bytes()),
        Dialect::Postgres => postgres_ends(sql.as_bytes()),
    };
    let mut spans = Vec::with_capacity(ends.len() + 1);
    let mut lead = 0;
    let mut line = 1;
    let mut counted = 0;
    for end in ends.into_iter().chain(std::iter::once(sql.len())) {
        if end <= lead {
            continue;
        }
        if let Some(start) = content_start(dialect, sql.as_bytes(), lead, end) {
            line += count_newlines(&sql.as_bytes()[counted..start]);
            counted = start;
            spans.push(Span { lead, start, end, line });
        }
        lead = end;
    }
    spans
}

fn count_newlines(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == b'\n').count()
}

/// The first byte of `bytes[from..to]` that is neither white space, a
/// comment nor the terminating `;`: `None` when the range holds no statement.
fn content_start(dialect: Dialect, bytes: &[u8], from: usize, to: usize) -> Option<usize> {
    let mut i = from;
    while i < to {
        match bytes[i] {
            b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b';' => i += 1,
            b'-' if bytes.get(i + 1) == Some(&b'-') => i = line_end(bytes, i),
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = match dialect {
                    Dialect::Sqlite => flat_comment_end(bytes, i),
                    Dialect::Postgres => nested_comment_end(bytes, i),
                }
                .unwrap_or(to)
            }
            _ => return Some(i),
        }
    }
    None
}

fn line_end(bytes: &[u8], from: usize) -> usize {
    bytes[from..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |p| from + p + 1)
}

fn flat_comment_end(bytes: &[u8], from: usize) -> Option<usize> {
    bytes[from + 2..]
        .windows(2)
        .position(|w| w == b"*/")
        .map(|p| from + 2 + p + 2)
}

fn nested_comment_end(bytes: &[u8], from: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = from;
    while i + 1 < bytes.len() {
        match (bytes[i], bytes[i + 1]) {
            (b'/', b'*') => {
                depth += 1;
                i += 2;
            }
            (b'*', b'/') => {
                depth -= 1;
                i += 2;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => i += 1,
        }
    }
    None
}

/// `quote` ... `quote`, a doubled quote standing for itself; `None` when it
/// is not closed.
fn quoted_end(bytes: &[u8], from: usize, quote: u8) -> Option<usize> {
    let mut i = from + 1;
    while i < bytes.len() {
        if bytes[i] == quote {
            if bytes.get(i + 1) == Some(&quote) {
                i += 2;
                continue;
            }
            return Some(i + 1);
        }
        i += 1;
    }
    None
}

// SQLite: a port of the state machine of sqlite3_complete() (complete.c).
const SEMI: usize = 0;
const WS: usize = 1;
const OTHER: usize = 2;
const EXPLAIN: usize = 3;
const CREATE: usize = 4;
const TEMP: usize = 5;
const TRIGGER: usize = 6;
const END: usize = 7;
const START: u8 = 1;
const TRANSITIONS: [[u8; 8]; 8] = [
    // SEMI WS OTHER EXPLAIN CREATE TEMP TRIGGER END
    [1, 0, 2, 3, 4, 2, 2, 2], // 0 invalid: nothing seen yet
    [1, 1, 2, 3, 4, 2, 2, 2], // 1 start of a statement
    [1, 2, 2, 2, 2, 2, 2, 2], // 2 normal
    [1, 3, 3, 2, 4, 2, 2, 2], // 3 after EXPLAIN
    [1, 4, 2, 2, 2, 4, 5, 2], // 4 after CREATE [TEMP]
    [6, 5, 5, 5, 5, 5, 5, 5], // 5 in a trigger body
    [6, 6, 5, 5, 5, 5, 5, 7], // 6 after `;` in a trigger body
    [1, 7, 5, 5, 5, 5, 5, 5], // 7 after `; END`
];

fn is_sqlite_id(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b >= 0x80
}

fn sqlite_ends(bytes: &[u8]) -> Vec<usize> {
    let mut ends = Vec::new();
    let mut state: u8 = 0;
    let mut i = 0;
    while i < bytes.len() {
        let (token, next) = match bytes[i] {
            b';' => (SEMI, i + 1),
            b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' => (WS, i + 1),
            b'/' if bytes.get(i + 1) == Some(&b'*') => match flat_comment_end(bytes, i) {
                Some(end) => (WS, end),
                None => break,
            },
            b'-' if bytes.get(i + 1) == Some(&b'-') => (WS, line_end(bytes, i)),
            b'[' => match bytes[i..].iter().position(|&b| b == b']') {
                Some(p) => (OTHER, i + p + 1),
                None => break,
            },
            quote @ (b'`' | b'"' | b'\'') => match quoted_end(bytes, i, quote) {
                Some(end) => (OTHER, end),
                None => break,
            },
            b if is_sqlite_id(b) => {
                let len = bytes[i..].iter().take_while(|&&b| is_sqlite_id(b)).count();
                let word = &bytes[i..i + len];
                let keyword = |k: &str| word.eq_ignore_ascii_case(k.as_bytes());
                let token = if keyword("create") {
                    CREATE
                } else if keyword("trigger") {
                    TRIGGER
                } else if keyword("temp") || keyword("temporary") {
                    TEMP
                } else if keyword("end") {
                    END
                } else if keyword("explain") {
                    EXPLAIN
                } else {
                    OTHER
                };
                (token, i + len)
            }
            _ => (OTHER, i + 1),
        };
        state = TRANSITIONS[state as usize][token];
        if token == SEMI && state == START {
            ends.push(next);
        }
        i = next;
    }
    ends
}

fn is_postgres_id(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b >= 0x80
}

/// `$tag$` at `from`, if there is one: its length.
fn dollar_tag(bytes: &[u8], from: usize) -> Option<usize> {
    let rest = &bytes[from + 1..];
    let len = rest
        .iter()
        .take_while(|&&b| b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80)
        .count();
    let starts_well = rest.first().is_some_and(|&b| !b.is_ascii_digit());
    (rest.get(len) == Some(&b'$') && (len == 0 || starts_well)).then_some(len + 2)
}

fn postgres_ends(bytes: &[u8]) -> Vec<usize> {
    let mut ends = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        let previous_is_id = i > 0 && is_postgres_id(bytes[i - 1]);
        i = match bytes[i] {
            b';' if depth == 0 => {
                ends.push(i + 1);
                i + 1
            }
            b'(' => {
                depth += 1;
                i + 1
            }
            b')' => {
                depth = depth.saturating_sub(1);
                i + 1
            }
            b'-' if bytes.get(i + 1) == Some(&b'-') => line_end(bytes, i),
            b'/' if bytes.get(i + 1) == Some(&b'*') => match nested_comment_end(bytes, i) {
                Some(end) => end,
                None => break,
            },
            b'\'' => {
                // E'...' strings take backslash escapes.
                let escaped = i > 0 && matches!(bytes[i - 1], b'e' | b'E') && !(i > 1 && is_postgres_id(bytes[i - 2]));
                match if escaped {
                    escaped_string_end(bytes, i)
                } else {
                    quoted_end(bytes, i, b'\'')
                } {
                    Some(end) => end,
                    None => break,
                }
            }
            b'"' => match quoted_end(bytes, i, b'"') {
                Some(end) => end,
                None => break,
            },
            b'$' if !previous_is_id => match dollar_tag(bytes, i) {
                Some(len) => {
                    let tag = &bytes[i..i + len];
                    match bytes[i + len..].windows(len).position(|w| w == tag) {
                        Some(p) => i + len + p + len,
                        None => break,
                    }
                }
                None => i + 1,
            },
            _ => i + 1,
        };
    }
    ends
}

fn escaped_string_end(bytes: &[u8], from: usize) -> Option<usize> {
    let mut i = from + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'\'' if bytes.get(i + 1) == Some(&b'\'') => i += 2,
            b'\'' => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(dialect: Dialect, sql: &str) -> Vec<(usize, String)> {
        statements(dialect, sql)
            .into_iter()
            .map(|s| (s.line, sql[s.start..s.end].to_string()))
            .collect()
    }

    #[test]
    fn sqlite_statements_end_where_sqlite_says() {
        let sql = "-- header\nCREATE TABLE a (x TEXT DEFAULT ';');\n\n\
                   CREATE TRIGGER t AFTER INSERT ON a BEGIN\n  INSERT INTO a VALUES ('x;'); UPDATE a SET x = 1;\nEND;\n\
                   /* ; */ INSERT INTO \"we;ird\" VALUES (1);;\nSELECT 1";
        assert_eq!(
            texts(Dialect::Sqlite, sql),
            [
                (2, "CREATE TABLE a (x TEXT DEFAULT ';');".to_string()),
                (
                    4,
                    "CREATE TRIGGER t AFTER INSERT ON a BEGIN\n  INSERT INTO a VALUES ('x;'); UPDATE a SET x = 1;\nEND;"
                        .to_string()
                ),
                (7, "INSERT INTO \"we;ird\" VALUES (1);".to_string()),
                (8, "SELECT 1".to_string()),
            ]
        );
        assert!(statements(Dialect::Sqlite, "-- only a comment\n;\n").is_empty());
    }

    #[test]
    fn postgres_statements_end_where_psql_says() {
        let sql = "DO $$\nDECLARE found text;\nBEGIN\n\tSELECT 1;\nEND $$;\n\
                   SELECT E'it\\'s;', 'a''b;', $tag$ ; $tag$, \"x;\" /* /* ; */ */;\n\
                   CREATE TABLE t (c text DEFAULT (';'));\nSELECT $1;";
        assert_eq!(
            texts(Dialect::Postgres, sql),
            [
                (1, "DO $$\nDECLARE found text;\nBEGIN\n\tSELECT 1;\nEND $$;".to_string()),
                (
                    6,
                    "SELECT E'it\\'s;', 'a''b;', $tag$ ; $tag$, \"x;\" /* /* ; */ */;".to_string()
                ),
                (7, "CREATE TABLE t (c text DEFAULT (';'));".to_string()),
                (8, "SELECT $1;".to_string()),
            ]
        );
    }

    #[test]
    fn unterminated_text_is_one_last_statement() {
        for dialect in Dialect::ALL {
            let spans = statements(dialect, "SELECT 1;\nSELECT 'open;\n");
            assert_eq!(spans.len(), 2, "{dialect}");
            assert_eq!(spans[1].line, 2);
        }
    }
}
