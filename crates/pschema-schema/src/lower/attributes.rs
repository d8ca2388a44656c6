//! The argument shapes attributes take (`@comment("...")`, `@index(name: x)`, ...).

use super::Lowerer;
use pschema_syntax::Diagnostic;
use pschema_syntax::ast::{Argument, Attribute, Expr};

impl Lowerer {
    pub(super) fn no_arguments(&mut self, attribute: &Attribute) {
        if let Some(args) = &attribute.args
            && !args.is_empty()
        {
            self.error(
                Diagnostic::error(format!("`@{}` takes no arguments", attribute.name.name), args[0].span)
                    .with_label("unexpected argument"),
            );
        }
    }

    pub(super) fn positional<'a>(&mut self, attribute: &'a Attribute, expected: &str) -> Option<&'a Expr> {
        match attribute.args.as_deref() {
            Some([Argument { name: None, value, .. }]) => Some(value),
            _ => {
                self.error(
                    Diagnostic::error(
                        format!("`@{}` takes one argument: {expected}", attribute.name.name),
                        attribute.span,
                    )
                    .with_label("wrong arguments"),
                );
                None
            }
        }
    }

    pub(super) fn single_string(&mut self, attribute: &Attribute) -> Option<String> {
        match self.positional(attribute, "a string")? {
            Expr::String(s) => {
                self.no_nul(&format!("`@{}`", attribute.name.name), &s.value, s.span);
                Some(s.value.clone())
            }
            other => {
                self.error(
                    Diagnostic::error(format!("`@{}` takes a string", attribute.name.name), other.span())
                        .with_label("expected a string in double quotes"),
                );
                None
            }
        }
    }

    pub(super) fn single_name(&mut self, attribute: &Attribute) -> Option<String> {
        match self.positional(attribute, "a name")? {
            Expr::Ident(ident) => Some(ident.name.clone()),
            Expr::String(s) if pschema_syntax::is_identifier(&s.value) => Some(s.value.clone()),
            other => {
                self.error(
                    Diagnostic::error(format!("`@{}` takes a name", attribute.name.name), other.span())
                        .with_label("expected a name"),
                );
                None
            }
        }
    }

    /// An enum label: a name or a string.
    pub(super) fn single_label(&mut self, attribute: &Attribute) -> Option<String> {
        match self.positional(attribute, "the old label")? {
            Expr::Ident(ident) => Some(ident.name.clone()),
            Expr::String(s) => Some(s.value.clone()),
            other => {
                self.error(
                    Diagnostic::error("`@renamed_from` on a label takes the old label", other.span())
                        .with_label("expected a label"),
                );
                None
            }
        }
    }

    /// `@index` or `@index(name: ix_custom)`.
    pub(super) fn optional_named_name(&mut self, attribute: &Attribute, key: &str) -> Option<String> {
        let args = attribute.args.as_deref().unwrap_or_default();
        let mut result = None;
        for arg in args {
            let value = match (&arg.name, &arg.value) {
                (Some(n), Expr::Ident(v)) if n.name == key => Some(v.name.clone()),
                (Some(n), Expr::String(v)) if n.name == key && pschema_syntax::is_identifier(&v.value) => {
                    Some(v.value.clone())
                }
                _ => None,
            };
            match value {
                Some(v) => result = Some(v),
                None => self.error(
                    Diagnostic::error(
                        format!("`@{}` takes only `{key}: <name>`", attribute.name.name),
                        arg.span,
                    )
                    .with_label("unexpected argument"),
                ),
            }
        }
        result
    }
}
