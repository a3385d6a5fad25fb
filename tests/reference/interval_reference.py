"""Reference numbers for the 95 % interval of every index (IKM and each element's NRR x 25).

Makes fixed sets of survey responses (fixed seed; some answers left blank, as on paper),
then computes from the responses themselves, independently of Suara's moment sums:
  - the delta-method standard error of the IKM and of each element index, by the general
    delta method: the index as a function of the 18 means (score-or-0 and answered-or-not of
    each element), its gradient, and numpy's covariance matrix of the 18 per-response values;
  - the 95 % interval on the logit of the index's place on 25..100 with Student's t at N-1
    degrees of freedom (Wilson's score interval where the responses show no spread);
  - a percentile bootstrap over respondents (10,000 resamples), the method-free check;
  - Welch's test of the change between two of the sets (scipy);
  - for sets whose responses carry their day (days sharing a cause): the standard errors with
    days as the independent draws, statsmodels' cluster-robust variance (`cov_type="cluster"`)
    of the general delta method's per-response influence values, the error giving the longer
    interval used (t x SE; days less one degrees of freedom for the days'), and a bootstrap
    over days.
The Rust tests in `app/src/survey/interval.rs` read the responses and the expected numbers from
`tests/fixtures/interval_reference.json`: the delta-method figures must be equal, and the
bootstrap interval close.

Run (needs numpy, scipy and statsmodels from PyPI; the output is committed, so CI does not):
    python3 tests/reference/interval_reference.py
"""

import json
import pathlib

import numpy as np
import statsmodels.api as sm
from scipy import stats

HERE = pathlib.Path(__file__).resolve().parent
OUT = HERE.parent / "fixtures" / "interval_reference.json"
CUTS = [-1.5, -0.5, 0.8]  # latent satisfaction -> answers 1..4


def make(rng, n, mu, blank):
    """n responses; each element a cut of a shared latent satisfaction plus its own noise."""
    eta = rng.normal(size=(n, 1))
    z = np.asarray(mu)[None, :] + 0.8 * eta + 0.7 * rng.normal(size=(n, 9))
    x = (np.digitize(z, CUTS) + 1).astype(float)
    x[rng.random((n, 9)) < blank] = np.nan
    return x


def ikm(x):
    return 25.0 / 9.0 * np.nansum(np.nanmean(x, axis=0))


def delta(x):
    """Standard errors of the IKM and of each element index by the general delta method."""
    n = x.shape[0]
    d = (~np.isnan(x)).astype(float)
    xs = np.nan_to_num(x)
    w = np.hstack([xs, d])  # n x 18
    a, b = xs.mean(axis=0), d.mean(axis=0)
    sigma = np.cov(w, rowvar=False)  # N-1 denominator
    g = np.concatenate([25.0 / 9.0 / b, -25.0 / 9.0 * a / b**2])
    se_ikm = float(np.sqrt(g @ sigma @ g / n))
    # An element's index is the mean of those who answered it: its own n_i - 1 in the
    # variance (a domain mean; the whole sample's N - 1 understates it when many left it
    # blank).
    se_el = []
    for i in range(9):
        col = x[~np.isnan(x[:, i]), i]
        se_el.append(float(25.0 * np.sqrt(col.var(ddof=1) / col.size)) if col.size > 1 else 0.0)
    return se_ikm, se_el


def interval(value, se, count, df):
    t = stats.t.ppf(0.975, df)
    p = min(max((value - 25.0) / 75.0, 0.0), 1.0)
    s = se / 75.0
    if s > 1e-12 and 0.0 < p < 1.0:
        lo_l = np.log(p / (1 - p)) - t * s / (p * (1 - p))
        hi_l = np.log(p / (1 - p)) + t * s / (p * (1 - p))
        lo, hi = 1 / (1 + np.exp(-lo_l)), 1 / (1 + np.exp(-hi_l))
    else:
        t2n = t * t / count
        centre = (p + t2n / 2) / (1 + t2n)
        half = t / (1 + t2n) * np.sqrt(p * (1 - p) / count + t2n / (4 * count))
        lo, hi = max(centre - half, 0.0), min(centre + half, 1.0)
    return 25 + 75 * lo, 25 + 75 * hi


def bootstrap(rng, x, reps=10_000):
    n = x.shape[0]
    ikms, els = [], []
    for _ in range(reps):
        s = x[rng.integers(0, n, n)]
        with np.errstate(all="ignore"), __import__("warnings").catch_warnings():
            __import__("warnings").simplefilter("ignore")
            m = np.nanmean(s, axis=0)
        if np.isnan(m).any():
            continue
        ikms.append(25.0 / 9.0 * m.sum())
        els.append(25.0 * m)
    ikms, els = np.array(ikms), np.array(els)
    return (
        [float(np.percentile(ikms, 2.5)), float(np.percentile(ikms, 97.5))],
        [[float(np.percentile(els[:, i], 2.5)), float(np.percentile(els[:, i], 97.5))] for i in range(9)],
    )


def case(rng, name, x):
    n = x.shape[0]
    value = ikm(x)
    se, se_el = delta(x)
    answered = (~np.isnan(x)).sum(axis=0)
    el_values = 25.0 * np.nanmean(x, axis=0)
    boot_ikm, boot_el = bootstrap(rng, x)
    return {
        "name": name,
        "responses": [[None if np.isnan(v) else int(v) for v in row] for row in x],
        "ikm": value,
        "ikm_se": se,
        "ikm_ci": list(interval(value, se, n, n - 1)),
        "ikm_bootstrap": boot_ikm,
        "elements": [
            {
                "value": float(el_values[i]),
                "se": se_el[i],
                "ci": list(interval(el_values[i], se_el[i], answered[i], max(answered[i] - 1, 1))),
                "bootstrap": boot_el[i],
            }
            for i in range(9)
        ],
    }


def welch(a, b):
    """Change b - a with Welch's t from the two sets' delta-method errors."""
    va, vb = delta(a)[0] ** 2, delta(b)[0] ** 2
    dfa, dfb = a.shape[0] - 1, b.shape[0] - 1
    diff = ikm(b) - ikm(a)
    se = np.sqrt(va + vb)
    df = (va + vb) ** 2 / (va**2 / dfa + vb**2 / dfb)
    half = stats.t.ppf(0.975, df) * se
    return {
        "diff": float(diff),
        "low": float(diff - half),
        "high": float(diff + half),
        "p": float(2 * stats.t.sf(abs(diff) / se, df)),
    }


def make_days(rng, sizes, mu, blank, day_sd):
    """Responses on days of the given sizes, every respondent of a day sharing its shift."""
    xs, days = [], []
    for d, n in enumerate(sizes):
        eta = rng.normal(size=(n, 1)) + day_sd * rng.normal()
        z = np.asarray(mu)[None, :] + 0.8 * eta + 0.7 * rng.normal(size=(n, 9))
        x = (np.digitize(z, CUTS) + 1).astype(float)
        x[rng.random((n, 9)) < blank] = np.nan
        xs.append(x)
        days += [d] * n
    return np.vstack(xs), np.array(days)


def influence(x):
    """Per-response influence values of the IKM and of each element index, from the general
    delta method's gradient (the index as a function of the 18 means): the index's linear
    approximation is the mean of these."""
    d = (~np.isnan(x)).astype(float)
    xs = np.nan_to_num(x)
    w = np.hstack([xs, d])
    a, b = xs.mean(axis=0), d.mean(axis=0)
    centred = w - w.mean(axis=0)
    g = np.concatenate([25.0 / 9.0 / b, -25.0 / 9.0 * a / b**2])
    out = [centred @ g]
    for i in range(9):
        gi = np.zeros(18)
        gi[i], gi[9 + i] = 25.0 / b[i], -25.0 * a[i] / b[i] ** 2
        out.append(centred @ gi)
    return out


def clustered_se(u, days):
    """The standard error of the mean of `u` with days as the independent draws."""
    fit = sm.OLS(u, np.ones((u.size, 1))).fit(cov_type="cluster", cov_kwds={"groups": days})
    return float(fit.bse[0])


def day_bootstrap(rng, x, days, reps=4_000):
    labels = np.unique(days)
    groups = [x[days == g] for g in labels]
    ikms = []
    for _ in range(reps):
        s = np.vstack([groups[k] for k in rng.integers(0, len(groups), len(groups))])
        with np.errstate(all="ignore"), __import__("warnings").catch_warnings():
            __import__("warnings").simplefilter("ignore")
            m = np.nanmean(s, axis=0)
        if not np.isnan(m).any():
            ikms.append(25.0 / 9.0 * m.sum())
    return [float(np.percentile(ikms, 2.5)), float(np.percentile(ikms, 97.5))]


def day_case(rng, name, x, days):
    """A set with its days: each index's respondents' and days' errors, and the interval from
    the larger."""
    c = case(rng, name, x)
    g = np.unique(days).size
    u = influence(x)
    answered = (~np.isnan(x)).sum(axis=0)
    c["days"] = [int(v) for v in days]
    c["ikm_se_respondents"] = c["ikm_se"]
    c["ikm_se_days"] = clustered_se(u[0], days)
    t_days, t_resp = stats.t.ppf(0.975, g - 1), stats.t.ppf(0.975, x.shape[0] - 1)
    # The longer interval wins: t x SE, each with its own degrees of freedom.
    if t_days * c["ikm_se_days"] > t_resp * c["ikm_se"]:
        c["ikm_se"] = c["ikm_se_days"]
        c["ikm_ci"] = list(interval(c["ikm"], c["ikm_se"], x.shape[0], g - 1))
    c["ikm_bootstrap_days"] = day_bootstrap(rng, x, days)
    for i, el in enumerate(c["elements"]):
        el["se_respondents"] = el["se"]
        el["se_days"] = clustered_se(u[1 + i], days)
        t_el = stats.t.ppf(0.975, max(answered[i] - 1, 1))
        if t_days * el["se_days"] > t_el * el["se"]:
            el["se"] = el["se_days"]
            el["ci"] = list(interval(el["value"], el["se"], answered[i], g - 1))
    return c


def main():
    rng = np.random.default_rng(20261205)
    typical = [0.3, 0.2, -0.2, 1.8, 0.3, 0.5, 0.6, 0.1, -0.3]
    high = [1.2, 1.1, 0.9, 2.5, 1.2, 1.4, 1.6, 1.0, 0.8]
    low = [-0.6, -0.8, -1.0, 0.5, -0.5, -0.3, -0.2, -0.7, -1.1]
    sets = {
        "typical_30": make(rng, 30, typical, 0.04),
        "high_120": make(rng, 120, high, 0.03),
        "low_400": make(rng, 400, low, 0.02),
        "typical_60_after": make(rng, 60, [m - 0.35 for m in typical], 0.03),
    }
    # Twenty-five responses where everybody found the service free (U4 all 4: no spread).
    free = make(rng, 25, typical, 0.0)
    free[:, 3] = 4
    sets["free_25"] = free
    cases = [case(rng, name, x) for name, x in sets.items()]
    # Sets with their days (their own generator, so that the sets above keep their numbers):
    # 28 days of uneven size whose respondents share a cause, and 6 days where some indices'
    # days' error is the smaller.
    rng_days = np.random.default_rng(20261213)
    sizes = rng_days.poisson(11, 28) + 1
    x, days = make_days(rng_days, sizes, typical, 0.04, 0.5)
    cases.append(day_case(rng_days, "days_28", x, days))
    x, days = make_days(rng_days, [14, 9, 22, 17, 11, 19], typical, 0.03, 0.0)
    cases.append(day_case(rng_days, "days_6", x, days))
    out = {
        "cases": cases,
        "change": {"before": "typical_30", "after": "typical_60_after", **welch(sets["typical_30"], sets["typical_60_after"])},
    }
    OUT.write_text(json.dumps(out, indent=1) + "\n")
    for c in cases:
        print(
            f"{c['name']:18} IKM {c['ikm']:6.2f} se {c['ikm_se']:.3f} "
            f"CI {c['ikm_ci'][0]:6.2f}-{c['ikm_ci'][1]:6.2f} bootstrap {c['ikm_bootstrap'][0]:6.2f}-{c['ikm_bootstrap'][1]:6.2f}"
        )
    print("change", out["change"])


if __name__ == "__main__":
    main()
