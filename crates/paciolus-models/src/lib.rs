//! Paciolus's models, generated from `schema/paciolus.pschema`, and its
//! migrations, compiled in.
//!
//! - [`generated`] (`src/generated/`, written by `cargo xtask codegen`,
//!   never by hand): a struct per table with `from_row`, insert, get,
//!   update and delete on SQLite and PostgreSQL
//!   ([`runtime::sqlite`], [`runtime::postgres`]), an enum per schema enum,
//!   and [`create_all`], which builds the current schema directly, as a test
//!   database built with SQLAlchemy's `metadata.create_all`.
//! - [`migrate`] (`src/migrations.rs`, written by hand): brings a connection
//!   to head with the migrations of `migrations/`, checked when the crate is
//!   built, run by the same runner as `pschema upgrade head`.
//!
//! Code written by hand goes in modules beside `generated`, which
//! regeneration never touches.

#[rustfmt::skip]
mod generated;
mod migrations;

pub use generated::*;
pub use migrations::{Migratable, migrate, migrations};
