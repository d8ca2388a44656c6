//! A layered (Sugiyama-style) layout of boxes joined by edges from child to
//! parent: parents above children.
//!
//! The stages, each deterministic (ties go to the lower index, sums are
//! compared as integers, and nothing iterates a hash map):
//! 1. cycles are broken by reversing the edges that Eades, Lin and Smyth's
//!    greedy order puts upwards (a foreign-key cycle is legal);
//! 2. longest-path layering: a box sits one layer below its lowest parent,
//!    and a box nothing points up from is pulled down next to its children;
//! 3. an edge spanning several layers gets a dummy vertex in each, so that it
//!    takes a slot between boxes instead of crossing them;
//! 4. a few sweeps of barycentric ordering, keeping the order with the fewest
//!    crossings;
//! 5. x by repeatedly moving each vertex towards the mean of its neighbours,
//!    as close as the order and the gaps allow (an isotonic regression per
//!    layer, solved exactly by pooling adjacent violators);
//! 6. edges leave and enter boxes at ports spread along the box's top and
//!    bottom sides, in the order of where they go, so they do not cross there.

mod order;
mod place;

use std::collections::BTreeSet;

/// A box to place.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Size {
    pub width: f64,
    pub height: f64,
    /// Room kept free at the box's right, beside it in its layer (for a loop
    /// from the box to itself).
    pub margin: f64,
}

/// An edge from `child` up to `parent` (indexes of the boxes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Edge {
    pub child: usize,
    pub parent: usize,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub boxes: Vec<Rect>,
    /// Per edge, the points from the child's side to the parent's, to be
    /// joined by curves whose tangents are vertical at each point; empty for
    /// an edge from a box to itself.
    pub routes: Vec<Vec<(f64, f64)>>,
    /// The layer of each box, 0 at the top.
    pub layers: Vec<usize>,
    pub width: f64,
    pub height: f64,
}

pub const LAYER_GAP: f64 = 90.0;
/// Between two boxes of a layer.
const BOX_GAP: f64 = 40.0;
const DUMMY_WIDTH: f64 = 2.0;

pub fn layout(sizes: &[Size], edges: &[Edge]) -> Layout {
    let n = sizes.len();
    let reversed = break_cycles(n, edges);
    // Downward (upper, lower) pairs; self-edges take no part.
    let down: Vec<Option<(usize, usize)>> = edges
        .iter()
        .zip(&reversed)
        .map(|(e, &r)| match (e.child == e.parent, r) {
            (true, _) => None,
            (false, false) => Some((e.parent, e.child)),
            (false, true) => Some((e.child, e.parent)),
        })
        .collect();
    let layers = layering(n, &down);
    let mut graph = Proper::new(sizes, &layers, &down);
    graph.order();
    graph.place();
    let routes = graph.routes(&down, &reversed);
    let boxes = (0..n)
        .map(|v| Rect {
            x: graph.x[v],
            y: graph.top[layers[v]],
            width: sizes[v].width,
            height: sizes[v].height,
        })
        .collect::<Vec<_>>();
    let width = (0..graph.width.len())
        .map(|v| graph.x[v] + graph.width[v])
        .fold(0.0, f64::max);
    let height = boxes.iter().map(|b| b.y + b.height).fold(0.0, f64::max);
    Layout {
        boxes,
        routes,
        layers,
        width,
        height,
    }
}

/// Which edges to turn upside down so that the downward edges (parent to
/// child) have no cycle: those that go backwards in a greedy order that puts
/// sources first and sinks last and otherwise takes the vertex whose edges
/// out most outnumber its edges in (so a hub stays on top).
pub fn break_cycles(n: usize, edges: &[Edge]) -> Vec<bool> {
    let mut outs = vec![Vec::new(); n];
    let mut ins = vec![Vec::new(); n];
    for e in edges.iter().filter(|e| e.child != e.parent) {
        outs[e.parent].push(e.child);
        ins[e.child].push(e.parent);
    }
    let mut removed = vec![false; n];
    let live = |list: &Vec<usize>, removed: &[bool]| list.iter().filter(|&&v| !removed[v]).count() as i64;
    let (mut first, mut last) = (Vec::new(), Vec::new());
    let mut left = n;
    while left > 0 {
        let pick = |removed: &[bool], want: &dyn Fn(usize) -> bool| (0..n).find(|&v| !removed[v] && want(v));
        let next = if let Some(v) = pick(&removed, &|v| live(&outs[v], &removed) == 0) {
            last.push(v);
            v
        } else if let Some(v) = pick(&removed, &|v| live(&ins[v], &removed) == 0) {
            first.push(v);
            v
        } else {
            let best = (0..n)
                .filter(|&v| !removed[v])
                .max_by_key(|&v| (live(&outs[v], &removed) - live(&ins[v], &removed), std::cmp::Reverse(v)));
            let Some(v) = best else { break };
            first.push(v);
            v
        };
        removed[next] = true;
        left -= 1;
    }
    let mut rank = vec![0; n];
    for (i, &v) in first.iter().chain(last.iter().rev()).enumerate() {
        rank[v] = i;
    }
    edges
        .iter()
        .map(|e| e.child != e.parent && rank[e.parent] > rank[e.child])
        .collect()
}

/// The layer of each vertex over acyclic downward pairs.
fn layering(n: usize, down: &[Option<(usize, usize)>]) -> Vec<usize> {
    let mut lower = vec![Vec::new(); n];
    let mut upper = vec![Vec::new(); n];
    let mut pending = vec![0usize; n];
    for &(u, l) in down.iter().flatten() {
        lower[u].push(l);
        upper[l].push(u);
        pending[l] += 1;
    }
    let mut layer = vec![0; n];
    let mut ready: BTreeSet<usize> = (0..n).filter(|&v| pending[v] == 0).collect();
    let mut topological = Vec::with_capacity(n);
    while let Some(v) = ready.pop_first() {
        topological.push(v);
        for &l in &lower[v] {
            layer[l] = layer[l].max(layer[v] + 1);
            pending[l] -= 1;
            if pending[l] == 0 {
                ready.insert(l);
            }
        }
    }
    for &v in &topological {
        if upper[v].is_empty()
            && let Some(nearest) = lower[v].iter().map(|&l| layer[l]).min()
        {
            layer[v] = nearest - 1;
        }
    }
    layer
}

/// The layered graph with dummy vertices: vertices `0..n` are the boxes,
/// the rest dummies; every segment joins adjacent layers.
struct Proper {
    layer: Vec<usize>,
    width: Vec<f64>,
    /// Of the boxes, without their margins: where ports go.
    box_width: Vec<f64>,
    /// Of the boxes; a dummy is as tall as its layer.
    height: Vec<f64>,
    dummy: Vec<bool>,
    /// Per edge, its vertices from the upper end to the lower.
    chains: Vec<Vec<usize>>,
    up: Vec<Vec<usize>>,
    down: Vec<Vec<usize>>,
    order: Vec<Vec<usize>>,
    x: Vec<f64>,
    top: Vec<f64>,
    band: Vec<f64>,
}

impl Proper {
    fn new(sizes: &[Size], layers: &[usize], down: &[Option<(usize, usize)>]) -> Proper {
        let n = sizes.len();
        let mut layer = layers.to_vec();
        let mut width: Vec<f64> = sizes.iter().map(|s| s.width + s.margin).collect();
        let mut dummy = vec![false; n];
        let mut chains = Vec::with_capacity(down.len());
        for pair in down {
            let Some((u, l)) = *pair else {
                chains.push(Vec::new());
                continue;
            };
            let mut chain = vec![u];
            for through in layer[u] + 1..layer[l] {
                layer.push(through);
                width.push(DUMMY_WIDTH);
                dummy.push(true);
                chain.push(layer.len() - 1);
            }
            chain.push(l);
            chains.push(chain);
        }
        let count = layer.len();
        let (mut up, mut dn) = (vec![Vec::new(); count], vec![Vec::new(); count]);
        for chain in &chains {
            for pair in chain.windows(2) {
                dn[pair[0]].push(pair[1]);
                up[pair[1]].push(pair[0]);
            }
        }
        let depth = layer.iter().max().map_or(0, |m| m + 1);
        let mut order = vec![Vec::new(); depth];
        for (v, &l) in layer.iter().enumerate() {
            order[l].push(v);
        }
        let mut band = vec![0.0f64; depth];
        for (v, size) in sizes.iter().enumerate() {
            band[layer[v]] = band[layer[v]].max(size.height);
        }
        let mut top = Vec::with_capacity(depth);
        let mut y = 0.0;
        for h in &band {
            top.push(y);
            y += h + LAYER_GAP;
        }
        Proper {
            layer,
            width,
            box_width: sizes.iter().map(|s| s.width).collect(),
            height: sizes.iter().map(|s| s.height).collect(),
            dummy,
            chains,
            up,
            down: dn,
            order,
            x: vec![0.0; count],
            top,
            band,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edge(child: usize, parent: usize) -> Edge {
        Edge { child, parent }
    }

    fn boxes(n: usize) -> Vec<Size> {
        (0..n)
            .map(|i| Size {
                width: 60.0 + 10.0 * i as f64,
                height: 40.0,
                margin: 0.0,
            })
            .collect()
    }

    #[test]
    fn a_cycle_is_broken_at_one_edge_and_the_hub_stays_on_top() {
        // users(0) <- orgs(1).owner, users <- subs(2), subs <- orgs.subscription,
        // orgs <- users.organization_id: Paciolus's cycle, plus two leaves of users.
        let edges = [edge(1, 0), edge(2, 0), edge(1, 2), edge(0, 1), edge(3, 0), edge(4, 0)];
        let reversed = break_cycles(5, &edges);
        assert_eq!(reversed, [false, false, false, true, false, false]);
        let l = layout(&boxes(5), &edges);
        assert_eq!(l.layers, [0, 2, 1, 1, 1]);
        for (e, r) in edges.iter().zip(&reversed) {
            let (upper, lower) = if *r { (e.child, e.parent) } else { (e.parent, e.child) };
            assert!(l.layers[upper] < l.layers[lower], "{e:?}");
        }
    }

    #[test]
    fn cycle_breaking_is_total_and_ignores_self_edges() {
        // A ring of four and a self-edge: exactly one ring edge turns over.
        let edges = [edge(0, 1), edge(1, 2), edge(2, 3), edge(3, 0), edge(2, 2)];
        let reversed = break_cycles(4, &edges);
        assert_eq!(reversed.iter().filter(|&&r| r).count(), 1);
        assert!(!reversed[4]);
        let l = layout(&boxes(4), &edges);
        assert!(l.routes[4].is_empty());
        let mut layers = l.layers.clone();
        layers.sort();
        assert_eq!(layers, [0, 1, 2, 3]);
    }

    #[test]
    fn a_parent_with_one_deep_child_is_pulled_down_to_it() {
        // 3 -> 2 -> 1 -> 0 is a chain; 4 has only the deepest child, 3.
        let edges = [edge(1, 0), edge(2, 1), edge(3, 2), edge(3, 4)];
        assert_eq!(layout(&boxes(5), &edges).layers, [0, 1, 2, 3, 2]);
    }

    #[test]
    fn ordering_removes_a_crossing() {
        // Parents 0 and 1 on top; 2 is 1's child and 3 is 0's: declared
        // crossed, laid out side by side.
        let edges = [edge(2, 1), edge(3, 0)];
        let l = layout(&boxes(4), &edges);
        let left_of = |a: usize, b: usize| l.boxes[a].x < l.boxes[b].x;
        assert_eq!(left_of(0, 1), left_of(3, 2));
    }

    #[test]
    fn a_long_edge_routes_through_the_layers_between() {
        let edges = [edge(1, 0), edge(2, 1), edge(2, 0)];
        let l = layout(&boxes(3), &edges);
        // From the child's top, up through layer 1 (two points), to the parent's bottom.
        let route = &l.routes[2];
        assert_eq!(route.len(), 4);
        assert_eq!(route[0].1, l.boxes[2].y);
        assert_eq!(route[3].1, l.boxes[0].y + l.boxes[0].height);
        // Clear of the box in layer 1.
        let middle = &l.boxes[1];
        assert!(route[1].0 < middle.x || route[1].0 > middle.x + middle.width);
    }

    #[test]
    fn boxes_in_a_layer_keep_their_gaps() {
        let edges: Vec<Edge> = (1..8).map(|c| edge(c, 0)).collect();
        let l = layout(&boxes(8), &edges);
        let mut row: Vec<&Rect> = l.boxes[1..].iter().collect();
        row.sort_by(|a, b| a.x.total_cmp(&b.x));
        for pair in row.windows(2) {
            assert!(pair[1].x >= pair[0].x + pair[0].width + BOX_GAP - 1e-9);
        }
        // The parent sits over the mean of its children's middles.
        let middle = row.iter().map(|b| b.x + b.width / 2.0).sum::<f64>() / 7.0;
        let parent = l.boxes[0].x + l.boxes[0].width / 2.0;
        assert!((parent - middle).abs() < 1.0, "{parent} {middle}");
    }

    #[test]
    fn the_same_graph_gives_the_same_layout() {
        let edges = [
            edge(1, 0),
            edge(2, 0),
            edge(1, 2),
            edge(0, 1),
            edge(3, 0),
            edge(3, 1),
            edge(4, 3),
        ];
        assert_eq!(layout(&boxes(5), &edges), layout(&boxes(5), &edges));
    }
}
