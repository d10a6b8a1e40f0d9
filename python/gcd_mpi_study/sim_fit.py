"""The model against the SMPI simulation (sim/run CSVs): fit rank 0's serial
terms on small rank counts, predict the large ones on the simulated
platform's network, and compare (docs/scaling.md, "Simulated").

  python3 -m gcd_mpi_study.sim_fit --fit docs/scaling/sim/planning.csv docs/scaling/sim/strong.csv \\
      --compare docs/scaling/sim/strong.csv --platform sim/platforms/cluster-1024.xml

Fit (balanced rows at smpi/test 0, ranks <= --fit-max-ranks): simulated
seconds = startup + per_rank P + plan N [P > 1] + compute_w N / P, one
compute_w (seconds a pair, one core) per workload (the CSV's input column).
Compare: the median simulated time per rank count against Model.terms with
simulated_parameters (the fitted terms on the platform's network), and
against the TCP-fitted model of docs/scaling/model.md (no rank-0 terms).

  python3 -m gcd_mpi_study.sim_fit --table docs/scaling/sim/strong.csv docs/scaling/sim/polling.csv --study strong

Table: per (schedule, pairs, ranks) the runs, the median simulated time and
its nonparametric 95 % confidence interval (metrics.median_ci; none below 6
runs), with --study the efficiency against the 1-rank median (and Karp-Flatt
e for strong), the simulations' wall times and loads.
"""
import argparse
import csv
import math
import statistics
import sys

from .fit import nnls_fit
from .metrics import median_ci
from .model import Model, platform_network, simulated_parameters

# docs/scaling/model.md's fitted TCP parameters (commit c758b15): what the
# model used for every prediction before the simulation.
TCP_PARAMETERS = {"rho_read": 155.8e-9, "rho_write": 95.5e-9, "alpha_s": 8.93e-6, "alpha_g": 9.51e-6,
                  "inv_beta_s": 1 / 2.58e9, "inv_beta_g": 1 / 2.79e9, "rate": 1.0}


def usable(row, schedule="balanced"):
    """A successful, checked simulation at smpi/test 0 of `schedule`, with no
    extra SimGrid settings (smpi_cfg: e.g. compute not simulated)."""
    return (row.get("exit_code") == "0" and row.get("output_matches") == "True" and row.get("schedule") == schedule
            and row.get("smpi_test_seconds") not in (None, "") and float(row["smpi_test_seconds"]) == 0.0
            and not row.get("smpi_cfg"))


def read_rows(paths):
    rows = []
    for path in paths:
        with open(path, newline="") as f:
            rows += list(csv.DictReader(f))
    return rows


def regressors(P, N, workloads, workload):
    return [1.0, float(P), float(N) if P > 1 else 0.0] + [N / P if w == workload else 0.0 for w in workloads]


def fit(rows, max_ranks):
    """{startup, per_rank, plan, compute:{workload: seconds a pair}, _median_rel_error, points}."""
    rows = [r for r in rows if usable(r) and int(r["ranks"]) <= max_ranks]
    workloads = sorted({r["input"] for r in rows})
    xs = [regressors(int(r["ranks"]), int(r["pairs"]), workloads, r["input"]) for r in rows]
    ys = [float(r["simulated_seconds"]) for r in rows]
    names = ["startup", "per_rank", "plan"] + [f"compute:{w}" for w in workloads]
    f = nnls_fit(xs, ys, names)
    return {"startup": f["startup"], "per_rank": f["per_rank"], "plan": f["plan"],
            "compute": {w: f[f"compute:{w}"] for w in workloads},
            "_median_rel_error": f["_median_rel_error"], "points": len(rows)}


def predict(params, P, N, seconds_per_pair):
    """Model.terms with the compute given in seconds a pair (rate 1)."""
    return Model(dict(params, rate=1.0)).terms(P, N, seconds_per_pair, 0.0)["static_total"]


def compare(rows, fitted, network):
    """Per (workload, pairs, ranks): median simulated, model on the platform, TCP model, errors."""
    sim_params = simulated_parameters({k: fitted[k] for k in ("startup", "per_rank", "plan")}, network)
    cells = {}
    for r in rows:
        if usable(r) and r["input"] in fitted["compute"]:
            cells.setdefault((r["input"], int(r["pairs"]), int(r["ranks"])), []).append(float(r["simulated_seconds"]))
    out = []
    for (workload, N, P), sims in sorted(cells.items()):
        c = fitted["compute"][workload]
        simulated = statistics.median(sims)
        model = predict(sim_params, P, N, c)
        tcp = predict(TCP_PARAMETERS, P, N, c)
        out.append({"input": workload, "pairs": N, "ranks": P, "runs": len(sims), "simulated": simulated,
                    "min": min(sims), "max": max(sims), "model": model, "model_error": model / simulated - 1,
                    "tcp_model": tcp, "tcp_error": tcp / simulated - 1})
    return out


def break_even(fitted, N, seconds_per_pair):
    """Strong scaling of N pairs: the rank count where rank 0's serial time
    (startup + per_rank P + plan N) equals the parallel compute N c / P, and
    the rank count of the least predicted time (sqrt(N c / per_rank))."""
    W = N * seconds_per_pair
    a, b = fitted["startup"] + fitted["plan"] * N, fitted["per_rank"]
    # a + b P = W / P  ->  b P^2 + a P - W = 0
    equal = (-a + math.sqrt(a * a + 4 * b * W)) / (2 * b) if b > 0 else W / a
    fastest = math.sqrt(W / b) if b > 0 else math.inf
    return {"serial_equals_compute": equal, "fastest": fastest}


def summarize(rows, confidence=0.95):
    """Per (schedule, input, pairs, ranks) of the usable rows (any schedule):
    runs, median simulated seconds and its confidence interval (low/high
    None below the runs the confidence needs), wall seconds and load ranges,
    platforms. Sorted by schedule, input, pairs, ranks."""
    cells = {}
    for r in rows:
        if usable(r, r.get("schedule")):
            cells.setdefault((r["schedule"], r["input"], int(r["pairs"]), int(r["ranks"])), []).append(r)
    out = []
    for (schedule, workload, N, P), rs in sorted(cells.items()):
        sims = [float(r["simulated_seconds"]) for r in rs]
        walls = [float(r["simulation_wall_seconds"]) for r in rs]
        loads = [float(r["load_average_1min"]) for r in rs]
        ci = median_ci(sims, confidence)
        out.append({"schedule": schedule, "input": workload, "pairs": N, "ranks": P, "runs": len(rs),
                    "median": statistics.median(sims), "low": ci["low"] if ci else None,
                    "high": ci["high"] if ci else None, "coverage": ci["coverage"] if ci else None,
                    "min": min(sims), "max": max(sims), "wall_min": min(walls), "wall_max": max(walls),
                    "load_min": min(loads), "load_max": max(loads),
                    "platforms": sorted({r["platform"] for r in rs})})
    return out


def add_efficiency(cells, study):
    """Speedup, efficiency and (strong) Karp-Flatt serial fraction of each
    cell against the 1-rank median of its schedule and input with the same
    pairs (strong) or the same pairs a rank (weak), in place.
    Strong: S = t1 / tP, E = S / P; weak: E = t1 / tP. The efficiency's
    interval is the median CI's ends mapped the same way, with t1 held at
    its median (so it is the interval of the median of tP, not a joint one).
    Cells without such a 1-rank cell get none."""
    def key(c):
        return (c["schedule"], c["input"], c["pairs"] if study == "strong" else c["pairs"] / c["ranks"])

    base = {key(c): c["median"] for c in cells if c["ranks"] == 1}
    for c in cells:
        t1 = base.get(key(c))
        if t1 is None:
            continue
        P = c["ranks"]
        eff = (lambda t: t1 / (P * t)) if study == "strong" else (lambda t: t1 / t)  # noqa: E731
        c["efficiency"] = eff(c["median"])
        c["efficiency_low"] = eff(c["high"]) if c["high"] is not None else None
        c["efficiency_high"] = eff(c["low"]) if c["low"] is not None else None
        c["speedup"] = P * c["efficiency"]
        if study == "strong" and P > 1:
            c["karp_flatt"] = (1 / c["speedup"] - 1 / P) / (1 - 1 / P)
    return cells


def print_table(rows, study=None):
    cells = summarize(rows)
    if study:
        add_efficiency(cells, study)
    print("| schedule | pairs | ranks | runs | simulated ms, median | 95% CI (coverage) | min-max | "
          "efficiency (CI) | Karp-Flatt e | wall s | load | platform |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for c in cells:
        if study and "efficiency" not in c:
            continue  # no 1-rank base case (e.g. the other study's rows)
        ci = (f"{1e3 * c['low']:.4g}-{1e3 * c['high']:.4g} ({100 * c['coverage']:.1f}%)"
              if c["low"] is not None else "too few runs")
        eff = "" if "efficiency" not in c else f"{c['efficiency']:.3g}" + (
            f" ({c['efficiency_low']:.3g}-{c['efficiency_high']:.3g})" if c["efficiency_low"] is not None else "")
        kf = f"{c['karp_flatt']:.3g}" if "karp_flatt" in c else ""
        print(f"| {c['schedule']} | {c['pairs']} | {c['ranks']} | {c['runs']} | {1e3 * c['median']:.4g} | {ci} | "
              f"{1e3 * c['min']:.4g}-{1e3 * c['max']:.4g} | {eff} | {kf} | {c['wall_min']:.3g}-{c['wall_max']:.3g} | "
              f"{c['load_min']:.3g}-{c['load_max']:.3g} | {' '.join(c['platforms'])} |")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--table", nargs="+", help="only print the medians and CIs of these sim/run CSVs")
    parser.add_argument("--study", choices=["strong", "weak"],
                        help="with --table: efficiency against the 1-rank median (strong: same pairs)")
    parser.add_argument("--fit", nargs="+", help="sim/run CSVs to fit on")
    parser.add_argument("--fit-max-ranks", type=int, default=64)
    parser.add_argument("--compare", nargs="+", help="sim/run CSVs to compare with")
    parser.add_argument("--platform", help="the compared runs' platform XML")
    args = parser.parse_args(argv)
    if args.table:
        print_table(read_rows(args.table), args.study)
        return 0
    if not (args.fit and args.compare and args.platform):
        parser.error("--fit, --compare and --platform are needed (or --table)")
    fitted = fit(read_rows(args.fit), args.fit_max_ranks)
    network = platform_network(args.platform)
    print(f"fit on {fitted['points']} runs (ranks <= {args.fit_max_ranks}), median rel. error "
          f"{100 * fitted['_median_rel_error']:.0f}%: startup {1e3 * fitted['startup']:.2f} ms, per rank "
          f"{1e6 * fitted['per_rank']:.2f} us, plan {1e9 * fitted['plan']:.0f} ns a pair")
    for w, c in fitted["compute"].items():
        print(f"  compute {w}: {1e6 * c:.3f} us a pair")
    print(f"network ({args.platform}): latency {1e6 * network['latency']:.2f} us, "
          f"{network['bandwidth'] / 1e9:.1f} GB/s a node link")
    print("| input | pairs | ranks | runs | simulated, median (min-max) | model, simulated network | error "
          "| model, TCP loopback | error |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for c in compare(read_rows(args.compare), fitted, network):
        print(f"| {c['input']} | {c['pairs']} | {c['ranks']} | {c['runs']} | {1e3 * c['simulated']:.1f} ms "
              f"({1e3 * c['min']:.1f}-{1e3 * c['max']:.1f}) | {1e3 * c['model']:.1f} ms | "
              f"{100 * c['model_error']:+.0f}% | {1e3 * c['tcp_model']:.1f} ms | {100 * c['tcp_error']:+.0f}% |")
    for w, c in fitted["compute"].items():
        for N in sorted({int(r["pairs"]) for r in read_rows(args.compare) if r.get("input") == w}):
            b = break_even(fitted, N, c)
            print(f"break-even, {w}, {N} pairs: serial = compute at {b['serial_equals_compute']:.0f} ranks; "
                  f"least time at {b['fastest']:.0f} ranks")
    return 0


if __name__ == "__main__":
    sys.exit(main())
