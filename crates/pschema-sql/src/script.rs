//! The one reader and writer of the `-- pschema:` markers. A plan carries
//! each statement's kind as data ([`StatementKind`]); a migration file keeps
//! it as a readable comment line, and [`parse`] reads it back into a
//! [`Script`] that the runners execute.
//!
//! ```text
//! -- pschema:no-transaction            the next statement runs on its own, before the transaction
//! -- pschema:step                      a new transaction starts here: what came before commits first
//! -- pschema:step outside              the statements from here run outside any transaction, in place
//! -- pschema:rebuild <table> [check-references]
//! ...                                  a table rebuild, checked by the runner
//! -- pschema:end-rebuild <table>
//! -- pschema:drop <table>              the next statement drops a table of a group that references each other
//! -- pschema:data                      hand-written SQL (a data step) in a generated migration
//! ...
//! -- pschema:end-data
//! -- pschema:lint-ignore CODE reason   `migrate lint` accepts finding CODE of the next statement
//! ```

use crate::split::{self, Span};
use crate::{Dialect, Statement};

/// Marks a statement that must run outside the migration's transaction, before it.
pub const NO_TRANSACTION: &str = "pschema:no-transaction";
/// Starts a new step: the steps before it have committed (and are recorded,
/// so a run that stops later resumes after them). With [`OUTSIDE`], the
/// step's statements each run on their own, outside any transaction; a run
/// that stops inside such a step runs the whole step again, so they are
/// written to be run twice (`IF EXISTS`, `IF NOT EXISTS`).
pub const STEP: &str = "pschema:step";
pub const OUTSIDE: &str = "outside";
/// Opens the statements of a table rebuild, which the runner checks: the
/// table's triggers and views are kept, and every row and reference survives.
pub const REBUILD_BEGIN: &str = "pschema:rebuild";
pub const REBUILD_END: &str = "pschema:end-rebuild";
/// After `REBUILD_BEGIN <table>`: other tables reference keys whose values
/// may change, so their references must be checked too.
pub const CHECK_REFERENCES: &str = "check-references";
/// Marks a SQLite `DROP TABLE` of tables that reference each other (or a
/// table that references itself `ON DELETE RESTRICT`). With foreign keys on,
/// `DROP TABLE` deletes the rows first and meets the references between them
/// (and SQLite cannot even prepare the delete of a table whose `ON DELETE
/// CASCADE` acts on a table whose parent is gone already). The runner drops
/// them with foreign keys off, then checks, before the commit, every table
/// that referenced one of them: a row still pointing at a dropped table
/// fails the migration.
pub const DROP: &str = "pschema:drop";
/// Open and close SQL written by hand into a generated migration (a data
/// step): it runs where it stands, and is what pschema did not generate.
pub const DATA_BEGIN: &str = "pschema:data";
pub const DATA_END: &str = "pschema:end-data";
/// Accepts one `migrate lint` finding on purpose, with the reason why.
pub const LINT_IGNORE: &str = "pschema:lint-ignore";

/// How a statement must be run.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum StatementKind {
    /// In the migration's transaction.
    #[default]
    Plain,
    /// On its own, before the migration's transaction (PostgreSQL's
    /// `ALTER TYPE ... ADD VALUE`, whose label the transaction may then use).
    NoTransaction,
    /// In the transaction, as part of the rebuild of a table.
    Rebuild(Rebuild),
    /// In the transaction: the `DROP TABLE` of this table, checked (see [`DROP`]).
    Drop(String),
    /// Outside any transaction, where it stands: the transaction before it
    /// commits first. Consecutive ones make one step, run again as a whole
    /// when a run stopped inside it (PostgreSQL's `CREATE INDEX CONCURRENTLY`).
    Outside,
    /// The first statement of a new transaction: everything before it
    /// commits first (a `VALIDATE` after its `NOT VALID` constraint).
    NewTransaction,
}

/// A SQLite table rebuild, for the runner's checks.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Rebuild {
    pub table: String,
    /// Other tables' references to this one must be checked too.
    pub check_references: bool,
}

/// A migration file's SQL, read back: what runs before the transaction, and
/// what runs in it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Script {
    pub outside: Vec<Piece>,
    pub body: Vec<Piece>,
    /// The file's text without the statements of `outside`, comments and
    /// markers kept: what offline SQL prints inside its transaction.
    pub body_text: String,
    /// Every `lint-ignore` of the file, the statements' own and any after the
    /// last statement.
    pub lint_ignores: Vec<LintIgnore>,
}

/// `-- pschema:lint-ignore CODE reason`: a finding accepted on purpose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LintIgnore {
    pub code: String,
    /// Empty when the comment gives none (which lint refuses).
    pub reason: String,
    /// 1-based line of the comment.
    pub line: usize,
}

/// One statement of a script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// The statement as written, with its terminating `;` when it has one.
    pub sql: String,
    /// 1-based line of the file where it starts.
    pub line: usize,
    pub rebuild: Option<Rebuild>,
    /// The table a checked `DROP TABLE` drops (see [`DROP`]).
    pub dropped: Option<String>,
    /// Written by hand into a generated migration (between data markers).
    pub hand_written: bool,
    /// The `lint-ignore` comments just before the statement.
    pub lint_ignores: Vec<LintIgnore>,
    /// The step of the body it belongs to (0 for a script without step markers).
    pub step: usize,
    /// It runs outside any transaction, in its step.
    pub outside: bool,
}

/// A unit of a migration that completes as a whole: one transaction, or
/// statements that each run on their own outside one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step<'a> {
    pub transaction: bool,
    pub pieces: &'a [Piece],
}

impl Piece {
    /// The statement for messages: no comment lines, no final `;`.
    pub fn shown(&self) -> String {
        without_comment_lines(&self.sql)
            .trim_end_matches(';')
            .trim_end()
            .to_string()
    }
}

impl Script {
    /// Whether the script rebuilds a table.
    pub fn has_rebuild(&self) -> bool {
        self.body.iter().any(|p| p.rebuild.is_some())
    }

    /// Whether the script must run with foreign keys off (SQLite): it
    /// rebuilds a table or drops tables that reference each other; the
    /// runner checks the references those touch itself.
    pub fn needs_foreign_keys_off(&self) -> bool {
        self.body.iter().any(|p| p.rebuild.is_some() || p.dropped.is_some())
    }

    /// The steps in the order they run: each statement of `outside` on its
    /// own, then the body's steps. A script without step markers has at
    /// most one transaction.
    pub fn steps(&self) -> Vec<Step<'_>> {
        let mut steps: Vec<Step<'_>> = self
            .outside
            .chunks(1)
            .map(|pieces| Step {
                transaction: false,
                pieces,
            })
            .collect();
        let mut rest = &self.body[..];
        while let Some(first) = rest.first() {
            let len = rest.iter().take_while(|p| p.step == first.step).count();
            let (pieces, after) = rest.split_at(len);
            steps.push(Step {
                transaction: !first.outside,
                pieces,
            });
            rest = after;
        }
        steps
    }

    /// `body_text` cut at its step markers: each step's text (comments and
    /// markers kept) and whether it runs in a transaction. What offline SQL
    /// prints for the body, step by step.
    pub fn body_step_texts(&self) -> Vec<(bool, String)> {
        let mut texts: Vec<(bool, String)> = vec![(true, String::new())];
        for line in self.body_text.split_inclusive('\n') {
            if let Some(words) = marker_words(line)
                && words[0] == STEP
            {
                let transaction = words.get(1) != Some(&OUTSIDE);
                // The comment lines just above the marker say what the new step does.
                let previous = texts.last_mut().map(|(_, t)| t);
                let carried = previous
                    .map(|t| t.split_off(trailing_comment_start(t)))
                    .unwrap_or_default();
                if texts.last().is_some_and(|(_, t)| t.trim().is_empty()) {
                    texts.pop();
                }
                texts.push((transaction, carried));
            }
            if let Some((_, text)) = texts.last_mut() {
                text.push_str(line);
            }
        }
        texts
    }

    /// Statements in the order they run.
    pub fn len(&self) -> usize {
        self.outside.len() + self.body.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Where the comment lines that end `text` begin (its length when the last
/// line is not a comment).
fn trailing_comment_start(text: &str) -> usize {
    let mut start = text.len();
    for line in text.split_inclusive('\n').rev() {
        if !line.trim_start().starts_with("--") {
            break;
        }
        start -= line.len();
    }
    start
}

/// How many statements the steps before `step` hold: a runner that resumes at
/// `step` numbers its statements from there, as a run from the start does.
pub fn statements_before(steps: &[Step<'_>], step: usize) -> usize {
    steps.iter().take(step).map(|s| s.pieces.len()).sum()
}

/// A statement without its `--` comment lines, for messages.
pub fn without_comment_lines(statement: &str) -> String {
    statement
        .lines()
        .filter(|l| !l.trim_start().starts_with("--"))
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

fn comment_lines(out: &mut String, text: &str) {
    for line in text.lines() {
        out.push_str("-- ");
        out.push_str(line);
        out.push('\n');
    }
}

fn rebuild_marker(rebuild: &Rebuild) -> String {
    if rebuild.check_references {
        format!("{REBUILD_BEGIN} {} {CHECK_REFERENCES}", rebuild.table)
    } else {
        format!("{REBUILD_BEGIN} {}", rebuild.table)
    }
}

/// The text of a migration file: each statement ends with `;`, a comment
/// line says why a group of statements is there, and markers say how
/// statements must run.
pub fn render(statements: &[Statement]) -> String {
    let mut out = String::new();
    let mut open: Option<&Rebuild> = None;
    let mut outside = false;
    for (i, statement) in statements.iter().enumerate() {
        let rebuild = match &statement.kind {
            StatementKind::Rebuild(r) => Some(r),
            _ => None,
        };
        if let Some(was) = open
            && rebuild != Some(was)
        {
            out.push('\n');
            comment_lines(&mut out, &format!("{REBUILD_END} {}", was.table));
            open = None;
        }
        if i > 0 {
            out.push('\n');
        }
        if let Some(comment) = &statement.comment {
            comment_lines(&mut out, comment);
        }
        match &statement.kind {
            StatementKind::NoTransaction => comment_lines(&mut out, NO_TRANSACTION),
            StatementKind::Outside if !outside => comment_lines(&mut out, &format!("{STEP} {OUTSIDE}")),
            StatementKind::Outside => {}
            StatementKind::NewTransaction => comment_lines(&mut out, STEP),
            StatementKind::Plain | StatementKind::Rebuild(_) | StatementKind::Drop(_) if outside => {
                comment_lines(&mut out, STEP)
            }
            StatementKind::Plain | StatementKind::Rebuild(_) | StatementKind::Drop(_) => {}
        }
        if let StatementKind::Drop(table) = &statement.kind {
            comment_lines(&mut out, &format!("{DROP} {table}"));
        }
        if statement.kind != StatementKind::NoTransaction {
            outside = statement.kind == StatementKind::Outside;
        }
        if let StatementKind::Rebuild(r) = &statement.kind
            && open.is_none()
        {
            comment_lines(&mut out, &rebuild_marker(r));
            open = Some(r);
        }
        if !statement.sql.is_empty() {
            out.push_str(&statement.sql);
            out.push_str(";\n");
        }
    }
    if let Some(was) = open {
        out.push('\n');
        comment_lines(&mut out, &format!("{REBUILD_END} {}", was.table));
    }
    out
}

/// The words of a `-- pschema:...` comment line, marker first.
fn marker_words(line: &str) -> Option<Vec<&str>> {
    let text = line.trim_start().strip_prefix("--")?;
    let words: Vec<&str> = text.split_whitespace().collect();
    words.first().filter(|w| w.starts_with("pschema:"))?;
    Some(words)
}

/// What the comment lines before a statement say about it.
#[derive(Default)]
struct Markers {
    no_transaction: bool,
    rebuild: Option<Rebuild>,
    end_rebuild: Option<String>,
    dropped: Option<String>,
    data: Option<bool>,
    /// `Some(outside)` at a step marker.
    step: Option<bool>,
    lint_ignores: Vec<LintIgnore>,
}

/// The markers of `lead`, whose first line is line `first_line` of the file.
fn markers(lead: &str, first_line: usize) -> Markers {
    let mut found = Markers::default();
    for (n, line) in lead.lines().enumerate() {
        let Some(words) = marker_words(line) else { continue };
        if words[0] == LINT_IGNORE {
            found.lint_ignores.push(LintIgnore {
                code: words.get(1).map(|c| c.to_string()).unwrap_or_default(),
                reason: words.get(2..).map(|r| r.join(" ")).unwrap_or_default(),
                line: first_line + n,
            });
            continue;
        }
        match (words[0], words.get(1)) {
            (NO_TRANSACTION, _) => found.no_transaction = true,
            (REBUILD_BEGIN, Some(table)) => {
                found.rebuild = Some(Rebuild {
                    table: table.to_string(),
                    check_references: words[2..].contains(&CHECK_REFERENCES),
                })
            }
            (REBUILD_END, Some(table)) => found.end_rebuild = Some(table.to_string()),
            (DROP, Some(table)) => found.dropped = Some(table.to_string()),
            (DATA_BEGIN, _) => found.data = Some(true),
            (DATA_END, _) => found.data = Some(false),
            (STEP, next) => found.step = Some(next == Some(&OUTSIDE)),
            _ => {}
        }
    }
    found
}

/// Reads a migration file's SQL: its statements as `dialect` delimits them,
/// each with the kind its markers give. SQL without markers is one plain
/// transaction.
pub fn parse(dialect: Dialect, sql: &str) -> Script {
    let mut script = Script::default();
    let mut open: Option<Rebuild> = None;
    let mut hand_written = false;
    let mut step = 0;
    let mut outside = false;
    let mut copied = 0;
    let spans = split::statements(dialect, sql);
    for Span { lead, start, end, line } in &spans {
        let lead_text = &sql[*lead..*start];
        let found = markers(lead_text, line - lead_text.matches('\n').count());
        script.lint_ignores.extend(found.lint_ignores.iter().cloned());
        if found.end_rebuild.is_some() && found.end_rebuild.as_ref() == open.as_ref().map(|r| &r.table) {
            open = None;
        }
        if let Some(r) = &found.rebuild {
            open = Some(r.clone());
        }
        if let Some(data) = found.data {
            hand_written = data;
        }
        if let Some(out) = found.step {
            if !script.body.is_empty() {
                step += 1;
            }
            outside = out;
        }
        let piece = Piece {
            sql: sql[*start..*end].to_string(),
            line: *line,
            rebuild: open.clone(),
            dropped: found.dropped,
            hand_written,
            lint_ignores: found.lint_ignores,
            step,
            outside,
        };
        if found.no_transaction {
            script.body_text.push_str(&sql[copied..*start]);
            copied = *end;
            script.outside.push(Piece {
                rebuild: None,
                dropped: None,
                step: 0,
                outside: true,
                ..piece
            });
        } else {
            script.body.push(piece);
        }
    }
    script.body_text.push_str(&sql[copied..]);
    let last_end = spans.last().map_or(0, |s| s.end);
    let trailing_line = 1 + sql[..last_end].matches('\n').count();
    let trailing = markers(&sql[last_end..], trailing_line);
    script.lint_ignores.extend(trailing.lint_ignores);
    script
}

#[cfg(test)]
mod tests {
    use super::*;

    fn statement(comment: Option<&str>, sql: &str, kind: StatementKind) -> Statement {
        Statement {
            sql: sql.to_string(),
            comment: comment.map(String::from),
            kind,
        }
    }

    #[test]
    fn markers_are_written_and_read_back() {
        let rebuild = Rebuild {
            table: "t".into(),
            check_references: true,
        };
        let statements = [
            statement(Some("first"), "A", StatementKind::Plain),
            statement(
                Some("Rebuild table t (why)"),
                "B",
                StatementKind::Rebuild(rebuild.clone()),
            ),
            statement(None, "C", StatementKind::Rebuild(rebuild.clone())),
            statement(Some("add a label"), "D", StatementKind::NoTransaction),
            statement(None, "E", StatementKind::Plain),
        ];
        let text = render(&statements);
        assert_eq!(
            text,
            "-- first\nA;\n\n-- Rebuild table t (why)\n-- pschema:rebuild t check-references\nB;\n\nC;\n\n\
             -- pschema:end-rebuild t\n\n-- add a label\n-- pschema:no-transaction\nD;\n\nE;\n"
        );
        let script = parse(Dialect::Sqlite, &text);
        let body: Vec<(&str, usize, bool)> = script
            .body
            .iter()
            .map(|p| (p.sql.as_str(), p.line, p.rebuild.is_some()))
            .collect();
        assert_eq!(
            body,
            [("A;", 2, false), ("B;", 6, true), ("C;", 8, true), ("E;", 16, false)]
        );
        assert_eq!(script.outside.len(), 1);
        assert_eq!((script.outside[0].sql.as_str(), script.outside[0].line), ("D;", 14));
        assert_eq!(script.body_text, text.replace("\nD;\n", "\n\n"));
        assert!(script.has_rebuild());
        assert_eq!(script.body[1].rebuild.as_ref(), Some(&rebuild));
    }

    #[test]
    fn checked_drops_are_written_and_read_back() {
        let statements = [
            statement(Some("why"), "DROP TABLE a", StatementKind::Drop("a".into())),
            statement(None, "DROP TABLE b", StatementKind::Drop("b".into())),
            statement(None, "C", StatementKind::Plain),
        ];
        let text = render(&statements);
        assert_eq!(
            text,
            "-- why\n-- pschema:drop a\nDROP TABLE a;\n\n-- pschema:drop b\nDROP TABLE b;\n\nC;\n"
        );
        let script = parse(Dialect::Sqlite, &text);
        let dropped: Vec<Option<&str>> = script.body.iter().map(|p| p.dropped.as_deref()).collect();
        assert_eq!(dropped, [Some("a"), Some("b"), None]);
        assert!(script.needs_foreign_keys_off() && !script.has_rebuild());
        assert!(!parse(Dialect::Sqlite, "DROP TABLE a;").needs_foreign_keys_off());
    }

    #[test]
    fn steps_are_written_and_read_back_in_order() {
        let statements = [
            statement(Some("add"), "A", StatementKind::Plain),
            statement(Some("label"), "L", StatementKind::NoTransaction),
            statement(Some("index"), "B1", StatementKind::Outside),
            statement(None, "B2", StatementKind::Outside),
            statement(Some("validate"), "C", StatementKind::Plain),
            statement(None, "D", StatementKind::Plain),
            statement(Some("attach"), "E", StatementKind::NewTransaction),
            statement(None, "F", StatementKind::Outside),
        ];
        let text = render(&statements);
        assert_eq!(
            text,
            "-- add\nA;\n\n-- label\n-- pschema:no-transaction\nL;\n\n-- index\n-- pschema:step outside\nB1;\n\nB2;\n\n\
             -- validate\n-- pschema:step\nC;\n\nD;\n\n-- attach\n-- pschema:step\nE;\n\n-- pschema:step outside\nF;\n"
        );
        let script = parse(Dialect::Postgres, &text);
        let steps: Vec<(bool, Vec<&str>)> = script
            .steps()
            .iter()
            .map(|s| (s.transaction, s.pieces.iter().map(|p| p.sql.as_str()).collect()))
            .collect();
        assert_eq!(
            steps,
            [
                (false, vec!["L;"]),
                (true, vec!["A;"]),
                (false, vec!["B1;", "B2;"]),
                (true, vec!["C;", "D;"]),
                (true, vec!["E;"]),
                (false, vec!["F;"]),
            ]
        );
        let texts = script.body_step_texts();
        let kinds: Vec<bool> = texts.iter().map(|(t, _)| *t).collect();
        assert_eq!(kinds, [true, false, true, true, false]);
        assert!(texts[1].1.contains("B1;") && texts[1].1.contains("B2;") && !texts[1].1.contains("C;"));
        assert!(
            texts[1].1.starts_with("-- index\n-- pschema:step outside\n"),
            "{texts:?}"
        );
        assert!(!texts[0].1.contains("L;"));
        // Without markers: one transaction; a step marker first starts no empty step.
        assert_eq!(parse(Dialect::Postgres, "A;\nB;\n").steps().len(), 1);
        assert_eq!(
            parse(Dialect::Postgres, "-- pschema:step outside\nA;\n").steps().len(),
            1
        );
        assert!(parse(Dialect::Postgres, "").steps().is_empty());
    }

    #[test]
    fn a_rebuild_left_open_runs_to_the_end_and_other_comments_mean_nothing() {
        let script = parse(
            Dialect::Sqlite,
            "-- pschema:rebuild t\nA;\n-- pschema:end-rebuild other\nB;\n-- pschema is fine\nC;\n",
        );
        assert!(script.body.iter().all(|p| p.rebuild.is_some()));
        let plain = parse(
            Dialect::Sqlite,
            "SELECT 1; -- pschema is fine\n-- pschema:rebuilding x\nSELECT 2;\n",
        );
        assert!(!plain.has_rebuild());
        assert_eq!(plain.body.len(), 2);
    }

    #[test]
    fn data_blocks_are_told_from_generated_statements() {
        let script = parse(
            Dialect::Postgres,
            "-- Add column\nALTER TABLE t ADD COLUMN c int;\n\n-- pschema:data\n-- why\nUPDATE t SET c = 1;\nDELETE FROM t WHERE c IS NULL;\n-- pschema:end-data\n\nALTER TABLE t ALTER COLUMN c SET NOT NULL;\n",
        );
        let kinds: Vec<(&str, bool)> = script.body.iter().map(|p| (p.sql.as_str(), p.hand_written)).collect();
        assert_eq!(
            kinds,
            [
                ("ALTER TABLE t ADD COLUMN c int;", false),
                ("UPDATE t SET c = 1;", true),
                ("DELETE FROM t WHERE c IS NULL;", true),
                ("ALTER TABLE t ALTER COLUMN c SET NOT NULL;", false),
            ]
        );
    }

    #[test]
    fn shown_statements_have_no_comments() {
        let script = parse(Dialect::Postgres, "-- head\n\n-- why\nSELECT 1\n  -- inner\n  + 1;\n");
        assert_eq!(script.body[0].shown(), "SELECT 1\n  + 1");
        assert_eq!(script.body[0].line, 4);
    }

    #[test]
    fn lint_ignores_belong_to_the_next_statement_and_the_file_keeps_them_all() {
        let sql = "-- why\n-- pschema:lint-ignore PG101 the table is empty in every deployment\nCREATE INDEX ix ON t (a);\n\nALTER TABLE t ADD COLUMN b int;\n-- pschema:lint-ignore PS002\n";
        let script = parse(Dialect::Postgres, sql);
        let first = &script.body[0].lint_ignores;
        assert_eq!(
            first,
            &vec![LintIgnore {
                code: "PG101".into(),
                reason: "the table is empty in every deployment".into(),
                line: 2
            }]
        );
        assert!(script.body[1].lint_ignores.is_empty());
        assert_eq!(script.lint_ignores.len(), 2);
        assert_eq!(script.lint_ignores[1].code, "PS002");
        assert_eq!(script.lint_ignores[1].reason, "");
        assert_eq!(script.lint_ignores[1].line, 6);
    }
}
