//! A language server for .pschema files over stdio (`pschema-lsp`).
//!
//! The analysis ([`analysis`], [`position`], [`symbols`]) is pure functions of
//! a document's text; [`server`] is the protocol loop around it, which runs
//! every request's analysis under `catch_unwind` so that no text can take the
//! server down.

pub mod analysis;
pub mod position;
pub mod server;
pub mod symbols;

pub use server::{capabilities, run};
