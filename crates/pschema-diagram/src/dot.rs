//! Graphviz DOT: one HTML-like table per entity, a port per key column, and
//! an edge per foreign key from the child's column to the parent's, drawn
//! upwards (`rankdir=BT`) so that parents sit above their children, with
//! crow's-foot ends.

use crate::diagram::{Diagram, Relation};
use std::fmt::Write;

pub(crate) fn write(diagram: &Diagram) -> String {
    let mut out = String::from(
        "digraph schema {\n    graph [rankdir=BT, nodesep=0.4, ranksep=0.8];\n    \
         node [shape=plaintext, fontname=\"monospace\", fontsize=10];\n    \
         edge [fontname=\"monospace\", fontsize=9, dir=both];\n",
    );
    for entity in &diagram.entities {
        writeln!(out, "    {} [label=<", id(&entity.name)).ok();
        out.push_str("        <table border=\"0\" cellborder=\"1\" cellspacing=\"0\" cellpadding=\"4\">\n");
        writeln!(
            out,
            "            <tr><td colspan=\"3\" bgcolor=\"#dde6f0\"><b>{}</b></td></tr>",
            html(&entity.name)
        )
        .ok();
        for (i, column) in entity.columns.iter().enumerate() {
            let keys = match (column.primary, column.foreign()) {
                (true, true) => "PK, FK",
                (true, false) => "PK",
                _ => "FK",
            };
            let ty = if column.nullable {
                format!("{}?", column.ty)
            } else {
                column.ty.clone()
            };
            writeln!(
                out,
                "            <tr><td port=\"c{i}\">{keys}</td><td align=\"left\">{}</td><td align=\"left\">{}</td></tr>",
                html(&column.name),
                html(&ty)
            )
            .ok();
        }
        out.push_str("        </table>>];\n");
    }
    for relation in &diagram.relations {
        let child = &diagram.entities[relation.child];
        let parent = &diagram.entities[relation.parent];
        writeln!(
            out,
            "    {}{} -> {}{} [label={}, arrowtail={}, arrowhead={}{}];",
            id(&child.name),
            port(child, &relation.columns),
            id(&parent.name),
            port(parent, &relation.ref_columns),
            id(&relation.label()),
            child_end(relation),
            if relation.optional { "teeodot" } else { "teetee" },
            if relation.optional { ", style=dashed" } else { "" },
        )
        .ok();
    }
    out.push_str("}\n");
    out
}

/// How many children a parent has, drawn at the child: the first shape of a
/// Graphviz arrow is the one at the node.
fn child_end(relation: &Relation) -> &'static str {
    if relation.unique { "teeodot" } else { "crowodot" }
}

/// The row of the first of the columns, when the entity shows it.
fn port(entity: &crate::Entity, columns: &[String]) -> String {
    columns
        .first()
        .and_then(|first| entity.columns.iter().position(|c| &c.name == first))
        .map(|i| format!(":c{i}"))
        .unwrap_or_default()
}

/// A quoted DOT identifier: only `"` and a trailing `\` need escaping.
fn id(text: &str) -> String {
    let mut quoted = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

/// Text inside an HTML-like label: XML's escapes, but `'` by number, which
/// HTML 4's entity list (Graphviz's) lacks a name for.
fn html(text: &str) -> String {
    crate::svg::escape(text).replace("&apos;", "&#39;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_and_labels_are_escaped() {
        assert_eq!(id("users"), "\"users\"");
        assert_eq!(id("a\"b\\"), "\"a\\\"b\\\\\"");
        assert_eq!(html("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&#39;");
    }
}
