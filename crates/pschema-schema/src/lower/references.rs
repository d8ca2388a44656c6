//! Foreign keys: `@references(...)` and referential actions, and the checks
//! that need every table (targets, column types, uniqueness).

use super::HashMap;
use super::{Lowerer, TableSpans, did_you_mean, type_name};
use crate::model::*;
use pschema_syntax::Diagnostic;
use pschema_syntax::ast::{Attribute, Expr, Ident};

impl Lowerer {
    /// `@references(table.column, on_delete: cascade, on_update: ..., name: fk_x)`
    pub(super) fn references(&mut self, attribute: &Attribute, column: &str) -> Option<ForeignKey> {
        let args = attribute.args.as_deref().unwrap_or_default();
        let mut target: Option<(String, String)> = None;
        let mut fk = ForeignKey {
            name: None,
            columns: vec![column.to_string()],
            ref_table: String::new(),
            ref_columns: Vec::new(),
            on_delete: ReferentialAction::NoAction,
            on_update: ReferentialAction::NoAction,
        };
        for arg in args {
            match (&arg.name, &arg.value) {
                (None, Expr::Path { parts, .. }) if parts.len() == 2 && target.is_none() => {
                    target = Some((parts[0].name.clone(), parts[1].name.clone()));
                }
                (Some(key), Expr::Ident(value)) if key.name == "on_delete" => fk.on_delete = self.referential_action(value),
                (Some(key), Expr::Ident(value)) if key.name == "on_update" => fk.on_update = self.referential_action(value),
                (Some(key), Expr::Ident(value)) if key.name == "name" => {
                    self.check_name("constraint", &value.name, value.span);
                    self.claim_relation_name("constraint", &value.name, value.span);
                    fk.name = Some(value.name.clone());
                }
                _ => self.error(
                    Diagnostic::error("unexpected argument to `@references`", arg.span)
                        .with_label("not understood")
                        .with_note("the form is `@references(table.column, on_delete: cascade, on_update: cascade, name: fk_name)`"),
                ),
            }
        }
        let Some((table, ref_column)) = target else {
            self.error(
                Diagnostic::error("`@references` needs the referenced `table.column`", attribute.span)
                    .with_label("missing target")
                    .with_note("for example `@references(users.id, on_delete: cascade)`"),
            );
            return None;
        };
        fk.ref_table = table;
        fk.ref_columns = vec![ref_column];
        Some(fk)
    }

    pub(super) fn referential_action(&mut self, value: &Ident) -> ReferentialAction {
        match ReferentialAction::ALL.iter().find(|(k, _)| *k == value.name) {
            Some((_, action)) => *action,
            None => {
                self.error(did_you_mean(
                    Diagnostic::error(format!("unknown referential action `{}`", value.name), value.span)
                        .with_label("expected cascade, set_null, set_default, restrict or no_action"),
                    &value.name,
                    ReferentialAction::ALL.iter().map(|(k, _)| *k),
                ));
                ReferentialAction::NoAction
            }
        }
    }

    /// Foreign keys can point at tables declared later, so they are checked
    /// once every table is known.
    pub(super) fn check_foreign_keys(&mut self, schema: &Schema, table_spans: &HashMap<String, TableSpans>) {
        let tables: HashMap<&str, &Table> = schema.tables.iter().map(|t| (t.name.as_str(), t)).collect();
        for table in &schema.tables {
            let spans = &table_spans[&table.name];
            // Still in declaration order here, the order their spans were recorded in.
            for (fk, span) in table.foreign_keys.iter().zip(&spans.foreign_keys) {
                let span = *span;
                let Some(target) = tables.get(fk.ref_table.as_str()).copied() else {
                    self.error(did_you_mean(
                        Diagnostic::error(
                            format!("foreign key references table `{}`, which is not declared", fk.ref_table),
                            span,
                        )
                        .with_label("no such table"),
                        &fk.ref_table,
                        schema.tables.iter().map(|t| t.name.as_str()),
                    ));
                    continue;
                };
                if fk.columns.len() != fk.ref_columns.len() {
                    self.error(
                        Diagnostic::error(
                            format!(
                                "foreign key has {} column(s) but references {} column(s)",
                                fk.columns.len(),
                                fk.ref_columns.len()
                            ),
                            span,
                        )
                        .with_label("column counts differ"),
                    );
                    continue;
                }
                let mut all_found = true;
                for (from, to) in fk.columns.iter().zip(&fk.ref_columns) {
                    let Some(target_column) = target.column(to) else {
                        all_found = false;
                        self.error(did_you_mean(
                            Diagnostic::error(
                                format!(
                                    "foreign key references column `{}.{to}`, which does not exist",
                                    target.name
                                ),
                                span,
                            )
                            .with_label("no such column")
                            .with_secondary(
                                table_spans[&target.name].name,
                                format!("table `{}` declared here", target.name),
                            ),
                            to,
                            target.columns.iter().map(|c| c.name.as_str()),
                        ));
                        continue;
                    };
                    let Some(source_column) = table.column(from) else {
                        continue;
                    };
                    if source_column.ty.family() != target_column.ty.family()
                        || (matches!(source_column.ty, ColumnType::Enum(_)) && source_column.ty != target_column.ty)
                    {
                        let source_span = spans.columns.get(from).copied().unwrap_or(span);
                        self.error(
                            Diagnostic::error(
                                format!(
                                    "foreign key column `{}.{from}` is {}, but it references `{}.{to}`, which is {}",
                                    table.name,
                                    type_name(&source_column.ty),
                                    target.name,
                                    type_name(&target_column.ty)
                                ),
                                source_span,
                            )
                            .with_label("type differs from the referenced column")
                            .with_secondary(
                                table_spans[&target.name].columns.get(to).copied().unwrap_or(span),
                                "referenced column declared here",
                            ),
                        );
                    }
                }
                if all_found && !target.has_unique_key(&fk.ref_columns) {
                    self.error(
                        Diagnostic::error(
                            format!(
                                "foreign key references `{}` ({}), which is not a primary key or unique",
                                target.name,
                                fk.ref_columns.join(", ")
                            ),
                            span,
                        )
                        .with_label("referenced columns are not unique")
                        .with_note("PostgreSQL requires a primary key, unique constraint or unique index on the referenced columns"),
                    );
                }
            }
        }
    }
}
