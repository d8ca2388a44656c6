//! One fixture per mistake a person can make in a .pschema file. The first
//! line of each says where the first error must point and how its message
//! starts: `// expect LINE:COL message`. The whole rendered report is pinned
//! by an insta snapshot. Fixtures are read as bytes and decoded as the
//! commands decode schema files, so encoding mistakes are fixtures too.

/// The text of a fixture and what pschema says about it.
fn diagnose(path: &std::path::Path) -> (String, Result<pschema_schema::Schema, Vec<pschema_syntax::Diagnostic>>) {
    let bytes = std::fs::read(path).unwrap();
    match pschema_syntax::decode(&bytes) {
        Ok(text) => (text.to_string(), pschema_schema::parse_schema(text)),
        Err(undecodable) => (undecodable.text, Err(vec![undecodable.diagnostic])),
    }
}

fn expectation(source: &str) -> (usize, usize, &str) {
    let first = source.lines().next().unwrap_or_default();
    let rest = first
        .strip_prefix("// expect ")
        .expect("fixture starts with `// expect LINE:COL message`");
    let (position, message) = rest.split_once(' ').expect("position and message");
    let (line, col) = position.split_once(':').expect("LINE:COL");
    (line.parse().expect("line"), col.parse().expect("column"), message)
}

#[test]
fn every_mistake_has_its_message_and_location() {
    // Report every fixture that is off, not only the first.
    let mut problems = Vec::new();
    for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/data/diagnostics")).unwrap() {
        let path = entry.unwrap().path();
        let (source, result) = diagnose(&path);
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let (line, col, message) = expectation(&source);
        match result {
            Ok(_) => problems.push(format!("{name}: accepted")),
            Err(d) => {
                let found = d[0].line_col(&source);
                if !d[0].message.starts_with(message) || found != (line, col) {
                    problems.push(format!("{name}: got {}:{} {:?}", found.0, found.1, d[0].message));
                }
            }
        }
    }
    problems.sort();
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    insta::glob!("data/diagnostics/*.pschema", |path| {
        let (source, result) = diagnose(path);
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let diagnostics = match result {
            Ok(_) => panic!("{name}: expected an error, the schema was accepted"),
            Err(diagnostics) => diagnostics,
        };
        let (line, col, message) = expectation(&source);
        let first = &diagnostics[0];
        assert!(
            first.message.starts_with(message),
            "{name}: message {:?} does not start with {message:?}",
            first.message
        );
        assert_eq!(
            first.line_col(&source),
            (line, col),
            "{name}: location of {:?}",
            first.message
        );
        let rendered = pschema_syntax::render(&format!("tests/data/diagnostics/{name}"), &source, &diagnostics);
        assert!(
            rendered.contains(&format!("{name}:{line}:{col}")),
            "{name}: rendering names file:line:col\n{rendered}"
        );
        insta::assert_snapshot!(rendered);
    });
}
