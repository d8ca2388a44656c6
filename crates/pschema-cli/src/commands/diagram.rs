//! `schema diagram`: the schema file drawn as an entity-relationship diagram
//! (pschema-diagram), printed or written to a file. No database is opened.

use crate::Failure;
use crate::args::{Cli, DiagramArgs, DiagramFormat};
use crate::output::{DiagramOutput, Output};
use pschema_diagram::{Diagram, Format, Selection};
use pschema_migrate::{Error, revision};

pub(super) fn execute(cli: &Cli, out: &mut Output, args: &DiagramArgs) -> Result<(), Failure> {
    let schema = revision::load_schema_file(&cli.schema)?;
    let selection = match (&args.tables, &args.around) {
        (Some(tables), _) => Selection::Tables(
            tables
                .iter()
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty())
                .collect(),
        ),
        (None, Some(table)) => Selection::Around {
            table: table.clone(),
            depth: args.depth,
        },
        (None, None) => Selection::All,
    };
    let format = match args.format {
        DiagramFormat::Mermaid => Format::Mermaid,
        DiagramFormat::Dot => Format::Dot,
        DiagramFormat::Svg => Format::Svg,
    };
    let diagram = Diagram::new(&schema, &selection)?;
    let text = pschema_diagram::write(&diagram, format);
    let tables: Vec<String> = diagram.entities.iter().map(|e| e.name.clone()).collect();
    match &args.output {
        Some(path) => {
            std::fs::write(path, &text).map_err(|e| Error::Io {
                path: path.clone(),
                source: e,
            })?;
            out.text(format!(
                "wrote {} ({} tables, {} foreign keys)",
                path.display(),
                tables.len(),
                diagram.relations.len()
            ));
        }
        None => out.text(text.strip_suffix('\n').unwrap_or(&text)),
    }
    out.json(DiagramOutput {
        format: format.name().to_string(),
        tables,
        foreign_keys: diagram.relations.len(),
        output: args.output.clone(),
        diagram: args.output.is_none().then_some(text),
    });
    Ok(())
}
