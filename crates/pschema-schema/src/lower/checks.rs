//! Check constraints: the columns an expression names must be columns of the
//! table (PostgreSQL and SQLite refuse the table otherwise), and the names
//! PostgreSQL will know the checks by must differ.
//!
//! The expression is SQL, passed through as written, so it is only scanned,
//! not parsed: a word is taken for a column unless it is a keyword, a
//! function (followed by `(`), a type (after `::` or `AS`, or before a
//! string as in `DATE '2024-01-01'`), a qualifier (before `.`), a collation,
//! or inside a string. In doubt a word is let through: a false alarm would
//! make a valid schema impossible to write.

use super::HashMap;
use super::names::folded;
use super::{Lowerer, MAX_IDENTIFIER_BYTES, did_you_mean};
use crate::model::*;
use pschema_syntax::Diagnostic;
use pschema_syntax::ast::{self, Span};

/// PostgreSQL's keywords (`SELECT word FROM pg_get_keywords()`, version 15),
/// SQLite's that PostgreSQL lacks, and the fields of `EXTRACT(field FROM ...)`.
const KEYWORDS: &str = "abort absolute access action add admin after aggregate all also alter always \
    analyse analyze and any array as asc asensitive assertion assignment asymmetric at atomic attach \
    attribute authorization backward before begin between bigint binary bit boolean both breadth by \
    cache call called cascade cascaded case cast catalog chain char character characteristics check \
    checkpoint class close cluster coalesce collate collation column columns comment comments commit \
    committed compression concurrently configuration conflict connection constraint constraints content \
    continue conversion copy cost create cross csv cube current current_catalog current_date current_role \
    current_schema current_time current_timestamp current_user cursor cycle data database day deallocate \
    dec decimal declare default defaults deferrable deferred definer delete delimiter delimiters depends \
    depth desc detach dictionary disable discard distinct do document domain double drop each else enable \
    encoding encrypted end enum escape event except exclude excluding exclusive execute exists explain \
    expression extension external extract false family fetch filter finalize first float following for \
    force foreign forward freeze from full function functions generated global grant granted greatest \
    group grouping groups handler having header hold hour identity if ilike immediate immutable implicit \
    import in include including increment index indexes inherit inherits initially inline inner inout \
    input insensitive insert instead int integer intersect interval into invoker is isnull isolation join \
    key label language large last lateral leading leakproof least left level like limit listen load local \
    localtime localtimestamp location lock locked logged mapping match matched materialized maxvalue merge \
    method minute minvalue mode month move name names national natural nchar new next nfc nfd nfkc nfkd no \
    none normalize normalized not nothing notify notnull nowait null nullif nulls numeric object of off \
    offset oids old on only operator option options or order ordinality others out outer over overlaps \
    overlay overriding owned owner parallel parameter parser partial partition passing password placing \
    plans policy position preceding precision prepare prepared preserve primary prior privileges \
    procedural procedure procedures program publication quote range read real reassign recheck recursive \
    ref references referencing refresh reindex relative release rename repeatable replace replica reset \
    restart restrict return returning returns revoke right role rollback rollup routine routines row rows \
    rule savepoint schema schemas scroll search second security select sequence sequences serializable \
    server session session_user set setof sets share show similar simple skip smallint snapshot some sql \
    stable standalone start statement statistics stdin stdout storage stored strict strip subscription \
    substring support symmetric sysid system table tables tablesample tablespace temp template temporary \
    text then ties time timestamp to trailing transaction transform treat trigger trim true truncate \
    trusted type types uescape unbounded uncommitted unencrypted union unique unknown unlisten unlogged \
    until update user using vacuum valid validate validator value values varchar variadic varying verbose \
    version view views volatile when where whitespace window with within without work wrapper write xml \
    xmlattributes xmlconcat xmlelement xmlexists xmlforest xmlnamespaces xmlparse xmlpi xmlroot \
    xmlserialize xmltable year yes zone \
    autoincrement fail glob ignore indexed plan pragma query raise regexp \
    century decade dow doy epoch isodow isoyear julian microseconds millennium milliseconds quarter \
    timezone timezone_hour timezone_minute week";

fn is_keyword(word: &str) -> bool {
    let word = folded(word);
    KEYWORDS.split_whitespace().any(|k| k == word)
}

/// A name in a check expression that should be a column.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Name {
    text: String,
    /// Written in double quotes: PostgreSQL reads it exactly, not folded.
    quoted: bool,
    /// Byte offsets in the expression.
    start: usize,
    end: usize,
}

/// The names in `sql` that should be columns, in order.
fn column_names(sql: &str) -> Vec<Name> {
    let bytes = sql.as_bytes();
    let is_word_start = |b: u8| b.is_ascii_alphabetic() || b == b'_' || b >= 0x80;
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b >= 0x80;
    let next_non_space = |mut i: usize| {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        bytes.get(i).copied()
    };
    let mut names = Vec::new();
    // Set by what makes the next name a type or collation rather than a
    // column: `::`, `AS`, `COLLATE`, and `U&` before a Unicode identifier.
    let mut skip_next = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let skip = std::mem::take(&mut skip_next);
        match b {
            b'\'' => i = skip_quoted(bytes, i, b'\''),
            b'"' => {
                let end = skip_quoted(bytes, i, b'"');
                let inner_end = if end > i + 1 && bytes[end - 1] == b'"' {
                    end - 1
                } else {
                    end
                };
                let next = next_non_space(end);
                if !skip && next != Some(b'.') && next != Some(b'(') {
                    names.push(Name {
                        text: sql[i + 1..inner_end].replace("\"\"", "\""),
                        quoted: true,
                        start: i,
                        end,
                    });
                }
                i = end;
            }
            b'-' if bytes.get(i + 1) == Some(&b'-') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = sql[i + 2..].find("*/").map_or(bytes.len(), |end| i + 2 + end + 2);
            }
            b'$' => {
                // Dollar quoting: `$tag$ ... $tag$`.
                let tag_end = sql[i + 1..].find('$').map(|e| i + 1 + e);
                match tag_end {
                    Some(tag_end) if sql[i + 1..tag_end].bytes().all(is_word) => {
                        let tag = &sql[i..=tag_end];
                        i = sql[tag_end + 1..]
                            .find(tag)
                            .map_or(bytes.len(), |e| tag_end + 1 + e + tag.len());
                    }
                    _ => i += 1,
                }
            }
            b':' if bytes.get(i + 1) == Some(&b':') => {
                skip_next = true;
                i += 2;
            }
            b'.' if bytes.get(i + 1).is_some_and(u8::is_ascii_digit) => i = skip_number(bytes, i),
            b if b.is_ascii_digit() => i = skip_number(bytes, i),
            b if is_word_start(b) => {
                let start = i;
                while i < bytes.len() && is_word(bytes[i]) {
                    i += 1;
                }
                let word = &sql[start..i];
                let next = next_non_space(i);
                if word.eq_ignore_ascii_case("as") || word.eq_ignore_ascii_case("collate") {
                    skip_next = true;
                } else if word.eq_ignore_ascii_case("u") && bytes.get(i) == Some(&b'&') {
                    skip_next = true;
                    i += 1;
                    continue;
                }
                // A typed literal (`DATE '...'`, `E'...'`), a function, a qualifier, a keyword.
                let not_a_column = skip || matches!(next, Some(b'\'' | b'(' | b'.')) || is_keyword(word);
                if !not_a_column {
                    names.push(Name {
                        text: word.to_string(),
                        quoted: false,
                        start,
                        end: i,
                    });
                }
            }
            _ => i += 1,
        }
    }
    names
}

/// The index just past a quoted token starting at `start` (doubled quotes
/// inside it are one quote), or the end of the text if it is not closed.
fn skip_quoted(bytes: &[u8], start: usize, quote: u8) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        if bytes[i] == quote {
            if bytes.get(i + 1) == Some(&quote) {
                i += 2;
                continue;
            }
            return i + 1;
        }
        // E'...' strings escape with a backslash; skipping the next byte is
        // harmless in the others.
        if bytes[i] == b'\\' && quote == b'\'' {
            i += 1;
        }
        i += 1;
    }
    bytes.len()
}

/// Past a number: digits, a point, and what PostgreSQL 16 allows in them
/// (`1e10`, `0x1F`, `1_000`).
fn skip_number(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'.' || bytes[i] == b'_') {
        i += 1;
    }
    i
}

/// The name pschema-sql's PostgreSQL planner gives an unnamed check (see
/// `check_name` in crates/pschema-sql/src/postgres.rs, which this follows
/// word for word): the table, the first word of the expression that is a
/// column, `check`; PostgreSQL cuts it to 63 bytes.
fn postgres_check_name(table: &Table, check: &CheckConstraint) -> String {
    let name = match &check.name {
        Some(name) => name.clone(),
        None => {
            let column = check
                .expression
                .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .find(|w| table.column(w).is_some());
            match column {
                Some(column) => format!("{}_{column}_check", table.name),
                None => format!("{}_check", table.name),
            }
        }
    };
    let mut cut = name.len().min(MAX_IDENTIFIER_BYTES);
    while !name.is_char_boundary(cut) {
        cut -= 1;
    }
    name[..cut].to_string()
}

impl Lowerer {
    /// Every name the expression reads is a column of the table, as both
    /// databases resolve it: SQLite without case, PostgreSQL folding unquoted
    /// names to lower case and taking quoted ones as written.
    pub(super) fn check_expression_columns(&mut self, table: &Table, check: &ast::CheckDecl) {
        let expression = &check.expression;
        // The string's span holds its quotes; inner offsets map onto the
        // source only when the string has no escapes.
        let exact = expression.span.end - expression.span.start == expression.value.len() + 2;
        for name in column_names(&expression.value) {
            let span = if exact {
                Span::new(
                    expression.span.start + 1 + name.start,
                    expression.span.start + 1 + name.end,
                )
            } else {
                expression.span
            };
            let postgres_reads = if name.quoted {
                name.text.clone()
            } else {
                name.text.to_lowercase()
            };
            let sqlite_finds = table.columns.iter().find(|c| folded(&c.name) == folded(&name.text));
            let Some(column) = sqlite_finds else {
                self.error(did_you_mean(
                    Diagnostic::error(
                        format!(
                            "check constraint refers to column `{}`, which table `{}` does not have",
                            name.text, table.name
                        ),
                        span,
                    )
                    .with_label("no such column"),
                    &name.text,
                    table.columns.iter().map(|c| c.name.as_str()),
                ));
                continue;
            };
            // pschema quotes a column on PostgreSQL exactly when its name is not all lower case.
            if column.name != postgres_reads {
                self.error(
                    Diagnostic::error(
                        format!(
                            "check constraint refers to `{}`, which PostgreSQL reads as column `{postgres_reads}`, but the column is `{}`",
                            if name.quoted { format!("\"{}\"", name.text) } else { name.text.clone() },
                            column.name
                        ),
                        span,
                    )
                    .with_label("case differs on PostgreSQL")
                    .with_note(if column.name.chars().any(|c| c.is_ascii_uppercase()) {
                        format!("write it in double quotes as the column is named: `\\\"{}\\\"`", column.name)
                    } else {
                        format!("write `{}` without quotes", column.name)
                    }),
                );
            }
        }
    }

    /// PostgreSQL keeps one constraint of a name per table; pschema names
    /// every check on PostgreSQL (so that it can drop it later), unnamed ones
    /// after the first column they read, so two checks on one column collide.
    /// `spans` are the checks' places, in the order of `table.checks`.
    pub(super) fn check_constraint_names(&mut self, table: &Table, spans: &[Span]) {
        let mut seen: HashMap<String, Span> = HashMap::default();
        for (check, span) in table.checks.iter().zip(spans) {
            let name = postgres_check_name(table, check);
            if let Some(first) = seen.get(&folded(&name)) {
                self.error(
                    Diagnostic::error(
                        format!(
                            "two check constraints of table `{}` would both be named `{name}` on PostgreSQL",
                            table.name
                        ),
                        *span,
                    )
                    .with_label("second check of this name")
                    .with_secondary(*first, "first check")
                    .with_note("name them: `check ck_name \"...\"`"),
                );
            } else {
                seen.insert(folded(&name), *span);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::column_names;

    fn names(sql: &str) -> Vec<String> {
        column_names(sql)
            .into_iter()
            .map(|n| if n.quoted { format!("\"{}\"", n.text) } else { n.text })
            .collect()
    }

    #[test]
    fn columns_are_the_words_that_are_not_sql() {
        assert_eq!(names("amount > 0 AND total <= 100"), ["amount", "total"]);
        assert_eq!(
            names("status IN ('open', 'closed') OR note IS NULL"),
            ["status", "note"]
        );
        assert_eq!(names("lower(email) = email"), ["email", "email"]);
        assert_eq!(names("CAST(x AS text) <> 'y' AND z::varchar(10) <> ''"), ["x", "z"]);
        assert_eq!(
            names("created_at > DATE '2024-01-01' AND d > E'it''s \\' x'"),
            ["created_at", "d"]
        );
        assert_eq!(names("EXTRACT(epoch FROM t) > 0 AND \"Mixed\" > 1"), ["t", "\"Mixed\""]);
        // `name` is a keyword (of PostgreSQL's non-reserved ones): let through.
        assert_eq!(names("name COLLATE \"C\" > 'a' -- trailing words\n AND b > 1e5"), ["b"]);
        assert_eq!(names("U&\"d\\0061t\" > 0 AND c = U&'x'"), ["c"]);
        assert_eq!(
            names("t.a > 0 AND x /* not a > */ < .5 AND $$dollar words$$ <> y"),
            ["a", "x", "y"]
        );
        assert_eq!(names("\"unclosed"), ["\"unclosed\""]);
        assert_eq!(names("'unclosed"), Vec::<String>::new());
    }
}
