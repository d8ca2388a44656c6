//! The canonical text of a file. Invariants: `format(parse(format(x)))` equals
//! `format(x)`, and formatting never changes what the file means.

use crate::ast::*;
use crate::parser::escape;
use std::fmt::Write;

const INDENT: &str = "  ";

pub fn format(file: &File) -> String {
    let mut out = String::new();
    let mut previous_was_decl = false;
    for (i, item) in file.items.iter().enumerate() {
        match item {
            Item::Comment(comment) if comment.trailing && i > 0 => {
                append_trailing(&mut out, comment);
                continue;
            }
            Item::Comment(comment) => {
                if i > 0 && (previous_was_decl || comment.blank_line_before) {
                    out.push('\n');
                }
                writeln!(out, "//{}", comment.text).ok();
                previous_was_decl = false;
            }
            Item::Enum(decl) => {
                if i > 0 && (previous_was_decl || decl.blank_line_before) {
                    out.push('\n');
                }
                format_enum(&mut out, decl);
                previous_was_decl = true;
            }
            Item::Table(decl) => {
                if i > 0 && (previous_was_decl || decl.blank_line_before) {
                    out.push('\n');
                }
                format_table(&mut out, decl);
                previous_was_decl = true;
            }
        }
    }
    out
}

/// Puts a trailing comment at the end of the last line written.
fn append_trailing(out: &mut String, comment: &Comment) {
    if out.ends_with('\n') {
        out.pop();
    }
    writeln!(out, " //{}", comment.text).ok();
}

fn format_enum(out: &mut String, decl: &EnumDecl) {
    write!(out, "enum {}", decl.name.name).ok();
    if let Some(db_name) = &decl.db_name {
        write!(out, " \"{}\"", escape(&db_name.value)).ok();
    }
    out.push_str(" {\n");
    for item in &decl.items {
        match item {
            EnumItem::Comment(comment) if comment.trailing => append_trailing(out, comment),
            EnumItem::Comment(comment) => {
                writeln!(out, "{INDENT}//{}", comment.text).ok();
            }
            EnumItem::Label(label) => {
                let mut line = label_text(&label.value);
                for attribute in &label.attributes {
                    line.push(' ');
                    line.push_str(&attribute_text("@", attribute));
                }
                writeln!(out, "{INDENT}{line}").ok();
            }
        }
    }
    out.push_str("}\n");
}

/// Labels that are identifiers are written bare, all others quoted.
pub fn label_text(value: &str) -> String {
    if is_identifier(value) && !matches!(value, "enum" | "table") {
        value.to_string()
    } else {
        format!("\"{}\"", escape(value))
    }
}

pub fn is_identifier(value: &str) -> bool {
    let mut chars = value.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn format_table(out: &mut String, decl: &TableDecl) {
    writeln!(out, "table {} {{", decl.name.name).ok();
    // Columns line up: names in one column, types in the next, attributes after.
    let columns = decl.items.iter().filter_map(|item| match &item.kind {
        TableItemKind::Column(column) => Some(column),
        _ => None,
    });
    let name_width = columns.clone().map(|c| width(&c.name.name)).max().unwrap_or(0);
    let type_width = columns
        .filter(|c| !c.attributes.is_empty())
        .map(|c| width(&type_text(&c.ty)))
        .max()
        .unwrap_or(0);
    for (i, item) in decl.items.iter().enumerate() {
        // A trailing comment on the first item sits on the `table name {` line.
        if let TableItemKind::Comment(comment) = &item.kind
            && comment.trailing
        {
            append_trailing(out, comment);
            continue;
        }
        if item.blank_line_before && i > 0 {
            out.push('\n');
        }
        let line = match &item.kind {
            TableItemKind::Comment(comment) => format!("//{}", comment.text),
            TableItemKind::Column(column) => {
                let mut line = padded(&column.name.name, name_width);
                line.push(' ');
                if column.attributes.is_empty() {
                    line.push_str(&type_text(&column.ty));
                } else {
                    line.push_str(&padded(&type_text(&column.ty), type_width));
                    for attribute in &column.attributes {
                        line.push(' ');
                        line.push_str(&attribute_text("@", attribute));
                    }
                }
                line
            }
            TableItemKind::Index(index) => format!(
                "{}index {} {}",
                if index.unique { "unique " } else { "" },
                index.name.name,
                column_list(&index.columns)
            ),
            TableItemKind::Unique(unique) => {
                format!("unique {}{}", optional_name(&unique.name), column_list(&unique.columns))
            }
            TableItemKind::PrimaryKey(pk) => {
                format!("primary key {}{}", optional_name(&pk.name), column_list(&pk.columns))
            }
            TableItemKind::ForeignKey(fk) => {
                let mut line = format!(
                    "foreign key {}{} references {} {}",
                    optional_name(&fk.name),
                    column_list(&fk.columns),
                    fk.ref_table.name,
                    column_list(&fk.ref_columns)
                );
                for (key, value) in &fk.options {
                    write!(line, " {}: {}", key.name, value.name).ok();
                }
                line
            }
            TableItemKind::Check(check) => {
                format!(
                    "check {}\"{}\"",
                    optional_name(&check.name),
                    escape(&check.expression.value)
                )
            }
            TableItemKind::Attribute(attribute) => attribute_text("@@", attribute),
        };
        writeln!(out, "{INDENT}{}", line.trim_end()).ok();
    }
    out.push_str("}\n");
}

/// `text` followed by spaces up to `width` characters. Written by hand because
/// `format!`'s `{:<width$}` panics on widths above `u16::MAX`, and a name may
/// be that long.
fn padded(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len() + width.saturating_sub(text.len()));
    out.push_str(text);
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(self::width(text))));
    out
}

fn width(text: &str) -> usize {
    text.chars().count()
}

fn optional_name(name: &Option<Ident>) -> String {
    name.as_ref().map(|n| format!("{} ", n.name)).unwrap_or_default()
}

fn column_list(columns: &[Ident]) -> String {
    let names: Vec<&str> = columns.iter().map(|c| c.name.as_str()).collect();
    format!("({})", names.join(", "))
}

pub fn type_text(ty: &TypeRef) -> String {
    let mut text = ty.name.name.clone();
    if let Some(args) = &ty.args {
        let args: Vec<String> = args
            .iter()
            .map(|arg| match arg {
                TypeArg::Integer { value, .. } => value.clone(),
                TypeArg::Ident(ident) => ident.name.clone(),
            })
            .collect();
        write!(text, "({})", args.join(", ")).ok();
    }
    if ty.optional {
        text.push('?');
    }
    text
}

fn attribute_text(sigil: &str, attribute: &Attribute) -> String {
    let mut text = format!("{sigil}{}", attribute.name.name);
    if let Some(args) = &attribute.args {
        write!(text, "({})", arguments_text(args)).ok();
    }
    text
}

fn arguments_text(args: &[Argument]) -> String {
    let parts: Vec<String> = args
        .iter()
        .map(|arg| match &arg.name {
            Some(name) => format!("{}: {}", name.name, expr_text(&arg.value)),
            None => expr_text(&arg.value),
        })
        .collect();
    parts.join(", ")
}

pub fn expr_text(expr: &Expr) -> String {
    match expr {
        Expr::Ident(ident) => ident.name.clone(),
        Expr::Path { parts, .. } => parts.iter().map(|p| p.name.as_str()).collect::<Vec<_>>().join("."),
        Expr::String(s) => format!("\"{}\"", escape(&s.value)),
        Expr::Number { text, .. } => text.clone(),
        Expr::Call { name, args, .. } => format!("{}({})", name.name, arguments_text(args)),
    }
}
