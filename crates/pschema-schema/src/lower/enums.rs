//! Enum declarations: the database type name and the labels.

use super::{Lowerer, MAX_IDENTIFIER_BYTES};
use crate::model::*;
use pschema_syntax::Diagnostic;
use pschema_syntax::ast::{self, Span};
use std::collections::HashMap;

impl Lowerer {
    pub(super) fn enum_decl(&mut self, decl: &ast::EnumDecl) -> Enum {
        let db_name = match &decl.db_name {
            Some(name) => {
                if !pschema_syntax::is_identifier(&name.value) {
                    self.error(
                        Diagnostic::error(
                            format!("enum type name `{}` is not a valid database name", name.value),
                            name.span,
                        )
                        .with_label("use letters, digits and `_`, starting with a letter"),
                    );
                }
                self.check_name("enum type", &name.value, name.span);
                name.value.clone()
            }
            None => {
                let default = decl.name.name.to_lowercase();
                self.check_name("enum type", &default, decl.name.span);
                default
            }
        };
        let mut labels: Vec<String> = Vec::new();
        let mut renamed_labels = Vec::new();
        let mut label_spans: HashMap<&str, Span> = HashMap::new();
        for item in &decl.items {
            let ast::EnumItem::Label(label) = item else {
                continue;
            };
            if let Some(first) = label_spans.get(label.value.as_str()) {
                self.error(
                    Diagnostic::error(
                        format!("label `{}` appears twice in enum `{}`", label.value, decl.name.name),
                        label.span,
                    )
                    .with_label("repeated here")
                    .with_secondary(*first, "first here"),
                );
                continue;
            }
            if label.value.is_empty() {
                self.error(Diagnostic::error("an enum label cannot be empty", label.span).with_label("empty label"));
            } else if label.value.len() > MAX_IDENTIFIER_BYTES {
                self.error(
                    Diagnostic::error(
                        format!(
                            "enum label is {} bytes long; PostgreSQL allows at most {MAX_IDENTIFIER_BYTES}",
                            label.value.len()
                        ),
                        label.span,
                    )
                    .with_label("too long"),
                );
            }
            for attribute in &label.attributes {
                if attribute.name.name == "renamed_from" {
                    if let Some(old) = self.single_label(attribute) {
                        renamed_labels.push((old, label.value.clone()));
                    }
                } else {
                    self.error(
                        Diagnostic::error(
                            format!("unknown label attribute `@{}`", attribute.name.name),
                            attribute.name.span,
                        )
                        .with_label("labels take only @renamed_from(OLD)"),
                    );
                }
            }
            label_spans.insert(&label.value, label.span);
            labels.push(label.value.clone());
        }
        if labels.is_empty() && label_spans.is_empty() {
            self.error(
                Diagnostic::error(format!("enum `{}` has no labels", decl.name.name), decl.name.span)
                    .with_label("declare at least one label"),
            );
        }
        Enum {
            name: decl.name.name.clone(),
            db_name,
            labels,
            renamed_labels,
        }
    }
}
