//! Paciolus's Alembic history through pschema's chain (issue 11, "Must show"),
//! written over whatever migrations `migrations/` holds, so that each migration
//! is covered as it lands:
//!
//! - every revision of Alembic's walk that pschema has, applied in the walk's
//!   order on SQLite and PostgreSQL, compared with the reference dump Alembic
//!   1.18.4 made at that revision (`tests/data/reference/paciolus-history/`);
//!   the migrations' parents and messages are Alembic's;
//! - PostgreSQL from empty in one `upgrade head` and revision by revision;
//!   down to base and up again on both dialects, the schema equal at each
//!   revision on the way;
//! - adoption of Alembic-built databases holding a row in every table;
//! - the hand-back: Alembic's own revisions continue from a pschema-built
//!   database (`alembic.rs`).
//!
//! `PSCHEMA_HISTORY_MIGRATIONS_DIR` points the tests at another migrations
//! folder (a branch's work in progress). PostgreSQL comes from
//! `PSCHEMA_TEST_POSTGRES_URL` and Python from `PSCHEMA_TEST_PYTHON`; locally
//! the tests skip without them, under `CI=true` they fail.

#[path = "../common/mod.rs"]
mod common;

mod adoption;
mod chain;
mod dump;
mod handback;
mod pg;
mod rows;
mod walk;
