//! The revision graph drawn as `git log --graph` draws commits: newest
//! first, one lane per line of descent, `*` for a revision, `|\` where a merge
//! opens lanes for its other parents, `|/` where lanes join again at the
//! revision they branched from.

use pschema_migrate::Graph;

/// One line per revision, and the lines that open and join lanes; `label`
/// says what follows a revision's mark.
pub(crate) fn draw(graph: &Graph, label: impl Fn(&str) -> String) -> Vec<String> {
    let mut lanes: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for m in graph.migrations().iter().rev() {
        let id = m.id();
        let waiting: Vec<usize> = lanes
            .iter()
            .enumerate()
            .filter(|(_, l)| l.as_str() == id)
            .map(|(i, _)| i)
            .collect();
        let lane = match waiting.first() {
            Some(&first) => {
                // Lanes that were waiting for this revision too join it here.
                if waiting.len() > 1 {
                    // Lanes from the first joined one on move left: `/`
                    // between columns; the lanes before stay: `|`.
                    let joined = &waiting[1..];
                    let mut marks = vec![' '; 2 * lanes.len()];
                    for k in 0..joined[0] {
                        marks[2 * k] = '|';
                    }
                    for k in joined[0]..lanes.len() {
                        marks[2 * k - 1] = '/';
                    }
                    out.push(marks.iter().collect::<String>().trim_end().to_string());
                    for &i in joined.iter().rev() {
                        lanes.remove(i);
                    }
                }
                first
            }
            None => {
                lanes.push(id.to_string());
                lanes.len() - 1
            }
        };
        let marks: Vec<String> = (0..lanes.len())
            .map(|i| if i == lane { "* ".to_string() } else { "| ".to_string() })
            .collect();
        out.push(format!("{}{}", marks.concat(), label(id)));
        let parents = &m.meta.parents;
        match parents.first() {
            None => {
                lanes.remove(lane);
            }
            Some(first) => lanes[lane] = first.clone(),
        }
        // A merge's other parents: a lane of their own each, unless one is
        // already waiting for that parent.
        let mut opened = 0;
        for parent in parents.iter().skip(1) {
            if lanes.contains(parent) {
                continue;
            }
            opened += 1;
            lanes.insert(lane + opened, parent.clone());
        }
        if opened > 0 {
            // The new lanes, and those to their right, move right: `\`
            // between columns.
            let mut marks = vec![' '; 2 * lanes.len()];
            for k in 0..=lane {
                marks[2 * k] = '|';
            }
            for k in lane + 1..lanes.len() {
                marks[2 * k - 1] = '\\';
            }
            out.push(marks.iter().collect::<String>().trim_end().to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use pschema_migrate::{Migration, MigrationMeta};

    fn graph(edges: &[(&str, &[&str])]) -> Graph {
        Graph::new(
            edges
                .iter()
                .enumerate()
                .map(|(i, (id, parents))| Migration {
                    meta: MigrationMeta {
                        id: id.to_string(),
                        parents: parents.iter().map(|p| p.to_string()).collect(),
                        message: String::new(),
                        created: format!("{i:03}"),
                        destructive: false,
                        down_loses_data: false,
                        squashes: Vec::new(),
                        squashed_checksums: Default::default(),
                        checksums: Default::default(),
                    },
                    dir: id.into(),
                    files: Default::default(),
                })
                .collect(),
        )
        .unwrap()
    }

    #[test]
    fn a_diamond_and_a_three_parent_merge() {
        let diamond = graph(&[("a", &[]), ("b", &["a"]), ("c", &["a"]), ("d", &["b", "c"])]);
        assert_eq!(
            draw(&diamond, |id| id.to_string()),
            ["* d", "|\\", "| * c", "* | b", "|/", "* a"]
        );
        let three = graph(&[
            ("a", &[]),
            ("b", &["a"]),
            ("c", &["a"]),
            ("e", &["a"]),
            ("f", &["b", "c", "e"]),
            ("g", &["f"]),
        ]);
        assert_eq!(
            draw(&three, |id| id.to_string()),
            ["* g", "* f", "|\\ \\", "| | * e", "| * | c", "* | | b", "|/ /", "* a"]
        );
    }

    #[test]
    fn a_side_branch_that_comes_back_later() {
        // a - b - c - m, with x from a merged at m.
        let g = graph(&[
            ("a", &[]),
            ("x", &["a"]),
            ("b", &["a"]),
            ("c", &["b"]),
            ("m", &["c", "x"]),
        ]);
        assert_eq!(
            draw(&g, |id| id.to_string()),
            ["* m", "|\\", "* | c", "* | b", "| * x", "|/", "* a"]
        );
    }
}
