//! Crossing reduction: barycentric sweeps over the layers, down then up,
//! keeping the order with the fewest crossings seen.

use super::Proper;

const ORDER_SWEEPS: usize = 24;

impl Proper {
    /// Barycentric sweeps, down then up, keeping the best order seen.
    pub(super) fn order(&mut self) {
        let mut best = self.order.clone();
        let mut fewest = self.crossings();
        let mut stale = 0;
        for sweep in 0..ORDER_SWEEPS {
            let downwards = sweep % 2 == 0;
            let layers: Vec<usize> = if downwards {
                (1..self.order.len()).collect()
            } else {
                (0..self.order.len().saturating_sub(1)).rev().collect()
            };
            for l in layers {
                let reference = if downwards { l - 1 } else { l + 1 };
                let position = self.positions(reference);
                let neighbours = if downwards { &self.up } else { &self.down };
                self.order[l] = barycentric(&self.order[l], neighbours, &position);
            }
            let crossings = self.crossings();
            if crossings < fewest {
                fewest = crossings;
                best = self.order.clone();
                stale = 0;
            } else {
                stale += 1;
                if stale >= 4 {
                    break;
                }
            }
        }
        self.order = best;
    }

    /// Each vertex's index in its layer `l` (others are `usize::MAX`).
    fn positions(&self, l: usize) -> Vec<usize> {
        let mut position = vec![usize::MAX; self.layer.len()];
        for (i, &v) in self.order[l].iter().enumerate() {
            position[v] = i;
        }
        position
    }

    fn crossings(&self) -> u64 {
        (1..self.order.len())
            .map(|l| {
                let upper = self.positions(l - 1);
                let lower = self.positions(l);
                let mut segments: Vec<(usize, usize)> = self.order[l]
                    .iter()
                    .flat_map(|&v| self.up[v].iter().map(move |&u| (u, v)))
                    .map(|(u, v)| (upper[u], lower[v]))
                    .collect();
                segments.sort_unstable();
                inversions(segments.iter().map(|s| s.1), self.order[l].len())
            })
            .sum()
    }
}

/// The new order of a layer: vertices with neighbours in the reference layer
/// sorted by the mean of their positions there (ties keep the current
/// order), the others left in their places.
fn barycentric(layer: &[usize], neighbours: &[Vec<usize>], position: &[usize]) -> Vec<usize> {
    let mut keyed: Vec<(u64, u64, usize)> = Vec::new();
    let mut slots = Vec::new();
    for (i, &v) in layer.iter().enumerate() {
        let known: Vec<usize> = neighbours[v]
            .iter()
            .map(|&u| position[u])
            .filter(|&p| p != usize::MAX)
            .collect();
        if !known.is_empty() {
            keyed.push((known.iter().map(|&p| p as u64).sum(), known.len() as u64, v));
            slots.push(i);
        }
    }
    // a/b < c/d as a*d < c*b: exact, so the order cannot depend on rounding.
    keyed.sort_by(|a, b| (u128::from(a.0) * u128::from(b.1)).cmp(&(u128::from(b.0) * u128::from(a.1))));
    let mut next = layer.to_vec();
    for (slot, (_, _, v)) in slots.into_iter().zip(keyed) {
        next[slot] = v;
    }
    next
}

/// Pairs out of order in a sequence of positions below `bound`, by a
/// Fenwick tree: O(m log n).
fn inversions(sequence: impl Iterator<Item = usize>, bound: usize) -> u64 {
    let mut tree = vec![0u64; bound + 1];
    let mut count = 0u64;
    for (seen, p) in sequence.enumerate() {
        // Earlier entries at or below p are not inversions.
        let mut i = p + 1;
        let mut at_or_below = 0;
        while i > 0 {
            at_or_below += tree[i];
            i &= i - 1;
        }
        count += seen as u64 - at_or_below;
        let mut i = p + 1;
        while i <= bound {
            tree[i] += 1;
            i += i & i.wrapping_neg();
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inversions_count_pairs_out_of_order() {
        assert_eq!(inversions([0, 1, 2].into_iter(), 3), 0);
        assert_eq!(inversions([2, 1, 0].into_iter(), 3), 3);
        assert_eq!(inversions([1, 1, 0].into_iter(), 2), 2);
    }
}
