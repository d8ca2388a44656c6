//! Just enough of SQL to tell what a migration statement does: a tokenizer
//! and a reader of the statement forms migrations use. What it cannot read
//! is [`Statement::Unknown`], which lint reports rather than passing over.

/// One token: a word (keywords and unquoted names), a quoted name, a string
/// literal, or a punctuation character.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    Word(String),
    Quoted(String),
    Literal(String),
    Punct(char),
}

impl Token {
    /// A name as the database folds it: unquoted words in lower case.
    fn name(&self) -> Option<String> {
        match self {
            Token::Word(w) => Some(w.to_lowercase()),
            Token::Quoted(q) => Some(q.clone()),
            _ => None,
        }
    }

    fn is(&self, keyword: &str) -> bool {
        matches!(self, Token::Word(w) if w.eq_ignore_ascii_case(keyword))
    }
}

/// The tokens of `sql`, comments dropped. Dollar-quoted bodies (`$$ ... $$`)
/// are one literal.
pub fn tokens(sql: &str) -> Vec<Token> {
    let chars: Vec<char> = sql.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '-' && chars.get(i + 1) == Some(&'-') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && chars.get(i + 1) == Some(&'*') {
            i += 2;
            while i < chars.len() && !(chars[i] == '*' && chars.get(i + 1) == Some(&'/')) {
                i += 1;
            }
            i += 2;
        } else if c == '\'' || c == '"' {
            let (text, next) = quoted(&chars, i, c);
            out.push(if c == '\'' {
                Token::Literal(text)
            } else {
                Token::Quoted(text)
            });
            i = next;
        } else if c == '$'
            && let Some((text, next)) = dollar_quoted(&chars, i)
        {
            out.push(Token::Literal(text));
            i = next;
        } else if c.is_alphanumeric() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == '$') {
                i += 1;
            }
            out.push(Token::Word(chars[start..i].iter().collect()));
        } else {
            out.push(Token::Punct(c));
            i += 1;
        }
    }
    out
}

fn quoted(chars: &[char], start: usize, quote: char) -> (String, usize) {
    let mut text = String::new();
    let mut i = start + 1;
    while i < chars.len() {
        if chars[i] == quote {
            if chars.get(i + 1) == Some(&quote) {
                text.push(quote);
                i += 2;
                continue;
            }
            return (text, i + 1);
        }
        text.push(chars[i]);
        i += 1;
    }
    (text, i)
}

fn dollar_quoted(chars: &[char], start: usize) -> Option<(String, usize)> {
    let mut i = start + 1;
    while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
        i += 1;
    }
    if chars.get(i) != Some(&'$') {
        return None;
    }
    let tag: Vec<char> = chars[start..=i].to_vec();
    let body_start = i + 1;
    let mut j = body_start;
    while j + tag.len() <= chars.len() {
        if chars[j..j + tag.len()] == tag[..] {
            return Some((chars[body_start..j].iter().collect(), j + tag.len()));
        }
        j += 1;
    }
    Some((chars[body_start..].iter().collect(), chars.len()))
}

/// What one `ALTER TABLE` action does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    AddColumn {
        column: String,
        default: Option<Vec<Token>>,
    },
    AddForeignKey {
        name: Option<String>,
        not_valid: bool,
    },
    AddCheck {
        name: Option<String>,
        not_valid: bool,
        body: Vec<Token>,
    },
    AddUnique {
        using_index: bool,
        primary_key: bool,
    },
    AlterType {
        column: String,
        using: bool,
    },
    SetNotNull {
        column: String,
    },
    /// `DROP NOT NULL`, `SET DEFAULT`, `DROP DEFAULT`, ...: the catalog only.
    AlterColumnOther,
    DropColumn {
        column: String,
    },
    DropConstraint,
    RenameColumn {
        old: String,
        new: String,
    },
    RenameTable {
        new: String,
    },
    RenameOther,
    ValidateConstraint {
        name: String,
    },
    Other,
}

/// What a statement does, as far as lint needs to know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Statement {
    CreateTable {
        table: String,
    },
    CreateIndex {
        table: String,
        concurrently: bool,
    },
    AlterTable {
        table: String,
        actions: Vec<Action>,
    },
    DropTable {
        table: String,
    },
    DropIndex {
        concurrently: bool,
    },
    AddEnumValue {
        label: String,
    },
    /// `CREATE TYPE`, `DROP TYPE`, `ALTER TYPE ... RENAME ...`, `COMMENT ON`.
    TypeOrComment,
    Update {
        table: String,
        has_where: bool,
    },
    /// INSERT, DELETE, SELECT (setval, checks), PRAGMA: rows, not structure.
    Rows,
    /// `SET lock_timeout`; `off` when it sets none (0, DEFAULT, RESET).
    SetLockTimeout {
        off: bool,
    },
    /// `SET` of anything else.
    Set,
    VacuumFullOrCluster,
    /// A `DO` block: procedural code lint does not read.
    DoBlock,
    Unknown,
}

/// Reads one statement.
pub fn classify(sql: &str) -> Statement {
    let t = tokens(sql);
    let is = |i: usize, k: &str| t.get(i).is_some_and(|tok| tok.is(k));
    if t.is_empty() {
        return Statement::Rows;
    }
    if is(0, "CREATE") && is(1, "TABLE") {
        return Statement::CreateTable {
            table: name_after(&t, 2, &["IF", "NOT", "EXISTS"]).unwrap_or_default(),
        };
    }
    if is(0, "CREATE") && (is(1, "INDEX") || (is(1, "UNIQUE") && is(2, "INDEX"))) {
        let concurrently = t.iter().take(6).any(|tok| tok.is("CONCURRENTLY"));
        let on = t.iter().position(|tok| tok.is("ON"));
        let table = on.and_then(|on| name_after(&t, on + 1, &["ONLY"])).unwrap_or_default();
        return Statement::CreateIndex { table, concurrently };
    }
    if is(0, "ALTER") && is(1, "TABLE") {
        let mut at = 2;
        while is(at, "IF") || is(at, "EXISTS") || is(at, "ONLY") {
            at += 1;
        }
        let (table, next) = qualified_name(&t, at);
        let actions = split_top_level(&t[next..]).into_iter().map(action).collect();
        return Statement::AlterTable {
            table: table.unwrap_or_default(),
            actions,
        };
    }
    if is(0, "DROP") && is(1, "TABLE") {
        return Statement::DropTable {
            table: name_after(&t, 2, &["IF", "EXISTS"]).unwrap_or_default(),
        };
    }
    if is(0, "DROP") && is(1, "INDEX") {
        return Statement::DropIndex {
            concurrently: is(2, "CONCURRENTLY"),
        };
    }
    if is(0, "ALTER") && is(1, "TYPE") {
        if let Some(add) = t.iter().position(|tok| tok.is("ADD"))
            && is(add + 1, "VALUE")
        {
            let label = t[add..].iter().find_map(|tok| match tok {
                Token::Literal(l) => Some(l.clone()),
                _ => None,
            });
            return Statement::AddEnumValue {
                label: label.unwrap_or_default(),
            };
        }
        return Statement::TypeOrComment;
    }
    if (is(0, "CREATE") || is(0, "DROP")) && is(1, "TYPE") || is(0, "COMMENT") {
        return Statement::TypeOrComment;
    }
    if is(0, "UPDATE") {
        let (table, _) = qualified_name(&t, if is(1, "ONLY") { 2 } else { 1 });
        return Statement::Update {
            table: table.unwrap_or_default(),
            has_where: t.iter().any(|tok| tok.is("WHERE")),
        };
    }
    if is(0, "INSERT") || is(0, "DELETE") || is(0, "SELECT") || is(0, "PRAGMA") || is(0, "WITH") {
        return Statement::Rows;
    }
    if is(0, "RESET") && is(1, "lock_timeout") {
        return Statement::SetLockTimeout { off: true };
    }
    if is(0, "SET") {
        let at = if is(1, "LOCAL") || is(1, "SESSION") { 2 } else { 1 };
        return if is(at, "lock_timeout") {
            let value = t[at + 1..]
                .iter()
                .find(|tok| !matches!(tok, Token::Punct('=')) && !tok.is("TO"))
                .map(|tok| match tok {
                    Token::Word(w) | Token::Literal(w) | Token::Quoted(w) => w.trim_matches('\'').to_ascii_lowercase(),
                    Token::Punct(c) => c.to_string(),
                });
            Statement::SetLockTimeout {
                off: matches!(value.as_deref(), Some("0" | "default" | "0ms" | "0s")),
            }
        } else {
            Statement::Set
        };
    }
    if (is(0, "VACUUM") && t.iter().take(4).any(|tok| tok.is("FULL"))) || is(0, "CLUSTER") {
        return Statement::VacuumFullOrCluster;
    }
    if is(0, "VACUUM") || is(0, "ANALYZE") {
        return Statement::Rows;
    }
    if is(0, "DO") {
        return Statement::DoBlock;
    }
    Statement::Unknown
}

/// A possibly schema-qualified name at `at`: its last part, and where it ends.
fn qualified_name(t: &[Token], at: usize) -> (Option<String>, usize) {
    let mut name = t.get(at).and_then(Token::name);
    let mut next = at + 1;
    while t.get(next) == Some(&Token::Punct('.')) {
        name = t.get(next + 1).and_then(Token::name);
        next += 2;
    }
    (name, next)
}

fn name_after(t: &[Token], at: usize, skip: &[&str]) -> Option<String> {
    let mut at = at;
    while t.get(at).is_some_and(|tok| skip.iter().any(|k| tok.is(k))) {
        at += 1;
    }
    qualified_name(t, at).0
}

/// The parts of an `ALTER TABLE` action list, split at commas outside brackets.
fn split_top_level(t: &[Token]) -> Vec<&[Token]> {
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (i, tok) in t.iter().enumerate() {
        match tok {
            Token::Punct('(') => depth += 1,
            Token::Punct(')') => depth -= 1,
            Token::Punct(',') if depth == 0 => {
                parts.push(&t[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&t[start..]);
    parts.retain(|p| !p.is_empty());
    parts
}

fn action(t: &[Token]) -> Action {
    let is = |i: usize, k: &str| t.get(i).is_some_and(|tok| tok.is(k));
    let not_valid = t.windows(2).any(|w| w[0].is("NOT") && w[1].is("VALID"));
    if is(0, "ADD") {
        let mut at = 1;
        let mut name = None;
        if is(at, "CONSTRAINT") {
            name = t.get(at + 1).and_then(Token::name);
            at += 2;
        }
        if is(at, "FOREIGN") {
            return Action::AddForeignKey { name, not_valid };
        }
        if is(at, "CHECK") {
            return Action::AddCheck {
                name,
                not_valid,
                body: t[at + 1..].to_vec(),
            };
        }
        if is(at, "UNIQUE") || is(at, "PRIMARY") {
            return Action::AddUnique {
                using_index: t.windows(2).any(|w| w[0].is("USING") && w[1].is("INDEX")),
                primary_key: is(at, "PRIMARY"),
            };
        }
        if name.is_none() {
            if is(at, "COLUMN") {
                at += 1;
            }
            while is(at, "IF") || is(at, "NOT") || is(at, "EXISTS") {
                at += 1;
            }
            let column = t.get(at).and_then(Token::name).unwrap_or_default();
            let default = t.iter().position(|tok| tok.is("DEFAULT")).map(|d| t[d + 1..].to_vec());
            return Action::AddColumn { column, default };
        }
        return Action::Other;
    }
    if is(0, "ALTER") {
        let at = if is(1, "COLUMN") { 2 } else { 1 };
        let column = t.get(at).and_then(Token::name).unwrap_or_default();
        if is(at + 1, "TYPE") || (is(at + 1, "SET") && is(at + 2, "DATA")) {
            // `USING col::new_type` is the cast PostgreSQL would make anyway
            // (and simplifies away when the types are binary compatible);
            // any other expression is computed row by row.
            let using = t.iter().position(|tok| tok.is("USING")).is_some_and(|u| {
                let plain_cast = t.get(u + 1).and_then(Token::name).as_deref() == Some(column.as_str())
                    && t.get(u + 2) == Some(&Token::Punct(':'))
                    && t.get(u + 3) == Some(&Token::Punct(':'))
                    && !t[u + 4..]
                        .windows(2)
                        .any(|w| w[0] == Token::Punct(':') && w[1] == Token::Punct(':'));
                !plain_cast
            });
            return Action::AlterType { column, using };
        }
        if is(at + 1, "SET") && is(at + 2, "NOT") && is(at + 3, "NULL") {
            return Action::SetNotNull { column };
        }
        return Action::AlterColumnOther;
    }
    if is(0, "DROP") {
        if is(1, "CONSTRAINT") {
            return Action::DropConstraint;
        }
        let mut at = if is(1, "COLUMN") { 2 } else { 1 };
        while is(at, "IF") || is(at, "EXISTS") {
            at += 1;
        }
        return Action::DropColumn {
            column: t.get(at).and_then(Token::name).unwrap_or_default(),
        };
    }
    if is(0, "RENAME") {
        if is(1, "TO") {
            return Action::RenameTable {
                new: t.get(2).and_then(Token::name).unwrap_or_default(),
            };
        }
        if is(1, "CONSTRAINT") {
            return Action::RenameOther;
        }
        let at = if is(1, "COLUMN") { 2 } else { 1 };
        return Action::RenameColumn {
            old: t.get(at).and_then(Token::name).unwrap_or_default(),
            new: t.get(at + 2).and_then(Token::name).unwrap_or_default(),
        };
    }
    if is(0, "VALIDATE") && is(1, "CONSTRAINT") {
        return Action::ValidateConstraint {
            name: t.get(2).and_then(Token::name).unwrap_or_default(),
        };
    }
    Action::Other
}

/// Whether `tokens` contain `<column> IS NOT NULL`: a check that makes
/// PostgreSQL skip the scan of a later `SET NOT NULL`.
pub fn checks_not_null(tokens: &[Token], column: &str) -> bool {
    tokens
        .windows(4)
        .any(|w| w[0].name().as_deref() == Some(column) && w[1].is("IS") && w[2].is("NOT") && w[3].is("NULL"))
}

/// Functions whose value changes row by row: a column added with one as its
/// default rewrites the whole table.
pub fn volatile_call(tokens: &[Token]) -> Option<String> {
    const VOLATILE: &[&str] = &[
        "random",
        "gen_random_uuid",
        "uuid_generate_v1",
        "uuid_generate_v1mc",
        "uuid_generate_v4",
        "clock_timestamp",
        "timeofday",
        "nextval",
        "txid_current",
        "setseed",
    ];
    tokens.windows(2).find_map(|w| match (&w[0], &w[1]) {
        (Token::Word(f), Token::Punct('(')) if VOLATILE.contains(&f.to_lowercase().as_str()) => Some(f.to_lowercase()),
        _ => None,
    })
}

/// Whether the label appears as a string literal in `sql`.
pub fn uses_literal(sql: &str, label: &str) -> bool {
    tokens(sql).iter().any(|t| matches!(t, Token::Literal(l) if l == label))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_are_read() {
        assert_eq!(
            classify("CREATE UNIQUE INDEX ix_a ON public.\"Users\" (email)"),
            Statement::CreateIndex {
                table: "Users".into(),
                concurrently: false
            }
        );
        assert_eq!(
            classify("CREATE INDEX CONCURRENTLY IF NOT EXISTS ix ON users (a)"),
            Statement::CreateIndex {
                table: "users".into(),
                concurrently: true
            }
        );
        assert_eq!(
            classify("ALTER TYPE usertier ADD VALUE IF NOT EXISTS 'SOLO' AFTER 'FREE'"),
            Statement::AddEnumValue { label: "SOLO".into() }
        );
        assert_eq!(
            classify("UPDATE users SET email = lower(email)"),
            Statement::Update {
                table: "users".into(),
                has_where: false
            }
        );
        assert_eq!(
            classify("SET LOCAL lock_timeout = '2s'"),
            Statement::SetLockTimeout { off: false }
        );
        assert_eq!(
            classify("SET lock_timeout = 0"),
            Statement::SetLockTimeout { off: true }
        );
        assert_eq!(
            classify("SET lock_timeout TO DEFAULT"),
            Statement::SetLockTimeout { off: true }
        );
        assert_eq!(classify("RESET lock_timeout"), Statement::SetLockTimeout { off: true });
        assert_eq!(classify("VACUUM (FULL) users"), Statement::VacuumFullOrCluster);
        assert_eq!(classify("DO $$ BEGIN PERFORM 1; END $$"), Statement::DoBlock);
        assert_eq!(classify("GRANT ALL ON users TO app"), Statement::Unknown);
    }

    #[test]
    fn alter_table_actions_are_read_one_by_one() {
        let Statement::AlterTable { table, actions } = classify(
            "ALTER TABLE users ADD COLUMN n int DEFAULT 0, ALTER COLUMN email TYPE varchar(300) USING email::varchar, \
             ADD CONSTRAINT fk FOREIGN KEY (org_id) REFERENCES orgs (id) NOT VALID, \
             ADD CONSTRAINT ck CHECK (a IS NOT NULL) NOT VALID, ALTER COLUMN a SET NOT NULL, \
             DROP COLUMN b, RENAME COLUMN c TO d, ADD CONSTRAINT u UNIQUE USING INDEX ix",
        ) else {
            panic!("not an ALTER TABLE")
        };
        assert_eq!(table, "users");
        assert!(matches!(&actions[0], Action::AddColumn { column, default: Some(_) } if column == "n"));
        assert_eq!(
            actions[1],
            Action::AlterType {
                column: "email".into(),
                using: false
            },
            "a plain cast of the column is no expression"
        );
        assert!(matches!(actions[2], Action::AddForeignKey { not_valid: true, .. }));
        assert!(
            matches!(&actions[3], Action::AddCheck { name: Some(n), not_valid: true, body } if n == "ck" && checks_not_null(body, "a"))
        );
        assert_eq!(actions[4], Action::SetNotNull { column: "a".into() });
        assert_eq!(actions[5], Action::DropColumn { column: "b".into() });
        assert_eq!(
            actions[6],
            Action::RenameColumn {
                old: "c".into(),
                new: "d".into()
            }
        );
        assert_eq!(
            actions[7],
            Action::AddUnique {
                using_index: true,
                primary_key: false
            }
        );
    }

    #[test]
    fn a_using_expression_is_told_from_a_plain_cast() {
        let using = |sql: &str| match classify(sql) {
            Statement::AlterTable { actions, .. } => match &actions[0] {
                Action::AlterType { using, .. } => *using,
                other => panic!("{other:?}"),
            },
            other => panic!("{other:?}"),
        };
        assert!(!using(
            "ALTER TABLE t ALTER COLUMN a TYPE VARCHAR(255) USING a::VARCHAR(255)"
        ));
        assert!(!using("ALTER TABLE t ALTER COLUMN a TYPE TEXT"));
        assert!(using(
            "ALTER TABLE t ALTER COLUMN tier TYPE usertier USING tier::text::usertier"
        ));
        assert!(using("ALTER TABLE t ALTER COLUMN a TYPE integer USING length(a)"));
    }

    #[test]
    fn volatile_defaults_and_literals_are_found() {
        assert_eq!(
            volatile_call(&tokens("gen_random_uuid()")),
            Some("gen_random_uuid".into())
        );
        assert_eq!(volatile_call(&tokens("now()")), None);
        assert!(uses_literal(
            "UPDATE users SET tier = 'SOLO' WHERE tier = 'STARTER'",
            "SOLO"
        ));
        assert!(!uses_literal("UPDATE users SET tier = 'SOLOS'", "SOLO"));
    }
}
