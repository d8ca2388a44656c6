//! What every generated model shares: the table traits, the value codecs of
//! each driver, and `create_all`'s connection trait. The same for every
//! schema.
//!
//! Values are stored as SQLAlchemy stores them (docs/codegen.md, "Values"):
//! on SQLite, dates and times as text (`YYYY-MM-DD HH:MM:SS.ffffff`, a time
//! with a zone in UTC without its offset), booleans as 0 and 1, decimals as
//! text (which SQLite keeps as a number when that is exact), JSON as text and
//! enums as their label; on PostgreSQL, the native types and the named enum
//! types, whose codec checks the type's name and labels.

use std::fmt;

/// A table: its name and its columns, in order.
pub trait Table: Sized {
    const NAME: &'static str;
    const COLUMNS: &'static [&'static str];
}

/// A table with a primary key.
pub trait PrimaryKey: Table {
    /// The key's column type, a tuple for a key of several columns.
    type Key;
    const KEY_COLUMNS: &'static [&'static str];
    fn key(&self) -> Self::Key;
}

/// A label that is not one of its enum's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownLabel {
    pub enum_type: &'static str,
    pub label: String,
}

impl fmt::Display for UnknownLabel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} is not a label of enum type {}", self.label, self.enum_type)
    }
}

impl std::error::Error for UnknownLabel {}

/// An error of either database.
#[derive(Debug)]
pub enum Error {
    Sqlite(::rusqlite::Error),
    Postgres(::postgres::Error),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Sqlite(e) => write!(f, "SQLite: {e}"),
            Error::Postgres(e) => write!(f, "PostgreSQL: {e}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Sqlite(e) => Some(e),
            Error::Postgres(e) => Some(e),
        }
    }
}

impl From<::rusqlite::Error> for Error {
    fn from(e: ::rusqlite::Error) -> Error {
        Error::Sqlite(e)
    }
}

impl From<::postgres::Error> for Error {
    fn from(e: ::postgres::Error) -> Error {
        Error::Postgres(e)
    }
}

/// A connection the whole schema can be created on, in one transaction.
pub trait Database {
    /// Runs the script of this connection's dialect.
    fn create_all(&mut self, sqlite: &str, postgres: &str) -> Result<(), Error>;
}

impl Database for ::rusqlite::Connection {
    fn create_all(&mut self, sqlite: &str, _postgres: &str) -> Result<(), Error> {
        let tx = self.transaction()?;
        tx.execute_batch(sqlite)?;
        Ok(tx.commit()?)
    }
}

impl Database for ::postgres::Client {
    fn create_all(&mut self, _sqlite: &str, postgres: &str) -> Result<(), Error> {
        let mut tx = self.transaction()?;
        tx.batch_execute(postgres)?;
        Ok(tx.commit()?)
    }
}

/// A model usable on both drivers.
pub trait Record:
    sqlite::Model
    + postgres::Model
    + Clone
    + PartialEq
    + fmt::Debug
    + ::serde::Serialize
    + ::serde::de::DeserializeOwned
    + 'static
{
}

impl<T> Record for T where
    T: sqlite::Model
        + postgres::Model
        + Clone
        + PartialEq
        + fmt::Debug
        + ::serde::Serialize
        + ::serde::de::DeserializeOwned
        + 'static
{
}

/// A model with a primary key, usable on both drivers.
pub trait KeyedRecord: Record + sqlite::Keyed + postgres::Keyed {}

impl<T: Record + sqlite::Keyed + postgres::Keyed> KeyedRecord for T {}

/// Code that runs on every table's model (the generated `visit` calls it for
/// each table, parents before children).
pub trait Visitor {
    fn table<T: Record>(&mut self);
    fn keyed_table<T: KeyedRecord>(&mut self) {
        self.table::<T>()
    }
}

/// SQLite (rusqlite): the codecs, and the traits of a table's model.
pub mod sqlite {
    use ::rusqlite::types::{FromSqlError, FromSqlResult, ToSqlOutput, Value as Owned, ValueRef};

    /// How a column's Rust type is stored in SQLite.
    pub trait Value: Sized {
        fn to_sqlite(&self) -> ToSqlOutput<'_>;
        fn from_sqlite(value: ValueRef<'_>) -> FromSqlResult<Self>;
    }

    /// A value bound as a statement's parameter.
    pub struct Param<'a, T>(pub &'a T);

    impl<T: Value> ::rusqlite::ToSql for Param<'_, T> {
        fn to_sql(&self) -> ::rusqlite::Result<ToSqlOutput<'_>> {
            Ok(self.0.to_sqlite())
        }
    }

    fn failed(index: usize, column: &str, value: ValueRef<'_>, e: FromSqlError) -> ::rusqlite::Error {
        match e {
            FromSqlError::InvalidType => {
                ::rusqlite::Error::InvalidColumnType(index, column.to_string(), value.data_type())
            }
            FromSqlError::OutOfRange(i) => ::rusqlite::Error::IntegralValueOutOfRange(index, i),
            FromSqlError::Other(e) => ::rusqlite::Error::FromSqlConversionFailure(index, value.data_type(), e),
            other => ::rusqlite::Error::FromSqlConversionFailure(index, value.data_type(), Box::new(other)),
        }
    }

    /// The value of `column` in `row`.
    pub fn get<T: Value>(row: &::rusqlite::Row<'_>, column: &str) -> ::rusqlite::Result<T> {
        let index = row.as_ref().column_index(column)?;
        let value = row.get_ref(index)?;
        T::from_sqlite(value).map_err(|e| failed(index, column, value, e))
    }

    /// The value of a `Numeric` column, rounded to its scale when SQLite holds
    /// it as a double, as SQLAlchemy reads it.
    pub fn get_numeric<T: Numeric>(row: &::rusqlite::Row<'_>, column: &str, scale: u32) -> ::rusqlite::Result<T> {
        let index = row.as_ref().column_index(column)?;
        let value = row.get_ref(index)?;
        T::from_sqlite_numeric(value, scale).map_err(|e| failed(index, column, value, e))
    }

    fn other(e: impl std::error::Error + Send + Sync + 'static) -> FromSqlError {
        FromSqlError::Other(Box::new(e))
    }

    fn text<'v>(value: ValueRef<'v>) -> FromSqlResult<&'v str> {
        match value {
            ValueRef::Text(bytes) => std::str::from_utf8(bytes).map_err(other),
            _ => Err(FromSqlError::InvalidType),
        }
    }

    /// An enum's label.
    pub fn label<T: std::str::FromStr<Err = super::UnknownLabel>>(value: ValueRef<'_>) -> FromSqlResult<T> {
        text(value)?.parse().map_err(other)
    }

    impl Value for i64 {
        fn to_sqlite(&self) -> ToSqlOutput<'_> {
            ToSqlOutput::Owned(Owned::Integer(*self))
        }
        fn from_sqlite(value: ValueRef<'_>) -> FromSqlResult<Self> {
            value.as_i64()
        }
    }

    impl Value for i32 {
        fn to_sqlite(&self) -> ToSqlOutput<'_> {
            ToSqlOutput::Owned(Owned::Integer((*self).into()))
        }
        fn from_sqlite(value: ValueRef<'_>) -> FromSqlResult<Self> {
            let i = value.as_i64()?;
            i32::try_from(i).map_err(|_| FromSqlError::OutOfRange(i))
        }
    }

    impl Value for i16 {
        fn to_sqlite(&self) -> ToSqlOutput<'_> {
            ToSqlOutput::Owned(Owned::Integer((*self).into()))
        }
        fn from_sqlite(value: ValueRef<'_>) -> FromSqlResult<Self> {
            let i = value.as_i64()?;
            i16::try_from(i).map_err(|_| FromSqlError::OutOfRange(i))
        }
    }

    impl Value for f64 {
        fn to_sqlite(&self) -> ToSqlOutput<'_> {
            ToSqlOutput::Owned(Owned::Real(*self))
        }
        fn from_sqlite(value: ValueRef<'_>) -> FromSqlResult<Self> {
            match value {
                ValueRef::Real(f) => Ok(f),
                ValueRef::Integer(i) => Ok(i as f64),
                _ => Err(FromSqlError::InvalidType),
            }
        }
    }

    /// 0 and 1, as SQLAlchemy writes a `Boolean`; any other integer is true.
    impl Value for bool {
        fn to_sqlite(&self) -> ToSqlOutput<'_> {
            ToSqlOutput::Owned(Owned::Integer((*self).into()))
        }
        fn from_sqlite(value: ValueRef<'_>) -> FromSqlResult<Self> {
            Ok(value.as_i64()? != 0)
        }
    }

    impl Value for String {
        fn to_sqlite(&self) -> ToSqlOutput<'_> {
            ToSqlOutput::Borrowed(ValueRef::Text(self.as_bytes()))
        }
        fn from_sqlite(value: ValueRef<'_>) -> FromSqlResult<Self> {
            text(value).map(str::to_string)
        }
    }

    impl Value for Vec<u8> {
        fn to_sqlite(&self) -> ToSqlOutput<'_> {
            ToSqlOutput::Borrowed(ValueRef::Blob(self))
        }
        fn from_sqlite(value: ValueRef<'_>) -> FromSqlResult<Self> {
            match value {
                ValueRef::Blob(bytes) | ValueRef::Text(bytes) => Ok(bytes.to_vec()),
                _ => Err(FromSqlError::InvalidType),
            }
        }
    }

    /// SQLAlchemy's storage formats on SQLite.
    const DATE: &str = "%Y-%m-%d";
    const TIME: &str = "%H:%M:%S%.6f";
    const DATETIME: &str = "%Y-%m-%d %H:%M:%S%.6f";

    impl Value for ::chrono::NaiveDate {
        fn to_sqlite(&self) -> ToSqlOutput<'_> {
            ToSqlOutput::Owned(Owned::Text(self.format(DATE).to_string()))
        }
        fn from_sqlite(value: ValueRef<'_>) -> FromSqlResult<Self> {
            ::chrono::NaiveDate::parse_from_str(text(value)?, DATE).map_err(other)
        }
    }

    impl Value for ::chrono::NaiveTime {
        fn to_sqlite(&self) -> ToSqlOutput<'_> {
            ToSqlOutput::Owned(Owned::Text(self.format(TIME).to_string()))
        }
        fn from_sqlite(value: ValueRef<'_>) -> FromSqlResult<Self> {
            let text = text(value)?;
            ::chrono::NaiveTime::parse_from_str(text, "%H:%M:%S%.f")
                .or_else(|_| ::chrono::NaiveTime::parse_from_str(text, "%H:%M"))
                .map_err(other)
        }
    }

    /// A date and time without a zone, as Python's `fromisoformat` reads it:
    /// a space or `T` between them, seconds and fraction optional, or a date alone.
    fn naive_datetime(text: &str) -> Result<::chrono::NaiveDateTime, ::chrono::ParseError> {
        ["%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"]
            .iter()
            .find_map(|format| ::chrono::NaiveDateTime::parse_from_str(text, format).ok())
            .map_or_else(
                || ::chrono::NaiveDate::parse_from_str(text, DATE).map(|d| d.and_time(::chrono::NaiveTime::MIN)),
                Ok,
            )
    }

    impl Value for ::chrono::NaiveDateTime {
        fn to_sqlite(&self) -> ToSqlOutput<'_> {
            ToSqlOutput::Owned(Owned::Text(self.format(DATETIME).to_string()))
        }
        fn from_sqlite(value: ValueRef<'_>) -> FromSqlResult<Self> {
            naive_datetime(text(value)?).map_err(other)
        }
    }

    /// Written in UTC without an offset, as SQLAlchemy writes a datetime in
    /// UTC; read back as UTC, or converted to it when the text has an offset.
    impl Value for ::chrono::DateTime<::chrono::Utc> {
        fn to_sqlite(&self) -> ToSqlOutput<'_> {
            ToSqlOutput::Owned(Owned::Text(self.naive_utc().format(DATETIME).to_string()))
        }
        fn from_sqlite(value: ValueRef<'_>) -> FromSqlResult<Self> {
            let text = text(value)?;
            ["%Y-%m-%d %H:%M:%S%.f%#z", "%Y-%m-%dT%H:%M:%S%.f%#z"]
                .iter()
                .find_map(|format| ::chrono::DateTime::parse_from_str(text, format).ok())
                .map(|t| t.with_timezone(&::chrono::Utc))
                .map_or_else(|| naive_datetime(text).map(|t| t.and_utc()), Ok)
                .map_err(other)
        }
    }

    /// Text: SQLite keeps it as a number when the number is exact as a double
    /// (what SQLAlchemy writes), as text otherwise.
    impl Value for ::rust_decimal::Decimal {
        fn to_sqlite(&self) -> ToSqlOutput<'_> {
            ToSqlOutput::Owned(Owned::Text(self.to_string()))
        }
        fn from_sqlite(value: ValueRef<'_>) -> FromSqlResult<Self> {
            decimal(value, None)
        }
    }

    fn decimal(value: ValueRef<'_>, scale: Option<u32>) -> FromSqlResult<::rust_decimal::Decimal> {
        use std::str::FromStr;
        match value {
            ValueRef::Integer(i) => Ok(i.into()),
            // The shortest text that reads back as the same double, then the
            // column's scale, as SQLAlchemy's `"%.{scale}f" % value` does.
            ValueRef::Real(f) => {
                let d = ::rust_decimal::Decimal::from_str(&f.to_string()).map_err(other)?;
                Ok(scale.map_or(d, |s| d.round_dp(s)))
            }
            ValueRef::Text(_) => {
                let text = text(value)?;
                ::rust_decimal::Decimal::from_str(text)
                    .or_else(|_| ::rust_decimal::Decimal::from_scientific(text))
                    .map_err(other)
            }
            _ => Err(FromSqlError::InvalidType),
        }
    }

    /// Text, as SQLAlchemy's `JSON` writes it (`json.dumps`); SQLite keeps a
    /// bare number as a number.
    impl Value for ::serde_json::Value {
        fn to_sqlite(&self) -> ToSqlOutput<'_> {
            ToSqlOutput::Owned(Owned::Text(self.to_string()))
        }
        fn from_sqlite(value: ValueRef<'_>) -> FromSqlResult<Self> {
            match value {
                ValueRef::Integer(i) => Ok(i.into()),
                ValueRef::Real(f) => Ok(f.into()),
                ValueRef::Text(bytes) | ValueRef::Blob(bytes) => ::serde_json::from_slice(bytes).map_err(other),
                ValueRef::Null => Err(FromSqlError::InvalidType),
            }
        }
    }

    impl<T: Value> Value for Option<T> {
        fn to_sqlite(&self) -> ToSqlOutput<'_> {
            match self {
                Some(value) => value.to_sqlite(),
                None => ToSqlOutput::Owned(Owned::Null),
            }
        }
        fn from_sqlite(value: ValueRef<'_>) -> FromSqlResult<Self> {
            match value {
                ValueRef::Null => Ok(None),
                value => T::from_sqlite(value).map(Some),
            }
        }
    }

    /// A `Numeric` column's type, read with the column's scale.
    pub trait Numeric: Sized {
        fn from_sqlite_numeric(value: ValueRef<'_>, scale: u32) -> FromSqlResult<Self>;
    }

    impl Numeric for ::rust_decimal::Decimal {
        fn from_sqlite_numeric(value: ValueRef<'_>, scale: u32) -> FromSqlResult<Self> {
            decimal(value, Some(scale))
        }
    }

    impl Numeric for Option<::rust_decimal::Decimal> {
        fn from_sqlite_numeric(value: ValueRef<'_>, scale: u32) -> FromSqlResult<Self> {
            match value {
                ValueRef::Null => Ok(None),
                value => decimal(value, Some(scale)).map(Some),
            }
        }
    }

    /// A table's model on SQLite.
    pub trait Model: super::Table {
        /// The model from a row that has every column of the table, by name.
        fn from_row(row: &::rusqlite::Row<'_>) -> ::rusqlite::Result<Self>;
        /// Inserts the row, every column as it is.
        fn insert(&self, conn: &::rusqlite::Connection) -> ::rusqlite::Result<()>;
        /// Every row of the table.
        fn all(conn: &::rusqlite::Connection) -> ::rusqlite::Result<Vec<Self>>;
    }

    /// A table's model with a primary key, on SQLite.
    pub trait Keyed: Model + super::PrimaryKey {
        fn get(conn: &::rusqlite::Connection, key: Self::Key) -> ::rusqlite::Result<Option<Self>>;
        /// Writes every column of the row with this one's key; whether there was one.
        fn update(&self, conn: &::rusqlite::Connection) -> ::rusqlite::Result<bool>;
        /// Whether there was a row with this key.
        fn delete(conn: &::rusqlite::Connection, key: Self::Key) -> ::rusqlite::Result<bool>;
    }

    /// A table whose key the database numbers (an integer key of one column).
    pub trait Serial: Keyed {
        /// Inserts the row with the next key, which it sets and returns.
        fn insert_new(&mut self, conn: &::rusqlite::Connection) -> ::rusqlite::Result<Self::Key>;
    }
}

/// PostgreSQL (the `postgres` crate): the enum codec, and the traits of a
/// table's model. Other values are the crate's own types (chrono,
/// serde_json, rust_decimal's `db-postgres`).
pub mod postgres {
    use ::postgres::GenericClient;
    use ::postgres::types::{Kind, Type};

    /// Whether `ty` is the enum type `name` with exactly these labels (in any
    /// order): a codec that takes any other type would read or write the
    /// wrong thing.
    pub fn accepts_enum(ty: &Type, name: &str, labels: &[&str]) -> bool {
        ty.name() == name
            && match ty.kind() {
                Kind::Enum(found) => found.len() == labels.len() && labels.iter().all(|l| found.iter().any(|f| f == l)),
                _ => false,
            }
    }

    /// An enum's label from its wire form.
    pub fn label<T: std::str::FromStr<Err = super::UnknownLabel>>(
        raw: &[u8],
    ) -> Result<T, Box<dyn std::error::Error + Sync + Send>> {
        Ok(std::str::from_utf8(raw)?.parse()?)
    }

    /// A table's model on PostgreSQL.
    pub trait Model: super::Table {
        /// The model from a row that has every column of the table, by name.
        fn from_row(row: &::postgres::Row) -> Result<Self, ::postgres::Error>;
        /// Inserts the row, every column as it is.
        fn insert<C: GenericClient>(&self, client: &mut C) -> Result<(), ::postgres::Error>;
        /// Every row of the table.
        fn all<C: GenericClient>(client: &mut C) -> Result<Vec<Self>, ::postgres::Error>;
    }

    /// A table's model with a primary key, on PostgreSQL.
    pub trait Keyed: Model + super::PrimaryKey {
        fn get<C: GenericClient>(client: &mut C, key: Self::Key) -> Result<Option<Self>, ::postgres::Error>;
        /// Writes every column of the row with this one's key; whether there was one.
        fn update<C: GenericClient>(&self, client: &mut C) -> Result<bool, ::postgres::Error>;
        /// Whether there was a row with this key.
        fn delete<C: GenericClient>(client: &mut C, key: Self::Key) -> Result<bool, ::postgres::Error>;
    }

    /// A table whose key the database numbers (its SERIAL key).
    pub trait Serial: Keyed {
        /// Inserts the row with the next key, which it sets and returns.
        fn insert_new<C: GenericClient>(&mut self, client: &mut C) -> Result<Self::Key, ::postgres::Error>;
    }
}
