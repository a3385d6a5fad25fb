//! Difference-in-differences on survey scores: the effect of a training program is
//! (treated after - treated before) - (comparison after - comparison before), which is the
//! Treat x Post coefficient of the OLS `score ~ Treat + Post + Treat x Post`.
//!
//! That model is saturated (one parameter per group), so its fitted values are the four
//! group means and the coefficient is a signed sum of them. Its heteroskedasticity-robust
//! variance is then exact in closed form: HC0 = sum over groups of (sum of squared
//! residuals) / n_g^2, and HC1 scales it by n / (n - 4). The tests check this against an
//! independent OLS (statsmodels) on a synthetic panel.

use serde::{Deserialize, Serialize};

/// The normal quantile for a two-sided 95 % interval.
pub const Z95: f64 = 1.959_964;

/// Fewest responses per group for a verdict (below it the interval is too wide to read).
pub const MIN_GROUP: u64 = 30;

/// Mean, count and sum of squared deviations of one group's scores.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Group {
    pub n: u64,
    pub mean: Option<f64>,
    #[serde(skip)]
    pub ssr: f64,
}

impl Group {
    /// The group of `scores` (Welford's update, stable for large groups).
    pub fn of(scores: impl IntoIterator<Item = f64>) -> Group {
        let (mut n, mut mean, mut m2) = (0_u64, 0.0_f64, 0.0_f64);
        for x in scores {
            n += 1;
            let d = x - mean;
            mean += d / n as f64;
            m2 += d * (x - mean);
        }
        Group {
            n,
            mean: (n > 0).then_some(mean),
            ssr: m2,
        }
    }
}

/// The four groups of a difference-in-differences.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Groups {
    pub treated_pre: Group,
    pub treated_post: Group,
    pub comparison_pre: Group,
    pub comparison_post: Group,
}

/// An effect with its HC1 standard error and 95 % interval.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Estimate {
    pub estimate: f64,
    pub std_error: f64,
    pub ci_low: f64,
    pub ci_high: f64,
}

impl Groups {
    fn all(&self) -> [&Group; 4] {
        [
            &self.treated_pre,
            &self.treated_post,
            &self.comparison_pre,
            &self.comparison_post,
        ]
    }

    /// The Treat x Post coefficient and its HC1 error; `None` when a group is empty or
    /// there are no more responses than parameters.
    pub fn estimate(&self) -> Option<Estimate> {
        let [tp, tq, cp, cq] = self.all().map(|g| g.mean);
        let estimate = (tq? - tp?) - (cq? - cp?);
        let n: u64 = self.all().iter().map(|g| g.n).sum();
        if n <= 4 {
            return None;
        }
        let hc0: f64 = self
            .all()
            .iter()
            .map(|g| g.ssr / (g.n as f64 * g.n as f64))
            .sum();
        let std_error = (hc0 * n as f64 / (n - 4) as f64).sqrt();
        Some(Estimate {
            estimate,
            std_error,
            ci_low: estimate - Z95 * std_error,
            ci_high: estimate + Z95 * std_error,
        })
    }

    /// The smallest group.
    pub fn min_n(&self) -> u64 {
        self.all().iter().map(|g| g.n).min().unwrap_or(0)
    }
}

/// The plain-language reading of an estimate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Improved,
    NoMeasurableChange,
    Worsened,
    NotEnoughData,
}

impl Verdict {
    /// `not_enough_data` when a group has fewer than [`MIN_GROUP`] responses; otherwise
    /// by whether the 95 % interval lies above zero, below it, or spans it.
    pub fn of(groups: &Groups, e: Option<&Estimate>) -> Verdict {
        match e {
            _ if groups.min_n() < MIN_GROUP => Verdict::NotEnoughData,
            None => Verdict::NotEnoughData,
            Some(e) if e.ci_low > 0.0 => Verdict::Improved,
            Some(e) if e.ci_high < 0.0 => Verdict::Worsened,
            Some(_) => Verdict::NoMeasurableChange,
        }
    }

    /// The stable code (also the message key `impact.verdict.<code>`).
    pub fn code(self) -> &'static str {
        match self {
            Verdict::Improved => "improved",
            Verdict::NoMeasurableChange => "no_measurable_change",
            Verdict::Worsened => "worsened",
            Verdict::NotEnoughData => "not_enough_data",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn groups(tp: &[f64], tq: &[f64], cp: &[f64], cq: &[f64]) -> Groups {
        Groups {
            treated_pre: Group::of(tp.iter().copied()),
            treated_post: Group::of(tq.iter().copied()),
            comparison_pre: Group::of(cp.iter().copied()),
            comparison_post: Group::of(cq.iter().copied()),
        }
    }

    #[test]
    fn the_estimate_is_the_difference_of_the_two_changes() {
        let g = groups(&[70.0, 72.0], &[80.0, 84.0], &[60.0, 62.0], &[63.0, 65.0]);
        let e = g.estimate().unwrap();
        assert!((e.estimate - 8.0).abs() < 1e-12);
        // Residuals are +-1, +-2, +-1, +-1: HC0 = 2/4 + 8/4 + 2/4 + 2/4 = 3.5; n = 8.
        assert!((e.std_error - (3.5_f64 * 8.0 / 4.0).sqrt()).abs() < 1e-12);
        assert!((e.ci_high - e.estimate - Z95 * e.std_error).abs() < 1e-12);
    }

    #[test]
    fn an_empty_group_gives_no_estimate_and_small_groups_no_verdict() {
        let g = groups(&[70.0], &[], &[60.0], &[61.0]);
        assert_eq!(g.estimate(), None);
        assert_eq!(Verdict::of(&g, None), Verdict::NotEnoughData);
        let g = groups(&[70.0; 10], &[90.0; 10], &[70.0; 10], &[70.0; 10]);
        let e = g.estimate().unwrap();
        assert_eq!(Verdict::of(&g, Some(&e)), Verdict::NotEnoughData);
    }

    #[test]
    fn the_verdict_follows_the_interval() {
        let spread = |m: f64| -> Vec<f64> { (0..40).map(|i| m + f64::from(i % 5) - 2.0).collect() };
        let up = groups(&spread(70.0), &spread(80.0), &spread(70.0), &spread(70.0));
        assert_eq!(Verdict::of(&up, up.estimate().as_ref()), Verdict::Improved);
        let down = groups(&spread(70.0), &spread(60.0), &spread(70.0), &spread(70.0));
        assert_eq!(
            Verdict::of(&down, down.estimate().as_ref()),
            Verdict::Worsened
        );
        let flat = groups(&spread(70.0), &spread(70.2), &spread(70.0), &spread(70.0));
        assert_eq!(
            Verdict::of(&flat, flat.estimate().as_ref()),
            Verdict::NoMeasurableChange
        );
    }
}
