//! pest pairs -> AST. The only module that sees pest.

use crate::ast::*;
use crate::diagnostic::Diagnostic;
use crate::nesting::{self, MAX_NESTING};
use crate::unusual;
use pest::Parser as _;
use pest::iterators::Pair;

#[derive(pest_derive::Parser)]
#[grammar = "pschema.pest"]
struct PschemaParser;

/// pest's error detail is one process-wide switch, read when a parse starts:
/// the parses that turn it on take turns; the others never touch it, so that
/// parses on several threads run side by side.
static DETAIL_SWITCH: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Parses a whole file. A syntax error stops the parse (the grammar has no
/// recovery), so the result is either a tree or exactly one diagnostic.
pub fn parse(source: &str) -> Result<File, Diagnostic> {
    if let Some(at) = nesting::too_deep(source) {
        // A mistake before the bracket that goes too deep is the first one in
        // the file; the text up to that bracket is shallow enough to parse.
        return Err(match run_pest(&source[..at]) {
            Err(e) if furthest(&e) < at => syntax_error(source, e),
            _ => nesting_error(at),
        });
    }
    let mut pairs = run_pest(source).map_err(|e| syntax_error(source, e))?;
    let Some(file) = pairs.next() else {
        return Ok(File::default());
    };
    let mut builder = Builder { source };
    Ok(builder.file(file))
}

/// pest's parse of `text`; an error carries pest's detailed attempts.
fn run_pest(text: &str) -> Result<pest::iterators::Pairs<'_, Rule>, pest::error::Error<Rule>> {
    // Tracking every attempt makes parsing about twice as slow, so the first
    // parse runs without it (the switch is off except while a detailed parse
    // runs; a parse that starts then is only slower, never different); only a
    // file with a mistake is parsed again, with detail, to say which tokens
    // were expected.
    if let Ok(pairs) = PschemaParser::parse(Rule::file, text) {
        return Ok(pairs);
    }
    let _guard = DETAIL_SWITCH.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    pest::set_error_detail(true);
    let detailed = PschemaParser::parse(Rule::file, text);
    pest::set_error_detail(false);
    detailed
}

fn nesting_error(at: usize) -> Diagnostic {
    Diagnostic::error(
        format!("brackets nested deeper than {MAX_NESTING} levels"),
        Span::new(at, at + 1),
    )
    .with_label(format!("bracket {} levels deep", MAX_NESTING + 1))
    .with_note("a schema needs three at most: `table t {`, `@default(`, `sql(`")
}

struct Builder<'s> {
    source: &'s str,
}

/// The span of a pair without the white space that pest lets a rule swallow
/// when an optional part after it does not match.
fn span_of(pair: &Pair<'_, Rule>) -> Span {
    let s = pair.as_span();
    let trimmed = pair.as_str().trim_end_matches([' ', '\t', '\r', '\n']);
    Span::new(s.start(), s.start() + trimmed.len())
}

fn ident(pair: Pair<'_, Rule>) -> Ident {
    Ident {
        name: pair.as_str().to_string(),
        span: span_of(&pair),
    }
}

impl Builder<'_> {
    /// True when the text between `prev_end` and `start` holds an empty line.
    fn blank_line_between(&self, prev_end: Option<usize>, start: usize) -> bool {
        let Some(prev_end) = prev_end else {
            return false;
        };
        self.source[prev_end..start].matches('\n').count() >= 2
    }

    fn is_trailing(&self, prev_end: Option<usize>, start: usize) -> bool {
        prev_end.is_some_and(|end| !self.source[end..start].contains('\n'))
    }

    fn comment(&self, pair: Pair<'_, Rule>, prev_end: Option<usize>) -> Comment {
        let span = span_of(&pair);
        let text = pair
            .into_inner()
            .next()
            .map(|p| p.as_str().trim_end().to_string())
            .unwrap_or_default();
        Comment {
            text,
            trailing: self.is_trailing(prev_end, span.start),
            blank_line_before: self.blank_line_between(prev_end, span.start),
            span,
        }
    }

    fn file(&mut self, pair: Pair<'_, Rule>) -> File {
        let mut items = Vec::new();
        let mut prev_end = None;
        for item in pair.into_inner() {
            let span = span_of(&item);
            let blank = self.blank_line_between(prev_end, span.start);
            match item.as_rule() {
                Rule::comment => items.push(Item::Comment(self.comment(item, prev_end))),
                Rule::enum_decl => items.push(Item::Enum(self.enum_decl(item, blank))),
                Rule::table_decl => items.push(Item::Table(self.table_decl(item, blank))),
                _ => {}
            }
            prev_end = Some(span.end);
        }
        File { items }
    }

    fn enum_decl(&self, pair: Pair<'_, Rule>, blank_line_before: bool) -> EnumDecl {
        let span = span_of(&pair);
        let mut inner = pair.into_inner().skip(1); // kw_enum
        let name = ident(inner.next().expect("grammar: enum name"));
        let mut db_name = None;
        let mut items = Vec::new();
        let mut prev_end = Some(name.span.end);
        for p in inner {
            let p_span = span_of(&p);
            match p.as_rule() {
                Rule::string => {
                    db_name = Some(string_lit(p));
                }
                Rule::comment => items.push(EnumItem::Comment(self.comment(p, prev_end))),
                Rule::enum_label => {
                    let mut parts = p.into_inner();
                    let label = parts.next().expect("grammar: label");
                    let quoted = label.as_rule() == Rule::string;
                    let value = if quoted {
                        string_lit(label).value
                    } else {
                        label.as_str().to_string()
                    };
                    let attributes = parts.map(attribute).collect();
                    items.push(EnumItem::Label(EnumLabel {
                        value,
                        quoted,
                        attributes,
                        span: p_span,
                    }));
                }
                _ => {}
            }
            prev_end = Some(p_span.end);
        }
        EnumDecl {
            name,
            db_name,
            items,
            blank_line_before,
            span,
        }
    }

    fn table_decl(&self, pair: Pair<'_, Rule>, blank_line_before: bool) -> TableDecl {
        let span = span_of(&pair);
        let mut inner = pair.into_inner().skip(1); // kw_table
        let name = ident(inner.next().expect("grammar: table name"));
        let mut items = Vec::new();
        let mut prev_end: Option<usize> = None;
        for p in inner {
            let p_span = span_of(&p);
            let blank_line_before = self.blank_line_between(prev_end, p_span.start);
            let kind = match p.as_rule() {
                Rule::comment => {
                    // The first item's "previous" is the opening brace line.
                    let prev = prev_end.or(Some(name.span.end));
                    TableItemKind::Comment(self.comment(p, prev))
                }
                Rule::column_decl => TableItemKind::Column(column_decl(p)),
                Rule::index_decl | Rule::unique_index_decl => TableItemKind::Index(index_decl(p)),
                Rule::unique_decl => {
                    let (name, columns) = named_column_list(p.into_inner());
                    TableItemKind::Unique(UniqueDecl {
                        name,
                        columns,
                        span: p_span,
                    })
                }
                Rule::primary_key_decl => {
                    let (name, columns) = named_column_list(p.into_inner());
                    TableItemKind::PrimaryKey(PrimaryKeyDecl {
                        name,
                        columns,
                        span: p_span,
                    })
                }
                Rule::foreign_key_decl => TableItemKind::ForeignKey(foreign_key_decl(p)),
                Rule::check_decl => {
                    let mut name = None;
                    let mut expression = None;
                    for q in p.into_inner() {
                        match q.as_rule() {
                            Rule::identifier => name = Some(ident(q)),
                            Rule::string => expression = Some(string_lit(q)),
                            _ => {}
                        }
                    }
                    TableItemKind::Check(CheckDecl {
                        name,
                        expression: expression.expect("grammar: check expression"),
                        span: p_span,
                    })
                }
                Rule::block_attribute => TableItemKind::Attribute(attribute(p)),
                _ => continue,
            };
            items.push(TableItem {
                kind,
                blank_line_before,
            });
            prev_end = Some(p_span.end);
        }
        TableDecl {
            name,
            items,
            blank_line_before,
            span,
        }
    }
}

fn named_column_list(pairs: pest::iterators::Pairs<'_, Rule>) -> (Option<Ident>, Vec<Ident>) {
    let mut name = None;
    let mut columns = Vec::new();
    for p in pairs {
        match p.as_rule() {
            Rule::identifier => name = Some(ident(p)),
            Rule::column_list => columns = column_list(p),
            _ => {}
        }
    }
    (name, columns)
}

fn column_list(pair: Pair<'_, Rule>) -> Vec<Ident> {
    pair.into_inner().map(ident).collect()
}

fn string_lit(pair: Pair<'_, Rule>) -> StringLit {
    let span = span_of(&pair);
    let raw = pair.into_inner().next().map(|p| p.as_str()).unwrap_or("");
    StringLit {
        value: unescape(raw),
        span,
    }
}

fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// The inverse of `unescape`, for the formatter.
pub fn escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out
}

fn column_decl(pair: Pair<'_, Rule>) -> ColumnDecl {
    let span = span_of(&pair);
    let mut inner = pair.into_inner();
    let name = ident(inner.next().expect("grammar: column name"));
    let mut body = inner.next().expect("grammar: column body").into_inner();
    let ty = type_ref(body.next().expect("grammar: column type"));
    let attributes = body.map(attribute).collect();
    ColumnDecl {
        name,
        ty,
        attributes,
        span,
    }
}

fn type_ref(pair: Pair<'_, Rule>) -> TypeRef {
    let span = span_of(&pair);
    let mut name = None;
    let mut args = None;
    let mut optional = false;
    for p in pair.into_inner() {
        match p.as_rule() {
            Rule::identifier => name = Some(ident(p)),
            Rule::type_args => {
                let list = p
                    .into_inner()
                    .filter_map(|arg| arg.into_inner().next())
                    .map(|arg| match arg.as_rule() {
                        Rule::integer => TypeArg::Integer {
                            value: arg.as_str().to_string(),
                            span: span_of(&arg),
                        },
                        _ => TypeArg::Ident(ident(arg)),
                    })
                    .collect();
                args = Some(list);
            }
            Rule::optional_marker => optional = true,
            _ => {}
        }
    }
    TypeRef {
        name: name.expect("grammar: type name"),
        args,
        optional,
        span,
    }
}

fn attribute(pair: Pair<'_, Rule>) -> Attribute {
    let span = span_of(&pair);
    let mut name = None;
    let mut args = None;
    for p in pair.into_inner() {
        match p.as_rule() {
            Rule::attribute_name | Rule::block_attribute_name => {
                name = p.into_inner().next().map(ident);
            }
            Rule::arguments => args = Some(arguments(p)),
            _ => {}
        }
    }
    Attribute {
        name: name.expect("grammar: attribute name"),
        args,
        span,
    }
}

fn arguments(pair: Pair<'_, Rule>) -> Vec<Argument> {
    pair.into_inner().map(argument).collect()
}

fn argument(pair: Pair<'_, Rule>) -> Argument {
    let span = span_of(&pair);
    let inner = pair.into_inner().next().expect("grammar: argument");
    if inner.as_rule() == Rule::named_argument {
        let mut parts = inner.into_inner();
        let name = ident(parts.next().expect("grammar: argument name"));
        let value = expression(parts.next().expect("grammar: argument value"));
        Argument {
            name: Some(name),
            value,
            span,
        }
    } else {
        Argument {
            name: None,
            value: expression(inner),
            span,
        }
    }
}

fn expression(pair: Pair<'_, Rule>) -> Expr {
    let span = span_of(&pair);
    match pair.as_rule() {
        Rule::call => {
            let mut inner = pair.into_inner();
            let name = ident(inner.next().expect("grammar: call name"));
            let args = inner.next().map(arguments).unwrap_or_default();
            Expr::Call { name, args, span }
        }
        Rule::path => Expr::Path {
            parts: pair.into_inner().map(ident).collect(),
            span,
        },
        Rule::string => Expr::String(string_lit(pair)),
        Rule::number => Expr::Number {
            text: pair.as_str().to_string(),
            span,
        },
        _ => Expr::Ident(ident(pair)),
    }
}

fn index_decl(pair: Pair<'_, Rule>) -> IndexDecl {
    let span = span_of(&pair);
    let unique = pair.as_rule() == Rule::unique_index_decl;
    let mut name = None;
    let mut columns = Vec::new();
    for p in pair.into_inner() {
        match p.as_rule() {
            Rule::identifier => name = Some(ident(p)),
            Rule::column_list => columns = column_list(p),
            _ => {}
        }
    }
    IndexDecl {
        unique,
        name: name.expect("grammar: index name"),
        columns,
        span,
    }
}

fn foreign_key_decl(pair: Pair<'_, Rule>) -> ForeignKeyDecl {
    let span = span_of(&pair);
    let mut name = None;
    let mut lists = Vec::new();
    let mut ref_table = None;
    let mut options = Vec::new();
    let mut seen_references = false;
    for p in pair.into_inner() {
        match p.as_rule() {
            Rule::kw_references => seen_references = true,
            Rule::identifier if seen_references => ref_table = Some(ident(p)),
            Rule::identifier => name = Some(ident(p)),
            Rule::column_list => lists.push(column_list(p)),
            Rule::fk_option => {
                let mut parts = p.into_inner();
                let key = ident(parts.next().expect("grammar: option name"));
                let value = ident(parts.next().expect("grammar: option value"));
                options.push((key, value));
            }
            _ => {}
        }
    }
    let mut lists = lists.into_iter();
    ForeignKeyDecl {
        name,
        columns: lists.next().unwrap_or_default(),
        ref_table: ref_table.expect("grammar: referenced table"),
        ref_columns: lists.next().unwrap_or_default(),
        options,
        span,
    }
}

/// Turns pest's error into a diagnostic that names what was expected, in the
/// words of the language rather than the names of grammar rules.
fn syntax_error(source: &str, error: pest::error::Error<Rule>) -> Diagnostic {
    // The furthest point the parser reached is where the text stops making
    // sense; pest's own location can be the start of the rule that failed.
    let offset = furthest(&error);
    if let Some(diagnostic) = column_without_type(source, offset) {
        return diagnostic;
    }
    let mut expected: Vec<String> = Vec::new();
    if let Some(attempts) = error.parse_attempts() {
        // Literal tokens say exactly what would have fitted; character ranges
        // are the inside of a name or a number.
        // pest does not export its token type; its Display writes a literal
        // as itself and a character range as `a..z`.
        for token in attempts.expected_tokens() {
            let text = token.to_string();
            let described = match text.as_str() {
                "\r" | "\n" | " " | "\t" | "BUILTIN_RULE" => continue,
                "_" | "a..z" | "A..Z" => "a name".to_string(),
                "0..9" => "a number".to_string(),
                _ => format!("`{text}`"),
            };
            push_unique(&mut expected, described);
        }
        if expected.is_empty() {
            for stack in attempts.call_stacks() {
                let rule = stack.deepest.get_rule().copied().or(stack.parent);
                if let Some(described) = rule.and_then(describe_rule) {
                    push_unique(&mut expected, described.to_string());
                }
            }
        }
    }
    if expected.is_empty()
        && let pest::error::ErrorVariant::ParsingError { positives, .. } = &error.variant
    {
        for rule in positives {
            if let Some(described) = describe_rule(*rule) {
                push_unique(&mut expected, described.to_string());
            }
        }
    }
    // Punctuation first, then names and numbers, then keywords.
    expected.sort_by_key(|e| {
        let word = e.trim_matches('`');
        if word.chars().all(|c| c.is_ascii_alphabetic()) && e.starts_with('`') {
            2
        } else if e.starts_with('`') {
            0
        } else {
            1
        }
    });
    // Point at the character that does not fit; at the end of a line or of
    // the file, at the position itself.
    let next = source[offset..].chars().next();
    let end = match next {
        Some('\n' | '\r') | None => offset,
        Some(c) => offset + c.len_utf8(),
    };
    let span = Span::new(offset, end);
    // A character nobody sees, or one taken for another, is the mistake
    // itself; what the grammar expected there matters less.
    if let Some((_, described)) = next.and_then(unusual::describe) {
        return Diagnostic::error(format!("syntax error: unexpected {described}"), span).with_label("unexpected here");
    }
    let found = describe_found(source, offset);
    let mut message = if expected.is_empty() {
        format!("syntax error: unexpected {found}")
    } else {
        format!("syntax error: expected {}, found {found}", join_or(&expected))
    };
    // Earlier on the line, such a character is often the cause: a curly
    // quote read as text leaves a string open to the end of the line.
    let line_start = source[..offset].rfind('\n').map_or(0, |i| i + 1);
    let earlier = unusual::last_described(&source[line_start..offset])
        .and_then(|(at, c)| Some((line_start + at, c, unusual::describe(c)?)));
    let mut secondary = None;
    if let Some((at, c, (name, described))) = earlier {
        message.push_str(&format!(", after {name}"));
        secondary = Some((Span::new(at, at + c.len_utf8()), described));
    }
    let diagnostic = Diagnostic::error(message, span).with_label("unexpected here");
    match secondary {
        Some((span, described)) => diagnostic.with_secondary(span, described),
        None => diagnostic,
    }
}

/// A table line that is a name and nothing else (or only attributes and a
/// comment) is a column without a type. The grammar wants the type on the
/// name's line, so the parse stops right after the name; this says so in the
/// language's words, at the name.
fn column_without_type(source: &str, offset: usize) -> Option<Diagnostic> {
    let line_start = source[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = source[line_start..offset].trim_end_matches([' ', '\t']);
    let name = line.trim_start_matches([' ', '\t']);
    let name_start = line_start + (line.len() - name.len());
    let stops = matches!(
        source[offset..].chars().next(),
        None | Some('\n' | '\r' | '@' | '/' | '}' | '?')
    );
    if !stops || !crate::format::is_identifier(name) || !in_table_body(source, name_start) {
        return None;
    }
    Some(
        Diagnostic::error(
            format!("column `{name}` has no type"),
            Span::new(name_start, name_start + name.len()),
        )
        .with_label("a type goes after the name, on this line")
        .with_note(format!("for example `{name} Text` or `{name} String(255)`")),
    )
}

/// Whether `at` is directly inside `table name { ... }`: not in an enum, not
/// in an attribute's parentheses.
fn in_table_body(source: &str, at: usize) -> bool {
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let Some(brace) = nesting::innermost_open(&source[..at]) else {
        return false;
    };
    let head = source[..brace].trim_end();
    let before_name = head.trim_end_matches(word);
    let keyword = before_name.trim_end();
    source.as_bytes()[brace] == b'{'
        && before_name.len() < head.len()
        && keyword.strip_suffix("table").is_some_and(|rest| !rest.ends_with(word))
}

fn furthest(error: &pest::error::Error<Rule>) -> usize {
    match (error.parse_attempts(), &error.location) {
        (Some(attempts), _) => attempts.max_position,
        (None, pest::error::InputLocation::Pos(p)) => *p,
        (None, pest::error::InputLocation::Span((s, _))) => *s,
    }
}

fn push_unique(list: &mut Vec<String>, item: String) {
    if !list.contains(&item) {
        list.push(item);
    }
}

fn join_or(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

fn describe_found(source: &str, offset: usize) -> String {
    let rest = &source[offset.min(source.len())..];
    match rest.chars().next() {
        None => "end of file".to_string(),
        Some('\n') | Some('\r') => "end of line".to_string(),
        Some(c) if c.is_alphanumeric() || c == '_' => {
            // A word can be a megabyte long; the message quotes its start.
            const SHOWN: usize = 40;
            let mut word: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .take(SHOWN + 1)
                .collect();
            let lookalike = unusual::lookalike_letter(&word);
            if word.chars().count() > SHOWN {
                word = word.chars().take(SHOWN).chain("...".chars()).collect();
            }
            match lookalike {
                Some(lookalike) => format!("`{word}`, {lookalike}"),
                None => format!("`{word}`"),
            }
        }
        Some(c) if !c.is_ascii() => format!("`{c}` (U+{:04X})", c as u32),
        Some(c) => format!("`{c}`"),
    }
}

fn describe_rule(rule: Rule) -> Option<&'static str> {
    Some(match rule {
        Rule::EOI => "end of file",
        Rule::comment => "a comment",
        Rule::enum_decl | Rule::kw_enum => "`enum`",
        Rule::table_decl | Rule::kw_table => "`table`",
        Rule::enum_label => "an enum label",
        Rule::column_decl => "a column",
        Rule::type_ref => "a type",
        Rule::type_args => "type arguments in parentheses",
        Rule::type_arg | Rule::integer => "a number",
        Rule::optional_marker => "`?`",
        Rule::index_decl | Rule::kw_index => "`index`",
        Rule::unique_index_decl | Rule::unique_decl | Rule::kw_unique => "`unique`",
        Rule::primary_key_decl | Rule::kw_primary => "`primary key`",
        Rule::kw_key => "`key`",
        Rule::foreign_key_decl | Rule::kw_foreign => "`foreign key`",
        Rule::kw_references => "`references`",
        Rule::fk_option => "an option such as `on_delete: cascade`",
        Rule::check_decl | Rule::kw_check => "`check`",
        Rule::column_list => "a column list in parentheses",
        Rule::attribute | Rule::attribute_name => "an attribute",
        Rule::block_attribute | Rule::block_attribute_name => "a table attribute",
        Rule::arguments => "arguments in parentheses",
        Rule::argument | Rule::named_argument => "an argument",
        Rule::call => "a function call",
        Rule::path => "a `table.column` reference",
        Rule::number => "a number",
        Rule::identifier => "a name",
        Rule::string | Rule::string_inner => "a string",
        _ => return None,
    })
}
