"""Speedup, efficiency and medians over repeats, from the study's rows
(dicts of a scaling.csv, values as strings or numbers)."""
import math
import statistics

import numpy as np

from .columns import GROUP_KEY


def fnum(v):
    """float(v), or None for an empty or non-numeric cell."""
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def median_ci(values, confidence=0.95):
    """Nonparametric confidence interval of the median from order statistics
    (Le Boudec, Performance Evaluation of Computer and Communication Systems,
    Thm. 2.1; the rule of Hoefler and Belli, SC15). For n independent runs
    sorted x(1) <= ... <= x(n), P(x(j) <= median <= x(n+1-j)) =
    1 - 2 P(B <= j - 1) with B ~ Binomial(n, 1/2); j is the largest rank whose
    tail P(B <= j - 1) is at most (1 - confidence) / 2, so the interval is the
    narrowest symmetric one with at least that coverage.

    Returns {"median", "low", "high", "coverage", "rank"} (rank: j, 1-based),
    or None when n is too small for any such interval (95 %: fewer than 6
    runs; with 5, even min-max covers only 93.75 %)."""
    x = np.sort(np.asarray(values, dtype=float))
    n = len(x)
    if n == 0:
        return None
    tail = (1.0 - confidence) / 2.0
    cdf, j = 0.0, 0
    while j < n // 2:
        nxt = cdf + math.comb(n, j) / 2.0**n  # P(B <= j)
        if nxt > tail:
            break
        cdf, j = nxt, j + 1
    if j == 0:
        return None
    return {"median": float(np.median(x)), "low": float(x[j - 1]), "high": float(x[n - j]),
            "coverage": 1.0 - 2.0 * cdf, "rank": j}


def group_of(row):
    """The curve a row belongs to (GROUP_KEY's values as strings)."""
    return tuple(str(row[k]) for k in GROUP_KEY)


def speedup_efficiency(study, p, t, p_ref, t_ref):
    """(speedup, efficiency) of a run on `p` ranks taking `t` seconds,
    against `t_ref` seconds on the sweep's smallest rank count `p_ref`.
    Strong (fixed work): speedup = t_ref p_ref / t, efficiency = speedup / p.
    Weak (work grows with p): efficiency = t_ref / t, speedup = p efficiency."""
    if study == "weak":
        eff = t_ref / t
        return p * eff, eff
    s = t_ref * p_ref / t
    return s, s / p


def work_normalised_efficiency(c, c_ref, p, p_ref, t, t_ref):
    """Weak efficiency per unit of work: corrects for the random workload on
    `p` ranks not being exactly p/p_ref times the reference one (c, c_ref:
    their candidates). None when either count is unknown or zero."""
    return (c / c_ref) * (p_ref / p) * (t_ref / t) if c_ref and c else None


def add_speedup(rows):
    """Fills speedup/efficiency in place, per group, from the median wall
    time at the group's smallest rank count."""
    groups = {}
    for r in rows:
        groups.setdefault(group_of(r), []).append(r)
    for members in groups.values():
        p_ref = min(int(r["np"]) for r in members)
        t_ref = statistics.median(float(r["wall_seconds"]) for r in members if int(r["np"]) == p_ref)
        for r in members:
            p, t = int(r["np"]), float(r["wall_seconds"])
            if t <= 0:
                continue
            s, eff = speedup_efficiency(r["study"], p, t, p_ref, t_ref)
            r["speedup"], r["efficiency"] = round(s, 4), round(eff, 4)
    return rows


def medians(rows):
    """One dict per (group, np) with medians over repeats; speedup and
    efficiency from median times."""
    cells = {}
    for r in rows:
        cells.setdefault(group_of(r) + (int(r["np"]),), []).append(r)
    out = []
    refs = {}
    for key in sorted(cells, key=lambda k: (k[:-1], k[-1])):
        rs = cells[key]
        g, p = key[:-1], key[-1]
        med = lambda c: statistics.median(fnum(r[c]) or 0.0 for r in rs)  # noqa: E731
        walls = [float(r["wall_seconds"]) for r in rs]
        m = {k: rs[0][k] for k in GROUP_KEY}
        m.update({
            "np": p, "runs": len(rs), "nodes": max(int(r["nodes"]) for r in rs),
            "pairs": rs[0]["pairs"], "candidates": rs[0]["candidates"],
            "wall_median": statistics.median(walls), "wall_min": min(walls), "wall_max": max(walls),
            "elapsed_median": med("elapsed_seconds"),
            "compute_max_median": med("compute_max"), "compute_avg_median": med("compute_avg"),
            "imbalance_median": med("imbalance"),
            "comm_median": statistics.median((fnum(r["scatter"]) or 0) + (fnum(r["gather"]) or 0) for r in rs),
            "read_median": med("read"), "write_median": med("write"),
            "cores": rs[0]["cores"], "oversubscribed": any(str(r["oversubscribed"]) == "1" for r in rs),
            "busy_max": max(fnum(r.get("busy_before")) or 0.0 for r in rs),
        })
        if g not in refs:
            refs[g] = (p, m["wall_median"])
        p_ref, t_ref = refs[g]
        t = m["wall_median"]
        m["speedup"], m["efficiency"] = speedup_efficiency(m["study"], p, t, p_ref, t_ref)
        if m["study"] == "weak":
            m["work_efficiency"] = work_normalised_efficiency(
                fnum(m["candidates"]), fnum(cells[g + (p_ref,)][0]["candidates"]), p, p_ref, t, t_ref)
        # Speedup and efficiency of each repeat, for error bars.
        per_repeat = [speedup_efficiency(m["study"], p, w, p_ref, t_ref) for w in walls]
        spds = [s for s, _ in per_repeat]
        effs = [e for _, e in per_repeat]
        m["speedup_min"], m["speedup_max"] = min(spds), max(spds)
        m["efficiency_min"], m["efficiency_max"] = min(effs), max(effs)
        out.append(m)
    return out
