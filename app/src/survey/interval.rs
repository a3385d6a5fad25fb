//! The 95 % interval of every index, from the sums alone (`docs/intervals.md` says why this
//! method and how well it covers).
//!
//! Each element's NRR is a ratio, the sum of its scores over the number who answered it, and
//! the IKM is 25/9 times the sum of the nine. Its standard error is the linearization (delta
//! method) of that sum of ratios over independent respondents: each response contributes
//! z_r = 25/9 x sum_i d_ri (x_ri - R_i) / n_i (d_ri = 1 when it answered element i), and
//! Var = N/(N-1) x sum_r z_r^2, which expands into the moments kept beside the sums.
//!
//! Respondents of one day may share a cause (a system down one morning, a short-staffed
//! counter), and then they are not independent draws. The same linearization with each
//! service-day as one draw, Var = G/(G-1) x sum_g Z_g^2 with Z_g the day's sum of z_r (the
//! cluster-robust variance), expands into the days' moments (`DayMoments`). Of the two,
//! the one giving the longer interval (t x SE, the days' at G - 1 degrees of freedom) is
//! used.
//!
//! An index is bounded (25..100) and near the top its sampling distribution is skewed (a free
//! service: nine in ten answer "Gratis"), so the interval is built on the logit of the
//! index's place between 25 and 100, with Student's t at N-1 degrees of freedom, and mapped
//! back: it never leaves the scale and is longer on the open side. When the responses show no
//! spread at all (every answer the same), the Wilson score interval of a proportion at that
//! place stands in: the widest a bounded mean allows, so "all 4" on 20 answers does not claim
//! certainty.
//!
//! Change between two periods (independent respondents) is tested on the index scale with
//! Welch's t.

use super::domain::{ELEMENT_COUNT, Element};
use super::index::{Interval, Totals};
use statrs::distribution::{ContinuousCDF, StudentsT};

const N: usize = ELEMENT_COUNT;

/// The fewest answers to every element for the IKM to carry an interval.
pub const MIN_ELEMENT_ANSWERS: i64 = 10;

/// The covariance of the linearized element means of a set of responses.
pub struct Spread {
    responses: f64,
    answered: [f64; N],
    /// Element index (NRR x 25) before rounding.
    values: [f64; N],
    /// Covariance of the element indices (25 x NRR), with the N/(N-1) correction.
    cov: [[f64; N]; N],
    /// Student's t at 97.5 % with N - 1 degrees of freedom (one quantile for all ten
    /// intervals: it costs more than the rest of the interval).
    t: f64,
    /// The same covariance with days, not respondents, as the independent draws (the
    /// cluster-robust variance, with the G/(G-1) correction), when two or more days are known.
    by_day: Option<ByDay>,
}

/// The covariance of the element indices over days.
struct ByDay {
    days: f64,
    cov: [[f64; N]; N],
}

impl ByDay {
    /// From the days' moments; `None` below two days or when the moments do not belong to
    /// the sums.
    fn of(t: &Totals, r: &[f64; N], n: &[f64; N]) -> Option<ByDay> {
        let d = &t.days;
        if d.days < 2 {
            return None;
        }
        let g = d.days as f64;
        let scale = 625.0 * g / (g - 1.0);
        let mut cov = [[0.0; N]; N];
        for i in 0..N {
            for j in 0..N {
                // sum over days of (s_i - R_i n_i)(s_j - R_j n_j).
                let c = d.ss(i, j) as f64 - r[j] * d.ns(j, i) as f64 - r[i] * d.ns(i, j) as f64
                    + r[i] * r[j] * d.nn(i, j) as f64;
                cov[i][j] = scale * c / (n[i] * n[j]);
            }
        }
        let tolerance = |i: usize| 1e-9 * (1.0 + d.ss(i, i) as f64);
        if (0..N).any(|i| cov[i][i] * n[i] * n[i] / scale < -tolerance(i)) {
            return None;
        }
        Some(ByDay { days: g, cov })
    }
}

impl Spread {
    /// `None` below two responses, when an element has no answer, or when the moments do
    /// not belong to the sums (totals made up without them).
    pub fn of(t: &Totals) -> Option<Spread> {
        if t.responses < 2 || t.answered.contains(&0) {
            return None;
        }
        let n = t.answered.map(|a| a as f64);
        let r: [f64; N] = std::array::from_fn(|i| t.sums[i] as f64 / n[i]);
        let m = &t.moments;
        let big_n = t.responses as f64;
        let scale = 625.0 * big_n / (big_n - 1.0);
        let mut cov = [[0.0; N]; N];
        for i in 0..N {
            for j in 0..N {
                // sum over the responses that answered both of (x_i - R_i)(x_j - R_j).
                let c = if i == j {
                    m.product(i, i) as f64 - r[i] * t.sums[i] as f64
                } else {
                    m.product(i, j) as f64
                        - r[j] * m.cross(i, j) as f64
                        - r[i] * m.cross(j, i) as f64
                        + r[i] * r[j] * m.both(i, j) as f64
                };
                cov[i][j] = scale * c / (n[i] * n[j]);
            }
        }
        // A sum of squares about the mean is never negative; below it (beyond rounding), the
        // moments were not kept for these sums.
        if (0..N).any(|i| cov[i][i] < -1e-9 * (1.0 + t.sums[i] as f64)) {
            return None;
        }
        Some(Spread {
            responses: big_n,
            answered: n,
            values: r.map(|x| 25.0 * x),
            cov,
            t: t_quantile(0.975, big_n - 1.0),
            by_day: ByDay::of(t, &r, &n),
        })
    }

    /// The standard error, degrees of freedom and t quantile of `respondents` or of the days
    /// (`by_day`, at the days less one), whichever gives the longer interval (t x SE): with
    /// few days the days' t is large, and their smaller SE must not hand the interval back
    /// to the respondents' t (an independent review measured 91.9 % coverage on 3 days that
    /// differ when the SEs alone were compared).
    fn larger(&self, respondents: (f64, f64, f64), by_day: Option<f64>) -> (f64, f64, f64) {
        match (by_day, &self.by_day) {
            (Some(se), Some(d)) => {
                let t = t_quantile(0.975, d.days - 1.0);
                if t * se > respondents.2 * respondents.0 {
                    (se, d.days - 1.0, t)
                } else {
                    respondents
                }
            }
            _ => respondents,
        }
    }

    /// The IKM before rounding and its standard error with respondents as the independent
    /// draws (no interval: for tests that need only these, many times over, and that
    /// account for days differing in their own way, as the early warning does).
    pub fn ikm_se(&self) -> (f64, f64) {
        let value = self.values.iter().sum::<f64>() / N as f64;
        let var: f64 = self.cov.iter().flatten().sum::<f64>() / (N * N) as f64;
        (value, var.max(0.0).sqrt())
    }

    /// The IKM's interval; none when an element has fewer than [`MIN_ELEMENT_ANSWERS`]
    /// answers (a handful of answers to one element can show no spread and make the whole
    /// interval look surer than it is: 70 % coverage with one answer, in an independent
    /// review's simulations).
    pub fn ikm(&self) -> Option<Interval> {
        if self
            .answered
            .iter()
            .any(|&n| n < MIN_ELEMENT_ANSWERS as f64)
        {
            return None;
        }
        let (value, se) = self.ikm_se();
        let by_day = self.by_day.as_ref().map(|d| {
            let var: f64 = d.cov.iter().flatten().sum::<f64>() / (N * N) as f64;
            var.max(0.0).sqrt()
        });
        let (se, df, t) = self.larger((se, self.responses - 1.0, self.t), by_day);
        Some(bounded(value, se, self.responses, df, t))
    }

    /// One element's interval. Its index is the mean of those who answered it (a domain
    /// mean), so its variance and degrees of freedom count them, n_i, not every response:
    /// with many blanks the whole sample's N would understate both.
    pub fn element(&self, e: Element) -> Option<Interval> {
        let i = e.index();
        let n = self.answered[i];
        let big_n = self.responses;
        let se = if n > 1.0 {
            (self.cov[i][i].max(0.0) * (big_n - 1.0) / big_n * n / (n - 1.0)).sqrt()
        } else {
            0.0
        };
        let df = (n - 1.0).max(1.0);
        let t = if n == big_n {
            self.t
        } else {
            t_quantile(0.975, df)
        };
        let by_day = self.by_day.as_ref().map(|d| d.cov[i][i].max(0.0).sqrt());
        let (se, df, t) = self.larger((se, df, t), by_day);
        Some(bounded(self.values[i], se, n, df, t))
    }
}

/// Student's t quantile at `p` with `df` degrees of freedom. statrs finds it by searching
/// the distribution function (about 0.1 ms), so the 97.5 % quantiles of whole degrees of
/// freedom, the ones every interval asks for, are kept once computed.
pub fn t_quantile(p: f64, df: f64) -> f64 {
    let compute = |df: f64| {
        StudentsT::new(0.0, 1.0, df.max(1.0))
            .map(|t| t.inverse_cdf(p))
            .unwrap_or(1.959_963_984_540_054)
    };
    if p != 0.975 || df.fract() != 0.0 || !(1.0..=1e9).contains(&df) {
        return compute(df);
    }
    static KEPT: std::sync::OnceLock<std::sync::RwLock<std::collections::HashMap<u64, f64>>> =
        std::sync::OnceLock::new();
    let kept = KEPT.get_or_init(Default::default);
    let key = df as u64;
    if let Some(t) = kept.read().ok().and_then(|m| m.get(&key).copied()) {
        return t;
    }
    let t = compute(df);
    if let Ok(mut m) = kept.write() {
        m.insert(key, t);
    }
    t
}

/// The 95 % interval of an index `value` (25..100) with standard error `se`, from `count`
/// answers, at `df` degrees of freedom whose 97.5 % quantile is `t`: logit scale, or Wilson's
/// when there is no spread.
fn bounded(value: f64, se: f64, count: f64, df: f64, t: f64) -> Interval {
    let p = ((value - 25.0) / 75.0).clamp(0.0, 1.0);
    let s = se / 75.0;
    let (lo, hi) = if s > 1e-12 && p > 0.0 && p < 1.0 {
        let l = (p / (1.0 - p)).ln();
        let w = t * s / (p * (1.0 - p));
        (logistic(l - w), logistic(l + w))
    } else {
        let t2n = t * t / count;
        let centre = (p + t2n / 2.0) / (1.0 + t2n);
        let half = t / (1.0 + t2n) * (p * (1.0 - p) / count + t2n / (4.0 * count)).sqrt();
        ((centre - half).max(0.0), (centre + half).min(1.0))
    };
    Interval {
        low: 25.0 + 75.0 * lo,
        high: 25.0 + 75.0 * hi,
        se,
        df,
    }
}

fn logistic(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// The change from one period's index to another's (respondents independent), with its 95 %
/// interval and two-sided p-value (Welch's t).
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Change {
    pub diff: f64,
    pub low: f64,
    pub high: f64,
    pub p: f64,
}

/// `after - before`, each an index value with its interval. With no spread on either side
/// there is nothing to test against: p = 1.
pub fn change(before: (f64, &Interval), after: (f64, &Interval)) -> Change {
    let (va, vb) = (before.1.se.powi(2), after.1.se.powi(2));
    let diff = after.0 - before.0;
    let var = va + vb;
    if var <= 0.0 {
        return Change {
            diff,
            low: diff,
            high: diff,
            p: 1.0,
        };
    }
    let df = var * var / (va * va / before.1.df.max(1.0) + vb * vb / after.1.df.max(1.0));
    let se = var.sqrt();
    let t = StudentsT::new(0.0, 1.0, df.max(1.0)).expect("df >= 1");
    let half = t.inverse_cdf(0.975) * se;
    Change {
        diff,
        low: diff - half,
        high: diff + half,
        p: (2.0 * (1.0 - t.cdf((diff / se).abs()))).min(1.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn totals(responses: &[[Option<u8>; N]]) -> Totals {
        let mut t = Totals::default();
        for r in responses {
            t.add_response(*r);
        }
        t
    }

    fn all(x: u8) -> [Option<u8>; N] {
        [Some(x); N]
    }

    #[test]
    fn the_interval_of_two_halves_equals_the_plain_t_interval_of_a_mean_on_the_logit_scale() {
        // Every element answered alike: the IKM of each response is 25 x its score, so the
        // variance is that of a plain mean: scores 3,3,4,4 (three times) -> mean 87.5, se
        // 25 x sqrt(0.25 x 12/11 / 12).
        let t = totals(&[[all(3), all(3), all(4), all(4)]; 3].concat());
        let ci = t.index().unwrap().ci.unwrap();
        let se = (625.0_f64 * 0.25 / 11.0).sqrt();
        assert!((ci.se - se).abs() < 1e-9, "{} vs {se}", ci.se);
        assert!(ci.low < 87.5 && ci.high > 87.5 && ci.high <= 100.0);
        // The logit interval is longer below (the open side) than above.
        assert!(87.5 - ci.low > ci.high - 87.5);
    }

    #[test]
    fn answers_all_four_still_get_an_interval_below_100() {
        let t = totals(&vec![all(4); 20]);
        let idx = t.index().unwrap();
        let ci = idx.ci.unwrap();
        assert_eq!(ci.high, 100.0);
        assert!(ci.low > 80.0 && ci.low < 95.0, "{}", ci.low);
        assert!(idx.elements[0].ci.unwrap().low < 100.0);
    }

    #[test]
    fn an_interval_narrows_as_responses_grow() {
        let few = totals(&[[all(2), all(3), all(4), all(3)]; 3].concat());
        let many = totals(&[[all(2), all(3), all(4), all(3)]; 75].concat());
        let w = |t: &Totals| {
            let ci = t.index().unwrap().ci.unwrap();
            ci.high - ci.low
        };
        assert!(w(&many) < w(&few) / 3.0);
    }

    #[test]
    fn an_element_few_answered_counts_its_own_answers_and_withholds_the_ikms_interval() {
        // Forty responses; U3 answered by 6 of them (2,3,4,2,3,4), the rest blank.
        let rows: Vec<[Option<u8>; N]> = (0..40)
            .map(|k| {
                let mut r = all(if k % 2 == 0 { 3 } else { 4 });
                r[2] = (k < 6).then_some([2, 3, 4][k % 3]);
                r
            })
            .collect();
        let idx = totals(&rows).index().unwrap();
        assert_eq!(idx.ci, None, "U3 has 6 answers: no interval for the IKM");
        let u3 = idx.elements[2].ci.unwrap();
        // Its own 6 answers: sd 0.894, se 25 x 0.894 / sqrt(6) = 9.13, t at 5 df.
        assert!(
            (u3.se - 25.0 * (0.8_f64 / 6.0).sqrt()).abs() < 1e-9,
            "{}",
            u3.se
        );
        assert_eq!(u3.df, 5.0);
        // Every element answered by 10 or more: the IKM has its interval again.
        let more: Vec<[Option<u8>; N]> = (0..40)
            .map(|k| {
                let mut r = all(if k % 2 == 0 { 3 } else { 4 });
                r[2] = (k < 10).then_some([2, 3, 4][k % 3]);
                r
            })
            .collect();
        assert!(totals(&more).index().unwrap().ci.is_some());
    }

    #[test]
    fn one_response_has_no_interval_and_made_up_sums_get_none() {
        assert_eq!(totals(&[all(3)]).index().unwrap().ci, None);
        let made_up = Totals {
            responses: 10,
            answered: [10; N],
            sums: [30; N],
            ..Totals::default()
        };
        assert!(Spread::of(&made_up).is_none());
        assert_eq!(made_up.index().unwrap().ci, None);
    }

    /// The sets of responses of `tests/reference/interval_reference.py` and its figures.
    fn reference() -> serde_json::Value {
        serde_json::from_str(include_str!(
            "../../../tests/fixtures/interval_reference.json"
        ))
        .unwrap()
    }

    fn totals_of(case: &serde_json::Value) -> Totals {
        let rows: Vec<[Option<u8>; N]> = case["responses"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| std::array::from_fn(|i| r[i].as_u64().map(|v| v as u8)))
            .collect();
        let Some(days) = case["days"].as_array() else {
            return totals(&rows);
        };
        // Added up day by day, as the daily sums are.
        let mut by_day = std::collections::BTreeMap::<u64, Totals>::new();
        for (r, d) in rows.iter().zip(days) {
            by_day
                .entry(d.as_u64().unwrap())
                .or_default()
                .add_response(*r);
        }
        let mut t = Totals::default();
        for d in by_day.values() {
            t.add_day(d);
        }
        t
    }

    fn close(a: f64, b: &serde_json::Value, what: &str) {
        let b = b.as_f64().unwrap();
        assert!((a - b).abs() < 1e-9 * (1.0 + b.abs()), "{what}: {a} vs {b}");
    }

    #[test]
    fn intervals_equal_the_python_reference_and_agree_with_its_bootstrap() {
        let r = reference();
        for case in r["cases"].as_array().unwrap() {
            let name = case["name"].as_str().unwrap();
            let t = totals_of(case);
            close(t.ikm_value().unwrap(), &case["ikm"], name);
            let idx = t.index().unwrap();
            let ci = idx.ci.unwrap();
            close(ci.se, &case["ikm_se"], name);
            close(ci.low, &case["ikm_ci"][0], name);
            close(ci.high, &case["ikm_ci"][1], name);
            // With the days' interval taken, the method-free check is a bootstrap over days.
            let by_days = case["ikm_se_days"].as_f64() == case["ikm_se"].as_f64();
            let boot = if by_days {
                &case["ikm_bootstrap_days"]
            } else {
                &case["ikm_bootstrap"]
            };
            let width = boot[1].as_f64().unwrap() - boot[0].as_f64().unwrap();
            assert!(
                (ci.low - boot[0].as_f64().unwrap()).abs() < 0.15 * width,
                "{name}"
            );
            assert!(
                (ci.high - boot[1].as_f64().unwrap()).abs() < 0.15 * width,
                "{name}"
            );
            for (k, el) in case["elements"].as_array().unwrap().iter().enumerate() {
                let what = format!("{name} U{}", k + 1);
                let e = idx.elements[k].ci.unwrap();
                close(
                    t.element_value(Element::ALL[k]).unwrap(),
                    &el["value"],
                    &what,
                );
                close(e.se, &el["se"], &what);
                close(e.low, &el["ci"][0], &what);
                close(e.high, &el["ci"][1], &what);
                let (bl, bh) = (
                    el["bootstrap"][0].as_f64().unwrap(),
                    el["bootstrap"][1].as_f64().unwrap(),
                );
                // Near the top (a free service) the percentile bootstrap is itself short on
                // 30 responses and the logit interval longer below on purpose (coverage is
                // measured in `calibrate`), so an element's ends may differ more.
                let by_days = el["se_days"].as_f64() == el["se"].as_f64();
                if by_days {
                    // Longer than the respondents' bootstrap, which cannot see days.
                    assert!(e.high - e.low > 0.9 * (bh - bl), "{what}");
                } else if bh - bl > 0.0 {
                    assert!(
                        (e.low - bl).abs() < 0.35 * (bh - bl),
                        "{what}: {} vs {bl}",
                        e.low
                    );
                    assert!(
                        (e.high - bh).abs() < 0.35 * (bh - bl),
                        "{what}: {} vs {bh}",
                        e.high
                    );
                } else {
                    // Everybody gave the same answer: the bootstrap cannot see any spread,
                    // the interval still admits some.
                    assert!(e.high - e.low > 1.0, "{what}");
                }
            }
        }
        let c = &r["change"];
        let find = |n: &str| {
            let case = r["cases"]
                .as_array()
                .unwrap()
                .iter()
                .find(|x| x["name"] == n)
                .unwrap();
            totals_of(case)
        };
        let (a, b) = (
            find(c["before"].as_str().unwrap()),
            find(c["after"].as_str().unwrap()),
        );
        let (ia, ib) = (a.index().unwrap(), b.index().unwrap());
        let got = change(
            (a.ikm_value().unwrap(), ia.ci.as_ref().unwrap()),
            (b.ikm_value().unwrap(), ib.ci.as_ref().unwrap()),
        );
        close(got.diff, &c["diff"], "change");
        close(got.low, &c["low"], "change low");
        close(got.high, &c["high"], "change high");
        close(got.p, &c["p"], "change p");
    }

    #[test]
    fn a_change_far_beyond_the_noise_is_significant_and_one_within_it_is_not() {
        let a = totals(&[[all(2), all(3)]; 30].concat());
        let b = totals(&[[all(3), all(4)]; 30].concat());
        let ia = a.index().unwrap();
        let ib = b.index().unwrap();
        let c = change(
            (ia.ikm.to_f64(), ia.ci.as_ref().unwrap()),
            (ib.ikm.to_f64(), ib.ci.as_ref().unwrap()),
        );
        assert!((c.diff - 25.0).abs() < 1e-9);
        assert!(c.p < 0.001 && c.low > 0.0);
        // Ten responses a little lower: within the noise of thirty.
        let b2 = totals(
            &[
                [all(2), all(3)],
                [all(3), all(3)],
                [all(3), all(3)],
                [all(2), all(3)],
                [all(3), all(3)],
            ]
            .concat(),
        );
        let ib2 = b2.index().unwrap();
        let c2 = change(
            (ia.ikm.to_f64(), ia.ci.as_ref().unwrap()),
            (ib2.ikm.to_f64(), ib2.ci.as_ref().unwrap()),
        );
        assert!(c2.p > 0.05 && c2.low < 0.0 && c2.high > 0.0);
    }
}
