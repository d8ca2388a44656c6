//! Column declarations: the type, the attributes, and the index, key or
//! constraint an attribute stands for.

use super::{BUILTIN_TYPES, COLUMN_ATTRIBUTES, HintTarget, Lowerer, TableSpans, did_you_mean, suggestion};
use crate::model::*;
use pschema_syntax::Diagnostic;
use pschema_syntax::ast::{self, Attribute, Span};

/// PostgreSQL's limit for `VARCHAR(n)`.
pub(super) const MAX_STRING_LENGTH: u32 = 10_485_760;
/// PostgreSQL's limit for the precision of `NUMERIC(p, s)`.
pub(super) const MAX_NUMERIC_PRECISION: u32 = 1000;

impl Lowerer {
    /// `@sqlite_length(n)`: an enum column's VARCHAR length on SQLite.
    fn sqlite_length(&mut self, attribute: &Attribute, ty: Option<&ColumnType>, column: &str) -> Option<u32> {
        if !matches!(ty, Some(ColumnType::Enum(_)) | None) {
            self.error(
                Diagnostic::error(
                    format!("`@sqlite_length` on column `{column}`, which is not an enum"),
                    attribute.span,
                )
                .with_label("only an enum column's length on SQLite can be pinned")
                .with_note("a String(n) column has its length already"),
            );
            return None;
        }
        match self.positional(attribute, "a length")? {
            ast::Expr::Number { text, span } => match text.parse::<u32>() {
                Ok(n) if (1..=MAX_STRING_LENGTH).contains(&n) => Some(n),
                _ => {
                    self.error(
                        Diagnostic::error(format!("`@sqlite_length({text})` is not a length"), *span)
                            .with_label(format!("expected a whole number from 1 to {MAX_STRING_LENGTH}")),
                    );
                    None
                }
            },
            other => {
                self.error(
                    Diagnostic::error("`@sqlite_length` takes a number", other.span())
                        .with_label("expected a length, such as 20"),
                );
                None
            }
        }
    }

    pub(super) fn column_decl(
        &mut self,
        decl: &ast::ColumnDecl,
        table: &mut Table,
        schema: &Schema,
        spans: &mut TableSpans,
        primary_key_span: &mut Option<(Span, String)>,
    ) {
        let name = &decl.name.name;
        self.check_name("column", name, decl.name.span);
        let ty = self.column_type(&decl.ty, schema);
        let mut column = Column {
            name: name.clone(),
            ty: ty.clone().unwrap_or(ColumnType::Text),
            nullable: decl.ty.optional,
            default: None,
            comment: None,
            sqlite_length: None,
            renamed_from: None,
            fill: None,
        };

        // A column has a handful of attributes: looking back through them is
        // cheaper than a list or a map of its own.
        let mut is_id = false;
        let mut is_unique = false;
        let mut index_name: Option<(String, Span)> = None;
        let mut default_attr: Option<&Attribute> = None;
        let mut fill_attr: Option<&Attribute> = None;
        for (i, attribute) in decl.attributes.iter().enumerate() {
            let attr_name = attribute.name.name.as_str();
            if let Some(first) = decl.attributes[..i].iter().find(|a| a.name.name == attr_name) {
                self.error(
                    Diagnostic::error(
                        format!("attribute `@{attr_name}` is given twice on column `{name}`"),
                        attribute.span,
                    )
                    .with_label("given again here")
                    .with_secondary(first.span, "first given here"),
                );
                continue;
            }
            match attr_name {
                "id" => {
                    self.no_arguments(attribute);
                    is_id = true;
                }
                "unique" => {
                    self.no_arguments(attribute);
                    is_unique = true;
                }
                "index" => {
                    let custom = self.optional_named_name(attribute, "name");
                    let index = custom.unwrap_or_else(|| column_index_name(&table.name, name));
                    index_name = Some((index, attribute.span));
                }
                "default" => default_attr = Some(attribute),
                "fill" => fill_attr = Some(attribute),
                "sqlite_length" => column.sqlite_length = self.sqlite_length(attribute, ty.as_ref(), name),
                "references" => {
                    if let Some(fk) = self.references(attribute, name) {
                        spans.foreign_keys.push(attribute.span);
                        table.foreign_keys.push(fk);
                    }
                }
                "comment" => column.comment = self.single_string(attribute),
                "renamed_from" => {
                    column.renamed_from = self.single_name(attribute);
                    let target = HintTarget::Column {
                        table: table.name.clone(),
                    };
                    self.hint(target, &column.renamed_from, name, attribute);
                }
                other => self.error(did_you_mean(
                    Diagnostic::error(format!("unknown attribute `@{other}`"), attribute.name.span)
                        .with_label("not a column attribute")
                        .with_note(format!(
                            "column attributes are {}",
                            COLUMN_ATTRIBUTES
                                .iter()
                                .map(|a| format!("@{a}"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        )),
                    other,
                    COLUMN_ATTRIBUTES.iter().copied(),
                )),
            }
        }

        if let (Some(attribute), Some(ty)) = (default_attr, &ty) {
            column.default = self.default_value(attribute, ty, schema, name);
        }
        if let (Some(attribute), Some(ty)) = (fill_attr, &ty) {
            column.fill = self.default_value(attribute, ty, schema, name);
            if column.nullable {
                self.error(
                    Diagnostic::error(format!("`@fill` on nullable column `{name}`"), attribute.span)
                        .with_label("a NULL needs no filling")
                        .with_note("`@fill(value)` gives rows holding NULL a value when the column becomes NOT NULL"),
                );
            }
        }
        if is_id {
            let span = decl
                .attributes
                .iter()
                .find(|a| a.name.name == "id")
                .map_or(decl.span, |a| a.span);
            if let Some((first, first_columns)) = primary_key_span {
                self.error(
                    Diagnostic::error(format!("table `{}` has two primary keys", table.name), span)
                        .with_label(format!("`{name}` is marked @id"))
                        .with_secondary(*first, format!("primary key ({first_columns}) declared here"))
                        .with_note(
                            "a table has one primary key; list every column of a composite key in `primary key (a, b)`",
                        ),
                );
            } else {
                if column.nullable {
                    self.error(
                        Diagnostic::error(format!("primary key column `{name}` cannot be nullable"), decl.ty.span)
                            .with_label("nullable type on an @id column")
                            .with_note("remove the `?` from its type"),
                    );
                }
                *primary_key_span = Some((span, name.clone()));
                table.primary_key = Some(PrimaryKey {
                    name: None,
                    columns: vec![name.clone()],
                });
            }
        }
        match (index_name, is_unique) {
            (Some((index, span)), unique) => {
                self.check_name("index", &index, span);
                self.claim_relation_name("index", &index, span);
                table.indexes.push(Index {
                    name: index,
                    columns: vec![name.clone()],
                    unique,
                });
            }
            (None, true) => table.uniques.push(UniqueConstraint {
                name: None,
                columns: vec![name.clone()],
            }),
            (None, false) => {}
        }
        table.columns.push(column);
    }

    pub(super) fn column_type(&mut self, ty: &ast::TypeRef, schema: &Schema) -> Option<ColumnType> {
        let name = ty.name.name.as_str();
        let args = ty.args.as_deref();
        let no_args = |this: &mut Lowerer, t: ColumnType| -> Option<ColumnType> {
            if let Some(args) = args {
                let span = args.first().map_or(ty.name.span, |a| a.span());
                this.error(
                    Diagnostic::error(format!("type `{name}` takes no arguments"), span)
                        .with_label("unexpected argument"),
                );
            }
            Some(t)
        };
        match name {
            "SmallInteger" => no_args(self, ColumnType::SmallInteger),
            "Integer" => no_args(self, ColumnType::Integer),
            "BigInteger" => no_args(self, ColumnType::BigInteger),
            "Text" => no_args(self, ColumnType::Text),
            "Boolean" => no_args(self, ColumnType::Boolean),
            "Date" => no_args(self, ColumnType::Date),
            "Time" => no_args(self, ColumnType::Time),
            "Float" => no_args(self, ColumnType::Float),
            "JSON" => no_args(self, ColumnType::Json),
            "LargeBinary" => no_args(self, ColumnType::LargeBinary),
            "String" => {
                let numbers = self.integer_args(ty, 1, "String(length)")?;
                let length = numbers.first().copied();
                let span = args.and_then(|a| a.first()).map_or(ty.span, |a| a.span());
                if length == Some(0) {
                    self.error(Diagnostic::error("a String length must be at least 1", span).with_label("zero length"));
                } else if length.is_some_and(|n| n > MAX_STRING_LENGTH) {
                    self.error(
                        Diagnostic::error(format!("a String length must be at most {MAX_STRING_LENGTH}"), span)
                            .with_label("too long for PostgreSQL's VARCHAR")
                            .with_note("for longer or unbounded text use `Text` or `String` without a length"),
                    );
                }
                Some(ColumnType::String { length })
            }
            "Numeric" => {
                let numbers = self.integer_args(ty, 2, "Numeric(precision, scale)")?;
                let precision = numbers.first().copied();
                let scale = numbers.get(1).copied();
                if scale.is_none()
                    && let Some(p) = precision
                    && !(1..=MAX_NUMERIC_PRECISION).contains(&p)
                {
                    let span = args.and_then(|a| a.first()).map_or(ty.span, |a| a.span());
                    self.error(
                        Diagnostic::error(format!("Numeric({p}) is not a valid precision"), span)
                            .with_label("invalid precision")
                            .with_note(format!("precision must be between 1 and {MAX_NUMERIC_PRECISION}")),
                    );
                }
                if let (Some(p), Some(s)) = (precision, scale)
                    && (p == 0 || s > p || p > MAX_NUMERIC_PRECISION)
                {
                    self.error(
                        Diagnostic::error(format!("Numeric({p}, {s}) is not a valid precision and scale"), ty.span)
                            .with_label("invalid precision or scale")
                            .with_note(format!("precision must be between 1 and {MAX_NUMERIC_PRECISION}, and scale at most the precision")),
                    );
                }
                Some(ColumnType::Numeric { precision, scale })
            }
            "DateTime" => match args {
                None => Some(ColumnType::DateTime { timezone: false }),
                Some([ast::TypeArg::Ident(ident)]) if ident.name == "timezone" => {
                    Some(ColumnType::DateTime { timezone: true })
                }
                Some(args) => {
                    let span = args.first().map_or(ty.span, |a| a.span());
                    self.error(
                        Diagnostic::error("`DateTime` takes no argument or `timezone`", span)
                            .with_label("expected `timezone`")
                            .with_note("write `DateTime` for timestamp without time zone, `DateTime(timezone)` for timestamp with time zone"),
                    );
                    None
                }
            },
            _ => {
                if let Some(e) = self.enum_named(schema, name) {
                    return no_args(self, ColumnType::Enum(e.name.clone()));
                }
                let enum_guess = suggestion(name, schema.enums.iter().map(|e| e.name.as_str()));
                let diagnostic = if let Some(guess) = enum_guess {
                    Diagnostic::error(format!("unknown enum `{name}`"), ty.name.span)
                        .with_label("no enum of this name is declared")
                        .with_note(format!("did you mean `{guess}`?"))
                } else {
                    did_you_mean(
                        Diagnostic::error(format!("unknown type `{name}`"), ty.name.span)
                            .with_label("not a built-in type or a declared enum")
                            .with_note(format!("built-in types: {}", BUILTIN_TYPES.join(", "))),
                        name,
                        BUILTIN_TYPES.iter().copied(),
                    )
                };
                self.error(diagnostic);
                None
            }
        }
    }

    /// Up to `max` integer arguments; none at all is fine (`String`, `Numeric`).
    pub(super) fn integer_args(&mut self, ty: &ast::TypeRef, max: usize, form: &str) -> Option<Vec<u32>> {
        let Some(args) = &ty.args else {
            return Some(Vec::new());
        };
        if args.len() > max {
            self.error(
                Diagnostic::error(format!("too many arguments: the form is `{form}`"), args[max].span())
                    .with_label("unexpected argument"),
            );
            return None;
        }
        let mut numbers = Vec::new();
        for arg in args {
            match arg {
                ast::TypeArg::Integer { value, span } => match value.parse::<u32>() {
                    Ok(n) => numbers.push(n),
                    Err(_) => {
                        self.error(Diagnostic::error(format!("`{value}` is too large"), *span).with_label("too large"));
                        return None;
                    }
                },
                ast::TypeArg::Ident(ident) => {
                    self.error(
                        Diagnostic::error(
                            format!("expected a number, found `{}`: the form is `{form}`", ident.name),
                            ident.span,
                        )
                        .with_label("not a number"),
                    );
                    return None;
                }
            }
        }
        Some(numbers)
    }
}
