//! `pschema-lsp`: the language server on stdin and stdout.

fn main() -> std::process::ExitCode {
    let (connection, io_threads) = lsp_server::Connection::stdio();
    let result = pschema_lsp::run(&connection);
    drop(connection);
    let joined = io_threads.join();
    match (result, joined) {
        (Ok(()), Ok(())) => std::process::ExitCode::SUCCESS,
        (Err(e), _) => {
            eprintln!("pschema-lsp: {e}");
            std::process::ExitCode::FAILURE
        }
        (_, Err(e)) => {
            eprintln!("pschema-lsp: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
