//! Where each vertex goes across its layer, and the routes of the edges.

use super::{BOX_GAP, Proper};
use std::collections::BTreeMap;

const DUMMY_GAP: f64 = 14.0;
const PLACEMENT_PASSES: usize = 12;

impl Proper {
    /// x of every vertex: packed left, then moved towards its neighbours,
    /// downwards, upwards, and finally towards both.
    pub(super) fn place(&mut self) {
        for l in 0..self.order.len() {
            let mut x = 0.0;
            for (i, &v) in self.order[l].iter().enumerate() {
                if i > 0 {
                    x += self.gap(self.order[l][i - 1], v);
                }
                self.x[v] = x;
                x += self.width[v];
            }
        }
        for pass in 0..PLACEMENT_PASSES {
            let (use_up, use_down) = match pass {
                p if p + 2 >= PLACEMENT_PASSES => (true, true),
                p if p % 2 == 0 => (true, false),
                _ => (false, true),
            };
            let layers: Vec<usize> = if use_up && !use_down {
                (0..self.order.len()).collect()
            } else {
                (0..self.order.len()).rev().collect()
            };
            for l in layers {
                self.place_layer(l, use_up, use_down);
            }
        }
        let left = self.x.iter().copied().fold(f64::INFINITY, f64::min);
        if left.is_finite() {
            for x in &mut self.x {
                *x -= left;
            }
        }
    }

    fn center(&self, v: usize) -> f64 {
        self.x[v] + self.width[v] / 2.0
    }

    /// The middle of where a vertex's ports go.
    fn port_center(&self, v: usize) -> f64 {
        if self.dummy[v] {
            self.center(v)
        } else {
            self.x[v] + self.box_width[v] / 2.0
        }
    }

    fn gap(&self, a: usize, b: usize) -> f64 {
        if self.dummy[a] || self.dummy[b] {
            DUMMY_GAP
        } else {
            BOX_GAP
        }
    }

    fn place_layer(&mut self, l: usize, use_up: bool, use_down: bool) {
        let order = &self.order[l];
        let mut targets = Vec::with_capacity(order.len());
        let mut offset = 0.0;
        for (i, &v) in order.iter().enumerate() {
            if i > 0 {
                offset += self.width[order[i - 1]] + self.gap(order[i - 1], v);
            }
            let mut neighbours: Vec<usize> = Vec::new();
            if use_up {
                neighbours.extend(&self.up[v]);
            }
            if use_down {
                neighbours.extend(&self.down[v]);
            }
            let center = if neighbours.is_empty() {
                self.port_center(v)
            } else {
                neighbours.iter().map(|&u| self.port_center(u)).sum::<f64>() / neighbours.len() as f64
            };
            // Long edges stay straight rather than bend round a box.
            let weight = if self.dummy[v] { 2.0 } else { 1.0 };
            let half = if self.dummy[v] {
                self.width[v]
            } else {
                self.box_width[v]
            } / 2.0;
            targets.push((center - half - offset, weight, offset));
        }
        let placed = nondecreasing_fit(&targets.iter().map(|t| (t.0, t.1)).collect::<Vec<_>>());
        for ((&v, t), y) in order.iter().zip(&targets).zip(placed) {
            self.x[v] = y + t.2;
        }
    }

    pub(super) fn routes(&self, down: &[Option<(usize, usize)>], reversed: &[bool]) -> Vec<Vec<(f64, f64)>> {
        // At each vertex, the segments leaving from its bottom and its top,
        // with the x of their other end: ports are handed out in that order.
        let count = self.layer.len();
        let (mut bottom, mut top) = (vec![Vec::new(); count], vec![Vec::new(); count]);
        for (e, chain) in self.chains.iter().enumerate() {
            for pair in chain.windows(2) {
                bottom[pair[0]].push((self.port_center(pair[1]), e));
                top[pair[1]].push((self.port_center(pair[0]), e));
            }
        }
        let mut bottom_ports = BTreeMap::new();
        let mut top_ports = BTreeMap::new();
        for (ends, ports) in [(&mut bottom, &mut bottom_ports), (&mut top, &mut top_ports)] {
            for (v, ends) in ends.iter_mut().enumerate() {
                ends.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
                let k = ends.len() as f64;
                for (i, &(_, e)) in ends.iter().enumerate() {
                    let x = if self.dummy[v] {
                        self.center(v)
                    } else {
                        self.x[v] + self.box_width[v] * (i as f64 + 1.0) / (k + 1.0)
                    };
                    ports.insert((e, v), x);
                }
            }
        }
        let mut routes = Vec::with_capacity(self.chains.len());
        for (e, chain) in self.chains.iter().enumerate() {
            if down[e].is_none() {
                routes.push(Vec::new());
                continue;
            }
            let mut points = Vec::new();
            for (i, &v) in chain.iter().enumerate() {
                let top = self.top[self.layer[v]];
                if i > 0 {
                    points.push((top_ports[&(e, v)], top));
                }
                if i + 1 < chain.len() {
                    let height = if self.dummy[v] {
                        self.band[self.layer[v]]
                    } else {
                        self.height[v]
                    };
                    points.push((bottom_ports[&(e, v)], top + height));
                }
            }
            // The chain runs downwards; a route runs from the child.
            if !reversed[e] {
                points.reverse();
            }
            routes.push(points);
        }
        routes
    }
}

/// The nondecreasing sequence closest to the weighted targets in least
/// squares (pool adjacent violators).
fn nondecreasing_fit(targets: &[(f64, f64)]) -> Vec<f64> {
    // Blocks of (mean, weight, length).
    let mut blocks: Vec<(f64, f64, usize)> = Vec::new();
    for &(t, w) in targets {
        blocks.push((t, w, 1));
        while blocks.len() > 1 && blocks[blocks.len() - 2].0 > blocks[blocks.len() - 1].0 {
            let (m2, w2, n2) = blocks.pop().unwrap_or((0.0, 0.0, 0));
            let last = blocks.len() - 1;
            let (m1, w1, n1) = blocks[last];
            blocks[last] = ((m1 * w1 + m2 * w2) / (w1 + w2), w1 + w2, n1 + n2);
        }
    }
    blocks.iter().flat_map(|&(m, _, n)| std::iter::repeat_n(m, n)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fit_pools_violators() {
        assert_eq!(nondecreasing_fit(&[(1.0, 1.0), (3.0, 1.0)]), [1.0, 3.0]);
        assert_eq!(nondecreasing_fit(&[(3.0, 1.0), (1.0, 1.0)]), [2.0, 2.0]);
        assert_eq!(
            nondecreasing_fit(&[(4.0, 3.0), (0.0, 1.0), (5.0, 1.0)]),
            [3.0, 3.0, 5.0]
        );
    }
}
