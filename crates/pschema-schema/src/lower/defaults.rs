//! Server defaults: the value written, and whether it fits the column.

use super::{Lowerer, did_you_mean, type_name};
use crate::model::*;
use pschema_syntax::Diagnostic;
use pschema_syntax::ast::{Argument, Attribute, Expr};

impl Lowerer {
    pub(super) fn default_value(
        &mut self,
        attribute: &Attribute,
        ty: &ColumnType,
        schema: &Schema,
        column: &str,
    ) -> Option<DefaultValue> {
        let expr = self.positional(attribute, "a value, `now()` or `sql(\"...\")`")?;
        let (value, shown) = match expr {
            Expr::Number { text, .. } => (DefaultValue::Number(text.clone()), text.clone()),
            Expr::String(s) => (DefaultValue::String(s.value.clone()), format!("\"{}\"", s.value)),
            Expr::Ident(ident) if ident.name == "true" || ident.name == "false" => {
                (DefaultValue::Boolean(ident.name == "true"), ident.name.clone())
            }
            Expr::Ident(ident) if matches!(ty, ColumnType::Enum(_)) => {
                (DefaultValue::String(ident.name.clone()), ident.name.clone())
            }
            Expr::Call { name, args, .. } if name.name == "now" && args.is_empty() => {
                (DefaultValue::Now, "now()".into())
            }
            Expr::Call { name, args, .. } if name.name == "sql" => match args.as_slice() {
                [
                    Argument {
                        name: None,
                        value: Expr::String(s),
                        ..
                    },
                ] if !s.value.trim().is_empty() => {
                    return Some(DefaultValue::Sql(s.value.clone()));
                }
                _ => {
                    self.error(
                        Diagnostic::error("`sql(...)` takes one non-empty string of SQL", expr.span())
                            .with_label("expected `sql(\"...\")`"),
                    );
                    return None;
                }
            },
            other => {
                self.error(
                    Diagnostic::error(
                        "a default must be a number, a string, true, false, now() or sql(\"...\")",
                        other.span(),
                    )
                    .with_label("not a default value"),
                );
                return None;
            }
        };
        let fits = match (&value, ty) {
            (DefaultValue::Number(text), t) if t.is_integer() => !text.contains('.'),
            (DefaultValue::Number(_), ColumnType::Float | ColumnType::Numeric { .. }) => true,
            (DefaultValue::String(s), ColumnType::String { length }) => {
                length.is_none_or(|n| s.chars().count() <= n as usize)
            }
            (
                DefaultValue::String(_),
                ColumnType::Text | ColumnType::Json | ColumnType::Date | ColumnType::DateTime { .. } | ColumnType::Time,
            ) => true,
            (DefaultValue::String(s), ColumnType::Enum(name)) => {
                let labels = schema.enum_named(name).map(|e| e.labels.clone()).unwrap_or_default();
                if !labels.contains(s) {
                    self.error(did_you_mean(
                        Diagnostic::error(format!("default `{s}` is not a label of enum `{name}`"), expr.span())
                            .with_label("unknown label")
                            .with_note(format!("labels: {}", labels.join(", "))),
                        s,
                        labels.iter().map(String::as_str),
                    ));
                    return None;
                }
                true
            }
            (DefaultValue::Boolean(_), ColumnType::Boolean) => true,
            (DefaultValue::Now, ColumnType::DateTime { .. } | ColumnType::Date | ColumnType::Time) => true,
            _ => false,
        };
        if !fits {
            self.error(
                Diagnostic::error(
                    format!(
                        "default {shown} does not fit column `{column}` of type {}",
                        type_name(ty)
                    ),
                    expr.span(),
                )
                .with_label("wrong kind of value for this column"),
            );
            return None;
        }
        Some(value)
    }
}
