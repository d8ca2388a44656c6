//! The diagram drawn as SVG: a box per table (its name, then a row per key
//! column), laid out by [`crate::layout`], and a curve per foreign key from
//! the child's box to the parent's with crow's-foot ends and the ON DELETE
//! action beside it. Text is monospace, so a width is its character count
//! times a fixed advance; every coordinate is rounded to a tenth, so the
//! text does not depend on how a float prints.

use crate::diagram::{Diagram, Entity, Relation};
use crate::layout::{self, Edge, Layout, Rect, Size};
use std::fmt::Write;

const FONT_SIZE: f64 = 12.0;
/// A monospace advance is about 0.6 em; a little more keeps text inside its box.
const CHAR_WIDTH: f64 = 7.4;
const LABEL_SIZE: f64 = 10.0;
const LABEL_CHAR_WIDTH: f64 = 6.2;
const HEADER_HEIGHT: f64 = 26.0;
const ROW_HEIGHT: f64 = 20.0;
const PAD: f64 = 10.0;
const COLUMN_GAP: f64 = 14.0;
const MARGIN: f64 = 20.0;
const LOOP_WIDTH: f64 = 30.0;

/// The text columns of a box, in characters: keys, name, type, reference.
struct Columns {
    rows: Vec<[String; 4]>,
    widths: [usize; 4],
}

fn columns(entity: &Entity) -> Columns {
    let rows: Vec<[String; 4]> = entity
        .columns
        .iter()
        .map(|c| {
            let keys = match (c.primary, c.foreign()) {
                (true, true) => "PK FK",
                (true, false) => "PK",
                _ => "FK",
            };
            let ty = if c.nullable { format!("{}?", c.ty) } else { c.ty.clone() };
            let reference = if c.foreign() {
                format!("\u{2192} {}", c.references.join(", "))
            } else {
                String::new()
            };
            [keys.to_string(), c.name.clone(), ty, reference]
        })
        .collect();
    let mut widths = [0; 4];
    for row in &rows {
        for (w, text) in widths.iter_mut().zip(row) {
            *w = (*w).max(text.chars().count());
        }
    }
    Columns { rows, widths }
}

fn box_width(entity: &Entity, columns: &Columns) -> f64 {
    let used: Vec<f64> = columns
        .widths
        .iter()
        .filter(|&&w| w > 0)
        .map(|&w| w as f64 * CHAR_WIDTH)
        .collect();
    let rows = used.iter().sum::<f64>() + COLUMN_GAP * used.len().saturating_sub(1) as f64;
    let header = entity.name.chars().count() as f64 * CHAR_WIDTH;
    rows.max(header) + 2.0 * PAD
}

fn box_height(entity: &Entity) -> f64 {
    HEADER_HEIGHT + ROW_HEIGHT * entity.columns.len() as f64 + if entity.columns.is_empty() { 0.0 } else { 6.0 }
}

/// The centre line of a column's row, for a loop from a box to itself.
fn row_middle(rect: &Rect, entity: &Entity, column: &str) -> f64 {
    let row = entity.columns.iter().position(|c| c.name == column).unwrap_or(0);
    rect.y + HEADER_HEIGHT + 3.0 + ROW_HEIGHT * (row as f64 + 0.5)
}

pub(crate) fn write(diagram: &Diagram) -> String {
    let columns: Vec<Columns> = diagram.entities.iter().map(columns).collect();
    let sizes: Vec<Size> = diagram
        .entities
        .iter()
        .enumerate()
        .map(|(i, entity)| {
            // Room for a loop to itself, and its label.
            let looped = diagram
                .relations
                .iter()
                .filter(|r| r.child == i && r.parent == i)
                .map(|r| {
                    r.on_delete_label()
                        .map_or(0.0, |l| l.len() as f64 * LABEL_CHAR_WIDTH + 6.0)
                })
                .reduce(f64::max);
            Size {
                width: box_width(entity, &columns[i]),
                height: box_height(entity),
                margin: looped.map_or(0.0, |w| LOOP_WIDTH + w),
            }
        })
        .collect();
    let edges: Vec<Edge> = diagram
        .relations
        .iter()
        .map(|r| Edge {
            child: r.child,
            parent: r.parent,
        })
        .collect();
    let layout = layout::layout(&sizes, &edges);
    let mut svg = Svg::new(&layout, diagram);
    for (relation, route) in diagram.relations.iter().zip(&layout.routes) {
        svg.edge(relation, &diagram.entities[relation.child], route, &layout);
    }
    for (i, entity) in diagram.entities.iter().enumerate() {
        svg.table(entity, &columns[i], &layout.boxes[i]);
    }
    svg.labels();
    svg.finish()
}

struct Svg {
    out: String,
    /// ON DELETE labels placed so far, drawn last, over the lines.
    labels: Vec<(Rect, String)>,
    boxes: Vec<Rect>,
}

impl Svg {
    fn new(layout: &Layout, diagram: &Diagram) -> Svg {
        let width = layout.width + 2.0 * MARGIN;
        let height = layout.height + 2.0 * MARGIN;
        let mut out = String::new();
        out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        writeln!(
            out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" \
             font-family=\"ui-monospace, SFMono-Regular, Menlo, Consolas, 'DejaVu Sans Mono', monospace\" font-size=\"{}\">",
            num(FONT_SIZE),
            w = num(width),
            h = num(height),
        )
        .ok();
        writeln!(
            out,
            "<title>Entity-relationship diagram: {} tables, {} foreign keys</title>",
            diagram.entities.len(),
            diagram.relations.len()
        )
        .ok();
        out.push_str(STYLE);
        out.push_str(MARKERS);
        writeln!(
            out,
            "<rect class=\"canvas\" width=\"{}\" height=\"{}\"/>",
            num(width),
            num(height)
        )
        .ok();
        writeln!(out, "<g transform=\"translate({m},{m})\">", m = num(MARGIN)).ok();
        Svg {
            out,
            labels: Vec::new(),
            boxes: layout.boxes.clone(),
        }
    }

    fn edge(&mut self, relation: &Relation, child: &Entity, route: &[(f64, f64)], layout: &Layout) {
        let child_end = if relation.unique { "zero-one" } else { "zero-many" };
        let parent_end = if relation.optional { "zero-one" } else { "one" };
        let path = if route.is_empty() {
            self.self_loop(relation, child, &layout.boxes[relation.child])
        } else {
            let mut d = format!("M{},{}", num(route[0].0), num(route[0].1));
            for pair in route.windows(2) {
                let (a, b) = (pair[0], pair[1]);
                let mid = (a.1 + b.1) / 2.0;
                write!(
                    d,
                    " C{},{} {},{} {},{}",
                    num(a.0),
                    num(mid),
                    num(b.0),
                    num(mid),
                    num(b.0),
                    num(b.1)
                )
                .ok();
            }
            if let Some(text) = relation.on_delete_label() {
                self.place_label(route, text);
            }
            d
        };
        writeln!(
            self.out,
            "<path class=\"fk\" d=\"{path}\" marker-start=\"url(#{child_end})\" marker-end=\"url(#{parent_end})\"/>"
        )
        .ok();
    }

    /// A loop out of the box's right side from the foreign key's row back to
    /// the referenced column's row, its label to its right.
    fn self_loop(&mut self, relation: &Relation, entity: &Entity, rect: &Rect) -> String {
        let right = rect.x + rect.width;
        let row = |columns: &[String]| {
            columns
                .first()
                .map_or(rect.y + HEADER_HEIGHT / 2.0, |c| row_middle(rect, entity, c))
        };
        let (y1, y2) = (row(&relation.columns), row(&relation.ref_columns));
        let out = right + LOOP_WIDTH;
        if let Some(text) = relation.on_delete_label() {
            self.labels.push((
                Rect {
                    x: out + 4.0,
                    y: (y1 + y2) / 2.0 - LABEL_SIZE / 2.0 - 2.0,
                    width: text.len() as f64 * LABEL_CHAR_WIDTH,
                    height: LABEL_SIZE + 4.0,
                },
                text.to_string(),
            ));
        }
        format!(
            "M{},{} C{},{} {},{} {},{}",
            num(right),
            num(y1),
            num(out),
            num(y1),
            num(out),
            num(y2),
            num(right),
            num(y2)
        )
    }

    /// On the first curve out of the child, where it overlaps no label or
    /// box already there, if there is such a place among a few tried.
    fn place_label(&mut self, route: &[(f64, f64)], text: &str) {
        let (a, b) = (route[0], route[1]);
        let width = text.len() as f64 * LABEL_CHAR_WIDTH;
        let at = |t: f64| {
            let mid = (a.1 + b.1) / 2.0;
            let u = 1.0 - t;
            let x = u * u * u * a.0 + 3.0 * u * u * t * a.0 + 3.0 * u * t * t * b.0 + t * t * t * b.0;
            let y = u * u * u * a.1 + 3.0 * u * u * t * mid + 3.0 * u * t * t * mid + t * t * t * b.1;
            Rect {
                x: x - width / 2.0,
                y: y - LABEL_SIZE / 2.0 - 2.0,
                width,
                height: LABEL_SIZE + 4.0,
            }
        };
        let free =
            |r: &Rect| !self.labels.iter().any(|(l, _)| overlaps(l, r)) && !self.boxes.iter().any(|b| overlaps(b, r));
        let tries = [0.3, 0.45, 0.15, 0.6, 0.75];
        let rect = tries.iter().map(|&t| at(t)).find(free).unwrap_or_else(|| at(tries[0]));
        self.labels.push((rect, text.to_string()));
    }

    fn table(&mut self, entity: &Entity, columns: &Columns, rect: &Rect) {
        let (x, y) = (rect.x, rect.y);
        writeln!(self.out, "<g class=\"table\">").ok();
        writeln!(
            self.out,
            "<rect class=\"box\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"4\"/>",
            num(x),
            num(y),
            num(rect.width),
            num(rect.height)
        )
        .ok();
        writeln!(
            self.out,
            "<path class=\"header\" d=\"M{},{} h{} v{} h-{} z\"/>",
            num(x + 0.5),
            num(y + 0.5),
            num(rect.width - 1.0),
            num(HEADER_HEIGHT - 0.5),
            num(rect.width - 1.0)
        )
        .ok();
        writeln!(
            self.out,
            "<text class=\"name\" x=\"{}\" y=\"{}\">{}</text>",
            num(x + PAD),
            num(y + HEADER_HEIGHT - 8.0),
            escape(&entity.name)
        )
        .ok();
        let mut offsets = [0.0; 4];
        let mut at = x + PAD;
        for (offset, &w) in offsets.iter_mut().zip(&columns.widths) {
            *offset = at;
            if w > 0 {
                at += w as f64 * CHAR_WIDTH + COLUMN_GAP;
            }
        }
        for (i, row) in columns.rows.iter().enumerate() {
            let baseline = y + HEADER_HEIGHT + 3.0 + ROW_HEIGHT * i as f64 + 14.0;
            for (class, (text, offset)) in ["keys", "column", "type", "ref"].iter().zip(row.iter().zip(offsets)) {
                if !text.is_empty() {
                    writeln!(
                        self.out,
                        "<text class=\"{class}\" x=\"{}\" y=\"{}\">{}</text>",
                        num(offset),
                        num(baseline),
                        escape(text)
                    )
                    .ok();
                }
            }
        }
        writeln!(self.out, "</g>").ok();
    }

    fn labels(&mut self) {
        for (rect, text) in std::mem::take(&mut self.labels) {
            // A backing rather than a stroked halo: renderers that ignore
            // paint-order would draw the halo over the text.
            writeln!(
                self.out,
                "<rect class=\"action-bg\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>",
                num(rect.x - 2.0),
                num(rect.y),
                num(rect.width + 4.0),
                num(rect.height)
            )
            .ok();
            writeln!(
                self.out,
                "<text class=\"action\" x=\"{}\" y=\"{}\">{}</text>",
                num(rect.x),
                num(rect.y + rect.height - 4.0),
                escape(&text)
            )
            .ok();
        }
    }

    fn finish(mut self) -> String {
        self.out.push_str("</g>\n</svg>\n");
        self.out
    }
}

/// Closer than a few pixels counts: labels that touch read as one.
fn overlaps(a: &Rect, b: &Rect) -> bool {
    const CLEAR: f64 = 6.0;
    a.x < b.x + b.width + CLEAR
        && b.x < a.x + a.width + CLEAR
        && a.y < b.y + b.height + CLEAR
        && b.y < a.y + a.height + CLEAR
}

const STYLE: &str = "<style>
.canvas { fill: #ffffff; }
.box { fill: #ffffff; stroke: #475569; stroke-width: 1.2; }
.header { fill: #dbe4ef; }
.name { font-weight: bold; fill: #0f172a; }
.keys { font-weight: bold; fill: #9a3412; }
.column { fill: #0f172a; }
.type { fill: #475569; }
.ref { fill: #64748b; }
.fk { fill: none; stroke: #64748b; stroke-width: 1.2; }
.end { fill: #ffffff; stroke: #64748b; stroke-width: 1.2; }
.action { font-size: 10px; fill: #b91c1c; }
.action-bg { fill: #ffffff; fill-opacity: 0.85; }
</style>
";

/// Crow's-foot ends, drawn with the box to the right of the marker (at its
/// tip): orient `auto-start-reverse` turns the start marker to face the child.
const MARKERS: &str = "<defs>
<marker id=\"one\" viewBox=\"0 0 20 12\" refX=\"20\" refY=\"6\" markerWidth=\"20\" markerHeight=\"12\" markerUnits=\"userSpaceOnUse\" orient=\"auto-start-reverse\"><path class=\"end\" d=\"M14,1 V11 M9,1 V11\"/></marker>
<marker id=\"zero-one\" viewBox=\"0 0 20 12\" refX=\"20\" refY=\"6\" markerWidth=\"20\" markerHeight=\"12\" markerUnits=\"userSpaceOnUse\" orient=\"auto-start-reverse\"><path class=\"end\" d=\"M15,1 V11\"/><circle class=\"end\" cx=\"7\" cy=\"6\" r=\"3.5\"/></marker>
<marker id=\"zero-many\" viewBox=\"0 0 20 12\" refX=\"20\" refY=\"6\" markerWidth=\"20\" markerHeight=\"12\" markerUnits=\"userSpaceOnUse\" orient=\"auto-start-reverse\"><path class=\"end\" d=\"M20,1 L12,6 L20,11 M12,6 H20\"/><circle class=\"end\" cx=\"7\" cy=\"6\" r=\"3.5\"/></marker>
</defs>
";

/// A coordinate to a tenth, without a trailing `.0` or a `-0`.
fn num(v: f64) -> String {
    let tenths = (v * 10.0).round() as i64;
    if tenths % 10 == 0 {
        format!("{}", tenths / 10)
    } else {
        format!(
            "{}{}.{}",
            if tenths < 0 { "-" } else { "" },
            (tenths / 10).abs(),
            (tenths % 10).abs()
        )
    }
}

/// Text or an attribute value in XML.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use pschema_schema::{Column, ColumnType, ForeignKey, PrimaryKey, ReferentialAction, Schema, Table};

    fn column(name: &str, nullable: bool) -> Column {
        Column {
            name: name.into(),
            ty: ColumnType::Integer,
            nullable,
            default: None,
            comment: None,
            sqlite_length: None,
            renamed_from: None,
            fill: None,
        }
    }

    /// Names no schema file can hold, as a `Schema` built in code may.
    fn awkward() -> Schema {
        let parent = Table {
            name: "a&b<c>".into(),
            columns: vec![column("id\"'", false)],
            primary_key: Some(PrimaryKey {
                name: None,
                columns: vec!["id\"'".into()],
            }),
            ..Table::default()
        };
        let child = Table {
            name: "t\"1'".into(),
            columns: vec![column("id", false), column("p<&>", true), column("up", true)],
            primary_key: Some(PrimaryKey {
                name: None,
                columns: vec!["id".into()],
            }),
            foreign_keys: vec![
                ForeignKey {
                    name: None,
                    columns: vec!["p<&>".into()],
                    ref_table: "a&b<c>".into(),
                    ref_columns: vec!["id\"'".into()],
                    on_delete: ReferentialAction::SetNull,
                    on_update: ReferentialAction::NoAction,
                },
                ForeignKey {
                    name: None,
                    columns: vec!["up".into()],
                    ref_table: "t\"1'".into(),
                    ref_columns: vec!["id".into()],
                    on_delete: ReferentialAction::Cascade,
                    on_update: ReferentialAction::NoAction,
                },
            ],
            ..Table::default()
        };
        Schema {
            enums: vec![],
            tables: vec![parent, child],
        }
    }

    #[test]
    fn names_are_escaped_and_the_document_is_well_formed() {
        let svg = crate::render(&awkward(), &crate::Selection::All, crate::Format::Svg).unwrap();
        let doc = roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("{e}\n{svg}"));
        let texts: Vec<&str> = doc
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .filter_map(|n| n.text())
            .collect();
        for name in ["a&b<c>", "t\"1'", "p<&>", "id\"'"] {
            assert!(texts.contains(&name), "{name} not drawn: {texts:?}");
        }
        assert!(svg.contains("a&amp;b&lt;c&gt;") && svg.contains("t&quot;1&apos;"));
        // The loop of `up` to its own table, with its action beside it.
        assert!(texts.contains(&"ON DELETE CASCADE") && texts.contains(&"ON DELETE SET NULL"));
    }

    #[test]
    fn the_same_schema_gives_the_same_bytes() {
        let schema = crate::diagram::tests::shop();
        let first = crate::render(&schema, &crate::Selection::All, crate::Format::Svg).unwrap();
        let again = crate::render(&schema.clone(), &crate::Selection::All, crate::Format::Svg).unwrap();
        assert!(first == again);
    }

    #[test]
    fn numbers_print_to_a_tenth() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(-0.04), "0");
        assert_eq!(num(-1.25), "-1.3");
        assert_eq!(num(1.2345), "1.2");
        assert_eq!(num(-0.5), "-0.5");
    }
}
