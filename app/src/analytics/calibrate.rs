//! Calibration by simulation of what the pages say about noise: how often the 95 % interval
//! of an index holds the true value (coverage), and how often the dashboard calls a change
//! where there is none (false discoveries) or finds one that is there (power), through the
//! real code (`Totals::index`, `interval::change`, `dashboard::tell`).
//!
//! Responses come from a process unlike the Python reference's (which cuts a normal
//! satisfaction into four answers): here each element's answer is 1 + Binomial(3, p), with
//! p the logistic of the element's level plus the respondent's own mood (normal, sd 0.9),
//! and some answers left blank at random. Responses fall on days at random, and a day may
//! shift the mood of all its respondents alike (a shared cause).

use crate::random::normal;
use crate::survey::domain::{ELEMENT_COUNT, Element};
use crate::survey::index::Totals;
use rand::{Rng, SeedableRng};

const N: usize = ELEMENT_COUNT;

/// A population of respondents.
#[derive(Clone, Copy, Debug)]
pub struct Population {
    pub name: &'static str,
    /// Each element's level on the logit scale (0: an even chance of each half-point).
    pub levels: [f64; N],
    /// Share of answers left blank.
    pub blank: f64,
}

/// Levels of a typical unit: U4 (cost) high, as for a free service; U3 (time) and U9
/// (complaints handling) lowest.
const TYPICAL: [f64; N] = [0.8, 0.6, 0.2, 2.5, 0.7, 1.0, 1.2, 0.5, 0.1];

impl Population {
    /// The populations simulated: typical, near the top, low, and many blanks.
    pub fn all() -> [Population; 4] {
        [
            Population {
                name: "typical (IKM about 79, U4 near the top)",
                levels: TYPICAL,
                blank: 0.03,
            },
            Population {
                name: "near the top (IKM about 90)",
                levels: TYPICAL.map(|l| l + 1.5),
                blank: 0.02,
            },
            Population {
                name: "low (IKM about 60)",
                levels: TYPICAL.map(|l| l - 1.6),
                blank: 0.03,
            },
            Population {
                name: "typical, 15 % of answers blank",
                levels: TYPICAL,
                blank: 0.15,
            },
        ]
    }

    /// One response, the respondent's mood shifted by `shift`.
    pub fn response(&self, shift: f64, rng: &mut impl Rng) -> [Option<u8>; N] {
        let mood = 0.9 * normal(rng) + shift;
        std::array::from_fn(|k| {
            if rng.random::<f64>() < self.blank {
                return None;
            }
            let p = 1.0 / (1.0 + (-(self.levels[k] + mood)).exp());
            let ups = (0..3).filter(|_| rng.random::<f64>() < p).count() as u8;
            Some(1 + ups)
        })
    }

    /// The true element indices and IKM, from a very large sample (blanks are at random, so
    /// they do not move the truth), its days' shared shifts drawn with sd `day_sd`.
    pub fn truth(&self, shift: f64, day_sd: f64, seed: u64) -> ([f64; N], f64) {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
        let mut t = Totals::default();
        for _ in 0..40_000 {
            let day = shift + day_sd * normal(&mut rng);
            for _ in 0..10 {
                t.add_response(self.response(day, &mut rng));
            }
        }
        let el = Element::ALL.map(|e| t.element_value(e).unwrap_or(f64::NAN));
        (el, t.ikm_value().unwrap_or(f64::NAN))
    }
}

/// How often the intervals held the truth over `reps` samples of `n` responses.
#[derive(Clone, Debug, Default)]
pub struct Coverage {
    pub reps: usize,
    pub ikm: usize,
    pub elements: [usize; N],
    pub width_sum: f64,
    /// The IKM's intervals that held it had respondents been taken as the independent draws
    /// whatever their days (the interval before days were counted).
    pub ikm_respondents: usize,
}

impl Coverage {
    pub fn ikm_share(&self) -> f64 {
        self.ikm as f64 / self.reps as f64
    }
    pub fn element_share(&self, k: usize) -> f64 {
        self.elements[k] as f64 / self.reps as f64
    }
    pub fn ikm_respondents_share(&self) -> f64 {
        self.ikm_respondents as f64 / self.reps as f64
    }
    pub fn mean_width(&self) -> f64 {
        self.width_sum / self.reps as f64
    }
}

/// How a sample is drawn: `n` responses, each on one of `days` days at random (so days get
/// uneven counts), every respondent of a day sharing its shift of mood, drawn with sd
/// `day_sd` (0: days alike).
#[derive(Clone, Copy, Debug)]
pub struct Sampling {
    pub n: usize,
    pub days: usize,
    pub day_sd: f64,
}

impl Sampling {
    /// One sample's sums, added up day by day as the daily sums are.
    pub fn draw(&self, pop: &Population, shift: f64, rng: &mut impl Rng) -> Totals {
        let days = self.days.max(1);
        let mut by_day = vec![Totals::default(); days];
        let shifts: Vec<f64> = (0..days)
            .map(|_| shift + self.day_sd * normal(rng))
            .collect();
        for _ in 0..self.n {
            let d = rng.random_range(0..days);
            by_day[d].add_response(pop.response(shifts[d], rng));
        }
        let mut t = Totals::default();
        for d in &by_day {
            t.add_day(d);
        }
        t
    }
}

/// Draws `reps` samples from `pop` as `sampling` says and counts the intervals that held the
/// true values.
pub fn coverage(pop: &Population, sampling: &Sampling, reps: usize, seed: u64) -> Coverage {
    let (true_el, true_ikm) = pop.truth(0.0, sampling.day_sd, seed ^ 0x5eed);
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let mut c = Coverage {
        reps,
        ..Coverage::default()
    };
    for _ in 0..reps {
        let t = sampling.draw(pop, 0.0, &mut rng);
        let Some(idx) = t.index() else {
            continue;
        };
        let respondents = Totals {
            days: Default::default(),
            ..t
        };
        if let Some(ci) = respondents.index().and_then(|i| i.ci) {
            c.ikm_respondents += usize::from(ci.low <= true_ikm && true_ikm <= ci.high);
        }
        if let Some(ci) = idx.ci {
            c.ikm += usize::from(ci.low <= true_ikm && true_ikm <= ci.high);
            c.width_sum += ci.high - ci.low;
        }
        for (k, e) in idx.elements.iter().enumerate() {
            if let Some(ci) = e.ci {
                c.elements[k] += usize::from(ci.low <= true_el[k] && true_el[k] <= ci.high);
            }
        }
    }
    c
}

/// A dashboard's worth of units compared with their previous period.
#[derive(Clone, Copy, Debug)]
pub struct Dashboard {
    pub units: usize,
    /// Units whose satisfaction truly rose (the first ones), and by how much of the mood
    /// scale (0.3 is about 4 IKM points).
    pub changed: usize,
    pub shift: f64,
    /// Responses per unit and period, drawn evenly on a log scale between these.
    pub responses: (f64, f64),
}

/// What the dashboards said, over many.
#[derive(Clone, Copy, Debug, Default)]
pub struct Calls {
    pub dashboards: usize,
    /// Arrows on unchanged units, with the correction and without (p < 0.05 alone).
    pub false_arrows: usize,
    pub false_arrows_uncorrected: usize,
    /// Dashboards with at least one arrow on an unchanged unit.
    pub with_false: usize,
    pub with_false_uncorrected: usize,
    /// Arrows on changed units (the right way).
    pub true_arrows: usize,
    /// Sum over dashboards of false / all arrows (0 without arrows): the false discovery
    /// proportion, whose mean is the rate.
    pub fdp_sum: f64,
}

/// Simulates `count` dashboards and tells their changes as the dashboard does.
pub fn dashboards(d: &Dashboard, count: usize, seed: u64) -> Calls {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let pop = Population::all()[0];
    let mut calls = Calls {
        dashboards: count,
        ..Calls::default()
    };
    for _ in 0..count {
        let mut p = Vec::with_capacity(d.units);
        let mut fewest = Vec::with_capacity(d.units);
        let mut up = Vec::with_capacity(d.units);
        for u in 0..d.units {
            // Each unit its own level; the same in both periods unless it changed.
            let level = 0.5 * normal(&mut rng);
            let (lo, hi) = (d.responses.0.ln(), d.responses.1.ln());
            let mut side = |shift: f64| {
                let n = (lo + (hi - lo) * rng.random::<f64>()).exp().round() as usize;
                let sampling = Sampling {
                    n: n.max(2),
                    days: 20,
                    day_sd: 0.0,
                };
                let t = sampling.draw(&pop, level + shift, &mut rng);
                (t.index(), t.responses)
            };
            let (before, nb) = side(0.0);
            let (after, na) = side(if u < d.changed { d.shift } else { 0.0 });
            fewest.push(nb.min(na));
            let (Some(b), Some(a)) = (before, after) else {
                p.push(1.0);
                up.push(false);
                continue;
            };
            let (Some(cb), Some(ca)) = (b.ci, a.ci) else {
                p.push(1.0);
                up.push(false);
                continue;
            };
            let c = crate::survey::interval::change((b.ikm.to_f64(), &cb), (a.ikm.to_f64(), &ca));
            p.push(c.p);
            up.push(c.diff > 0.0);
        }
        // As the dashboard tells them (`dashboard::tell`).
        let changes: Vec<(f64, i64)> = p.iter().copied().zip(fewest.iter().copied()).collect();
        let (told, _) = super::dashboard::tell(&changes);
        let (mut false_here, mut all_here, mut false_raw) = (0, 0, 0);
        for u in 0..d.units {
            let changed = u < d.changed;
            if told[u] {
                all_here += 1;
                if changed && up[u] {
                    calls.true_arrows += 1;
                } else {
                    false_here += 1;
                }
            }
            if !changed && p[u] < 0.05 {
                false_raw += 1;
            }
        }
        calls.false_arrows += false_here;
        calls.false_arrows_uncorrected += false_raw;
        calls.with_false += usize::from(false_here > 0);
        calls.with_false_uncorrected += usize::from(false_raw > 0);
        if all_here > 0 {
            calls.fdp_sum += false_here as f64 / all_here as f64;
        }
    }
    calls
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_interval_covers_about_95_in_100_on_a_small_run() {
        // A quick check of the machinery (the committed figures come from `calibrate`).
        let month = Sampling {
            n: 60,
            days: 20,
            day_sd: 0.0,
        };
        let c = coverage(&Population::all()[0], &month, 300, 7);
        assert!((0.90..=0.99).contains(&c.ikm_share()), "{}", c.ikm_share());
        // Days that share a cause: still about 95 in 100, where respondents alone would
        // fall short.
        let shocks = Sampling {
            n: 300,
            days: 28,
            day_sd: 0.3,
        };
        let c = coverage(&Population::all()[0], &shocks, 300, 8);
        assert!((0.90..=0.99).contains(&c.ikm_share()), "{}", c.ikm_share());
    }

    #[test]
    fn unchanged_dashboards_rarely_show_an_arrow_and_a_real_rise_is_found() {
        // 40 to 120 responses: every change is tested (30 a side, `dashboard::tell`).
        let d = Dashboard {
            units: 20,
            changed: 0,
            shift: 0.0,
            responses: (40.0, 120.0),
        };
        let calls = dashboards(&d, 40, 11);
        assert!(calls.with_false <= 6, "{calls:?}");
        let d = Dashboard {
            changed: 5,
            shift: 0.8,
            ..d
        };
        let calls = dashboards(&d, 20, 12);
        assert!(calls.true_arrows >= 60, "{calls:?}");
    }
}
