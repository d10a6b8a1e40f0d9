"""Least squares for the model's parameters (numpy), and medians of
measurement rows."""
import statistics

import numpy as np


def nnls_fit(xs, ys, names):
    """Least squares of relative error (each residual divided by its y),
    coefficients >= 0: a negative one is dropped (set to 0) and the rest
    refitted. xs: one row of regressors per point; ys: the measured values;
    names: one per regressor column. Returns {name: coefficient} plus
    "_median_rel_error", the fit's median |prediction - y| / y."""
    x = np.asarray(xs, dtype=float)
    y = np.asarray(ys, dtype=float)
    # Weights 1/y^2 on the squared residuals = rows scaled by 1/y.
    scale = 1.0 / np.maximum(y, 1e-9)
    active = list(range(len(names)))
    while active:
        coef = np.linalg.lstsq(x[:, active] * scale[:, None], y * scale, rcond=None)[0]
        neg = [active[i] for i, c in enumerate(coef) if c < 0]
        if not neg:
            full = {n: 0.0 for n in names}
            for i, ci in enumerate(active):
                full[names[ci]] = float(coef[i])
            pred = x @ np.array([full[n] for n in names])
            rel = [abs(p - v) / v for p, v in zip(pred.tolist(), ys) if v > 0]
            full["_median_rel_error"] = statistics.median(rel) if rel else float("nan")
            return full
        active = [c for c in active if c not in neg]
    return {n: 0.0 for n in names} | {"_median_rel_error": float("nan")}


def med_rows(rows, keys, cols):
    """One dict per distinct value of `keys` (sorted numerically where the
    values are numbers): the keys, the median of each of `cols`, and
    "runs", the rows behind it."""
    cells = {}
    for r in rows:
        cells.setdefault(tuple(r[k] for k in keys), []).append(r)
    out = []
    for k, rs in sorted(cells.items(), key=lambda kv: tuple(float(x) if str(x).replace('.', '').isdigit() else 0
                                                              for x in kv[0])):
        m = dict(zip(keys, k))
        for c in cols:
            m[c] = statistics.median(float(r[c]) for r in rs)
        m["runs"] = len(rs)
        out.append(m)
    return out
