//! Names that would give code that does not compile or import are refused,
//! each at its place in the schema file, with the name it collides with.

use pschema_codegen::{Error, Options, generate, names};

const SCHEMA: &str = r#"enum Tone "tone_kind" {
  "a-b"
  a_b
  "$$"
}

table user_roles {
  id     Integer @id
  userId Integer?
  user_id Integer?
}

table UserRoles {
  id Integer @id
}

table Tone {
  id Integer @id
}

table ToneType {
  id Integer @id
}
"#;

#[test]
fn collisions_and_names_without_letters_are_refused_where_they_are() {
    let schema = pschema_schema::parse_schema(SCHEMA).expect("valid for the database");
    let options = Options {
        source: "schema.pschema",
        command: "cargo xtask codegen",
    };
    let Err(Error::Names(errors)) = generate(&schema, &options) else {
        panic!("the names must be refused");
    };
    let file = pschema_syntax::parse(SCHEMA).unwrap();
    let rendered = pschema_syntax::render("schema.pschema", SCHEMA, &names::diagnostics(&file, &errors));
    insta::assert_snapshot!(rendered);
}
