"""Independent reference for the randomized-rollout analysis (app/src/training/rollout/).

Written from docs/impact-method.md, not from the Rust code. A small stepped-wedge design
(an office with its UPTD and seven offices alone, three waves two months apart) with
simulated monthly IKM cells, some missing, and a true effect of +3 points after each unit's
wave. The script enumerates every assignment the stratified draw can produce (exact, not
sampled), computes the statistic on each by recomputing it on the data, the p-value, the
95 % interval by inverting the test numerically (scanning then bisecting, with the outcome
actually shifted), and the MDE from the null distribution (the data with the estimated
effect removed): the smallest effect the test finds 80 % of the time. Output: tests/fixtures/rollout_reference.json, read by the Rust test
`training::rollout::analysis::tests::matches_the_independent_reference`.

Run: python3 tests/reference/rollout_reference.py  (standard library only)
"""

import itertools
import json
import math
import os
import random

rng = random.Random(20261207)

PRE = 6
WAVES = [100, 102, 104]  # month counts of the waves' first days
FIRST = WAVES[0] - PRE
LAST = WAVES[-1] - 1
MONTHS = LAST - FIRST + 1
EFFECT = 3.0

# Units: id, parent (None for an office alone), baseline (strata).
units = [{"id": 1, "parent": None}, {"id": 2, "parent": 1}]
units += [{"id": i, "parent": None} for i in range(3, 10)]
for u in units:
    u["baseline"] = round(70 + 15 * rng.random(), 3)


def clusters():
    """An office and its UPTD share a cluster; clusters by mean baseline, then office id."""
    heads = {}
    for u in units:
        head = u["parent"] if u["parent"] is not None else u["id"]
        heads.setdefault(head, []).append(u)
    out = []
    for head, members in heads.items():
        mean = sum(m["baseline"] for m in members) / len(members)
        out.append((mean, head, [m["id"] for m in members]))
    out.sort()
    return [c[2] for c in out]


CL = clusters()
K = len(WAVES)


def all_assignments():
    """Every wave-per-cluster the draw can produce: in each full block of K clusters (in
    baseline order) the clusters take the K waves in any order; the short last block takes
    distinct waves in any order (all waves equally filled before it)."""
    blocks = [list(range(i, min(i + K, len(CL)))) for i in range(0, len(CL), K)]
    choices = []
    for b in blocks:
        choices.append(list(itertools.permutations(range(K), len(b))))
    out = []
    for combo in itertools.product(*choices):
        wave_of_cluster = {}
        for b, perm in zip(blocks, combo):
            for c, w in zip(b, perm):
                wave_of_cluster[c] = w
        wave_of_unit = {}
        for c, ids in enumerate(CL):
            for i in ids:
                wave_of_unit[i] = wave_of_cluster[c]
        out.append([wave_of_unit[u["id"]] for u in units])
    return out


ASSIGNMENTS = all_assignments()
observed = ASSIGNMENTS[rng.randrange(len(ASSIGNMENTS))]

# Cells: level + common month shock + AR(1) own shock, 1 in 12 missing, +EFFECT after the
# unit's wave month.
month_shock = [rng.gauss(0, 1.5) for _ in range(MONTHS)]
cells = []
for k, u in enumerate(units):
    level = u["baseline"] + rng.gauss(0, 1)
    e = rng.gauss(0, 2)
    row = []
    for j in range(MONTHS):
        if j:
            e = 0.5 * e + math.sqrt(0.75) * rng.gauss(0, 2)
        t = FIRST + j
        v = level + month_shock[j] + e + (EFFECT if t > WAVES[observed[k]] else 0.0)
        row.append(None if rng.random() < 1 / 12 else round(v, 6))
    cells.append(row)


def statistic(wave_of, y):
    base = []
    for row in y:
        pre = [v for v in row[:PRE] if v is not None]
        base.append(sum(pre) / len(pre) if pre else None)
    num = den = 0.0
    for t in range(WAVES[0] + 1, LAST + 1):
        j = t - FIRST
        tr, wa = [], []
        for i, row in enumerate(y):
            if row[j] is None or base[i] is None:
                continue
            start = WAVES[wave_of[i]]
            if start < t:
                tr.append(row[j] - base[i])
            elif start > t:
                wa.append(row[j] - base[i])
        if tr and wa:
            w = len(tr) * len(wa) / (len(tr) + len(wa))
            num += w * (sum(tr) / len(tr) - sum(wa) / len(wa))
            den += w
    return num / den


def shifted(tau):
    """The outcome with a constant effect tau taken out of the observed treated cells."""
    out = []
    for i, row in enumerate(cells):
        out.append([
            None if v is None else v - (tau if FIRST + j > WAVES[observed[i]] else 0.0)
            for j, v in enumerate(row)
        ])
    return out


def p_value(y):
    obs = statistic(observed, y)
    stats = [statistic(a, y) for a in ASSIGNMENTS]
    tie = 1e-9 * max(abs(obs), 1.0)
    return sum(1 for s in stats if abs(s) >= abs(obs) - tie) / len(stats), stats


est = statistic(observed, cells)
p, _ = p_value(cells)


def accepted(tau):
    return p_value(shifted(tau))[0] > 0.05


def edge(inside, outside):
    for _ in range(40):
        mid = (inside + outside) / 2
        if accepted(mid):
            inside = mid
        else:
            outside = mid
    return (inside + outside) / 2


step = 0.25
lo = est
while accepted(lo - step):
    lo -= step
ci_low = edge(lo, lo - step)
hi = est
while accepted(hi + step):
    hi += step
ci_high = edge(hi, hi + step)
# The MDE: the data with the estimated effect removed; each assignment's statistic on them
# stands in turn for what the real draw could show with no effect; an effect tau is found
# when that value plus tau is beyond the 95th percentile (type 7) of the assignments'
# |statistic + tau x (statistic of the real treatment indicator)|. The smallest tau found
# 80 % of the time, by doubling then bisecting.
null_data = shifted(est)
a0 = [statistic(a, null_data) for a in ASSIGNMENTS]
indicator = [
    [None if v is None else (1.0 if FIRST + j > WAVES[observed[i]] else 0.0) for j, v in enumerate(row)]
    for i, row in enumerate(cells)
]
b = [statistic(a, indicator) for a in ASSIGNMENTS]


def type7(sorted_values, q):
    h = (len(sorted_values) - 1) * q
    lo, hi = math.floor(h), math.ceil(h)
    return sorted_values[lo] + (h - lo) * (sorted_values[hi] - sorted_values[lo])


def power(tau):
    q = type7(sorted(abs(x + tau * z) for x, z in zip(a0, b)), 0.95)
    return sum(1 for x in a0 if abs(x + tau) > q) / len(a0)


mean0 = sum(a0) / len(a0)
hi = max(math.sqrt(sum((x - mean0) ** 2 for x in a0) / len(a0)), 1e-6)
while power(hi) < 0.8:
    hi *= 2
lo = 0.0
for _ in range(40):
    mid = (lo + hi) / 2
    if power(mid) >= 0.8:
        hi = mid
    else:
        lo = mid
mde = hi

out = {
    "wave_months": WAVES,
    "units": units,
    "observed": observed,
    "cells": cells,
    "assignments": ASSIGNMENTS,
    "estimate": est,
    "p_value": p,
    "ci_low": ci_low,
    "ci_high": ci_high,
    "mde": mde,
}
path = os.path.join(os.path.dirname(__file__), "..", "fixtures", "rollout_reference.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
print(f"{len(ASSIGNMENTS)} assignments; estimate {est:.6f}, p {p:.6f}, "
      f"95 % CI [{ci_low:.6f}, {ci_high:.6f}], MDE {mde:.6f}")
