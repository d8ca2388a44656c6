//! The symbol index of one parsed file: every table, column and enum with the
//! span of its name, and every place that names one of them.
//!
//! Names resolve as lowering resolves them: exactly, table names across the
//! file, column names within their table.

use pschema_syntax::ast::{self, Expr, Span, TableItemKind};

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Symbol {
    Table(String),
    Column { table: String, column: String },
    Enum(String),
}

#[derive(Debug, Clone)]
pub struct ColumnSym {
    pub name: String,
    pub name_span: Span,
    /// The whole declaration, type and attributes (no trailing comment).
    pub span: Span,
    pub type_name: String,
    pub has_rename_hint: bool,
}

#[derive(Debug, Clone)]
pub struct TableSym {
    pub name: String,
    pub name_span: Span,
    pub span: Span,
    pub columns: Vec<ColumnSym>,
    pub has_rename_hint: bool,
}

#[derive(Debug, Clone)]
pub struct EnumSym {
    pub name: String,
    pub name_span: Span,
    pub labels: Vec<String>,
}

/// A place in the text that names a symbol, other than its declaration.
#[derive(Debug, Clone)]
pub struct Occurrence {
    pub symbol: Symbol,
    pub span: Span,
}

#[derive(Debug, Clone, Default)]
pub struct Index {
    pub tables: Vec<TableSym>,
    pub enums: Vec<EnumSym>,
    /// In text order.
    pub occurrences: Vec<Occurrence>,
}

impl Index {
    pub fn new(file: &ast::File) -> Index {
        let mut index = Index::default();
        for item in &file.items {
            match item {
                ast::Item::Comment(_) => {}
                ast::Item::Enum(e) => index.enums.push(EnumSym {
                    name: e.name.name.clone(),
                    name_span: e.name.span,
                    labels: e
                        .items
                        .iter()
                        .filter_map(|i| match i {
                            ast::EnumItem::Label(l) => Some(l.value.clone()),
                            ast::EnumItem::Comment(_) => None,
                        })
                        .collect(),
                }),
                ast::Item::Table(t) => index.table(t),
            }
        }
        // Enum types are known only once every enum is read (they may come later).
        let enums: Vec<String> = index.enums.iter().map(|e| e.name.clone()).collect();
        for item in &file.items {
            if let ast::Item::Table(t) = item {
                for item in &t.items {
                    if let TableItemKind::Column(c) = &item.kind
                        && enums.contains(&c.ty.name.name)
                    {
                        index.occurrences.push(Occurrence {
                            symbol: Symbol::Enum(c.ty.name.name.clone()),
                            span: c.ty.name.span,
                        });
                    }
                }
            }
        }
        index.occurrences.sort_by_key(|o| o.span.start);
        index
    }

    fn table(&mut self, t: &ast::TableDecl) {
        let table = t.name.name.clone();
        let mut sym = TableSym {
            name: table.clone(),
            name_span: t.name.span,
            span: t.span,
            columns: Vec::new(),
            has_rename_hint: false,
        };
        let column = |ident: &ast::Ident| Occurrence {
            symbol: Symbol::Column {
                table: table.clone(),
                column: ident.name.clone(),
            },
            span: ident.span,
        };
        for item in &t.items {
            match &item.kind {
                TableItemKind::Column(c) => {
                    sym.columns.push(ColumnSym {
                        name: c.name.name.clone(),
                        name_span: c.name.span,
                        span: c.span,
                        type_name: c.ty.name.name.clone(),
                        has_rename_hint: c.attributes.iter().any(|a| a.name.name == "renamed_from"),
                    });
                    for attribute in c.attributes.iter().filter(|a| a.name.name == "references") {
                        for arg in attribute.args.iter().flatten() {
                            if arg.name.is_none()
                                && let Expr::Path { parts, .. } = &arg.value
                            {
                                self.reference(parts.first(), parts.get(1));
                            }
                        }
                    }
                }
                TableItemKind::Index(i) => self.occurrences.extend(i.columns.iter().map(column)),
                TableItemKind::Unique(u) => self.occurrences.extend(u.columns.iter().map(column)),
                TableItemKind::PrimaryKey(p) => self.occurrences.extend(p.columns.iter().map(column)),
                TableItemKind::ForeignKey(f) => {
                    self.occurrences.extend(f.columns.iter().map(column));
                    self.occurrences.push(Occurrence {
                        symbol: Symbol::Table(f.ref_table.name.clone()),
                        span: f.ref_table.span,
                    });
                    for c in &f.ref_columns {
                        self.occurrences.push(Occurrence {
                            symbol: Symbol::Column {
                                table: f.ref_table.name.clone(),
                                column: c.name.clone(),
                            },
                            span: c.span,
                        });
                    }
                }
                TableItemKind::Attribute(a) if a.name.name == "renamed_from" => sym.has_rename_hint = true,
                _ => {}
            }
        }
        self.tables.push(sym);
    }

    /// `@references(table.column)`: the table part names the table, the column
    /// part a column of it.
    fn reference(&mut self, table: Option<&ast::Ident>, column: Option<&ast::Ident>) {
        let Some(table) = table else { return };
        self.occurrences.push(Occurrence {
            symbol: Symbol::Table(table.name.clone()),
            span: table.span,
        });
        if let Some(column) = column {
            self.occurrences.push(Occurrence {
                symbol: Symbol::Column {
                    table: table.name.clone(),
                    column: column.name.clone(),
                },
                span: column.span,
            });
        }
    }

    pub fn table_named(&self, name: &str) -> Option<&TableSym> {
        self.tables.iter().find(|t| t.name == name)
    }

    /// The span of a symbol's declaration, when it is declared.
    pub fn declaration(&self, symbol: &Symbol) -> Option<Span> {
        match symbol {
            Symbol::Table(t) => self.table_named(t).map(|t| t.name_span),
            Symbol::Column { table, column } => self
                .table_named(table)?
                .columns
                .iter()
                .find(|c| &c.name == column)
                .map(|c| c.name_span),
            Symbol::Enum(e) => self.enums.iter().find(|x| &x.name == e).map(|e| e.name_span),
        }
    }

    /// The symbol named or declared at `offset` (a cursor just after a name is on it).
    pub fn symbol_at(&self, offset: usize) -> Option<Symbol> {
        let on = |span: Span| span.start <= offset && offset <= span.end;
        if let Some(o) = self.occurrences.iter().find(|o| on(o.span)) {
            return Some(o.symbol.clone());
        }
        for t in &self.tables {
            if on(t.name_span) {
                return Some(Symbol::Table(t.name.clone()));
            }
            if t.span.start <= offset && offset <= t.span.end {
                for c in &t.columns {
                    if on(c.name_span) {
                        return Some(Symbol::Column {
                            table: t.name.clone(),
                            column: c.name.clone(),
                        });
                    }
                }
            }
        }
        self.enums
            .iter()
            .find(|e| on(e.name_span))
            .map(|e| Symbol::Enum(e.name.clone()))
    }

    /// Every place that names `symbol`, in text order, declaration excluded.
    pub fn uses<'a>(&'a self, symbol: &'a Symbol) -> impl Iterator<Item = Span> + 'a {
        self.occurrences
            .iter()
            .filter(move |o| &o.symbol == symbol)
            .map(|o| o.span)
    }
}
