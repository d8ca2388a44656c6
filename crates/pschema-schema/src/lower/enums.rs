//! Enum declarations: the database type name and the labels.

use super::HashMap;
use super::names::folded;
use super::{BUILTIN_TYPES, HintTarget, Lowerer, MAX_IDENTIFIER_BYTES, TableSpans};
use crate::model::*;
use pschema_syntax::Diagnostic;
use pschema_syntax::ast::{self, Span};

/// Type names PostgreSQL resolves to its own types whatever else is
/// declared: the types of `pg_catalog` (searched before any other schema)
/// and the SQL names its grammar maps to them. An enum of such a name is
/// created, but a column of it silently gets the built-in type.
/// (`SELECT typname FROM pg_type WHERE typnamespace = 'pg_catalog'::regnamespace AND
/// typtype IN ('b', 'p', 'r', 'm', 'd') AND typname NOT LIKE '\_%'`, PostgreSQL 15),
/// then the grammar's names for them and SERIAL, which a column type turns into a sequence.
const POSTGRES_TYPES: &str = "\
    aclitem any anyarray anycompatible anycompatiblearray anycompatiblemultirange \
    anycompatiblenonarray anycompatiblerange anyelement anyenum anymultirange anynonarray \
    anyrange bit bool box bpchar bytea char cid cidr circle cstring date datemultirange \
    daterange event_trigger fdw_handler float4 float8 gtsvector index_am_handler inet int2 \
    int2vector int4 int4multirange int4range int8 int8multirange int8range internal interval \
    json jsonb jsonpath language_handler line lseg macaddr macaddr8 money name numeric \
    nummultirange numrange oid oidvector path pg_brin_bloom_summary pg_brin_minmax_multi_summary \
    pg_ddl_command pg_dependencies pg_lsn pg_mcv_list pg_ndistinct pg_node_tree pg_snapshot \
    point polygon record refcursor regclass regcollation regconfig regdictionary regnamespace \
    regoper regoperator regproc regprocedure regrole regtype table_am_handler text tid time \
    timestamp timestamptz timetz trigger tsm_handler tsmultirange tsquery tsrange tstzmultirange \
    tstzrange tsvector txid_snapshot unknown uuid varbit varchar void xid xid8 xml \
    bigint bigserial boolean character dec decimal double float int integer national nchar real \
    serial serial2 serial4 serial8 smallint smallserial";

/// Why two type names that differ only in case are one (SQLite has no types).
const TYPE_CASE_NOTE: &str = "PostgreSQL takes them for one name unless they are quoted";

impl Lowerer {
    /// Enum types live in PostgreSQL's type namespace, with a row type for
    /// every table and its own built-in types; names compared without case,
    /// as for every other database name. `spans` has where each enum's type
    /// name is written (its name, when the type name comes from it).
    pub(super) fn check_enum_type_names(
        &mut self,
        enums: &[Enum],
        spans: &HashMap<String, Span>,
        tables: &HashMap<String, TableSpans>,
    ) {
        let tables: HashMap<String, (&str, Span)> = tables
            .iter()
            .map(|(name, spans)| (folded(name), (name.as_str(), spans.name)))
            .collect();
        let mut types: HashMap<String, (&Enum, Span)> = HashMap::default();
        for e in enums {
            let span = spans.get(&e.name).copied().unwrap_or_default();
            let key = folded(&e.db_name);
            // `enum Boolean` is refused for its name already.
            if POSTGRES_TYPES.split_whitespace().any(|t| t == key) && !BUILTIN_TYPES.contains(&e.name.as_str()) {
                self.error(
                    Diagnostic::error(
                        format!(
                            "enum `{}` has the database type name `{}`, which is a PostgreSQL built-in type",
                            e.name, e.db_name
                        ),
                        span,
                    )
                    .with_label("built-in type name")
                    .with_note("PostgreSQL looks up its own types first, so the columns would get the built-in type; give the enum another name with `enum Name \"other_name\"`"),
                );
            }
            if let Some((first, first_span)) = types.get(&key).copied() {
                let message = if first.db_name == e.db_name {
                    format!(
                        "enum `{}` has the database type name `{}`, which enum `{}` has too",
                        e.name, e.db_name, first.name
                    )
                } else {
                    format!(
                        "enum `{}` has the database type name `{}`, which differs from the type name `{}` of enum `{}` only in case; {TYPE_CASE_NOTE}",
                        e.name, e.db_name, first.db_name, first.name
                    )
                };
                self.error(
                    Diagnostic::error(message, span)
                        .with_label("type name taken")
                        .with_secondary(first_span, format!("enum `{}` declared here", first.name))
                        .with_note("give one of them another name with `enum Name \"other_name\"`"),
                );
            } else {
                types.insert(key.clone(), (e, span));
            }
            if let Some((table, table_span)) = tables.get(&key).copied() {
                let message = if table == e.db_name {
                    format!(
                        "enum `{}` has the database type name `{}`, which is also a table name",
                        e.name, e.db_name
                    )
                } else {
                    format!(
                        "enum `{}` has the database type name `{}`, which differs from table `{table}` only in case; {TYPE_CASE_NOTE}",
                        e.name, e.db_name
                    )
                };
                self.error(
                    Diagnostic::error(message, span)
                        .with_label("type name collides")
                        .with_secondary(table_span, "table declared here")
                        .with_note("PostgreSQL creates a type for every table; give the enum another name with `enum Name \"other_name\"`"),
                );
            }
        }
    }

    pub(super) fn enum_decl(&mut self, decl: &ast::EnumDecl) -> Enum {
        if BUILTIN_TYPES.contains(&decl.name.name.as_str()) {
            self.error(
                Diagnostic::error(
                    format!("enum `{}` has the name of a built-in type", decl.name.name),
                    decl.name.span,
                )
                .with_label("built-in type name")
                .with_note(format!(
                    "a column of type `{}` is the built-in type, so this enum could never be used; give it another name",
                    decl.name.name
                )),
            );
        }
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
        let mut label_spans: HashMap<&str, Span> = HashMap::default();
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
            self.no_nul("an enum label", &label.value, label.span);
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
                    let old = self.single_label(attribute);
                    let target = HintTarget::Label {
                        enum_name: decl.name.name.clone(),
                    };
                    self.hint(target, &old, &label.value, attribute);
                    if let Some(old) = old {
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
