//! What a person sees while the runner works: a warning before a step that
//! loses data, who holds the lock while waiting, and on a terminal a spinner
//! with the statement being run.

use pschema_migrate::{Direction, Event};
use std::io::IsTerminal;
use std::time::Duration;

pub(crate) fn observer(json: bool) -> impl FnMut(Event<'_>) {
    let terminal = !json && std::io::stderr().is_terminal();
    let mut spinner: Option<indicatif::ProgressBar> = None;
    let mut label = String::new();
    move |event| match event {
        Event::Waiting { holder } => {
            if !json {
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
            if migration.loses_data(direction) && !json {
                eprintln!(
                    "warning: {verb} {} ({}) drops data that going the other way cannot bring back",
                    migration.id(),
                    migration.meta.message
                );
            }
            label = format!("{verb} {} ({})", migration.id(), migration.meta.message);
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
        }
        Event::Retrying {
            attempt,
            attempts,
            wait,
            statement,
        } => {
            if !json {
                let first_line = statement.lines().next().unwrap_or_default();
                eprintln!(
                    "lock_timeout: `{first_line}` waited too long for a lock another session holds; \
                     rolled back, trying again in {} ms (try {attempt} of {attempts})",
                    wait.as_millis()
                );
            }
        }
        Event::Resuming { done, total } => {
            if !json {
                eprintln!("resuming after step {done} of {total}, where an earlier run stopped");
            }
        }
        Event::Finished => {
            if let Some(bar) = spinner.take() {
                bar.finish_and_clear();
            }
        }
    }
}
