fn main() -> std::process::ExitCode {
    pschema_cli::run(std::env::args_os())
}
