//! Mermaid's `erDiagram`. Its lexer is case-insensitive and reads some whole
//! words as syntax wherever they stand, so names are written so that it cannot
//! mistake them (mermaid-js/mermaid#5093, #7093).

use crate::diagram::{Diagram, KeyColumn, Relation};
use std::fmt::Write;

pub(crate) fn write(diagram: &Diagram) -> String {
    let mut out = String::from("erDiagram\n");
    for entity in &diagram.entities {
        let name = entity_name(&entity.name);
        if entity.columns.is_empty() {
            writeln!(out, "    {name} {{\n    }}").ok();
            continue;
        }
        writeln!(out, "    {name} {{").ok();
        for column in &entity.columns {
            writeln!(out, "        {}", attribute(column)).ok();
        }
        writeln!(out, "    }}").ok();
    }
    for relation in &diagram.relations {
        let parent = entity_name(&diagram.entities[relation.parent].name);
        let child = entity_name(&diagram.entities[relation.child].name);
        writeln!(
            out,
            "    {parent} {} {child} : \"{}\"",
            cardinality(relation),
            label(&relation.label())
        )
        .ok();
    }
    out
}

/// Parent side first: how many parents a child row has (exactly one, or
/// none when a column is nullable), then how many children a parent has.
fn cardinality(relation: &Relation) -> &'static str {
    match (relation.optional, relation.unique) {
        (false, false) => "||--o{",
        (true, false) => "|o--o{",
        (false, true) => "||--o|",
        (true, true) => "|o--o|",
    }
}

/// Words the lexer takes for syntax before it would take them for a name.
const KEYWORDS: &[&str] = &[
    "1",
    "u",
    "one",
    "many",
    "to",
    "only",
    "zero",
    "or",
    "more",
    "optionally",
    "erdiagram",
    "style",
    "class",
    "classdef",
    "direction",
    "title",
    "acctitle",
    "accdescr",
];

/// A bare name when the lexer reads it as one, else quoted (quotes were
/// never allowed in a table name of the schema language, and `%` or `\`
/// are dropped: Mermaid refuses them even quoted).
fn entity_name(name: &str) -> String {
    let plain = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && !KEYWORDS.contains(&name.to_ascii_lowercase().as_str());
    if plain {
        name.to_string()
    } else {
        let kept: String = name
            .chars()
            .filter(|c| !matches!(c, '"' | '%' | '\\' | '\r' | '\n'))
            .collect();
        format!("\"{kept}\"")
    }
}

/// `type name PK, FK "comment"`.
fn attribute(column: &KeyColumn) -> String {
    let mut keys = Vec::new();
    if column.primary {
        keys.push("PK");
    }
    if column.foreign() {
        keys.push("FK");
    }
    let mut name = attribute_word(&column.name);
    let mut comment = Vec::new();
    // PK, FK and UK are keys wherever they stand in a block, in any case.
    if matches!(name.to_ascii_lowercase().as_str(), "pk" | "fk" | "uk") || name != column.name {
        name.push('_');
        comment.push(format!("column {}", column.name.replace('"', "'")));
    }
    if column.nullable {
        comment.push("nullable".to_string());
    }
    if !column.references.is_empty() {
        comment.push(format!("references {}", column.references.join(", ")));
    }
    let mut line = format!("{} {name}", attribute_word(&column.ty));
    if !keys.is_empty() {
        write!(line, " {}", keys.join(", ")).ok();
    }
    if !comment.is_empty() {
        write!(line, " \"{}\"", comment.join("; ")).ok();
    }
    line
}

/// An attribute word takes letters, digits, `_`, `-`, `(`, `)`, `[` and `]`
/// and starts with a letter or `_`: `Numeric(19, 2)` becomes `Numeric(19-2)`.
fn attribute_word(text: &str) -> String {
    let mut word = String::new();
    let mut gap = false;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || matches!(c, '_' | '(' | ')' | '[' | ']') {
            if gap && !word.is_empty() {
                word.push('-');
            }
            gap = false;
            word.push(c);
        } else {
            gap = true;
        }
    }
    if !word.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        word.insert(0, '_');
    }
    word
}

/// A relationship label is everything between two double quotes.
fn label(text: &str) -> String {
    text.replace('"', "'")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Selection;
    use crate::diagram::tests::shop;

    #[test]
    fn a_small_schema() {
        let text = write(&Diagram::new(&shop(), &Selection::All).unwrap());
        assert_eq!(
            text,
            r#"erDiagram
    users {
        Integer id PK
    }
    orders {
        Integer id PK
        Integer user_id FK "references users"
        Integer coupon FK "nullable; references coupons"
    }
    coupons {
        Integer id PK
        Integer owner FK "nullable; references users"
    }
    lines {
        Integer order_id PK, FK "references orders"
        Integer n PK
    }
    coupons |o--o{ orders : "coupon ON DELETE SET NULL"
    users ||--o{ orders : "user_id ON DELETE CASCADE"
    users |o--o| coupons : "owner"
    orders ||--o{ lines : "order_id ON DELETE CASCADE"
"#
        );
    }

    #[test]
    fn names_the_lexer_would_misread_are_quoted_or_renamed() {
        assert_eq!(entity_name("users"), "users");
        assert_eq!(entity_name("u"), "\"u\"");
        assert_eq!(entity_name("One"), "\"One\"");
        assert_eq!(entity_name("_private"), "\"_private\"");
        assert_eq!(attribute_word("Numeric(19, 2)"), "Numeric(19-2)");
        assert_eq!(attribute_word("String(255)"), "String(255)");
        let pk = KeyColumn {
            name: "pk".into(),
            ty: "Integer".into(),
            nullable: false,
            primary: true,
            references: vec![],
        };
        assert_eq!(attribute(&pk), "Integer pk_ PK \"column pk\"");
    }
}
