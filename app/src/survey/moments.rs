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

/// The first moments of a day: n1..n9 (answered), then s1..s9 (sums of scores).
pub const DAY_VECTOR: usize = 2 * N;
/// Pairs a <= b of the day vector.
pub const DAY_PRODUCTS: usize = DAY_VECTOR * (DAY_VECTOR + 1) / 2;

/// Position of the pair a <= b (either order given) of the day vector in `DayMoments`.
fn day_product_at(a: usize, b: usize) -> usize {
    let (a, b) = if a <= b { (a, b) } else { (b, a) };
    a * (2 * DAY_VECTOR - a + 1) / 2 + (b - a)
}

/// The second moments of days (clusters of responses that may share a cause: a service's
/// responses of one day), for a variance that treats days, not respondents, as the
/// independent draws: the number of days with responses, and over those days the sum of
/// v_a v_b for the day vector v = (n1..n9, s1..s9) of each day's answered counts and sums.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DayMoments {
    pub days: i64,
    pub products: [i64; DAY_PRODUCTS],
}

impl Default for DayMoments {
    fn default() -> Self {
        DayMoments {
            days: 0,
            products: [0; DAY_PRODUCTS],
        }
    }
}

/// The name of element `k`'s place `a` in the day vector (`n1`..`n9`, `s1`..`s9`): the
/// daily sums' column it is read from.
fn day_column(a: usize) -> String {
    if a < N {
        format!("n{}", a + 1)
    } else {
        format!("s{}", a - N + 1)
    }
}

impl DayMoments {
    /// The moments of one day whose answered counts and sums are these.
    pub fn of_day(responses: i64, answered: &[i64; N], sums: &[i64; N]) -> DayMoments {
        let mut m = DayMoments {
            days: i64::from(responses > 0),
            ..DayMoments::default()
        };
        let v: [i64; DAY_VECTOR] =
            std::array::from_fn(|a| if a < N { answered[a] } else { sums[a - N] });
        for a in 0..DAY_VECTOR {
            for b in a..DAY_VECTOR {
                m.products[day_product_at(a, b)] = v[a] * v[b];
            }
        }
        m
    }

    /// The column names in the monthly sums, in the order of `values`: `days`, then
    /// `d_{a}_{b}` for the pairs of the day vector (`d_n1_n1`, `d_n1_s3`, `d_s9_s9`..).
    pub fn columns() -> Vec<String> {
        let mut out = Vec::with_capacity(1 + DAY_PRODUCTS);
        out.push("days".to_string());
        for a in 0..DAY_VECTOR {
            for b in a..DAY_VECTOR {
                out.push(format!("d_{}_{}", day_column(a), day_column(b)));
            }
        }
        out
    }

    /// The SQL expression of each column over the daily sums (one row a day), in the order
    /// of `columns`, to add days up in SQL.
    pub fn column_sql() -> Vec<String> {
        let mut out = Vec::with_capacity(1 + DAY_PRODUCTS);
        out.push("SUM(CASE WHEN responses > 0 THEN 1 ELSE 0 END)".to_string());
        for a in 0..DAY_VECTOR {
            for b in a..DAY_VECTOR {
                out.push(format!("SUM({} * {})", day_column(a), day_column(b)));
            }
        }
        out
    }

    /// The values in the order of `columns`.
    pub fn values(&self) -> impl Iterator<Item = i64> + '_ {
        std::iter::once(self.days).chain(self.products.iter().copied())
    }

    /// Moments from values in the order of `columns`; `None` when there are not as many.
    pub fn from_values(v: &[i64]) -> Option<DayMoments> {
        if v.len() != 1 + DAY_PRODUCTS {
            return None;
        }
        let mut m = DayMoments {
            days: v[0],
            ..DayMoments::default()
        };
        m.products.copy_from_slice(&v[1..]);
        Some(m)
    }

    /// Adds the days of another set (disjoint from these).
    pub fn merge(&mut self, other: &DayMoments) {
        self.days += other.days;
        for (a, b) in self.products.iter_mut().zip(&other.products) {
            *a += b;
        }
    }

    /// These moments less `other`'s, which they include.
    pub fn minus(&self, other: &DayMoments) -> DayMoments {
        let mut m = *self;
        m.days -= other.days;
        for (a, b) in m.products.iter_mut().zip(&other.products) {
            *a -= b;
        }
        m
    }

    /// Sum over days of n_i n_j.
    pub fn nn(&self, i: usize, j: usize) -> i64 {
        self.products[day_product_at(i, j)]
    }

    /// Sum over days of n_i s_j.
    pub fn ns(&self, i: usize, j: usize) -> i64 {
        self.products[day_product_at(i, N + j)]
    }

    /// Sum over days of s_i s_j.
    pub fn ss(&self, i: usize, j: usize) -> i64 {
        self.products[day_product_at(N + i, N + j)]
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

    #[test]
    fn a_days_moments_are_the_products_of_its_counts_and_sums() {
        let mut answered = [10; N];
        answered[2] = 7;
        let sums: [i64; N] = std::array::from_fn(|i| 20 + i as i64);
        let d = DayMoments::of_day(10, &answered, &sums);
        assert_eq!(d.days, 1);
        assert_eq!(d.nn(2, 2), 49);
        assert_eq!(d.nn(0, 2), 70);
        assert_eq!(d.ns(2, 0), 7 * 20);
        assert_eq!(d.ns(0, 2), 10 * 22);
        assert_eq!(d.ss(8, 1), 28 * 21);
        let cols = DayMoments::columns();
        assert_eq!(cols.len(), 1 + DAY_PRODUCTS);
        assert_eq!(DayMoments::column_sql().len(), cols.len());
        assert_eq!(cols[1 + day_product_at(2, N)], "d_n3_s1");
        assert_eq!(cols[1 + day_product_at(N + 8, N + 8)], "d_s9_s9");
        let unique: std::collections::HashSet<_> = cols.iter().collect();
        assert_eq!(unique.len(), cols.len());
        let mut two = d;
        two.merge(&DayMoments::of_day(0, &[0; N], &[0; N]));
        assert_eq!(two.days, 1, "a day without responses is no day");
        assert_eq!(
            DayMoments::from_values(&d.values().collect::<Vec<_>>()),
            Some(d)
        );
        assert_eq!(two.minus(&d), DayMoments::default());
    }
}
