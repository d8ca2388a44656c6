//! Compiles `migrations/` into the crate, checked as the command line checks
//! it: every file's checksum and the revision graph (parents, cycles). A
//! migrations folder that would not load fails the build, not the
//! application's start.

use std::fmt::Write;
use std::path::Path;

fn main() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let dir = Path::new(&manifest).join("../../migrations");
    // A folder: cargo looks at every file under it.
    println!("cargo:rerun-if-changed={}", dir.display());
    let migrations = pschema_migrate::dir::load(&dir)
        .unwrap_or_else(|e| panic!("the migrations in {} do not load: {e}", dir.display()));
    let graph = pschema_migrate::Graph::new(migrations.clone())
        .unwrap_or_else(|e| panic!("the migrations in {} do not make a revision graph: {e}", dir.display()));
    if graph.heads().is_empty() && !migrations.is_empty() {
        panic!("the migrations in {} have no head", dir.display());
    }
    let mut out = String::from(
        "/// The migrations of `migrations/` as (folder, files), compiled in by `build.rs`.\n\
         pub static MIGRATIONS: &[(&str, &[(&str, &str)])] = &[\n",
    );
    for m in &migrations {
        let folder = m.dir.file_name().expect("a migration folder").to_string_lossy();
        writeln!(out, "    ({folder:?}, &[").unwrap();
        let names = std::iter::once(pschema_migrate::dir::META_FILE).chain(m.meta.checksums.keys().map(String::as_str));
        for name in names {
            let path = m.dir.join(name).canonicalize().expect("a file that loaded");
            writeln!(
                out,
                "        ({name:?}, include_str!({:?})),",
                path.display().to_string()
            )
            .unwrap();
        }
        out.push_str("    ]),\n");
    }
    out.push_str("];\n");
    let target = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("migrations.rs");
    std::fs::write(&target, out).unwrap_or_else(|e| panic!("writing {}: {e}", target.display()));
}
