//! The server through the protocol: a client sends JSON-RPC (initialize,
//! initialized, didOpen, requests, shutdown, exit) to the server loop on a
//! thread over an in-memory connection, or to the `pschema-lsp` binary over
//! stdio, and checks the answers. One test per feature, then hostile text.

use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use proptest::prelude::*;
use serde_json::{Value, json};
use std::io::BufReader;
use std::process::{Command, Stdio};
use std::thread::JoinHandle;
use std::time::Duration;

const URI: &str = "file:///project/schema/app.pschema";
const PACIOLUS: &str = include_str!("../../../schema/paciolus.pschema");

const SCHEMA: &str = "\
enum Status \"status\" {
  ACTIVE
  ARCHIVED
}

table users {
  id    Integer     @id
  email String(255) @unique
}

table posts {
  id      Integer @id
  user_id Integer @index @references(users.id, on_delete: cascade)
  status  Status  @default(ACTIVE)
  title   Text?

  index ix_posts_user_status (user_id, status)
}

table comments {
  id      Integer @id
  post_id Integer @references(posts.id)
  author  Integer? @references(users.id)
}
";

/// Waits this long for any answer: far more than any request takes, so a
/// timeout means a hang.
const PATIENCE: Duration = Duration::from_secs(60);

struct Client {
    connection: Connection,
    server: Option<JoinHandle<()>>,
    next_id: i32,
    /// Notifications that arrived while waiting for a response.
    notifications: Vec<Notification>,
}

impl Client {
    fn start() -> Client {
        let (server, connection) = Connection::memory();
        let handle = std::thread::spawn(move || pschema_lsp::run(&server).expect("the server loop ends cleanly"));
        let mut client = Client {
            connection,
            server: Some(handle),
            next_id: 0,
            notifications: Vec::new(),
        };
        let init = client.request("initialize", json!({ "capabilities": {} }));
        let capabilities = &init.response_result.expect("initialize answers")["capabilities"];
        assert_eq!(capabilities["textDocumentSync"], json!(1), "full sync");
        assert_eq!(capabilities["hoverProvider"], json!(true));
        client.notify("initialized", json!({}));
        client
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.connection
            .sender
            .send(Message::Notification(Notification::new(method.to_string(), params)))
            .unwrap();
    }

    fn request(&mut self, method: &str, params: Value) -> Response {
        self.next_id += 1;
        let id = RequestId::from(self.next_id);
        self.connection
            .sender
            .send(Message::Request(Request::new(id.clone(), method.to_string(), params)))
            .unwrap();
        loop {
            match self.connection.receiver.recv_timeout(PATIENCE) {
                Ok(Message::Response(response)) if response.id == id => return response,
                Ok(Message::Notification(n)) => self.notifications.push(n),
                Ok(other) => panic!("unexpected message {other:?}"),
                Err(e) => panic!("no answer to {method}: {e}"),
            }
        }
    }

    fn result(&mut self, method: &str, params: Value) -> Value {
        let response = self.request(method, params);
        response
            .response_result
            .unwrap_or_else(|e| panic!("{method} failed: {e:?}"))
    }

    /// The next `publishDiagnostics` for `uri`.
    fn diagnostics(&mut self) -> Vec<Value> {
        if let Some(i) = self
            .notifications
            .iter()
            .position(|n| n.method == "textDocument/publishDiagnostics")
        {
            let n = self.notifications.remove(i);
            return n.params["diagnostics"].as_array().unwrap().clone();
        }
        match self.connection.receiver.recv_timeout(PATIENCE) {
            Ok(Message::Notification(n)) if n.method == "textDocument/publishDiagnostics" => {
                assert_eq!(n.params["uri"], json!(URI));
                n.params["diagnostics"].as_array().unwrap().clone()
            }
            Ok(other) => panic!("unexpected message {other:?}"),
            Err(e) => panic!("no diagnostics: {e}"),
        }
    }

    fn open(&mut self, text: &str) -> Vec<Value> {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": URI, "languageId": "pschema", "version": 1, "text": text } }),
        );
        self.diagnostics()
    }

    fn change(&mut self, version: i32, text: &str) -> Vec<Value> {
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": URI, "version": version }, "contentChanges": [{ "text": text }] }),
        );
        self.diagnostics()
    }

    fn shutdown(mut self) {
        let response = self.request("shutdown", Value::Null);
        assert!(response.response_result.is_ok());
        self.notify("exit", Value::Null);
        self.server
            .take()
            .unwrap()
            .join()
            .expect("the server thread does not panic");
    }
}

/// `{ textDocument, position }` at the `nth` occurrence of `needle` in `text`,
/// `offset` characters into it (ASCII text).
fn at(text: &str, needle: &str, nth: usize, offset: usize) -> Value {
    let start = text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("{needle} #{nth}"))
        .0
        + offset;
    let line = text[..start].matches('\n').count();
    let character = start - text[..start].rfind('\n').map_or(0, |i| i + 1);
    json!({ "textDocument": { "uri": URI }, "position": { "line": line, "character": character } })
}

fn range_text<'a>(text: &'a str, range: &Value) -> &'a str {
    let offset = |p: &Value| {
        let line = p["line"].as_u64().unwrap() as usize;
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        start + p["character"].as_u64().unwrap() as usize
    };
    &text[offset(&range["start"])..offset(&range["end"])]
}

/// Applies LSP text edits (ASCII text, edits not overlapping).
fn apply(text: &str, edits: &[Value]) -> String {
    let offset = |p: &Value| {
        let line = p["line"].as_u64().unwrap() as usize;
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        start + p["character"].as_u64().unwrap() as usize
    };
    let mut spans: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().unwrap(),
            )
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_string();
    for (start, end, new) in spans {
        out.replace_range(start..end, new);
    }
    out
}

#[test]
fn diagnostics_as_you_type() {
    let mut client = Client::start();
    assert_eq!(client.open(SCHEMA), Vec::<Value>::new(), "a valid schema has none");

    // A syntax error: pschema-syntax's message, at its place.
    let broken = SCHEMA.replace("title   Text?", "title   Text? @");
    let diagnostics = client.change(2, &broken);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    let line = broken.lines().position(|l| l.contains("title")).unwrap();
    assert_eq!(diagnostics[0]["range"]["start"]["line"], json!(line));
    assert_eq!(diagnostics[0]["source"], json!("pschema"));

    // Lowering's mistakes, each at its own place, as `pschema` reports them.
    let wrong = SCHEMA
        .replace("@references(users.id, on_delete", "@references(user.id, on_delete")
        .replace("status  Status", "status  Statu");
    let diagnostics = client.change(3, &wrong);
    let expected = pschema_schema::parse_and_lower(&wrong).unwrap_err();
    assert_eq!(diagnostics.len(), expected.len(), "{diagnostics:?}");
    let messages: Vec<&str> = diagnostics.iter().map(|d| d["message"].as_str().unwrap()).collect();
    for (d, e) in diagnostics.iter().zip(&expected) {
        assert!(d["message"].as_str().unwrap().starts_with(&e.message), "{messages:?}");
        assert_eq!(
            range_text(&wrong, &d["range"]),
            &wrong[e.primary.span.start..e.primary.span.end]
        );
    }
    assert!(messages.iter().any(|m| m.contains("user")), "{messages:?}");

    // Fixed again: an empty list clears them.
    assert_eq!(client.change(4, SCHEMA), Vec::<Value>::new());
    client.shutdown();
}

#[test]
fn diagnostic_ranges_count_utf16() {
    let mut client = Client::start();
    // `é` is 2 bytes and 1 UTF-16 unit, `😀` 4 bytes and 2 units.
    let text = "table u {\n  id Integer @id @comment(\"é😀\") @references(zz.id)\n}\n";
    let diagnostics = client.open(text);
    let expected = pschema_schema::parse_and_lower(text).unwrap_err();
    assert_eq!(diagnostics.len(), expected.len(), "{diagnostics:?}");
    let span = expected[0].primary.span;
    let line_start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let utf16: usize = text[line_start..span.start].chars().map(char::len_utf16).sum();
    assert_eq!(
        diagnostics[0]["range"]["start"],
        json!({ "line": 1, "character": utf16 })
    );
    assert_ne!(
        utf16,
        span.start - line_start,
        "the test needs characters where the two differ"
    );
    client.shutdown();
}

#[test]
fn go_to_definition() {
    let mut client = Client::start();
    client.open(SCHEMA);
    let definition = |client: &mut Client, position: Value| {
        let found = client.result("textDocument/definition", position);
        assert_eq!(found["uri"], json!(URI));
        range_text(SCHEMA, &found["range"]).to_string() + &format!("@{}", found["range"]["start"]["line"])
    };
    let users_line = SCHEMA.lines().position(|l| l.starts_with("table users")).unwrap();
    let users_id_line = users_line + 1;
    // The table of `@references(users.id)`, then its column.
    assert_eq!(
        definition(&mut client, at(SCHEMA, "users.id", 0, 2)),
        format!("users@{users_line}")
    );
    assert_eq!(
        definition(&mut client, at(SCHEMA, "users.id", 0, 7)),
        format!("id@{users_id_line}")
    );
    // An enum column's type.
    assert_eq!(
        definition(&mut client, at(SCHEMA, "Status  @default", 0, 1)),
        "Status@0"
    );
    // A column named in an index.
    let user_id_line = SCHEMA.lines().position(|l| l.contains("user_id Integer")).unwrap();
    assert_eq!(
        definition(&mut client, at(SCHEMA, "(user_id, status)", 0, 2)),
        format!("user_id@{user_id_line}")
    );
    // Nothing to go to on a built-in type.
    assert_eq!(
        client.result("textDocument/definition", at(SCHEMA, "Integer @id", 0, 2)),
        Value::Null
    );
    client.shutdown();
}

#[test]
fn find_references() {
    let mut client = Client::start();
    client.open(SCHEMA);
    let references = |client: &mut Client, position: Value, declaration: bool| -> Vec<String> {
        let mut params = position;
        params["context"] = json!({ "includeDeclaration": declaration });
        let found = client.result("textDocument/references", params);
        found
            .as_array()
            .unwrap()
            .iter()
            .map(|l| format!("{}@{}", range_text(SCHEMA, &l["range"]), l["range"]["start"]["line"]))
            .collect()
    };
    let line_of = |needle: &str| SCHEMA.lines().position(|l| l.contains(needle)).unwrap();
    // A table: its declaration and both `@references`.
    assert_eq!(
        references(&mut client, at(SCHEMA, "table users", 0, 7), true),
        [
            format!("users@{}", line_of("table users")),
            format!("users@{}", line_of("users.id, on_delete")),
            format!("users@{}", line_of("author")),
        ]
    );
    // A column, from one of its uses, without the declaration.
    assert_eq!(
        references(&mut client, at(SCHEMA, "users.id)", 0, 6), false),
        [
            format!("id@{}", line_of("users.id, on_delete")),
            format!("id@{}", line_of("author")),
        ]
    );
    // An enum: the columns of its type.
    assert_eq!(
        references(&mut client, at(SCHEMA, "enum Status", 0, 5), false),
        [format!("Status@{}", line_of("status  Status"))]
    );
    client.shutdown();
}

#[test]
fn hover_shows_each_dialects_sql() {
    let mut client = Client::start();
    client.open(SCHEMA);
    let hover = client.result("textDocument/hover", at(SCHEMA, "status  Status", 0, 1));
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(
        text.contains("SQLite:\n```sql\nstatus VARCHAR(8) DEFAULT 'ACTIVE' NOT NULL\n```"),
        "{text}"
    );
    assert!(
        text.contains("PostgreSQL:\n```sql\nstatus status DEFAULT 'ACTIVE' NOT NULL\n```"),
        "{text}"
    );
    // From a use in `@references`, the referenced column.
    let hover = client.result("textDocument/hover", at(SCHEMA, "users.id", 0, 7));
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(
        text.contains("`users.id`") && text.contains("id SERIAL NOT NULL"),
        "{text}"
    );
    // Nothing on white space.
    assert_eq!(
        client.result("textDocument/hover", at(SCHEMA, "\n\ntable posts", 0, 1)),
        Value::Null
    );
    client.shutdown();
}

#[test]
fn formatting_with_the_formatter() {
    let mut client = Client::start();
    let messy = "table t {\nid Integer @id\n   name    Text?   // a note\n}\n";
    client.open(messy);
    let params = json!({ "textDocument": { "uri": URI }, "options": { "tabSize": 2, "insertSpaces": true } });
    let edits = client.result("textDocument/formatting", params.clone());
    let formatted = apply(messy, edits.as_array().unwrap());
    assert_eq!(formatted, pschema_syntax::format_source(messy).unwrap());
    // Formatted already: no edit.
    client.change(2, &formatted);
    assert_eq!(client.result("textDocument/formatting", params.clone()), json!([]));
    // A syntax error: no edit.
    client.change(3, "table t {\n  id Integer @id @\n}\n");
    assert_eq!(client.result("textDocument/formatting", params), Value::Null);
    client.shutdown();
}

fn labels(found: &Value) -> Vec<String> {
    let items = found.as_array().unwrap_or_else(|| found["items"].as_array().unwrap());
    items.iter().map(|i| i["label"].as_str().unwrap().to_string()).collect()
}

#[test]
fn completion_of_types_labels_and_references() {
    let mut client = Client::start();
    client.open(SCHEMA);
    // A column's type: built-in types and enums, also while the line is unfinished.
    let typing = SCHEMA.replace("  title   Text?\n", "  title   Te\n");
    client.change(2, &typing);
    let found = labels(&client.result("textDocument/completion", at(&typing, "title   Te", 0, 10)));
    for expected in ["Integer", "Text", "Numeric", "Status"] {
        assert!(found.contains(&expected.to_string()), "{found:?}");
    }
    // `@references(`: every table.column, from the last version that parsed.
    let typing = SCHEMA.replace("  title   Text?\n", "  title   Integer @references(us\n");
    client.change(3, &typing);
    let found = labels(&client.result("textDocument/completion", at(&typing, "@references(us", 0, 14)));
    assert!(
        found.contains(&"users.id".to_string()) && found.contains(&"posts.title".to_string()),
        "{found:?}"
    );
    // `@default(` of an enum column: its labels.
    let typing = SCHEMA.replace("@default(ACTIVE)", "@default(");
    client.change(4, &typing);
    let found = labels(&client.result("textDocument/completion", at(&typing, "@default(", 0, 9)));
    assert_eq!(found, ["ACTIVE", "ARCHIVED"]);
    client.shutdown();
}

#[test]
fn rename_a_column_with_its_hint() {
    let mut client = Client::start();
    client.open(SCHEMA);
    let params = |position: Value, name: &str| {
        let mut p = position;
        p["newName"] = json!(name);
        p
    };
    let edit = client.result("textDocument/rename", params(at(SCHEMA, "users.id", 0, 7), "user_key"));
    let renamed = apply(SCHEMA, edit["changes"][URI].as_array().unwrap());
    assert!(
        renamed.contains("  user_key Integer     @id @renamed_from(id)\n")
            || renamed.contains("user_key    Integer     @id @renamed_from(id)"),
        "{renamed}"
    );
    assert!(
        renamed.contains("@references(users.user_key, on_delete: cascade)"),
        "{renamed}"
    );
    assert!(
        renamed.contains("author  Integer? @references(users.user_key)"),
        "{renamed}"
    );
    assert!(
        renamed.contains("post_id Integer @references(posts.id)"),
        "other tables' `id` untouched"
    );
    let lowered = pschema_schema::parse_and_lower(&renamed).expect("the renamed schema is valid");
    assert!(lowered.hints.iter().any(|h| h.old == "id" && h.new == "user_key"));

    // A column used in an index, renamed twice: the index follows, one hint.
    client.change(2, &renamed);
    let position = at(&renamed, "user_id Integer", 0, 0);
    let edit = client.result("textDocument/rename", params(position, "author_id"));
    let once = apply(&renamed, edit["changes"][URI].as_array().unwrap());
    assert!(once.contains("(author_id, status)"), "{once}");
    client.change(3, &once);
    let edit = client.result(
        "textDocument/rename",
        params(at(&once, "author_id Integer", 0, 0), "writer_id"),
    );
    let twice = apply(&once, edit["changes"][URI].as_array().unwrap());
    assert_eq!(twice.matches("@renamed_from(").count(), 2, "{twice}");
    assert!(
        twice.contains("@renamed_from(user_id)"),
        "the first hint stays: {twice}"
    );
    pschema_schema::parse_and_lower(&twice).expect("valid");

    // Not a name: refused with an error, not an edit.
    let response = client.request(
        "textDocument/rename",
        params(at(&twice, "writer_id", 0, 0), "not a name"),
    );
    assert!(response.response_result.is_err());
    // A name its table has already: refused.
    client.change(4, &twice);
    let response = client.request("textDocument/rename", params(at(&twice, "writer_id", 0, 0), "status"));
    assert!(response.response_result.is_err());
    client.shutdown();
}

#[test]
fn rename_a_table_with_its_hint() {
    let mut client = Client::start();
    client.open(SCHEMA);
    let mut params = at(SCHEMA, "table users", 0, 7);
    params["newName"] = json!("accounts");
    let edit = client.result("textDocument/rename", params);
    let renamed = apply(SCHEMA, edit["changes"][URI].as_array().unwrap());
    assert!(
        renamed.contains(
            "table accounts {\n  id    Integer     @id\n  email String(255) @unique\n\n  @@renamed_from(users)\n}"
        ),
        "{renamed}"
    );
    assert!(
        renamed.contains("@references(accounts.id, on_delete: cascade)"),
        "{renamed}"
    );
    assert!(renamed.contains("@references(accounts.id)"), "{renamed}");
    let lowered = pschema_schema::parse_and_lower(&renamed).expect("valid");
    assert!(lowered.hints.iter().any(|h| h.old == "users" && h.new == "accounts"));
    let formatted = pschema_syntax::format_source(&renamed).unwrap();
    assert!(
        formatted.contains("@unique\n\n  @@renamed_from(users)\n}"),
        "laid out as the guide writes it: {formatted}"
    );

    // Renamed again: the hint is there already.
    client.change(2, &renamed);
    let mut params = at(&renamed, "table accounts", 0, 7);
    params["newName"] = json!("people");
    let edit = client.result("textDocument/rename", params);
    let again = apply(&renamed, edit["changes"][URI].as_array().unwrap());
    assert_eq!(again.matches("@@renamed_from").count(), 1, "{again}");
    assert!(again.contains("@@renamed_from(users)"));
    client.shutdown();
}

#[test]
fn unknown_requests_and_documents_get_answers() {
    let mut client = Client::start();
    let response = client.request(
        "textDocument/semanticTokens/full",
        json!({ "textDocument": { "uri": URI } }),
    );
    assert_eq!(
        response.response_result.unwrap_err().code,
        lsp_server::ErrorCode::MethodNotFound as i32
    );
    // A document never opened: an empty answer.
    assert_eq!(client.result("textDocument/hover", at("x", "x", 0, 0)), Value::Null);
    // Bad parameters: an error, and the server goes on.
    let response = client.request("textDocument/hover", json!({ "nonsense": 1 }));
    assert!(response.response_result.is_err());
    client.open(SCHEMA);
    client.shutdown();
}

/// The binary itself, over stdio with Content-Length framing.
#[test]
fn the_binary_speaks_lsp_over_stdio() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pschema-lsp"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let send = |stdin: &mut std::process::ChildStdin, message: Message| message.write(stdin).unwrap();
    let mut receive = |id: i32| loop {
        match Message::read(&mut stdout).unwrap().expect("a message") {
            Message::Response(r) if r.id == RequestId::from(id) => return r,
            _ => {}
        }
    };
    send(
        &mut stdin,
        Message::Request(Request::new(
            1.into(),
            "initialize".into(),
            json!({ "capabilities": {} }),
        )),
    );
    assert!(receive(1).response_result.is_ok());
    send(
        &mut stdin,
        Message::Notification(Notification::new("initialized".into(), json!({}))),
    );
    send(
        &mut stdin,
        Message::Notification(Notification::new(
            "textDocument/didOpen".into(),
            json!({ "textDocument": { "uri": URI, "languageId": "pschema", "version": 1, "text": SCHEMA } }),
        )),
    );
    send(
        &mut stdin,
        Message::Request(Request::new(
            2.into(),
            "textDocument/hover".into(),
            at(SCHEMA, "title", 0, 1),
        )),
    );
    let hover = receive(2).response_result.unwrap();
    assert!(
        hover["contents"]["value"].as_str().unwrap().contains("title TEXT"),
        "{hover}"
    );
    send(
        &mut stdin,
        Message::Request(Request::new(3.into(), "shutdown".into(), Value::Null)),
    );
    receive(3);
    send(
        &mut stdin,
        Message::Notification(Notification::new("exit".into(), Value::Null)),
    );
    assert!(child.wait().unwrap().success());
}

// ---- hostile text: the parser's property-test inputs, through the server

// The property tests' tokens, shared with crates/pschema-schema/tests/properties.rs.
include!("../../pschema-schema/tests/support/tokens.rs");

fn boundary(text: &str, at: usize) -> usize {
    let mut at = at % (text.len() + 1);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Mutated copies of the real schema: deletions and tokens inserted anywhere.
fn mutated_paciolus() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        (any::<usize>(), 0usize..12, proptest::option::of(0..TOKENS.len())),
        1..8,
    )
    .prop_map(|edits| {
        let mut text = PACIOLUS.to_string();
        for (at, len, token) in edits {
            let start = boundary(&text, at);
            match token {
                Some(t) => text.insert_str(start, TOKENS[t]),
                None => {
                    let end = boundary(&text, (start + len).min(text.len())).max(start);
                    text.replace_range(start..end, "");
                }
            }
        }
        text
    })
}

fn hostile_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        proptest::collection::vec(0..TOKENS.len(), 0..80)
            .prop_map(|tokens| tokens.into_iter().map(|t| TOKENS[t]).collect::<String>()),
        mutated_paciolus(),
        // Deep nesting and long lines.
        (1usize..200).prop_map(|n| format!("table t {{ id Integer @default({}{}) }}", "(".repeat(n), ")".repeat(n))),
        (1usize..5000).prop_map(|n| format!("table {} {{ x", "é".repeat(n))),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn any_text_gets_answers(text in hostile_text(), positions in proptest::collection::vec((0u32..800, 0u32..300), 4)) {
        let mut client = Client::start();
        client.open("");
        client.change(2, &text);
        for (i, (line, character)) in positions.into_iter().enumerate() {
            let position = json!({ "textDocument": { "uri": URI }, "position": { "line": line % (text.lines().count() as u32 + 2), "character": character % 120 } });
            let mut with_context = position.clone();
            with_context["context"] = json!({ "includeDeclaration": true });
            let mut with_name = position.clone();
            with_name["newName"] = json!("renamed");
            for (method, params) in [
                ("textDocument/hover", position.clone()),
                ("textDocument/definition", position.clone()),
                ("textDocument/completion", position.clone()),
                ("textDocument/references", with_context),
                ("textDocument/rename", with_name),
            ] {
                let response = client.request(method, params);
                prop_assert!(
                    response.response_result.as_ref().err().is_none_or(|e| e.code != lsp_server::ErrorCode::InternalError as i32),
                    "{method} at #{i}: {:?}", response.response_result.as_ref().err()
                );
            }
        }
        let formatting = client.request(
            "textDocument/formatting",
            json!({ "textDocument": { "uri": URI }, "options": { "tabSize": 2, "insertSpaces": true } }),
        );
        prop_assert!(formatting.response_result.is_ok());
        client.shutdown();
    }
}
