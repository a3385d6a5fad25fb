"""Reference numbers for the training-impact estimator (unit-month panel, two-way fixed
effects, randomization inference, cluster-robust errors, event study).

Makes small synthetic unit-month panels of IKM cell values (fixed seed, standard library
only), then fits them with statsmodels, independently of Suara's closed forms:
  - the treated x post coefficient of OLS y ~ C(unit) + C(month) + d, with CR1 errors
    clustered by unit (statsmodels `cov_type="cluster"`, t with G-1 degrees of freedom);
  - randomization inference by enumerating every assignment of "treated" to the same number
    of units (itertools.combinations), each assignment fitted by the same OLS;
  - the interval of effects not rejected at 5 % (test inversion: y - tau * d_observed,
    bisection on tau);
  - the ANCOVA (lagged-outcome) estimate: each unit's mean after on the treated indicator and
    its mean before, with randomization inference and test inversion;
  - the event study: OLS with unit and month effects and treated x event-month dummies for
    every month but -1, CR1 errors, per-month randomization p-values, and the joint test of
    the months before the program.
The Rust tests in `app/src/analytics/impact/` read the panels and the expected numbers from
`tests/fixtures/impact_*.json`.

The second outcome (proven conduct complaints per unit-month, analysed as minus the count)
runs through the same estimator: `impact_counts.json` holds a Poisson count panel and its fits.

Run (needs numpy, pandas and statsmodels from PyPI; the outputs are committed, so CI does not):
    python3 tests/reference/impact_reference.py          # every fixture
    python3 tests/reference/impact_reference.py counts   # the count panel only
"""

import itertools
import json
import math
import pathlib
import random

import numpy as np
import pandas as pd
import statsmodels.formula.api as smf

HERE = pathlib.Path(__file__).resolve().parent
FIXTURES = HERE.parent / "fixtures"
REL = [-6, -5, -4, -3, -2, -1, 1, 2, 3, 4, 5, 6]  # event months; 0 (the training) is left out
Z975, Z80 = 1.959963984540054, 0.8416212335729143


def make_panel(seed, units, treated, effect, grow=0.0):
    rng = random.Random(seed)
    unit_fx = [rng.gauss(0, 3) for _ in range(units)]
    month_fx = [rng.gauss(0, 1.5) for _ in REL]
    y = []
    for u in range(units):
        row = []
        for t, k in enumerate(REL):
            v = 78 + unit_fx[u] + month_fx[t] + rng.gauss(0, 2)
            if u < treated and k > 0:
                v += effect + grow * k
            row.append(round(v, 6))
        y.append(row)
    return {"units": [f"u{u + 1}" for u in range(units)], "rel": REL, "y": y,
            "treated": [u < treated for u in range(units)]}


def poisson(rng, lam):
    """A Poisson draw (Knuth's method), from the standard library's generator."""
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def make_count_panel(seed, units, treated):
    """The second outcome's panel: proven conduct complaints per unit-month, Poisson with a
    log-normal unit rate (mean about 0.6), no effect; as Suara analyses it, minus the count."""
    rng = random.Random(seed)
    rate = [math.exp(math.log(0.6) - 0.32 + 0.8 * rng.gauss(0, 1)) for _ in range(units)]
    y = [[-float(poisson(rng, rate[u])) for _ in REL] for u in range(units)]
    return {"units": [f"u{u + 1}" for u in range(units)], "rel": REL, "y": y,
            "treated": [u < treated for u in range(units)]}


def frame(panel, treated):
    recs = []
    for u, row in enumerate(panel["y"]):
        for t, k in enumerate(panel["rel"]):
            recs.append({"y": row[t], "unit": u, "month": t, "k": k, "tr": int(treated[u])})
    df = pd.DataFrame(recs)
    df["d"] = df.tr * (df.k > 0)
    for k in panel["rel"]:
        if k != -1:
            df[ev(k)] = df.tr * (df.k == k)
    return df


def ev(k):
    return f"e_m{-k}" if k < 0 else f"e_p{k}"


def fit_att(df, cluster=True):
    m = smf.ols("y ~ C(unit) + C(month) + d", data=df)
    if cluster:
        return m.fit(cov_type="cluster", cov_kwds={"groups": df.unit}, use_t=True)
    return m.fit()


def fit_event(df, rel, cluster=True):
    terms = " + ".join(ev(k) for k in rel if k != -1)
    m = smf.ols(f"y ~ C(unit) + C(month) + {terms}", data=df)
    if cluster:
        return m.fit(cov_type="cluster", cov_kwds={"groups": df.unit}, use_t=True)
    return m.fit()


def assignments(n, k):
    return [set(c) for c in itertools.combinations(range(n), k)]


def change_variances(panel, y=None):
    """Per unit, the variance of its change (mean after minus mean before) under no effect:
    the residuals of OLS y ~ C(month) + C(unit):C(post) (statsmodels), summed in squares per
    unit over the months minus two, times 1/months before + 1/months after."""
    rel = panel["rel"]
    recs = [{"y": (y or panel["y"])[u][t], "unit": u, "month": t, "post": int(k > 0)}
            for u in range(len(panel["units"])) for t, k in enumerate(rel)]
    df = pd.DataFrame(recs)
    # The month dummies span the post indicator, so the design is rank-deficient and
    # statsmodels warns; the residuals (a projection) are unique all the same.
    res = smf.ols("y ~ C(month) + C(unit):C(post)", data=df).fit().resid
    after = sum(k > 0 for k in rel)
    before = len(rel) - after
    ss = (res ** 2).groupby(df.unit).sum()
    return [float(ss[u]) / (len(rel) - 2) * (1 / before + 1 / after) for u in range(len(panel["units"]))]


def precision_weights(panel, v):
    """One over each unit's variance shrunk toward the units' mean (its own with the months
    minus two degrees of freedom, the mean with 10)."""
    own, pool = len(panel["rel"]) - 2, 10.0
    mean = sum(v) / len(v)
    return [(own + pool) / (own * x + pool * mean) for x in v]


def randomization(panel):
    """The studentized, precision-weighted randomization test: for every assignment, the
    weighted least-squares fit (statsmodels WLS with the unit weights) of the cells on unit
    and month effects and the treated x post indicator, divided by its standard error under
    the units' own variances (the sandwich of the unit changes on [1, treated] with those
    variances), rescaled by the observed assignment's standard error."""
    n = len(panel["units"])
    observed = [i for i, t in enumerate(panel["treated"]) if t]
    sets = assignments(n, len(observed))
    base = frame(panel, panel["treated"])
    d_obs = base.d.values
    v = change_variances(panel)
    w = precision_weights(panel, v)
    row_w = np.array([w[u] for u in base.unit])

    def wls(treated_set, y):
        df = frame(panel, [i in treated_set for i in range(n)])
        df["y"] = y
        return smf.wls("y ~ C(unit) + C(month) + d", data=df, weights=row_w).fit().params["d"]

    def se(treated_set):
        x = np.array([[1.0, float(i in treated_set)] for i in range(n)])
        wm, vm = np.diag(w), np.diag(v)
        bread = np.linalg.inv(x.T @ wm @ x)
        return float(np.sqrt((bread @ x.T @ wm @ vm @ wm @ x @ bread)[1, 1]))

    se_obs = se(set(observed))
    scale = [se_obs / se(s) for s in sets]
    y0 = base.y.values

    def stats(tau):
        return [wls(s, y0 - tau * d_obs) * c for s, c in zip(sets, scale)]

    draws = stats(0.0)
    b_obs = draws[sets.index(set(observed))]
    tol = 1e-9 * max(1.0, abs(b_obs))
    p = sum(abs(b) >= abs(b_obs) - tol for b in draws) / len(draws)
    # The MDE from the null: each assignment's statistic on the data with the estimated
    # effect removed stands in turn for what the real one could show with no effect; an
    # effect tau is found when that value plus tau is beyond the 95th percentile (type 7) of
    # the assignments' |statistic + tau x (statistic of the observed treatment indicator)|;
    # the smallest tau found 80 % of the time, by doubling then bisecting.
    null = stats(b_obs)
    over = [wls(s, d_obs) * c for s, c in zip(sets, scale)]

    def power(tau):
        q = float(np.quantile([abs(x + tau * z) for x, z in zip(null, over)], 0.95))
        return sum(abs(x + tau) > q for x in null) / len(null)

    hi = max(float(np.std(null)), 1e-6)
    while power(hi) < 0.8:
        hi *= 2
    lo_m = 0.0
    for _ in range(40):
        mid = (lo_m + hi) / 2
        if power(mid) >= 0.8:
            hi = mid
        else:
            lo_m = mid
    mde = hi

    def p_at(tau):
        # The variances are re-computed on the shifted cells: a constant shift of the trained
        # units' later cells must leave them (and so the weights) unchanged.
        shifted = [[c - tau * float(panel["treated"][u] and k > 0) for c, k in zip(row, panel["rel"])]
                   for u, row in enumerate(panel["y"])]
        assert np.allclose(change_variances(panel, shifted), v)
        stat = abs(b_obs - tau)
        t = 1e-9 * max(1.0, stat)
        return sum(abs(x) >= stat - t for x in stats(tau)) / len(sets)

    def edge(inside, outside):
        for _ in range(50):
            mid = (inside + outside) / 2
            if p_at(mid) > 0.05:
                inside = mid
            else:
                outside = mid
        return (inside + outside) / 2

    span = 50.0
    lo, hi = edge(b_obs, b_obs - span), edge(b_obs, b_obs + span)

    # Event study: every coefficient of every assignment from one fit each.
    rel = panel["rel"]
    ev_obs = fit_event(base, rel, cluster=False).params
    ev_draws = []
    for s in sets:
        df = frame(panel, [i in s for i in range(n)])
        ev_draws.append(fit_event(df, rel, cluster=False).params)
    event = []
    for k in rel:
        if k == -1:
            continue
        b = ev_obs[ev(k)]
        t = 1e-9 * max(1.0, abs(b))
        pk = sum(abs(d[ev(k)]) >= abs(b) - t for d in ev_draws) / len(sets)
        event.append({"month": k, "estimate": b, "p_value": pk})
    leads = [ev(k) for k in rel if k < -1]
    s_obs = sum(ev_obs[c] ** 2 for c in leads)
    p_pre = sum(sum(d[c] ** 2 for c in leads) >= s_obs * (1 - 1e-9) for d in ev_draws) / len(sets)
    return {"estimate": b_obs, "p_value": p, "ci_low": lo, "ci_high": hi, "mde": mde,
            "assignments": len(sets), "event_study": event, "pre_trend_p": p_pre,
            "weights": w}


def filled_randomization(panel):
    """The same test written out in numpy for a panel whose comparison rows may lack months
    (NaN): each row's change is its mean after minus its mean before of the cell minus that
    month's mean over the complete comparison rows (plus those means' mean); its variance from the same residuals around its own
    before and after means over its months minus two, times 1/its months before + 1/its
    months after; weights and studentization as in `randomization`; the interval by
    bisection on re-computed statistics. On a balanced panel it must equal the statsmodels
    version (checked in `main`)."""
    y = np.array(panel["y"], dtype=float)
    post = np.array([k > 0 for k in panel["rel"]])
    treated = np.array(panel["treated"])
    n = len(y)
    complete = ~np.isnan(y).any(axis=1)

    def changes(cells):
        # Month effects from the complete comparison rows only, so that no part of a
        # training's effect fills a month another row lacks.
        m = cells[complete & ~treated].mean(axis=0)
        z = cells - m
        return np.array([np.nanmean(z[i, post]) + m[post].mean() - np.nanmean(z[i, ~post]) - m[~post].mean()
                         for i in range(n)])

    m = y[complete].mean(axis=0)
    z = y - m
    v, dfs = [], []
    for i in range(n):
        b, a = z[i, ~post][~np.isnan(z[i, ~post])], z[i, post][~np.isnan(z[i, post])]
        df = len(a) + len(b) - 2
        v.append((((b - b.mean()) ** 2).sum() + ((a - a.mean()) ** 2).sum()) / df * (1 / len(b) + 1 / len(a)))
        dfs.append(df)
    mean_v = sum(v) / n
    w = np.array([(df + 10.0) / (df * x + 10.0 * mean_v) for x, df in zip(v, dfs)])
    v = np.array(v)
    observed = [i for i in range(n) if treated[i]]
    sets = assignments(n, len(observed))
    shift = np.outer(treated, post).astype(float)

    def stat(d, s):
        ins = np.array([i in s for i in range(n)])
        a = (w[ins] * d[ins]).sum() / w[ins].sum() - (w[~ins] * d[~ins]).sum() / w[~ins].sum()
        se = np.sqrt((w[ins] ** 2 * v[ins]).sum() / w[ins].sum() ** 2
                     + (w[~ins] ** 2 * v[~ins]).sum() / w[~ins].sum() ** 2)
        return a, se

    se_obs = stat(changes(y), set(observed))[1]

    def stats(tau):
        d = changes(y - tau * shift)
        return [a * se_obs / se for a, se in (stat(d, s) for s in sets)]

    draws = stats(0.0)
    est = draws[sets.index(set(observed))]
    p = sum(abs(x) >= abs(est) - 1e-9 * max(1.0, abs(est)) for x in draws) / len(sets)
    null = stats(est)
    ind = changes(shift)
    over = []
    for s in sets:
        a, _ = stat(ind, s)
        over.append(a * se_obs / stat(changes(y), s)[1])

    def power(tau):
        q = float(np.quantile([abs(x + tau * o) for x, o in zip(null, over)], 0.95))
        return sum(abs(x + tau) > q for x in null) / len(null)

    hi = max(float(np.std(null)), 1e-6)
    while power(hi) < 0.8:
        hi *= 2
    lo_m = 0.0
    for _ in range(40):
        mid = (lo_m + hi) / 2
        if power(mid) >= 0.8:
            hi = mid
        else:
            lo_m = mid
    mde = hi

    def p_at(tau):
        st = abs(est - tau)
        return sum(abs(x) >= st - 1e-9 * max(1.0, st) for x in stats(tau)) / len(sets)

    def edge(inside, outside):
        for _ in range(50):
            mid = (inside + outside) / 2
            if p_at(mid) > 0.05:
                inside = mid
            else:
                outside = mid
        return (inside + outside) / 2

    return {"estimate": est, "p_value": p, "ci_low": edge(est, est - 50.0), "ci_high": edge(est, est + 50.0),
            "mde": mde, "assignments": len(sets), "weights": list(w)}


def with_gaps(panel):
    """The filled test for the overall estimate, the event study on the complete rows."""
    out = filled_randomization(panel)
    keep = [i for i, r in enumerate(panel["y"]) if all(not math.isnan(c) for c in r)]
    sub = {"units": [panel["units"][i] for i in keep], "rel": panel["rel"],
           "y": [panel["y"][i] for i in keep], "treated": [panel["treated"][i] for i in keep]}
    full = randomization(sub)
    out["event_study"], out["pre_trend_p"] = full["event_study"], full["pre_trend_p"]
    return out


def ancova(panel):
    """The lagged-outcome (ANCOVA) estimate: each unit's mean after on the treated indicator
    and its mean before (OLS, statsmodels), with randomization inference over every
    assignment and the interval by shifting the trained units' "after" and bisecting."""
    n = len(panel["units"])
    rel = panel["rel"]
    pre = [float(np.mean([v for v, k in zip(row, rel) if k < 0])) for row in panel["y"]]
    post = [float(np.mean([v for v, k in zip(row, rel) if k > 0])) for row in panel["y"]]
    observed = [bool(t) for t in panel["treated"]]
    sets = assignments(n, sum(observed))

    def coef(treated_set, tau):
        df = pd.DataFrame({
            "post": [q - (tau if observed[i] else 0.0) for i, q in enumerate(post)],
            "pre": pre,
            "d": [1.0 if i in treated_set else 0.0 for i in range(n)],
        })
        return smf.ols("post ~ d + pre", data=df).fit().params["d"]

    obs_set = {i for i in range(n) if observed[i]}
    b_obs = coef(obs_set, 0.0)

    def p_at(tau):
        stat = abs(b_obs - tau)
        t = 1e-9 * max(1.0, stat)
        return sum(abs(coef(s, tau)) >= stat - t for s in sets) / len(sets)

    def edge(inside, outside):
        for _ in range(60):
            mid = (inside + outside) / 2
            if p_at(mid) > 0.05:
                inside = mid
            else:
                outside = mid
        return (inside + outside) / 2

    return {"estimate": b_obs, "p_value": p_at(0.0),
            "ci_low": edge(b_obs, b_obs - 50.0), "ci_high": edge(b_obs, b_obs + 50.0)}


def cluster(panel):
    base = frame(panel, panel["treated"])
    m = fit_att(base)
    g = len(panel["units"])
    b, se = m.params["d"], m.bse["d"]
    ci = m.conf_int(alpha=0.05).loc["d"]
    from scipy import stats  # statsmodels depends on scipy
    t975, t80 = stats.t.ppf(0.975, g - 1), stats.t.ppf(0.80, g - 1)
    e = fit_event(base, panel["rel"])
    event = []
    for k in panel["rel"]:
        if k == -1:
            continue
        c = ev(k)
        lo, hi = e.conf_int(alpha=0.05).loc[c]
        event.append({"month": k, "estimate": e.params[c], "std_error": e.bse[c],
                      "ci_low": lo, "ci_high": hi, "p_value": e.pvalues[c]})
    leads = [ev(k) for k in panel["rel"] if k < -1]
    ftest = e.f_test(" , ".join(f"{c} = 0" for c in leads))
    return {"estimate": b, "std_error": se, "ci_low": ci[0], "ci_high": ci[1],
            "p_value": m.pvalues["d"], "df": g - 1, "mde": (t975 + t80) * se,
            "event_study": event, "pre_trend_f": float(np.squeeze(ftest.fvalue)),
            "pre_trend_p": float(ftest.pvalue)}


# The API fixture: responses of real demo units over a program's span, three programs.
API_TREATED = {"samsat-kota": "skj-pkb", "rsud-rm": "rsud-rm-rj", "bkd": "bkd-pangkat"}
API_CONTROLS = {"disdik": "disdik-legalisir", "dinkes": "dinkes-rekom", "rsjd": "rsjd-rj",
                "dpmptsp": "ptsp-berusaha", "bpsdm": "bpsdm-pkp",
                "pupr": "pupr-rekomtek", "kominfo": "kominfo-ppid"}
# Another UPTD of Bapenda, whose Samsat Kota is trained: same office, same shocks, left out.
SAME_OFFICE = {"samsat-muaro": "smj-pkb"}
TRAINED_EARLIER = {"dinsos": "dinsos-rekom"}  # program B, March 2025: effect still growing
GAPPY = {"inspektorat": "insp-pengaduan"}  # no responses in 2026-03
PROGRAMS = [
    {"name": "Pelayanan Prima", "topic": "Keramahan dan kejelasan informasi", "target_elements": ["U7"],
     "unit_codes": ["samsat-kota", "rsud-rm", "bkd"], "participants": 60,
     "start_date": "2026-01-12", "end_date": "2026-01-14"},
    {"name": "Budaya Melayani", "topic": "Standar pelayanan", "target_elements": ["U1"],
     "unit_codes": ["dinsos"], "participants": 20, "start_date": "2025-03-03", "end_date": "2025-03-05"},
    {"name": "Layanan Digital", "topic": "Layanan daring", "target_elements": ["U3"],
     "unit_codes": ["kominfo"], "participants": 15, "start_date": "2027-02-01", "end_date": "2027-02-03"},
]
API_MONTHS = [(2025, m) for m in range(7, 13)] + [(2026, m) for m in range(1, 8)]


def api_rel(y, m):
    if (y, m) < (2026, 1):
        return (y - 2026) * 12 + m - 1  # -6 .. -1
    if (y, m) == (2026, 1):
        return 0  # the training month, left out
    return m - 1  # 1 .. 6


def api_fixture():
    rng = random.Random(20261204)
    level = {u: rng.gauss(0, 0.25) for u in {**API_TREATED, **API_CONTROLS, **TRAINED_EARLIER, **GAPPY, **SAME_OFFICE}}
    rows = []
    for unit, svc in {**API_TREATED, **API_CONTROLS, **TRAINED_EARLIER, **GAPPY, **SAME_OFFICE}.items():
        for (y, m) in API_MONTHS:
            if unit in GAPPY and (y, m) == (2026, 3):
                continue
            k = api_rel(y, m)
            shift = level[unit] + rng.gauss(0, 0.12)
            if unit in API_TREATED and k > 0:
                shift += 0.22
            if unit in TRAINED_EARLIER:
                shift += 0.06 * ((y - 2025) * 12 + m - 3)  # grows since March 2025
            for _ in range(rng.randint(4, 7)):
                day = rng.randint(1, 28)
                answers = [max(1, min(4, round(3.0 + shift + rng.gauss(0, 0.6)))) for _ in range(9)]
                rows.append((f"{y:04d}-{m:02d}-{day:02d}", svc, unit, answers))
    with open(FIXTURES / "impact_responses.csv", "w", newline="") as f:
        f.write("date,service_code,U1,U2,U3,U4,U5,U6,U7,U8,U9,gender,age,education,occupation,suggestion\n")
        for d, svc, _, a in rows:
            f.write(f"{d},{svc}," + ",".join(str(x) for x in a) + ",,,,,\n")

    def cells(units, element=None):
        out = {}
        for unit in units:
            row = []
            for (y, m) in API_MONTHS:
                if api_rel(y, m) == 0:
                    continue
                rs = [a for d, _, u, a in rows if u == unit and d.startswith(f"{y:04d}-{m:02d}")]
                if not rs:
                    row.append(float("nan"))
                elif element is None:
                    row.append(25 * sum(sum(a[i] for a in rs) / len(rs) for i in range(9)) / 9)
                else:
                    row.append(25 * sum(a[element] for a in rs) / len(rs))
            out[unit] = row
        return out

    rel = [api_rel(y, m) for (y, m) in API_MONTHS if api_rel(y, m) != 0]
    # Inspektorat, without responses in 2026-03, stays in the comparison set: compared on its
    # own months.
    clean = list(API_TREATED) + list(API_CONTROLS) + list(GAPPY)

    def panel_of(units, element=None):
        c = cells(units, element)
        return {"units": units, "rel": rel, "y": [c[u] for u in units],
                "treated": [u in API_TREATED for u in units]}

    main = with_gaps(panel_of(clean))
    u7 = filled_randomization(panel_of(clean, element=6))
    biased = filled_randomization(panel_of(clean + list(TRAINED_EARLIER)))
    expected = {"programs": PROGRAMS, "treated": sorted(API_TREATED),
                "controls": sorted(list(API_CONTROLS) + list(GAPPY)),
                "main": main, "elements": [{"code": "U7", "estimate": u7["estimate"],
                                            "p_value": u7["p_value"], "p_holm": u7["p_value"],
                                            "ci_low": u7["ci_low"], "ci_high": u7["ci_high"]}],
                "with_earlier_trained_unit": {"estimate": biased["estimate"]},
                "responses": len(rows)}
    write("impact_api_expected.json", expected)


def counts():
    """The count panel of the second outcome: randomization and cluster fits."""
    panel = make_count_panel(20261206, units=9, treated=3)
    write("impact_counts.json", {"panel": panel, "randomization": randomization(panel),
                                 "cluster": cluster(panel)})


def main():
    FIXTURES.mkdir(exist_ok=True)
    api_fixture()
    small = make_panel(20261202, units=8, treated=3, effect=3.0)
    ri = randomization(small)
    # The numpy version of the test agrees with the statsmodels one on a balanced panel.
    filled = filled_randomization(small)
    for k in ("estimate", "p_value", "ci_low", "ci_high", "mde"):
        assert abs(filled[k] - ri[k]) < 1e-6 * max(1.0, abs(ri[k])), (k, filled[k], ri[k])
    # A comparison row without two of its months, for the unbalanced test.
    gappy = json.loads(json.dumps(small))
    gappy["y"][6][2] = float("nan")
    gappy["y"][6][9] = float("nan")
    out = {"panel": small, "randomization": ri, "cluster": cluster(small),
           "ancova": ancova(small), "gappy_panel": gappy, "gappy": with_gaps(gappy)}
    write("impact_small.json", out)
    big = make_panel(20261203, units=30, treated=12, effect=2.0, grow=0.3)
    write("impact_cluster.json", {"panel": big, "cluster": cluster(big)})


def no_nan(value):
    """NaN (a month without responses) as JSON null."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {k: no_nan(v) for k, v in value.items()}
    if isinstance(value, list):
        return [no_nan(v) for v in value]
    return value


def write(name, value):
    value = no_nan(json.loads(json.dumps(value, default=float)))
    with open(FIXTURES / name, "w") as f:
        json.dump(value, f, indent=1, default=float)
        f.write("\n")
    print(name, json.dumps({k: v for k, v in value.items() if k != "panel"}, default=float)[:600])


if __name__ == "__main__":
    import sys
    if sys.argv[1:] == ["counts"]:
        counts()  # only the second outcome's fixture (`python3 impact_reference.py counts`)
    else:
        main()
        counts()
