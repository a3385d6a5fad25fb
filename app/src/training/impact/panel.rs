//! A balanced unit-month panel of IKM cells and the two-way fixed-effects fits on it: the
//! treated x post coefficient (ATT) and the event study, with CR1 errors clustered by unit.
//!
//! On a balanced panel, partialling out unit and month effects is double demeaning
//! (`y - mean of the unit - mean of the month + grand mean`), and by Frisch-Waugh-Lovell the
//! coefficients and residuals are those of OLS with unit and month dummies. The tests check
//! both against statsmodels (`tests/reference/impact_reference.py`).

use serde::{Deserialize, Serialize};

/// Unit-month cells: `y[unit][period]`, every cell present.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Panel {
    pub units: Vec<String>,
    /// Event month of each period: ..., -2, -1 before the program, 1, 2, ... after it (the
    /// training months themselves are not in the panel).
    pub rel: Vec<i32>,
    pub y: Vec<Vec<f64>>,
    pub treated: Vec<bool>,
}

/// Coefficients with their CR1 covariance (clustered by unit).
#[derive(Clone, Debug, PartialEq)]
pub struct Fit {
    pub coef: Vec<f64>,
    pub cov: Vec<Vec<f64>>,
    /// Number of clusters (units).
    pub clusters: usize,
}

impl Panel {
    /// Periods after the program.
    pub fn post(&self, t: usize) -> bool {
        self.rel[t] > 0
    }

    /// Event months that get a coefficient in the event study (all but the reference -1).
    pub fn event_months(&self) -> Vec<i32> {
        self.rel.iter().copied().filter(|k| *k != -1).collect()
    }

    fn double_demean(&self, v: &[Vec<f64>]) -> Vec<Vec<f64>> {
        let (n, t) = (v.len(), self.rel.len());
        let unit: Vec<f64> = v.iter().map(|r| r.iter().sum::<f64>() / t as f64).collect();
        let month: Vec<f64> = (0..t)
            .map(|j| v.iter().map(|r| r[j]).sum::<f64>() / n as f64)
            .collect();
        let grand = unit.iter().sum::<f64>() / n as f64;
        v.iter()
            .enumerate()
            .map(|(i, r)| {
                r.iter()
                    .enumerate()
                    .map(|(j, x)| x - unit[i] - month[j] + grand)
                    .collect()
            })
            .collect()
    }

    /// Two-way FE OLS of `y` on the regressors `x` (each a unit x period matrix), with CR1
    /// errors clustered by unit. `None` when the regressors are collinear.
    pub fn twfe(&self, y: &[Vec<f64>], x: &[Vec<Vec<f64>>]) -> Option<Fit> {
        let (n, t, k) = (self.units.len(), self.rel.len(), x.len());
        let yd = self.double_demean(y);
        let xd: Vec<Vec<Vec<f64>>> = x.iter().map(|m| self.double_demean(m)).collect();
        let mut xtx = vec![vec![0.0; k]; k];
        let mut xty = vec![0.0; k];
        for i in 0..n {
            for j in 0..t {
                for a in 0..k {
                    xty[a] += xd[a][i][j] * yd[i][j];
                    for b in 0..k {
                        xtx[a][b] += xd[a][i][j] * xd[b][i][j];
                    }
                }
            }
        }
        let bread = invert(&xtx)?;
        let coef: Vec<f64> = (0..k)
            .map(|a| (0..k).map(|b| bread[a][b] * xty[b]).sum())
            .collect();
        let mut meat = vec![vec![0.0; k]; k];
        for i in 0..n {
            let mut s = vec![0.0; k];
            for j in 0..t {
                let e = yd[i][j] - (0..k).map(|a| coef[a] * xd[a][i][j]).sum::<f64>();
                for a in 0..k {
                    s[a] += xd[a][i][j] * e;
                }
            }
            for a in 0..k {
                for b in 0..k {
                    meat[a][b] += s[a] * s[b];
                }
            }
        }
        // statsmodels' CR1: G/(G-1) x (N-1)/(N-K), K counting the intercept, the unit and
        // month dummies and the regressors.
        let obs = (n * t) as f64;
        let params = (n + t - 1 + k) as f64;
        let c = n as f64 / (n as f64 - 1.0) * (obs - 1.0) / (obs - params);
        let cov = (0..k)
            .map(|a| {
                (0..k)
                    .map(|b| {
                        let mut v = 0.0;
                        for p in 0..k {
                            for q in 0..k {
                                v += bread[a][p] * meat[p][q] * bread[q][b];
                            }
                        }
                        c * v
                    })
                    .collect()
            })
            .collect();
        Some(Fit {
            coef,
            cov,
            clusters: n,
        })
    }

    /// The treated x post indicator of an assignment.
    pub fn att_regressor(&self, treated: &[bool]) -> Vec<Vec<f64>> {
        treated
            .iter()
            .map(|tr| {
                (0..self.rel.len())
                    .map(|j| f64::from(u8::from(*tr && self.post(j))))
                    .collect()
            })
            .collect()
    }

    /// The treated x event-month indicators of an assignment, in [`Panel::event_months`]
    /// order.
    pub fn event_regressors(&self, treated: &[bool]) -> Vec<Vec<Vec<f64>>> {
        self.event_months()
            .into_iter()
            .map(|k| {
                treated
                    .iter()
                    .map(|tr| {
                        self.rel
                            .iter()
                            .map(|r| f64::from(u8::from(*tr && *r == k)))
                            .collect()
                    })
                    .collect()
            })
            .collect()
    }

    /// Per unit, the mean after minus the mean before: on a balanced panel the ATT of any
    /// assignment is the treated units' mean of these minus the others'.
    pub fn unit_changes(&self, y: &[Vec<f64>]) -> Vec<f64> {
        y.iter()
            .map(|r| {
                let (mut post, mut pre, mut np, mut nb) = (0.0, 0.0, 0.0, 0.0);
                for (j, v) in r.iter().enumerate() {
                    if self.post(j) {
                        post += v;
                        np += 1.0;
                    } else {
                        pre += v;
                        nb += 1.0;
                    }
                }
                post / np - pre / nb
            })
            .collect()
    }

    /// Whether each row has a cell in every month (cells without responses are NaN).
    pub fn complete(&self, y: &[Vec<f64>]) -> Vec<bool> {
        y.iter().map(|r| r.iter().all(|v| v.is_finite())).collect()
    }

    /// Each month's mean over the complete rows (`controls_only`: the complete untrained
    /// rows, so that no part of a training's effect stands in for a month a row lacks).
    pub fn month_means(&self, y: &[Vec<f64>], controls_only: bool) -> Vec<f64> {
        let full: Vec<&Vec<f64>> = y
            .iter()
            .zip(&self.treated)
            .filter(|(r, t)| r.iter().all(|v| v.is_finite()) && !(controls_only && **t))
            .map(|(r, _)| r)
            .collect();
        (0..self.rel.len())
            .map(|j| full.iter().map(|r| r[j]).sum::<f64>() / full.len().max(1) as f64)
            .collect()
    }

    /// Per row, its mean cell before the program (`after` false) or after it, the months it
    /// lacks filled by the month effects: the mean over its own months of the cell minus the
    /// month's mean over the complete comparison rows, plus those means' mean over all the
    /// months. A complete row's plain
    /// mean; the difference of two rows' changes compares them month for month.
    pub fn filled_means(&self, y: &[Vec<f64>], after: bool) -> Vec<f64> {
        let m = self.month_means(y, true);
        let side: Vec<usize> = (0..self.rel.len())
            .filter(|&j| self.post(j) == after)
            .collect();
        let base = side.iter().map(|&j| m[j]).sum::<f64>() / side.len() as f64;
        y.iter()
            .map(|r| {
                let own: Vec<f64> = side
                    .iter()
                    .filter(|&&j| r[j].is_finite())
                    .map(|&j| r[j] - m[j])
                    .collect();
                own.iter().sum::<f64>() / own.len() as f64 + base
            })
            .collect()
    }

    /// Per row, the filled mean after minus the filled mean before ([`Panel::filled_means`]):
    /// [`Panel::unit_changes`] for a complete row (up to rounding).
    pub fn filled_changes(&self, y: &[Vec<f64>]) -> Vec<f64> {
        self.filled_means(y, true)
            .iter()
            .zip(self.filled_means(y, false))
            .map(|(a, b)| a - b)
            .collect()
    }

    /// The panel of the rows `keep` only, with their cells.
    pub fn rows(&self, y: &[Vec<f64>], keep: &[usize]) -> (Panel, Vec<Vec<f64>>) {
        let ys: Vec<Vec<f64>> = keep.iter().map(|&i| y[i].clone()).collect();
        (
            Panel {
                units: keep.iter().map(|&i| self.units[i].clone()).collect(),
                rel: self.rel.clone(),
                y: ys.clone(),
                treated: keep.iter().map(|&i| self.treated[i]).collect(),
            },
            ys,
        )
    }

    /// Per event month (in [`Panel::event_months`] order) and unit, the cell minus the
    /// unit's cell at month -1: the event-study coefficient of any assignment is the treated
    /// units' mean of these minus the others'.
    pub fn unit_event_changes(&self, y: &[Vec<f64>]) -> Vec<Vec<f64>> {
        let base = self.rel.iter().position(|r| *r == -1);
        self.event_months()
            .into_iter()
            .map(|k| {
                let j = self.rel.iter().position(|r| *r == k).unwrap_or(0);
                y.iter()
                    .map(|r| base.map_or(f64::NAN, |b| r[j] - r[b]))
                    .collect()
            })
            .collect()
    }
}

/// The inverse of a small symmetric matrix (Gauss-Jordan with partial pivoting); `None` when
/// singular.
pub fn invert(m: &[Vec<f64>]) -> Option<Vec<Vec<f64>>> {
    let k = m.len();
    let mut a: Vec<Vec<f64>> = m
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let mut row = r.clone();
            row.extend((0..k).map(|j| f64::from(u8::from(i == j))));
            row
        })
        .collect();
    let scale = m
        .iter()
        .flatten()
        .fold(0.0_f64, |acc, v| acc.max(v.abs()))
        .max(f64::MIN_POSITIVE);
    for col in 0..k {
        let pivot = (col..k).max_by(|&x, &y| a[x][col].abs().total_cmp(&a[y][col].abs()))?;
        if a[pivot][col].abs() <= scale * 1e-12 {
            return None;
        }
        a.swap(col, pivot);
        let p = a[col][col];
        for v in a[col].iter_mut() {
            *v /= p;
        }
        let pivot_row = a[col].clone();
        for (r, row) in a.iter_mut().enumerate() {
            let f = row[col];
            if r != col && f != 0.0 {
                for (v, p) in row.iter_mut().zip(&pivot_row) {
                    *v -= f * p;
                }
            }
        }
    }
    Some(a.into_iter().map(|r| r[k..].to_vec()).collect())
}
