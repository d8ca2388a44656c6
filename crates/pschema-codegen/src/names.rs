//! Names in generated code, by one documented rule (docs/codegen.md, "Names"):
//!
//! - Rust types (a struct per table, an enum per schema enum, a variant per
//!   label) are the words of the name in UpperCamelCase (`follow_up_items` ->
//!   `FollowUpItems`, `FINANCIAL_SERVICES` -> `FinancialServices`); a name
//!   that would start with a digit takes a `V` in front, `Self` becomes `Self_`.
//! - Rust fields and modules are the words in snake_case (`userId` ->
//!   `user_id`), leading and trailing underscores kept; a keyword is a raw
//!   identifier (`r#type`, `r#match`), and the four that cannot be raw
//!   (`self`, `super`, `crate`, `Self`) take a trailing underscore (`self_`).
//!   Constants are the words in UPPER_SNAKE_CASE.
//! - Python names are the name as it is, with a trailing underscore for a
//!   keyword (`class_`, `from_`, `import_`) or a name the module itself uses
//!   (`sa`, `enum`, `metadata`); enum members are the label when it is an
//!   identifier, else its letters, digits and underscores (`V_` in front of a
//!   digit).
//! - A Rust type named like a prelude type the generated code uses
//!   (`Option`, `Result`, `String`, `Vec`, `Box`, `Some`, `None`, `Ok`, `Err`)
//!   or `Self` takes a trailing underscore too (`Option_`).
//! - Two names that come out the same (tables `user_roles` and `UserRoles`
//!   both give the struct `UserRoles`) are refused, each at its place in the
//!   schema file; so is a name that gives no identifier at all. Nothing is
//!   renamed silently, so generated code always compiles and imports.

use pschema_syntax::Diagnostic;
use pschema_syntax::ast::{self, Span};
use std::collections::HashMap;
use std::fmt;

/// Something of the schema that has a name.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Item {
    Table(String),
    Column { table: String, column: String },
    Enum(String),
    Label { enum_name: String, label: String },
}

impl fmt::Display for Item {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Item::Table(name) => write!(f, "table `{name}`"),
            Item::Column { table, column } => write!(f, "column `{column}` of table `{table}`"),
            Item::Enum(name) => write!(f, "enum `{name}`"),
            Item::Label { enum_name, label } => write!(f, "label `{label}` of enum `{enum_name}`"),
        }
    }
}

/// A name the generator refuses, with the items of the schema it comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameError {
    pub message: String,
    /// The first is where the error points; the others are shown beside it.
    pub items: Vec<Item>,
}

impl fmt::Display for NameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

const RUST_KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for", "if", "impl", "in",
    "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self", "Self", "static", "struct", "super",
    "trait", "true", "type", "unsafe", "use", "where", "while", "async", "await", "dyn", "abstract", "become", "box",
    "do", "final", "macro", "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// Names of the Rust prelude that generated code uses, and `Self`: a type of
/// that name would shadow them.
const PRELUDE_TYPES: &[&str] = &[
    "Self", "Option", "Some", "None", "Result", "Ok", "Err", "String", "Vec", "Box",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["crate", "self", "super", "Self"];

const PYTHON_KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
    "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
    "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
];

/// Names the generated Python module defines or imports itself.
const PYTHON_MODULE_NAMES: &[&str] = &["sa", "enum", "metadata", "str"];

/// The words of a name: split at underscores and other non-alphanumerics, at
/// a lower-case letter or digit followed by a capital (`userId`), and before
/// the last capital of a run followed by a lower-case letter (`HTTPServer`).
pub fn words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    for part in name.split(|c: char| !c.is_ascii_alphanumeric()) {
        let chars: Vec<char> = part.chars().collect();
        let mut current = String::new();
        for (i, &c) in chars.iter().enumerate() {
            let prev = i.checked_sub(1).map(|j| chars[j]);
            let next = chars.get(i + 1).copied();
            let boundary = match prev {
                Some(p) if c.is_ascii_uppercase() => {
                    p.is_ascii_lowercase()
                        || p.is_ascii_digit()
                        || (p.is_ascii_uppercase() && next.is_some_and(|n| n.is_ascii_lowercase()))
                }
                _ => false,
            };
            if boundary && !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            current.push(c);
        }
        if !current.is_empty() {
            words.push(current);
        }
    }
    words
}

fn edge_underscores(name: &str) -> (&str, &str) {
    let lead = &name[..name.len() - name.trim_start_matches('_').len()];
    let trimmed = name.trim_start_matches('_');
    let trail = &trimmed[trimmed.trim_end_matches('_').len()..];
    (lead, trail)
}

/// UpperCamelCase for Rust types and variants; `None` when the name has no
/// letter or digit.
pub fn rust_type(name: &str) -> Option<String> {
    let mut out: String = words(name)
        .iter()
        .map(|w| {
            let lower = w.to_ascii_lowercase();
            let mut chars = lower.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect();
    if out.is_empty() {
        return None;
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'V');
    }
    if PRELUDE_TYPES.contains(&out.as_str()) {
        out.push('_');
    }
    Some(out)
}

fn snake_words(name: &str, upper: bool) -> Option<String> {
    let body: Vec<String> = words(name)
        .iter()
        .map(|w| {
            if upper {
                w.to_ascii_uppercase()
            } else {
                w.to_ascii_lowercase()
            }
        })
        .collect();
    if body.is_empty() {
        return None;
    }
    let (lead, trail) = edge_underscores(name);
    Some(format!("{lead}{}{trail}", body.join("_")))
}

/// snake_case for Rust fields and modules, keywords made usable.
pub fn rust_value(name: &str) -> Option<String> {
    let snake = snake_words(name, false)?;
    Some(if NOT_RAW.contains(&snake.as_str()) {
        format!("{snake}_")
    } else if RUST_KEYWORDS.contains(&snake.as_str()) {
        format!("r#{snake}")
    } else if snake.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{snake}")
    } else {
        snake
    })
}

/// UPPER_SNAKE_CASE for Rust constants.
pub fn rust_const(name: &str) -> Option<String> {
    let upper = snake_words(name, true)?;
    Some(if upper.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{upper}")
    } else {
        upper
    })
}

/// A file name for a module (a raw identifier's file has no `r#`).
pub fn module_file(module: &str) -> &str {
    module.strip_prefix("r#").unwrap_or(module)
}

fn is_python_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A module-level Python name for a table or an enum.
pub fn python_name(name: &str) -> String {
    if PYTHON_KEYWORDS.contains(&name) || PYTHON_MODULE_NAMES.contains(&name) {
        format!("{name}_")
    } else {
        name.to_string()
    }
}

/// A member of a Python `enum.Enum` for a label; `None` when the label has no
/// letter or digit.
pub fn python_member(label: &str) -> Option<String> {
    if is_python_identifier(label) && !label.starts_with('_') && label != "mro" && !PYTHON_KEYWORDS.contains(&label) {
        return Some(label.to_string());
    }
    let cleaned: String = label
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let cleaned = cleaned.trim_start_matches('_');
    if !cleaned.chars().any(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    Some(if cleaned.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V_{cleaned}")
    } else if PYTHON_KEYWORDS.contains(&cleaned) || cleaned == "mro" {
        format!("{cleaned}_")
    } else {
        cleaned.to_string()
    })
}

/// One namespace of generated names: the first item to take a name keeps
/// it, every later one is an error naming both.
pub struct Namespace<'a> {
    what: &'a str,
    taken: HashMap<String, Item>,
}

impl<'a> Namespace<'a> {
    pub fn new(what: &'a str) -> Namespace<'a> {
        Namespace {
            what,
            taken: HashMap::new(),
        }
    }

    /// Takes `name` for `item`; `None` (the name given) is itself an error.
    pub fn claim(&mut self, name: Option<&str>, item: &Item, errors: &mut Vec<NameError>) {
        let Some(name) = name else {
            errors.push(NameError {
                message: format!("{item} gives no {} name: it has no letter or digit", self.what),
                items: vec![item.clone()],
            });
            return;
        };
        match self.taken.get(name) {
            Some(first) if first != item => errors.push(NameError {
                message: format!(
                    "{item} and {first} both become the {} name `{name}`; rename one of them (with a rename hint, so no data is lost)",
                    self.what
                ),
                items: vec![item.clone(), first.clone()],
            }),
            Some(_) => {}
            None => {
                self.taken.insert(name.to_string(), item.clone());
            }
        }
    }
}

/// Where an item is declared in the schema file.
pub fn locate(file: &ast::File, item: &Item) -> Option<Span> {
    let table = |name: &str| {
        file.items.iter().find_map(|i| match i {
            ast::Item::Table(t) if t.name.name == name => Some(t),
            _ => None,
        })
    };
    let enum_decl = |name: &str| {
        file.items.iter().find_map(|i| match i {
            ast::Item::Enum(e) if e.name.name == name => Some(e),
            _ => None,
        })
    };
    match item {
        Item::Table(name) => table(name).map(|t| t.name.span),
        Item::Column { table: t, column } => table(t).and_then(|t| {
            t.items.iter().find_map(|i| match &i.kind {
                ast::TableItemKind::Column(c) if c.name.name == *column => Some(c.name.span),
                _ => None,
            })
        }),
        Item::Enum(name) => enum_decl(name).map(|e| e.name.span),
        Item::Label { enum_name, label } => enum_decl(enum_name).and_then(|e| {
            e.items.iter().find_map(|i| match i {
                ast::EnumItem::Label(l) if l.value == *label => Some(l.span),
                _ => None,
            })
        }),
    }
}

/// The errors as diagnostics at their places in `file`.
pub fn diagnostics(file: &ast::File, errors: &[NameError]) -> Vec<Diagnostic> {
    errors
        .iter()
        .map(|e| {
            let span = e.items.first().and_then(|i| locate(file, i)).unwrap_or_default();
            let mut d = Diagnostic::error(e.message.clone(), span).with_label("its generated name");
            for other in e.items.iter().skip(1) {
                if let Some(span) = locate(file, other) {
                    d = d.with_secondary(span, format!("{other} takes it first"));
                }
            }
            d
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_conversions() {
        assert_eq!(rust_type("follow_up_items").as_deref(), Some("FollowUpItems"));
        assert_eq!(rust_type("UserRoles").as_deref(), Some("UserRoles"));
        assert_eq!(rust_type("user_roles").as_deref(), Some("UserRoles"));
        assert_eq!(rust_type("FINANCIAL_SERVICES").as_deref(), Some("FinancialServices"));
        assert_eq!(rust_type("HTTPServer").as_deref(), Some("HttpServer"));
        assert_eq!(rust_type("US$").as_deref(), Some("Us"));
        assert_eq!(rust_type("1st").as_deref(), Some("V1st"));
        assert_eq!(rust_type("self").as_deref(), Some("Self_"));
        assert_eq!(rust_type("option").as_deref(), Some("Option_"));
        assert_eq!(rust_type("$$"), None);
        assert_eq!(rust_value("userId").as_deref(), Some("user_id"));
        assert_eq!(rust_value("Amount").as_deref(), Some("amount"));
        assert_eq!(rust_value("type").as_deref(), Some("r#type"));
        assert_eq!(rust_value("match").as_deref(), Some("r#match"));
        assert_eq!(rust_value("self").as_deref(), Some("self_"));
        assert_eq!(rust_value("Self").as_deref(), Some("self_"));
        assert_eq!(rust_value("_private_").as_deref(), Some("_private_"));
        assert_eq!(rust_value("address2").as_deref(), Some("address2"));
        assert_eq!(rust_const("userId").as_deref(), Some("USER_ID"));
        assert_eq!(module_file("r#type"), "type");
        assert_eq!(python_name("class"), "class_");
        assert_eq!(python_name("metadata"), "metadata_");
        assert_eq!(python_name("users"), "users");
        assert_eq!(python_member("FREE").as_deref(), Some("FREE"));
        assert_eq!(python_member("US$").as_deref(), Some("US_"));
        assert_eq!(python_member("1st").as_deref(), Some("V_1st"));
        assert_eq!(python_member("class").as_deref(), Some("class_"));
        assert_eq!(python_member("mro").as_deref(), Some("mro_"));
        assert_eq!(python_member("--"), None);
    }
}
