//! The Rust models: views over the `Schema` with every name, type and SQL
//! text worked out here, so that the templates (`templates/rust/`) only loop
//! and print.

use crate::names::{self, Item, NameError, Namespace};
use crate::{Error, GeneratedFile, Options, literal, raw_literal, serial_column};
use askama::Template;
use pschema_schema::{Column, ColumnType, Schema, Table};
use pschema_sql::{Dialect, postgres_quote, sqlite_quote};
use std::collections::{BTreeSet, HashMap};

const RUNTIME: &str = include_str!("../templates/rust/runtime.rs");

#[derive(Template)]
#[template(path = "rust/mod.rs.askama", escape = "none")]
struct ModTemplate<'a> {
    header: &'a str,
    source: &'a str,
    enums: Vec<(String, String)>,
    tables: Vec<TableRef>,
    create_all_sqlite: String,
    create_all_postgres: String,
}

struct TableRef {
    module: String,
    struct_name: String,
    keyed: bool,
}

#[derive(Template)]
#[template(path = "rust/enums.rs.askama", escape = "none")]
struct EnumsTemplate<'a> {
    header: &'a str,
    enums: Vec<EnumView>,
}

struct EnumView {
    name: String,
    doc_name: String,
    db_name: String,
    labels: String,
    variants: Vec<Variant>,
}

struct Variant {
    name: String,
    label: String,
}

#[derive(Template)]
#[template(path = "rust/table.rs.askama", escape = "none")]
struct TableTemplate<'a> {
    header: &'a str,
    table: String,
    table_doc: String,
    doc: Vec<String>,
    struct_name: String,
    enum_imports: Vec<String>,
    fields: Vec<Field>,
    columns: String,
    sql: Vec<(&'static str, String)>,
    insert_sqlite: String,
    insert_postgres: String,
    key: Option<Key>,
    serial: Option<Serial>,
}

struct Field {
    name: String,
    ty: String,
    doc: Vec<String>,
    constant: String,
    column: String,
    serde_rename: Option<String>,
    sqlite_get: String,
}

struct Key {
    ty: String,
    expr: String,
    columns: String,
    sqlite_params: String,
    postgres_params: String,
    update_sqlite: String,
    update_postgres: String,
}

struct Serial {
    field: String,
    ty: String,
    sqlite_params: String,
    postgres_params: String,
}

/// The Rust type of a column's values, not yet `Option`al.
fn base_type(ty: &ColumnType, enums: &HashMap<String, String>) -> String {
    match ty {
        ColumnType::SmallInteger => "i16".into(),
        ColumnType::Integer => "i32".into(),
        ColumnType::BigInteger => "i64".into(),
        ColumnType::String { .. } | ColumnType::Text => "String".into(),
        ColumnType::Boolean => "bool".into(),
        ColumnType::Date => "::chrono::NaiveDate".into(),
        ColumnType::DateTime { timezone: false } => "::chrono::NaiveDateTime".into(),
        ColumnType::DateTime { timezone: true } => "::chrono::DateTime<::chrono::Utc>".into(),
        ColumnType::Time => "::chrono::NaiveTime".into(),
        ColumnType::Float => "f64".into(),
        ColumnType::Numeric { .. } => "::rust_decimal::Decimal".into(),
        ColumnType::Json => "::serde_json::Value".into(),
        ColumnType::LargeBinary => "Vec<u8>".into(),
        ColumnType::Enum(name) => enums.get(name).cloned().unwrap_or_else(|| name.clone()),
    }
}

fn is_copy(column: &Column) -> bool {
    !matches!(
        column.ty,
        ColumnType::String { .. } | ColumnType::Text | ColumnType::Json | ColumnType::LargeBinary
    )
}

fn doc_lines(text: &Option<String>) -> Vec<String> {
    text.iter()
        .flat_map(|t| t.lines())
        .map(|l| l.trim_end().to_string())
        .collect()
}

/// The generated names of one schema, or every name it refuses.
pub(crate) struct RustNames {
    enums: HashMap<String, String>,
    variants: HashMap<(String, String), String>,
    tables: HashMap<String, (String, String)>,
    fields: HashMap<(String, String), (String, String)>,
}

pub(crate) fn names(schema: &Schema) -> Result<RustNames, Vec<NameError>> {
    let mut errors = Vec::new();
    // Structs and enums are re-exported side by side; table modules live
    // under `tables`, so only they can collide with each other.
    let mut types = Namespace::new("Rust type");
    let mut modules = Namespace::new("Rust module");
    let mut out = RustNames {
        enums: HashMap::new(),
        variants: HashMap::new(),
        tables: HashMap::new(),
        fields: HashMap::new(),
    };
    for e in &schema.enums {
        let item = Item::Enum(e.name.clone());
        let name = names::rust_type(&e.name);
        types.claim(name.as_deref(), &item, &mut errors);
        out.enums.insert(e.name.clone(), name.unwrap_or_default());
        let mut variants = Namespace::new("Rust variant");
        for label in &e.labels {
            let item = Item::Label {
                enum_name: e.name.clone(),
                label: label.clone(),
            };
            let name = names::rust_type(label);
            variants.claim(name.as_deref(), &item, &mut errors);
            out.variants
                .insert((e.name.clone(), label.clone()), name.unwrap_or_default());
        }
    }
    for t in &schema.tables {
        let item = Item::Table(t.name.clone());
        let struct_name = names::rust_type(&t.name);
        let module = names::rust_value(&t.name);
        types.claim(struct_name.as_deref(), &item, &mut errors);
        modules.claim(module.as_deref(), &item, &mut errors);
        out.tables.insert(
            t.name.clone(),
            (module.unwrap_or_default(), struct_name.unwrap_or_default()),
        );
        let mut fields = Namespace::new("Rust field");
        let mut constants = Namespace::new("Rust constant");
        for c in &t.columns {
            let item = Item::Column {
                table: t.name.clone(),
                column: c.name.clone(),
            };
            let field = names::rust_value(&c.name);
            let constant = names::rust_const(&c.name);
            fields.claim(field.as_deref(), &item, &mut errors);
            constants.claim(constant.as_deref(), &item, &mut errors);
            out.fields.insert(
                (t.name.clone(), c.name.clone()),
                (field.unwrap_or_default(), constant.unwrap_or_default()),
            );
        }
    }
    if errors.is_empty() { Ok(out) } else { Err(errors) }
}

fn joined(items: impl IntoIterator<Item = String>) -> String {
    items.into_iter().collect::<Vec<_>>().join(", ")
}

/// The SQL a table's model runs, for one dialect.
struct Statements {
    select: String,
    get: String,
    insert: String,
    update: String,
    delete: String,
    insert_new: Option<String>,
}

fn statements(table: &Table, dialect: Dialect) -> Statements {
    let quote = |name: &str| match dialect {
        Dialect::Sqlite => sqlite_quote(name),
        Dialect::Postgres => postgres_quote(name),
    };
    let param = |i: usize| match dialect {
        Dialect::Sqlite => format!("?{i}"),
        Dialect::Postgres => format!("${i}"),
    };
    let name = quote(&table.name);
    let all = joined(table.columns.iter().map(|c| quote(&c.name)));
    let select = format!("SELECT {all} FROM {name}");
    let insert = format!(
        "INSERT INTO {name} ({all}) VALUES ({})",
        joined((1..=table.columns.len()).map(param))
    );
    let key: Vec<&str> = table
        .primary_key
        .iter()
        .flat_map(|pk| pk.columns.iter().map(String::as_str))
        .collect();
    let matching = key
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{} = {}", quote(c), param(i + 1)))
        .collect::<Vec<_>>()
        .join(" AND ");
    let rest: Vec<&Column> = table
        .columns
        .iter()
        .filter(|c| !key.contains(&c.name.as_str()))
        .collect();
    let assignments = if rest.is_empty() {
        // Nothing but the key: the statement still says whether the row is there.
        matching.replace(" AND ", ", ")
    } else {
        joined(
            rest.iter()
                .enumerate()
                .map(|(i, c)| format!("{} = {}", quote(&c.name), param(key.len() + i + 1))),
        )
    };
    let insert_new = serial_column(table).map(|serial| {
        let others: Vec<&Column> = table.columns.iter().filter(|c| c.name != serial.name).collect();
        let key = quote(&serial.name);
        // SQLite numbers only an INTEGER key (the rowid); a SMALLINT or
        // BIGINT key is given the next number in the same statement.
        let next = (dialect == Dialect::Sqlite && serial.ty != ColumnType::Integer)
            .then(|| format!("(SELECT coalesce(max({key}), 0) + 1 FROM {name})"));
        let mut columns: Vec<String> = next.iter().map(|_| key.clone()).collect();
        let mut values: Vec<String> = next.into_iter().collect();
        columns.extend(others.iter().map(|c| quote(&c.name)));
        values.extend((1..=others.len()).map(param));
        if columns.is_empty() {
            format!("INSERT INTO {name} DEFAULT VALUES RETURNING {key}")
        } else {
            format!(
                "INSERT INTO {name} ({}) VALUES ({}) RETURNING {key}",
                columns.join(", "),
                values.join(", ")
            )
        }
    });
    Statements {
        get: format!("{select} WHERE {matching}"),
        select,
        insert,
        update: format!("UPDATE {name} SET {assignments} WHERE {matching}"),
        delete: format!("DELETE FROM {name} WHERE {matching}"),
        insert_new,
    }
}

fn table_file(table: &Table, names: &RustNames, header: &str) -> Result<(String, String), Error> {
    let (module, struct_name) = names.tables[&table.name].clone();
    let field = |c: &Column| names.fields[&(table.name.clone(), c.name.clone())].clone();
    let mut enum_imports = BTreeSet::new();
    let fields: Vec<Field> = table
        .columns
        .iter()
        .map(|c| {
            let (name, constant) = field(c);
            let base = base_type(&c.ty, &names.enums);
            if let ColumnType::Enum(e) = &c.ty {
                enum_imports.insert(names.enums[e].clone());
            }
            let sqlite_get = match &c.ty {
                ColumnType::Numeric { scale, .. } => format!(
                    "rt::sqlite::get_numeric(row, columns::{constant}, {})?",
                    // SQLAlchemy's decimal_return_scale when the type has no scale.
                    scale.unwrap_or(10)
                ),
                _ => format!("rt::sqlite::get(row, columns::{constant})?"),
            };
            let unraw = names::module_file(&name);
            Field {
                ty: if c.nullable { format!("Option<{base}>") } else { base },
                doc: doc_lines(&c.comment),
                column: literal(&c.name),
                serde_rename: (unraw != c.name).then(|| literal(&c.name)),
                sqlite_get,
                name,
                constant,
            }
        })
        .collect();
    let sqlite = statements(table, Dialect::Sqlite);
    let postgres = statements(table, Dialect::Postgres);
    let by_name: HashMap<&str, &Field> = table.columns.iter().map(|c| c.name.as_str()).zip(&fields).collect();
    let sqlite_param = |f: &Field| format!("&rt::sqlite::Param(&self.{})", f.name);
    let postgres_param = |f: &Field| format!("&self.{}", f.name);
    let key = table.primary_key.as_ref().map(|pk| {
        let key_fields: Vec<&Field> = pk.columns.iter().map(|c| by_name[c.as_str()]).collect();
        let copy: Vec<bool> = pk
            .columns
            .iter()
            .map(|c| table.column(c).is_some_and(is_copy))
            .collect();
        let take = |(f, copy): (&&Field, &bool)| {
            if *copy {
                format!("self.{}", f.name)
            } else {
                format!("self.{}.clone()", f.name)
            }
        };
        let single = key_fields.len() == 1;
        let parts = |wrap: &dyn Fn(String) -> String| -> String {
            if single {
                wrap("key".into())
            } else {
                joined((0..key_fields.len()).map(|i| wrap(format!("key.{i}"))))
            }
        };
        let rest: Vec<&Field> = table
            .columns
            .iter()
            .zip(&fields)
            .filter(|(c, _)| !pk.columns.contains(&c.name))
            .map(|(_, f)| f)
            .collect();
        let update_fields: Vec<&Field> = key_fields.iter().copied().chain(rest).collect();
        Key {
            ty: if single {
                key_fields[0].ty.clone()
            } else {
                format!("({})", joined(key_fields.iter().map(|f| f.ty.clone())))
            },
            expr: if single {
                take((&key_fields[0], &copy[0]))
            } else {
                format!("({})", joined(key_fields.iter().zip(&copy).map(take)))
            },
            columns: format!(
                "&[{}]",
                joined(key_fields.iter().map(|f| format!("columns::{}", f.constant)))
            ),
            sqlite_params: parts(&|k| format!("&rt::sqlite::Param(&{k})")),
            postgres_params: parts(&|k| format!("&{k}")),
            update_sqlite: joined(update_fields.iter().map(|f| sqlite_param(f))),
            update_postgres: joined(update_fields.iter().map(|f| postgres_param(f))),
        }
    });
    let serial = serial_column(table).map(|c| {
        let others: Vec<&Field> = table
            .columns
            .iter()
            .zip(&fields)
            .filter(|(o, _)| o.name != c.name)
            .map(|(_, f)| f)
            .collect();
        let f = by_name[c.name.as_str()];
        Serial {
            field: f.name.clone(),
            ty: f.ty.clone(),
            sqlite_params: joined(others.iter().map(|f| sqlite_param(f))),
            postgres_params: joined(others.iter().map(|f| postgres_param(f))),
        }
    });
    let mut sql = vec![
        ("SQLITE_SELECT", literal(&sqlite.select)),
        ("SQLITE_INSERT", literal(&sqlite.insert)),
    ];
    if key.is_some() {
        sql.push(("SQLITE_GET", literal(&sqlite.get)));
        sql.push(("SQLITE_UPDATE", literal(&sqlite.update)));
        sql.push(("SQLITE_DELETE", literal(&sqlite.delete)));
    }
    if let Some(s) = &sqlite.insert_new {
        sql.push(("SQLITE_INSERT_NEW", literal(s)));
    }
    sql.push(("POSTGRES_SELECT", literal(&postgres.select)));
    sql.push(("POSTGRES_INSERT", literal(&postgres.insert)));
    if key.is_some() {
        sql.push(("POSTGRES_GET", literal(&postgres.get)));
        sql.push(("POSTGRES_UPDATE", literal(&postgres.update)));
        sql.push(("POSTGRES_DELETE", literal(&postgres.delete)));
    }
    if let Some(s) = &postgres.insert_new {
        sql.push(("POSTGRES_INSERT_NEW", literal(s)));
    }
    let template = TableTemplate {
        header,
        table: literal(&table.name),
        table_doc: table.name.clone(),
        doc: doc_lines(&table.comment),
        struct_name,
        enum_imports: enum_imports.into_iter().collect(),
        columns: format!(
            "&[{}]",
            joined(fields.iter().map(|f| format!("columns::{}", f.constant)))
        ),
        insert_sqlite: joined(fields.iter().map(sqlite_param)),
        insert_postgres: joined(fields.iter().map(postgres_param)),
        fields,
        sql,
        key,
        serial,
    };
    Ok((format!("tables/{}.rs", names::module_file(&module)), template.render()?))
}

/// The files of the models module, by path under the folder it goes in.
pub fn render(schema: &Schema, options: &Options<'_>) -> Result<Vec<GeneratedFile>, Error> {
    let names = names(schema).map_err(Error::Names)?;
    let header = options.rust_header();
    let mut files = Vec::new();
    let create_all = |dialect| pschema_migrate::verify::create_all_sql(dialect, schema).map_err(Error::Plan);
    let tables: Vec<TableRef> = schema
        .tables_in_dependency_order()
        .into_iter()
        .map(|t| {
            let (module, struct_name) = names.tables[&t.name].clone();
            TableRef {
                module,
                struct_name,
                keyed: t.primary_key.is_some(),
            }
        })
        .collect();
    let module = ModTemplate {
        header: &header,
        source: options.source,
        enums: schema
            .enums
            .iter()
            .map(|e| (names.enums[&e.name].clone(), e.db_name.clone()))
            .collect(),
        tables,
        create_all_sqlite: raw_literal(&create_all(Dialect::Sqlite)?),
        create_all_postgres: raw_literal(&create_all(Dialect::Postgres)?),
    };
    files.push(GeneratedFile::new("mod.rs", module.render()?));
    files.push(GeneratedFile::new("runtime.rs", format!("{header}\n{RUNTIME}")));
    let enums = EnumsTemplate {
        header: &header,
        enums: schema
            .enums
            .iter()
            .map(|e| EnumView {
                name: names.enums[&e.name].clone(),
                doc_name: e.db_name.escape_debug().to_string(),
                db_name: literal(&e.db_name),
                labels: format!("&[{}]", joined(e.labels.iter().map(|l| literal(l)))),
                variants: e
                    .labels
                    .iter()
                    .map(|l| Variant {
                        name: names.variants[&(e.name.clone(), l.clone())].clone(),
                        label: literal(l),
                    })
                    .collect(),
            })
            .collect(),
    };
    files.push(GeneratedFile::new("enums.rs", enums.render()?));
    for table in &schema.tables {
        let (path, text) = table_file(table, &names, &header)?;
        files.push(GeneratedFile::new(path, text));
    }
    Ok(files)
}
