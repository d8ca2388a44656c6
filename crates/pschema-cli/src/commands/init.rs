//! `init`: a new project in the current folder, ready for `revision
//! --autogenerate` and `upgrade head` with no flags.

use crate::Failure;
use crate::args::DialectArg;
use crate::config::FILE_NAME;
use crate::output::{InitOutput, Output};
use clap::ValueEnum;
use pschema_migrate::Error;
use std::path::{Path, PathBuf};

const SCHEMA_FILE: &str = "schema.pschema";
const MIGRATIONS_DIR: &str = "migrations";

/// The schema a new project starts from: nothing yet, and what a table looks
/// like, in comments.
const SCHEMA: &str = "// The schema: every table, column, enum, index and foreign key.
// Edit it, then `pschema revision --autogenerate -m \"what changed\"`
// writes the migration and `pschema upgrade head` applies it.
//
// enum Role {
//   ADMIN
//   MEMBER
// }
//
// table users {
//   id         Integer     @id
//   email      String(255) @unique @index
//   role       Role        @default(MEMBER)
//   created_at DateTime    @default(now())
// }
//
// table posts {
//   id      Integer @id
//   user_id Integer @references(users.id, on_delete: cascade) @index
//   title   String(200)
//   body    Text?
// }
";

fn project_file(dialects: &[DialectArg]) -> String {
    // The names `--dialect` takes are the ones pschema.toml reads.
    let names: Vec<String> = dialects
        .iter()
        .filter_map(|d| d.to_possible_value())
        .map(|v| format!("\"{}\"", v.get_name()))
        .collect();
    let dialects_line = if names.is_empty() {
        "# dialects = [\"sqlite\", \"postgresql\"]   # the SQL `revision` writes (default: both)".to_string()
    } else {
        format!("dialects = [{}]", names.join(", "))
    };
    let url = if dialects.is_empty() || dialects.contains(&DialectArg::Sqlite) {
        "url = \"sqlite:///app.db\"   # beside this file; DATABASE_URL, .env and --database-url come first"
    } else {
        "# url = \"postgresql://user@localhost:5432/app\"   # DATABASE_URL, .env and --database-url come first"
    };
    format!(
        "# pschema's project file: every command finds it from this folder or below.\n\
         # Paths are relative to this file.\n\
         schema = \"{SCHEMA_FILE}\"\n\
         migrations = \"{MIGRATIONS_DIR}\"\n\
         {dialects_line}\n\
         \n\
         [database]\n\
         {url}\n\
         \n\
         [codegen]\n\
         # rust = \"src/models\"          # the code generator's Rust models\n\
         # python = \"app/schema.py\"     # and SQLAlchemy module\n"
    )
}

pub(super) fn execute(out: &mut Output, dialects: &[DialectArg]) -> Result<(), Failure> {
    let here = std::env::current_dir().map_err(|e| Error::Io {
        path: PathBuf::from("."),
        source: e,
    })?;
    let targets = [FILE_NAME, SCHEMA_FILE, MIGRATIONS_DIR];
    // Nothing is written unless all of it can be: an existing file is the
    // user's, never overwritten.
    if let Some(taken) = targets.iter().map(|t| here.join(t)).find(|p| p.exists()) {
        return Err(Error::AlreadyExists { path: taken }.into());
    }
    let write = |path: &Path, text: &str| {
        std::fs::write(path, text).map_err(|e| Error::Io {
            path: path.to_path_buf(),
            source: e,
        })
    };
    write(&here.join(FILE_NAME), &project_file(dialects))?;
    write(&here.join(SCHEMA_FILE), SCHEMA)?;
    let migrations = here.join(MIGRATIONS_DIR);
    std::fs::create_dir(&migrations).map_err(|e| Error::Io {
        path: migrations.clone(),
        source: e,
    })?;
    let created: Vec<PathBuf> = targets.iter().map(PathBuf::from).collect();
    for path in &created {
        out.text(format!("created {}", path.display()));
    }
    out.text("next: describe a table in schema.pschema, then `pschema revision --autogenerate -m \"first\"`");
    out.json(InitOutput { created });
    Ok(())
}
