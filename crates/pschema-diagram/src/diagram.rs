//! What a diagram shows, whatever the format: the selected tables with their
//! key columns, and the foreign keys between them.

use crate::{Error, Selection};
use pschema_schema::{ReferentialAction, Schema, Table};
use std::collections::{BTreeSet, HashMap, VecDeque};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagram {
    /// In the schema's declaration order.
    pub entities: Vec<Entity>,
    /// By child in declaration order, then the child's foreign keys in the
    /// schema's order.
    pub relations: Vec<Relation>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entity {
    pub name: String,
    /// Primary key and foreign key columns, in the table's column order.
    pub columns: Vec<KeyColumn>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyColumn {
    pub name: String,
    /// The type as the schema language writes it (`String(255)`, `UserTier`).
    pub ty: String,
    pub nullable: bool,
    pub primary: bool,
    /// The tables this column's foreign keys reference, shown or not.
    pub references: Vec<String>,
}

impl KeyColumn {
    pub fn foreign(&self) -> bool {
        !self.references.is_empty()
    }
}

/// A foreign key from `child` to `parent` (indexes into `entities`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relation {
    pub child: usize,
    pub parent: usize,
    pub columns: Vec<String>,
    pub ref_columns: Vec<String>,
    pub on_delete: ReferentialAction,
    /// A child row may have no parent: one of the columns is nullable.
    pub optional: bool,
    /// A parent has at most one child: the columns are a unique key of the child.
    pub unique: bool,
}

impl Relation {
    /// `ON DELETE CASCADE`, or nothing for the default (NO ACTION).
    pub fn on_delete_label(&self) -> Option<&'static str> {
        match self.on_delete {
            ReferentialAction::NoAction => None,
            ReferentialAction::Restrict => Some("ON DELETE RESTRICT"),
            ReferentialAction::Cascade => Some("ON DELETE CASCADE"),
            ReferentialAction::SetNull => Some("ON DELETE SET NULL"),
            ReferentialAction::SetDefault => Some("ON DELETE SET DEFAULT"),
        }
    }

    /// The columns, then the ON DELETE action when there is one.
    pub fn label(&self) -> String {
        let columns = self.columns.join(", ");
        match self.on_delete_label() {
            Some(action) => format!("{columns} {action}"),
            None => columns,
        }
    }
}

impl Diagram {
    pub fn new(schema: &Schema, selection: &Selection) -> Result<Diagram, Error> {
        let shown = select(schema, selection)?;
        let tables: Vec<&Table> = schema
            .tables
            .iter()
            .enumerate()
            .filter(|(i, _)| shown.contains(i))
            .map(|(_, t)| t)
            .collect();
        let index: HashMap<&str, usize> = tables.iter().enumerate().map(|(i, t)| (t.name.as_str(), i)).collect();
        let entities = tables.iter().map(|t| entity(t)).collect();
        let mut relations = Vec::new();
        for (child, table) in tables.iter().enumerate() {
            for fk in &table.foreign_keys {
                let Some(&parent) = index.get(fk.ref_table.as_str()) else {
                    continue;
                };
                relations.push(Relation {
                    child,
                    parent,
                    columns: fk.columns.clone(),
                    ref_columns: fk.ref_columns.clone(),
                    on_delete: fk.on_delete,
                    optional: fk.columns.iter().any(|c| table.column(c).is_none_or(|c| c.nullable)),
                    unique: table.has_unique_key(&fk.columns),
                });
            }
        }
        Ok(Diagram { entities, relations })
    }
}

fn entity(table: &Table) -> Entity {
    let primary: &[String] = table.primary_key.as_ref().map_or(&[], |pk| &pk.columns);
    let columns = table
        .columns
        .iter()
        .filter_map(|c| {
            let references: Vec<String> = table
                .foreign_keys
                .iter()
                .filter(|fk| fk.columns.contains(&c.name))
                .map(|fk| fk.ref_table.clone())
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            let primary = primary.contains(&c.name);
            (primary || !references.is_empty()).then(|| KeyColumn {
                name: c.name.clone(),
                ty: pschema_schema::type_name(&c.ty),
                nullable: c.nullable,
                primary,
                references,
            })
        })
        .collect();
    Entity {
        name: table.name.clone(),
        columns,
    }
}

/// The indexes (into `schema.tables`) of the tables shown.
fn select(schema: &Schema, selection: &Selection) -> Result<BTreeSet<usize>, Error> {
    let position = |name: &str| {
        schema
            .tables
            .iter()
            .position(|t| t.name == name)
            .ok_or_else(|| Error::UnknownTable {
                name: name.to_string(),
                suggestion: suggestion(name, schema.tables.iter().map(|t| t.name.as_str())),
            })
    };
    match selection {
        Selection::All => Ok((0..schema.tables.len()).collect()),
        Selection::Tables(names) => names.iter().map(|n| position(n)).collect(),
        Selection::Around { table, depth } => {
            let start = position(table)?;
            Ok(around(schema, start, *depth))
        }
    }
}

/// Breadth-first over foreign keys taken both ways.
fn around(schema: &Schema, start: usize, depth: usize) -> BTreeSet<usize> {
    let index: HashMap<&str, usize> = schema
        .tables
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.as_str(), i))
        .collect();
    let mut neighbours: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); schema.tables.len()];
    for (child, table) in schema.tables.iter().enumerate() {
        for fk in &table.foreign_keys {
            if let Some(&parent) = index.get(fk.ref_table.as_str()) {
                neighbours[child].insert(parent);
                neighbours[parent].insert(child);
            }
        }
    }
    let mut seen = BTreeSet::from([start]);
    let mut queue = VecDeque::from([(start, 0)]);
    while let Some((table, hops)) = queue.pop_front() {
        if hops == depth {
            continue;
        }
        for &next in &neighbours[table] {
            if seen.insert(next) {
                queue.push_back((next, hops + 1));
            }
        }
    }
    seen
}

/// The closest name, as lowering suggests one for a misspelt reference.
fn suggestion<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<String> {
    candidates
        .map(|c| (strsim::damerau_levenshtein(&name.to_lowercase(), &c.to_lowercase()), c))
        .filter(|(distance, c)| *distance <= 2.max(c.len() / 4))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, c)| c.to_string())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) const SHOP: &str = r#"
table users {
  id    Integer @id
  email String(255)
}

table orders {
  id      Integer @id
  user_id Integer @references(users.id, on_delete: cascade)
  coupon  Integer? @references(coupons.id, on_delete: set_null)
}

table coupons {
  id    Integer @id
  owner Integer? @unique @references(users.id)
}

table lines {
  order_id Integer @references(orders.id, on_delete: cascade)
  n        Integer

  primary key (order_id, n)
}
"#;

    pub(crate) fn shop() -> Schema {
        pschema_schema::parse_schema(SHOP).unwrap_or_else(|d| panic!("{d:?}"))
    }

    fn names(d: &Diagram) -> Vec<&str> {
        d.entities.iter().map(|e| e.name.as_str()).collect()
    }

    #[test]
    fn key_columns_only_marked_with_their_references() {
        let d = Diagram::new(&shop(), &Selection::All).unwrap();
        let orders = &d.entities[1];
        let shown: Vec<(&str, &str, bool, &[String])> = orders
            .columns
            .iter()
            .map(|c| (c.name.as_str(), c.ty.as_str(), c.primary, c.references.as_slice()))
            .collect();
        assert_eq!(
            shown,
            [
                ("id", "Integer", true, &[][..]),
                ("user_id", "Integer", false, &["users".to_string()][..]),
                ("coupon", "Integer", false, &["coupons".to_string()][..]),
            ]
        );
        // email is neither key: not drawn.
        assert_eq!(d.entities[0].columns.len(), 1);
        // A composite key whose first column is also a foreign key.
        assert!(d.entities[3].columns[0].primary && d.entities[3].columns[0].foreign());
    }

    #[test]
    fn relations_know_their_cardinality_and_action() {
        let d = Diagram::new(&shop(), &Selection::All).unwrap();
        let shown: Vec<(usize, usize, String, bool, bool)> = d
            .relations
            .iter()
            .map(|r| (r.child, r.parent, r.label(), r.optional, r.unique))
            .collect();
        assert_eq!(
            shown,
            [
                (1, 2, "coupon ON DELETE SET NULL".to_string(), true, false),
                (1, 0, "user_id ON DELETE CASCADE".to_string(), false, false),
                (2, 0, "owner".to_string(), true, true),
                (3, 1, "order_id ON DELETE CASCADE".to_string(), false, false),
            ]
        );
    }

    #[test]
    fn tables_selects_those_and_the_edges_among_them() {
        let selection = Selection::Tables(vec!["lines".into(), "users".into(), "orders".into()]);
        let d = Diagram::new(&shop(), &selection).unwrap();
        assert_eq!(names(&d), ["users", "orders", "lines"]);
        // orders -> coupons is gone with coupons; its column still says where it points.
        assert_eq!(d.relations.len(), 2);
        assert_eq!(d.entities[1].columns[2].references, ["coupons"]);
    }

    #[test]
    fn around_follows_foreign_keys_both_ways_up_to_the_depth() {
        let around = |table: &str, depth| {
            let d = Diagram::new(
                &shop(),
                &Selection::Around {
                    table: table.into(),
                    depth,
                },
            )
            .unwrap();
            names(&d).join(" ")
        };
        assert_eq!(around("lines", 0), "lines");
        assert_eq!(around("lines", 1), "orders lines");
        assert_eq!(around("lines", 2), "users orders coupons lines");
        assert_eq!(around("coupons", 1), "users orders coupons");
        assert_eq!(around("users", 9), "users orders coupons lines");
    }

    #[test]
    fn an_unknown_table_is_named_with_the_closest_one() {
        let e = Diagram::new(&shop(), &Selection::Tables(vec!["users".into(), "order".into()])).unwrap_err();
        assert_eq!(e.to_string(), "unknown table `order` (did you mean `orders`?)");
        let e = Diagram::new(
            &shop(),
            &Selection::Around {
                table: "invoices".into(),
                depth: 1,
            },
        )
        .unwrap_err();
        assert_eq!(e.to_string(), "unknown table `invoices`");
    }
}
