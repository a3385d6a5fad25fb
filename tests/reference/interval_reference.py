"""Reference numbers for the 95 % interval of every index (IKM and each element's NRR x 25).

Makes fixed sets of survey responses (fixed seed; some answers left blank, as on paper),
then computes from the responses themselves, independently of Suara's moment sums:
  - the delta-method standard error of the IKM and of each element index, by the general
    delta method: the index as a function of the 18 means (score-or-0 and answered-or-not of
    each element), its gradient, and numpy's covariance matrix of the 18 per-response values;
  - the 95 % interval on the logit of the index's place on 25..100 with Student's t at N-1
    degrees of freedom (Wilson's score interval where the responses show no spread);
  - a percentile bootstrap over respondents (10,000 resamples), the method-free check;
  - Welch's test of the change between two of the sets (scipy).
The Rust tests in `app/src/survey/interval.rs` read the responses and the expected numbers from
`tests/fixtures/interval_reference.json`: the delta-method figures must be equal, and the
bootstrap interval close.

Run (needs numpy and scipy from PyPI; the output is committed, so CI does not):
    python3 tests/reference/interval_reference.py
"""

import json
import pathlib

import numpy as np
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
