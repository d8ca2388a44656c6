//! `cargo xtask bench lsp`: the release `pschema-lsp` on the synthetic
//! 500-table schema, driven over stdio as an editor drives it. Measured: the
//! time from a `didChange` (one column renamed, whole text sent) to its
//! `publishDiagnostics`, and from a hover on a column to its answer; the
//! reference is `pschema fmt --check` of the same file in the same run
//! (parsing and formatting it, with a process start). The target is 50 ms.

use super::{Bench, median, ms, new_project, run, synthetic_schema};
use anyhow::{Context, Result, bail};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::Instant;

const RUNS: usize = 21;
const TARGET_MS: f64 = 50.0;

struct Server {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
    next_id: i64,
}

impl Server {
    fn start(binary: &std::path::Path) -> Result<Server> {
        let mut child = Command::new(binary)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .with_context(|| format!("starting {}", binary.display()))?;
        let stdin = child.stdin.take().context("stdin")?;
        let stdout = BufReader::new(child.stdout.take().context("stdout")?);
        Ok(Server {
            child,
            stdin,
            stdout,
            next_id: 0,
        })
    }

    fn send(&mut self, message: Value) -> Result<()> {
        let body = serde_json::to_string(&message)?;
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len())?;
        self.stdin.flush()?;
        Ok(())
    }

    fn receive(&mut self) -> Result<Value> {
        let mut length = None;
        loop {
            let mut line = String::new();
            if self.stdout.read_line(&mut line)? == 0 {
                bail!("pschema-lsp closed its output");
            }
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(n) = line.strip_prefix("Content-Length: ") {
                length = Some(n.parse::<usize>()?);
            }
        }
        let mut body = vec![0; length.context("a message without Content-Length")?];
        self.stdout.read_exact(&mut body)?;
        Ok(serde_json::from_slice(&body)?)
    }

    fn request(&mut self, method: &str, params: Value) -> Result<Value> {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }))?;
        loop {
            let message = self.receive()?;
            if message["id"] == json!(id) {
                if let Some(error) = message.get("error") {
                    bail!("{method} failed: {error}");
                }
                return Ok(message["result"].clone());
            }
        }
    }

    fn notify(&mut self, method: &str, params: Value) -> Result<()> {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }))
    }

    fn diagnostics(&mut self) -> Result<Value> {
        loop {
            let message = self.receive()?;
            if message["method"] == json!("textDocument/publishDiagnostics") {
                return Ok(message["params"]["diagnostics"].clone());
            }
        }
    }

    fn stop(mut self) -> Result<()> {
        self.request("shutdown", Value::Null)?;
        self.notify("exit", Value::Null)?;
        let status = self.child.wait()?;
        if !status.success() {
            bail!("pschema-lsp exited with {status}");
        }
        Ok(())
    }
}

pub(super) fn lsp(bench: &Bench) -> Result<()> {
    let tables = 500;
    let schema = synthetic_schema(tables);
    let project = new_project(bench, "lsp", &schema)?;
    run(&mut bench.pschema(&project, &["fmt"]))?;
    let path = project.join("schema/paciolus.pschema");
    let text = std::fs::read_to_string(&path)?;
    let uri = format!("file://{}", path.display());

    let mut server = Server::start(&bench.root.join("target/release/pschema-lsp"))?;
    server.request("initialize", json!({ "capabilities": {} }))?;
    server.notify("initialized", json!({}))?;
    server.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "pschema", "version": 1, "text": text } }),
    )?;
    let opened = server.diagnostics()?;
    if opened.as_array().is_none_or(|d| !d.is_empty()) {
        bail!("the synthetic schema has diagnostics: {opened}");
    }
    // The hover: a column of the table in the middle of the file.
    let needle = format!("table t{} {{\n", tables / 2);
    let at = text.find(&needle).context("the middle table")? + needle.len();
    let line = text[..at].matches('\n').count() + 1; // its `parent_id` line
    let position = json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": 3 } });
    let hovered = server.request("textDocument/hover", position.clone())?;
    if !hovered["contents"]["value"]
        .as_str()
        .is_some_and(|v| v.contains("parent_id"))
    {
        bail!("the hover does not show the column: {hovered}");
    }

    let renamed = text.replacen("  note       Text?\n", "  memo       Text?\n", 1);
    let (mut change, mut hover, mut reference) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..RUNS {
        let version = i as i64 + 2;
        let new_text = if i % 2 == 0 { &renamed } else { &text };
        let started = Instant::now();
        server.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [{ "text": new_text }] }),
        )?;
        server.diagnostics()?;
        change.push(ms(started.elapsed()));
        let started = Instant::now();
        server.request("textDocument/hover", position.clone())?;
        hover.push(ms(started.elapsed()));
        if i % 3 == 0 {
            reference.push(ms(run(&mut bench.pschema(&project, &["fmt", "--check"]))?.elapsed));
        }
    }
    server.stop()?;
    let (change, hover, reference) = (median(change), median(hover), median(reference));
    println!(
        "\nlsp: pschema-lsp on the synthetic {tables}-table schema ({} KiB), over stdio:",
        text.len() / 1024
    );
    println!("  what                                   median     target   against fmt --check");
    let verdict = |t: f64| if t < TARGET_MS { "ok" } else { "OVER" };
    println!(
        "  didChange -> publishDiagnostics   {change:8.2} ms   {TARGET_MS} ms {:>4}   {:5.2}x",
        verdict(change),
        change / reference
    );
    println!(
        "  hover on a column                 {hover:8.2} ms   {TARGET_MS} ms {:>4}   {:5.2}x",
        verdict(hover),
        hover / reference
    );
    println!("  pschema fmt --check (reference)   {reference:8.2} ms");
    std::fs::remove_dir_all(&project).ok();
    Ok(())
}
