//! The protocol loop: JSON-RPC messages in, analysis, JSON-RPC messages out.
//!
//! Invariants: every request gets exactly one response; a panic in the analysis
//! of a request is caught and answered with an `InternalError` response, and a
//! panic while analysing a change leaves the document with no diagnostics and
//! no index, never a dead server. Documents are synchronised whole (full sync).

use crate::analysis::{self, Analysis};
use crate::position::LineIndex;
use crate::symbols::Index;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, Notification as _, PublishDiagnostics,
};
use lsp_types::request::{Completion, Formatting, GotoDefinition, HoverRequest, References, Rename, Request as _};
use lsp_types::{
    CompletionOptions, CompletionParams, CompletionResponse, DidChangeTextDocumentParams, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, DocumentFormattingParams, GotoDefinitionParams, GotoDefinitionResponse, HoverParams,
    HoverProviderCapability, OneOf, PublishDiagnosticsParams, ReferenceParams, RenameParams, ServerCapabilities,
    TextDocumentSyncCapability, TextDocumentSyncKind, Uri, WorkspaceEdit,
};
use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

type Error = Box<dyn std::error::Error + Send + Sync>;

pub fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        document_formatting_provider: Some(OneOf::Left(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![".".to_string(), "(".to_string(), " ".to_string()]),
            ..Default::default()
        }),
        rename_provider: Some(OneOf::Left(true)),
        ..Default::default()
    }
}

struct Document {
    analysis: Arc<Analysis>,
    /// The index of the last version that parsed, for completion while the
    /// text does not.
    last_good: Option<Arc<Index>>,
}

#[derive(Default)]
pub struct State {
    documents: HashMap<String, Document>,
}

/// Runs the server on `connection` until `shutdown` and `exit`.
pub fn run(connection: &Connection) -> Result<(), Error> {
    let capabilities = serde_json::to_value(capabilities())?;
    connection.initialize(capabilities)?;
    let mut state = State::default();
    for message in &connection.receiver {
        match message {
            Message::Request(request) => {
                if connection.handle_shutdown(&request)? {
                    return Ok(());
                }
                let response = state.request(request);
                connection.sender.send(Message::Response(response))?;
            }
            Message::Notification(notification) => {
                for out in state.notification(notification) {
                    connection.sender.send(Message::Notification(out))?;
                }
            }
            Message::Response(_) => {}
        }
    }
    Ok(())
}

/// Runs `f`, turning a panic into `None`.
fn guarded<T>(f: impl FnOnce() -> T) -> Option<T> {
    catch_unwind(AssertUnwindSafe(f)).ok()
}

fn analyse(text: String) -> Analysis {
    let copy = text.clone();
    guarded(|| Analysis::new(text)).unwrap_or_else(|| Analysis::unanalysed(copy))
}

enum Failure {
    MethodNotFound(String),
    InvalidParams(String),
    Failed(String),
}

impl State {
    pub fn request(&mut self, request: Request) -> Response {
        let id = request.id.clone();
        let method = request.method.clone();
        match guarded(|| self.dispatch(request)) {
            Some(Ok(value)) => Response::new_ok(id, value),
            Some(Err(Failure::MethodNotFound(message))) => error(id, ErrorCode::MethodNotFound, message),
            Some(Err(Failure::InvalidParams(message))) => error(id, ErrorCode::InvalidParams, message),
            Some(Err(Failure::Failed(message))) => error(id, ErrorCode::RequestFailed, message),
            None => error(
                id,
                ErrorCode::InternalError,
                format!("pschema-lsp: internal error while answering {method}"),
            ),
        }
    }

    fn document(&self, uri: &Uri) -> Option<&Document> {
        self.documents.get(uri.as_str())
    }

    fn dispatch(&mut self, request: Request) -> Result<serde_json::Value, Failure> {
        fn params<P: serde::de::DeserializeOwned>(request: Request) -> Result<P, Failure> {
            serde_json::from_value(request.params).map_err(|e| Failure::InvalidParams(e.to_string()))
        }
        let json = |v: serde_json::Value| Ok(v);
        match request.method.as_str() {
            GotoDefinition::METHOD => {
                let p: GotoDefinitionParams = params(request)?;
                let at = p.text_document_position_params;
                let found = self
                    .document(&at.text_document.uri)
                    .and_then(|d| d.analysis.definition(&at.text_document.uri, at.position))
                    .map(GotoDefinitionResponse::Scalar);
                json(to_json(found))
            }
            References::METHOD => {
                let p: ReferenceParams = params(request)?;
                let at = p.text_document_position;
                let found = self.document(&at.text_document.uri).map(|d| {
                    d.analysis
                        .references(&at.text_document.uri, at.position, p.context.include_declaration)
                });
                json(to_json(found))
            }
            HoverRequest::METHOD => {
                let p: HoverParams = params(request)?;
                let at = p.text_document_position_params;
                let found = self
                    .document(&at.text_document.uri)
                    .and_then(|d| d.analysis.hover(at.position));
                json(to_json(found))
            }
            Formatting::METHOD => {
                let p: DocumentFormattingParams = params(request)?;
                let found = self
                    .document(&p.text_document.uri)
                    .and_then(|d| d.analysis.formatting());
                json(to_json(found))
            }
            Completion::METHOD => {
                let p: CompletionParams = params(request)?;
                let at = p.text_document_position;
                let found = self.document(&at.text_document.uri).map(|d| {
                    let a = &d.analysis;
                    let index = a.index.as_deref().or(d.last_good.as_deref());
                    CompletionResponse::Array(analysis::completion(&a.text, a.offset(at.position), index, &a.lines))
                });
                json(to_json(found))
            }
            Rename::METHOD => {
                let p: RenameParams = params(request)?;
                let at = p.text_document_position;
                let uri = at.text_document.uri;
                let Some(document) = self.document(&uri) else {
                    return json(serde_json::Value::Null);
                };
                let edits = document
                    .analysis
                    .rename(at.position, &p.new_name)
                    .map_err(Failure::Failed)?;
                let edit = WorkspaceEdit {
                    changes: Some(HashMap::from([(uri, edits)])),
                    ..Default::default()
                };
                json(to_json(Some(edit)))
            }
            other => Err(Failure::MethodNotFound(format!("pschema-lsp does not answer {other}"))),
        }
    }

    /// Keeps the documents up to date; returns the diagnostics to publish.
    pub fn notification(&mut self, notification: Notification) -> Vec<Notification> {
        let updated = match notification.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let Ok(p) = serde_json::from_value::<DidOpenTextDocumentParams>(notification.params) else {
                    return Vec::new();
                };
                Some((p.text_document.uri, p.text_document.version, p.text_document.text))
            }
            DidChangeTextDocument::METHOD => {
                let Ok(p) = serde_json::from_value::<DidChangeTextDocumentParams>(notification.params) else {
                    return Vec::new();
                };
                let uri = p.text_document.uri;
                let mut text = self.document(&uri).map(|d| d.analysis.text.clone()).unwrap_or_default();
                for change in p.content_changes {
                    match change.range {
                        // A client that sends ranges anyway: apply them.
                        Some(range) => {
                            let lines = LineIndex::new(&text);
                            let start = lines.offset(&text, range.start);
                            let end = lines.offset(&text, range.end).max(start);
                            text.replace_range(start..end, &change.text);
                        }
                        None => text = change.text,
                    }
                }
                Some((uri, p.text_document.version, text))
            }
            DidCloseTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<DidCloseTextDocumentParams>(notification.params) {
                    self.documents.remove(p.text_document.uri.as_str());
                    return vec![publish(p.text_document.uri, Vec::new(), None)];
                }
                None
            }
            _ => None,
        };
        let Some((uri, version, text)) = updated else {
            return Vec::new();
        };
        let analysis = Arc::new(analyse(text));
        let diagnostics = guarded(|| analysis.lsp_diagnostics(&uri)).unwrap_or_default();
        let last_good = analysis
            .index
            .clone()
            .or_else(|| self.document(&uri).and_then(|d| d.last_good.clone()));
        self.documents
            .insert(uri.as_str().to_string(), Document { analysis, last_good });
        vec![publish(uri, diagnostics, Some(version))]
    }
}

fn to_json<T: serde::Serialize>(value: T) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}

fn error(id: RequestId, code: ErrorCode, message: String) -> Response {
    Response::new_err(id, code as i32, message)
}

fn publish(uri: Uri, diagnostics: Vec<lsp_types::Diagnostic>, version: Option<i32>) -> Notification {
    Notification::new(
        PublishDiagnostics::METHOD.to_string(),
        PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        },
    )
}
