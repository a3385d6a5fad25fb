"""Reference numbers for the training-impact estimator.

Makes a synthetic survey panel with a known effect (fixed seed, standard library only),
writes it as an import CSV, and fits score ~ treat + post + treat:post by OLS with HC1
errors in statsmodels, independently of Suara's closed form. The Rust test
`tests/api/analytics.rs` imports the CSV, asks the API for the impact and compares.

Run (needs statsmodels and pandas from PyPI; the outputs are committed, so CI does not):
    python3 tests/reference/did_reference.py
"""

import csv
import datetime as dt
import json
import pathlib
import random

import pandas as pd
import statsmodels.formula.api as smf

HERE = pathlib.Path(__file__).resolve().parent
FIXTURES = HERE.parent / "fixtures"

START, END, WINDOW = dt.date(2026, 4, 1), dt.date(2026, 4, 3), 90
TREATED = ["skj-pkb", "skj-bbnkb"]  # services of samsat-kota, the trained unit
COMPARISON = ["rsud-rm-rj", "rsud-rm-igd", "bkd-pensiun"]
TARGET = "U7"
EFFECT_U7 = 0.45  # in answer points before x25, added to treated post U7 answers
EFFECT_OTHER = 0.10


def clamp(x):
    return max(1, min(4, int(round(x))))


def make_rows():
    rng = random.Random(20261122)
    rows = []
    day = START - dt.timedelta(days=182)
    last = END + dt.timedelta(days=WINDOW)
    while day <= last:
        post = day > END
        season = 0.15 if day.month in (6, 7) else 0.0  # a shock both groups see
        for svc in TREATED + COMPARISON:
            treated = svc in TREATED
            for _ in range(rng.choice([0, 1, 1, 2])):
                base = 2.7 if treated else 3.0
                answers = []
                for i in range(1, 10):
                    code = f"U{i}"
                    mu = base + season + rng.gauss(0, 0.7)
                    if treated and post:
                        mu += EFFECT_U7 if code == TARGET else EFFECT_OTHER
                    a = clamp(mu)
                    if rng.random() < 0.03:
                        a = None  # left blank on paper
                    answers.append(a)
                if all(a is None for a in answers):
                    answers[0] = 3
                rows.append((day, svc, answers))
        day += dt.timedelta(days=1)
    return rows


def fit(df):
    m = smf.ols("y ~ treat + post + treat:post", data=df).fit(cov_type="HC1")
    b, se = m.params["treat:post"], m.bse["treat:post"]
    return {"estimate": b, "std_error": se, "ci_low": b - 1.959964 * se, "ci_high": b + 1.959964 * se}


def frame(rows, lo_pre, hi_pre, lo_post, hi_post, element=None):
    recs = []
    for day, svc, answers in rows:
        if lo_pre <= day <= hi_pre:
            post = 0
        elif lo_post <= day <= hi_post:
            post = 1
        else:
            continue
        if element is None:
            given = [a for a in answers if a is not None]
            y = sum(given) / len(given) * 25
        else:
            a = answers[int(element[1:]) - 1]
            if a is None:
                continue
            y = a * 25
        recs.append({"y": y, "treat": int(svc in TREATED), "post": post})
    return pd.DataFrame(recs)


def main():
    rows = make_rows()
    FIXTURES.mkdir(exist_ok=True)
    with open(FIXTURES / "did_panel.csv", "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["date", "service_code"] + [f"U{i}" for i in range(1, 10)]
                   + ["gender", "age", "education", "occupation", "suggestion"])
        for day, svc, answers in rows:
            w.writerow([day.isoformat(), svc] + ["" if a is None else a for a in answers]
                       + ["", "", "", "", ""])
    d = dt.timedelta
    pre = (START - d(days=WINDOW), START - d(days=1))
    post = (END + d(days=1), END + d(days=WINDOW))
    overall = frame(rows, *pre, *post)
    groups = {}
    for name, t, p in [("treated_pre", 1, 0), ("treated_post", 1, 1),
                       ("comparison_pre", 0, 0), ("comparison_post", 0, 1)]:
        g = overall[(overall.treat == t) & (overall.post == p)].y
        groups[name] = {"n": int(len(g)), "mean": float(g.mean())}
    q1 = (START - d(days=182), START - d(days=92))
    q2 = (START - d(days=91), START - d(days=1))
    expected = {
        "program": {"start_date": START.isoformat(), "end_date": END.isoformat(),
                    "window_days": WINDOW, "target_elements": [TARGET]},
        **fit(overall),
        "groups": groups,
        "elements": [{"code": TARGET, **fit(frame(rows, *pre, *post, element=TARGET))}],
        "parallel_trends": fit(frame(rows, *q1, *q2)),
        "responses": len(rows),
    }
    with open(FIXTURES / "did_expected.json", "w") as f:
        json.dump(expected, f, indent=2)
        f.write("\n")
    print(json.dumps(expected, indent=2))


if __name__ == "__main__":
    main()
