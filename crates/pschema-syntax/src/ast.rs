//! The spanned syntax tree of a .pschema file.
//!
//! Invariant: every node that a diagnostic can point at carries the byte span
//! of its text in the source, so that lowering can say exactly where a mistake is.

/// Byte offsets `[start, end)` into the source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StringLit {
    /// The value with escapes resolved.
    pub value: String,
    pub span: Span,
}

/// A `// ...` comment. `trailing` comments sit at the end of the line of the
/// item before them; the formatter keeps them there.
#[derive(Debug, Clone, PartialEq)]
pub struct Comment {
    pub text: String,
    pub trailing: bool,
    pub blank_line_before: bool,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct File {
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Comment(Comment),
    Enum(EnumDecl),
    Table(TableDecl),
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumDecl {
    pub name: Ident,
    /// The database type name (`"usertier"`); defaults to the lower-cased name.
    pub db_name: Option<StringLit>,
    pub items: Vec<EnumItem>,
    pub blank_line_before: bool,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum EnumItem {
    Comment(Comment),
    Label(EnumLabel),
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumLabel {
    pub value: String,
    /// Written as a string because it is not a valid identifier.
    pub quoted: bool,
    /// `@renamed_from(OLD)`
    pub attributes: Vec<Attribute>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TableDecl {
    pub name: Ident,
    pub items: Vec<TableItem>,
    pub blank_line_before: bool,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TableItem {
    pub kind: TableItemKind,
    /// The source had an empty line before this item; the formatter keeps one.
    pub blank_line_before: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TableItemKind {
    Comment(Comment),
    Column(ColumnDecl),
    Index(IndexDecl),
    Unique(UniqueDecl),
    PrimaryKey(PrimaryKeyDecl),
    ForeignKey(ForeignKeyDecl),
    Check(CheckDecl),
    Attribute(Attribute),
}

#[derive(Debug, Clone, PartialEq)]
pub struct ColumnDecl {
    pub name: Ident,
    pub ty: TypeRef,
    pub attributes: Vec<Attribute>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TypeRef {
    pub name: Ident,
    /// `None` when written without parentheses, `Some(vec![])` for `Type()`.
    pub args: Option<Vec<TypeArg>>,
    pub optional: bool,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeArg {
    Integer { value: String, span: Span },
    Ident(Ident),
}

impl TypeArg {
    pub fn span(&self) -> Span {
        match self {
            TypeArg::Integer { span, .. } => *span,
            TypeArg::Ident(ident) => ident.span,
        }
    }
}

/// `@name(args)` on a column, or `@@name(args)` on a table.
#[derive(Debug, Clone, PartialEq)]
pub struct Attribute {
    pub name: Ident,
    pub args: Option<Vec<Argument>>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Argument {
    pub name: Option<Ident>,
    pub value: Expr,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Ident(Ident),
    /// `table.column`
    Path {
        parts: Vec<Ident>,
        span: Span,
    },
    String(StringLit),
    /// Kept as written (`-1`, `0.5`), so no precision is lost on the way to SQL.
    Number {
        text: String,
        span: Span,
    },
    Call {
        name: Ident,
        args: Vec<Argument>,
        span: Span,
    },
}

impl Expr {
    pub fn span(&self) -> Span {
        match self {
            Expr::Ident(ident) => ident.span,
            Expr::Path { span, .. } | Expr::Number { span, .. } | Expr::Call { span, .. } => *span,
            Expr::String(s) => s.span,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct IndexDecl {
    pub unique: bool,
    pub name: Ident,
    pub columns: Vec<Ident>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UniqueDecl {
    pub name: Option<Ident>,
    pub columns: Vec<Ident>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PrimaryKeyDecl {
    pub name: Option<Ident>,
    pub columns: Vec<Ident>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ForeignKeyDecl {
    pub name: Option<Ident>,
    pub columns: Vec<Ident>,
    pub ref_table: Ident,
    pub ref_columns: Vec<Ident>,
    /// `on_delete: cascade`, `on_update: restrict`
    pub options: Vec<(Ident, Ident)>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CheckDecl {
    pub name: Option<Ident>,
    pub expression: StringLit,
    pub span: Span,
}
