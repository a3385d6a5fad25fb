//! The second moments of a set of responses, kept as integer sums beside the counts and sums
//! of `Totals`, so that every index's interval comes from sums (flat in the number of
//! responses) and still equals the one computed from the responses themselves.
//!
//! An element may be left blank, so the variance of the IKM (a sum of nine ratios, each over
//! its own respondents) needs, for every pair of elements i and j, what the respondents who
//! answered both gave: the sum of x_i x_j, the sum of x_i, and their number. For i = j these
//! are the sum of squares, `Totals::sums` and `Totals::answered`.

use super::domain::ELEMENT_COUNT;

const N: usize = ELEMENT_COUNT;
/// Pairs i <= j.
pub const PRODUCTS: usize = N * (N + 1) / 2;
/// Ordered pairs i != j.
pub const CROSS: usize = N * (N - 1);
/// Pairs i < j.
pub const BOTH: usize = N * (N - 1) / 2;

/// Second moments of a set of responses (`x` a score, 1-4; sums over the responses that
/// answered every element named).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Moments {
    /// Sum of x_i x_j, for i <= j.
    pub products: [i64; PRODUCTS],
    /// Sum of x_i over the responses that answered j too, for i != j.
    pub cross: [i64; CROSS],
    /// The number of responses that answered both i and j, for i < j.
    pub both: [i64; BOTH],
}

impl Default for Moments {
    fn default() -> Self {
        Moments {
            products: [0; PRODUCTS],
            cross: [0; CROSS],
            both: [0; BOTH],
        }
    }
}

/// Position of the pair i <= j in `products`.
fn product_at(i: usize, j: usize) -> usize {
    let (i, j) = if i <= j { (i, j) } else { (j, i) };
    i * (2 * N - i + 1) / 2 + (j - i)
}

/// Position of the ordered pair i != j in `cross`.
fn cross_at(i: usize, j: usize) -> usize {
    i * (N - 1) + if j < i { j } else { j - 1 }
}

/// Position of the pair i < j (either order given) in `both`.
fn both_at(i: usize, j: usize) -> usize {
    let (i, j) = if i < j { (i, j) } else { (j, i) };
    i * (2 * N - i - 1) / 2 + (j - i - 1)
}

impl Moments {
    /// The column names in the daily and monthly sums, in the order of `values`: `q11`..`q99`
    /// (products, i <= j), `m12`..`m98` (cross, i != j), `b12`..`b89` (both, i < j).
    pub fn columns() -> Vec<String> {
        let mut out = Vec::with_capacity(PRODUCTS + CROSS + BOTH);
        for i in 1..=N {
            for j in i..=N {
                out.push(format!("q{i}{j}"));
            }
        }
        for i in 1..=N {
            for j in (1..=N).filter(|&j| j != i) {
                out.push(format!("m{i}{j}"));
            }
        }
        for i in 1..=N {
            for j in i + 1..=N {
                out.push(format!("b{i}{j}"));
            }
        }
        out
    }

    /// The SQL expression of each column over `survey_responses` (`u1`..`u9`, NULL when blank),
    /// in the order of `columns`, for rebuilding the sums from the responses.
    pub fn column_sql() -> Vec<String> {
        let mut out = Vec::with_capacity(PRODUCTS + CROSS + BOTH);
        for i in 1..=N {
            for j in i..=N {
                out.push(format!("COALESCE(SUM(u{i} * u{j}), 0)"));
            }
        }
        for i in 1..=N {
            for j in (1..=N).filter(|&j| j != i) {
                out.push(format!(
                    "COALESCE(SUM(CASE WHEN u{j} IS NULL THEN NULL ELSE u{i} END), 0)"
                ));
            }
        }
        for i in 1..=N {
            for j in i + 1..=N {
                out.push(format!("COUNT(u{i} * u{j})"));
            }
        }
        out
    }

    /// The values in the order of `columns`.
    pub fn values(&self) -> impl Iterator<Item = i64> + '_ {
        self.products
            .iter()
            .chain(&self.cross)
            .chain(&self.both)
            .copied()
    }

    /// Moments from values in the order of `columns`; `None` when there are not as many.
    pub fn from_values(v: &[i64]) -> Option<Moments> {
        if v.len() != PRODUCTS + CROSS + BOTH {
            return None;
        }
        let mut m = Moments::default();
        m.products.copy_from_slice(&v[..PRODUCTS]);
        m.cross.copy_from_slice(&v[PRODUCTS..PRODUCTS + CROSS]);
        m.both.copy_from_slice(&v[PRODUCTS + CROSS..]);
        Some(m)
    }

    /// Adds one response (`None` where an element was left blank).
    pub fn add_response(&mut self, scores: &[Option<u8>; N]) {
        for (i, xi) in scores.iter().enumerate() {
            let Some(xi) = xi.map(i64::from) else {
                continue;
            };
            for (j, xj) in scores.iter().enumerate() {
                let Some(xj) = xj.map(i64::from) else {
                    continue;
                };
                if i <= j {
                    self.products[product_at(i, j)] += xi * xj;
                }
                if i != j {
                    self.cross[cross_at(i, j)] += xi;
                }
                if i < j {
                    self.both[both_at(i, j)] += 1;
                }
            }
        }
    }

    /// Adds another set of moments to these.
    pub fn merge(&mut self, other: &Moments) {
        for (a, b) in self.products.iter_mut().zip(&other.products) {
            *a += b;
        }
        for (a, b) in self.cross.iter_mut().zip(&other.cross) {
            *a += b;
        }
        for (a, b) in self.both.iter_mut().zip(&other.both) {
            *a += b;
        }
    }

    /// These moments less `other`'s, which they include.
    pub fn minus(&self, other: &Moments) -> Moments {
        let mut m = *self;
        for (a, b) in m.products.iter_mut().zip(&other.products) {
            *a -= b;
        }
        for (a, b) in m.cross.iter_mut().zip(&other.cross) {
            *a -= b;
        }
        for (a, b) in m.both.iter_mut().zip(&other.both) {
            *a -= b;
        }
        m
    }

    /// Sum of x_i x_j over the responses that answered both.
    pub fn product(&self, i: usize, j: usize) -> i64 {
        self.products[product_at(i, j)]
    }

    /// Sum of x_i over the responses that answered j too (i != j).
    pub fn cross(&self, i: usize, j: usize) -> i64 {
        self.cross[cross_at(i, j)]
    }

    /// The number of responses that answered both i and j (i != j).
    pub fn both(&self, i: usize, j: usize) -> i64 {
        self.both[both_at(i, j)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pair_has_its_own_place_and_its_column_name() {
        let cols = Moments::columns();
        assert_eq!(cols.len(), PRODUCTS + CROSS + BOTH);
        assert_eq!(Moments::column_sql().len(), cols.len());
        let mut seen = std::collections::HashSet::new();
        for i in 0..N {
            for j in 0..N {
                let p = product_at(i, j);
                assert_eq!(cols[p], format!("q{}{}", i.min(j) + 1, i.max(j) + 1));
                if i != j {
                    assert_eq!(
                        cols[PRODUCTS + cross_at(i, j)],
                        format!("m{}{}", i + 1, j + 1)
                    );
                    let b = both_at(i, j);
                    assert_eq!(
                        cols[PRODUCTS + CROSS + b],
                        format!("b{}{}", i.min(j) + 1, i.max(j) + 1)
                    );
                    seen.insert(("c", cross_at(i, j)));
                    seen.insert(("b", b));
                }
                seen.insert(("p", p));
            }
        }
        assert_eq!(seen.len(), PRODUCTS + CROSS + BOTH);
    }

    #[test]
    fn a_response_with_a_blank_adds_only_to_the_pairs_it_answered() {
        let mut m = Moments::default();
        let mut scores = [Some(3u8); N];
        scores[1] = None;
        scores[2] = Some(4);
        m.add_response(&scores);
        assert_eq!(m.product(0, 0), 9);
        assert_eq!(m.product(0, 2), 12);
        assert_eq!(m.product(2, 0), 12);
        assert_eq!(m.product(1, 1), 0);
        assert_eq!(m.product(0, 1), 0);
        assert_eq!(m.cross(2, 0), 4);
        assert_eq!(m.cross(0, 2), 3);
        assert_eq!(m.cross(0, 1), 0);
        assert_eq!(m.both(0, 2), 1);
        assert_eq!(m.both(2, 0), 1);
        assert_eq!(m.both(1, 2), 0);
        let back = Moments::from_values(&m.values().collect::<Vec<_>>()).unwrap();
        assert_eq!(back, m);
        let mut twice = m;
        twice.merge(&m);
        assert_eq!(twice.product(0, 2), 24);
    }
}
