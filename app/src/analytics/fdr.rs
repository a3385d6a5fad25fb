//! Benjamini-Hochberg: which of many tests at once to call discoveries, so that among those
//! called, the expected share of false ones stays at most `q` (the false discovery rate).
//! The dashboard compares every unit with its own past at once; without this, one in twenty
//! unchanged units would show an arrow.

/// Whether each p-value is a discovery at false discovery rate `q`: the k smallest, where k
/// is the largest rank with p_(k) <= k q / m.
pub fn benjamini_hochberg(p: &[f64], q: f64) -> Vec<bool> {
    let m = p.len();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&a, &b| p[a].total_cmp(&p[b]));
    let k = order
        .iter()
        .enumerate()
        .filter(|&(rank, &i)| p[i] <= (rank + 1) as f64 * q / m as f64)
        .map(|(rank, _)| rank + 1)
        .max()
        .unwrap_or(0);
    let mut out = vec![false; m];
    for &i in order.iter().take(k) {
        out[i] = true;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_textbook_example_rejects_the_smallest_ones_up_to_the_last_rank_under_its_line() {
        // Benjamini & Hochberg (1995), the 15 p-values of their example: at q = 0.05 the
        // four smallest are discoveries (rank 4: 0.0095 <= 4 x 0.05 / 15 = 0.0133; no later
        // rank is under its line), as statsmodels' multipletests(method="fdr_bh") says.
        let p = [
            0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.3240, 0.4262,
            0.5719, 0.6528, 0.7590, 1.0,
        ];
        let r = benjamini_hochberg(&p, 0.05);
        assert_eq!(r.iter().filter(|x| **x).count(), 4);
        assert!(r[..4].iter().all(|x| *x));
    }

    #[test]
    fn a_larger_p_value_below_its_line_carries_the_smaller_ones_that_are_above_theirs() {
        // 0.03 > 1 x 0.05 / 3 on its own, but the largest, 0.045 <= 3 x 0.05 / 3, carries all
        // three (statsmodels agrees).
        let r = benjamini_hochberg(&[0.045, 0.03, 0.032], 0.05);
        assert_eq!(r, [true, true, true]);
        assert_eq!(benjamini_hochberg(&[0.04, 0.5], 0.05), [false, false]);
        assert_eq!(benjamini_hochberg(&[], 0.05), Vec::<bool>::new());
        assert_eq!(benjamini_hochberg(&[0.01], 0.05), [true]);
    }
}
