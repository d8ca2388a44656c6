//! What a person sees while the runner works: a warning before a step that
//! loses data, who holds the lock while waiting, and on a terminal a spinner
//! with the statement being run. With `-q`, nothing; with `-v`, a line per
//! migration and per statement, and each migration's time.

use crate::output::Verbosity;
use pschema_migrate::{Direction, Event};
use pschema_sql::Dialect;
use std::io::IsTerminal;
use std::time::{Duration, Instant};

/// What the observer needs to know of the command line.
pub(crate) struct Shown {
    pub json: bool,
    pub verbosity: Verbosity,
    /// The database's dialect: with `-v`, the statements are read from the
    /// migration's SQL in it.
    pub dialect: Dialect,
}

pub(crate) fn observer(shown: Shown) -> impl FnMut(Event<'_>) {
    let Shown {
        json,
        verbosity,
        dialect,
    } = shown;
    let verbose = verbosity == Verbosity::Verbose;
    // Warnings and waits are for people: not in JSON, not with -q. Lines of
    // -v are asked for, so they come with --json too (on stderr).
    let warn = !json && verbosity > Verbosity::Quiet;
    // A spinner would write over the lines of -v.
    let terminal = warn && !verbose && std::io::stderr().is_terminal();
    let mut spinner: Option<indicatif::ProgressBar> = None;
    let mut label = String::new();
    let mut started = Instant::now();
    let mut statements: Vec<String> = Vec::new();
    move |event| match event {
        Event::Waiting { holder } => {
            if warn || verbose {
                eprintln!(
                    "waiting for the database lock{}",
                    holder.map(|h| format!(", held by {h}")).unwrap_or_default()
                );
            }
        }
        Event::Starting { migration, direction } => {
            let verb = if direction == Direction::Up {
                "applying"
            } else {
                "reverting"
            };
            if migration.loses_data(direction) && (warn || verbose) {
                eprintln!(
                    "warning: {verb} {} ({}) drops data that going the other way cannot bring back",
                    migration.id(),
                    migration.meta.message
                );
            }
            label = format!("{verb} {} ({})", migration.id(), migration.meta.message);
            started = Instant::now();
            if verbose {
                let file = migration.dir.join(pschema_migrate::dir::sql_path(dialect, direction));
                eprintln!("{label} from {}", file.display());
                statements = statement_lines(migration, dialect, direction);
            }
            if terminal {
                let bar = indicatif::ProgressBar::new_spinner();
                bar.set_message(label.clone());
                // Ticks only if the migration takes a moment: a quick one
                // finishes before the first frame.
                bar.enable_steady_tick(Duration::from_millis(200));
                spinner = Some(bar);
            }
        }
        Event::Statement { index, total } => {
            if let Some(bar) = &spinner {
                bar.set_message(format!("{label}: statement {index} of {total}"));
            }
            if verbose {
                // The runner numbers the statements as the script's steps
                // hold them; when the count differs, the number alone.
                let text = (statements.len() == total)
                    .then(|| index.checked_sub(1).and_then(|i| statements.get(i)))
                    .flatten();
                match text {
                    Some(text) => eprintln!("  statement {index} of {total}: {text}"),
                    None => eprintln!("  statement {index} of {total}"),
                }
            }
        }
        Event::Retrying {
            attempt,
            attempts,
            wait,
            statement,
        } => {
            if warn || verbose {
                let first_line = statement.lines().next().unwrap_or_default();
                eprintln!(
                    "lock_timeout: `{first_line}` waited too long for a lock another session holds; \
                     rolled back, trying again in {} ms (try {attempt} of {attempts})",
                    wait.as_millis()
                );
            }
        }
        Event::Resuming { done, total } => {
            if warn || verbose {
                eprintln!("resuming after step {done} of {total}, where an earlier run stopped");
            }
        }
        Event::Finished => {
            if let Some(bar) = spinner.take() {
                bar.finish_and_clear();
            }
            if verbose {
                eprintln!("{label}: committed {} ms after it began", started.elapsed().as_millis());
            }
        }
    }
}

/// The migration's statements in the order the runner numbers them (each
/// one outside a transaction first, then the body's steps), each as its
/// first line, for `-v`.
fn statement_lines(migration: &pschema_migrate::Migration, dialect: Dialect, direction: Direction) -> Vec<String> {
    let script = pschema_sql::script::parse(dialect, migration.sql(dialect, direction).unwrap_or(""));
    script
        .steps()
        .iter()
        .flat_map(|step| step.pieces)
        .map(|piece| {
            let shown = piece.shown();
            let mut lines = shown.lines();
            let first = lines.next().unwrap_or_default().trim_end().to_string();
            if lines.next().is_some() {
                format!("{first} ...")
            } else {
                first
            }
        })
        .collect()
}
