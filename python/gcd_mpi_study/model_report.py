"""scripts/scaling-model fit: the model's parameters fitted to the
measurements, predictions for 10^2..10^5 ranks, model.md,
model-predictions.csv and the figure (model_plot)."""
import csv
import math
import os
import statistics
from pathlib import Path

from .common import REPO
from .common import log as _log
from .csvio import read_csv
from .provenance import data_provenance, provenance_text, workload_text
from .fit import nnls_fit
from .model import PAIR_BYTES, RESULT_BYTES, Model, in_flight
from .model_plot import plot
from .workload import workload_costs, workload_file


def log(msg):
    _log(msg, prog="scaling-model")


def fit_root_io(comm_rows):
    """Rank 0's serial read and write per pair (all runs: they do not depend
    on P), and its memory: peak RSS against the pairs it holds at once.
    Returns (read, write, mem, bytes_per_line): three nnls_fit results
    (read0 + rho_read n, write0 + rho_write n, m0 + mu in_flight) and the
    input's median bytes per pair."""
    xs = [[1.0, float(r["pairs"])] for r in comm_rows]
    read = nnls_fit(xs, [float(r["read"]) for r in comm_rows], ["read0", "rho_read"])
    write = nnls_fit(xs, [float(r["write"]) for r in comm_rows], ["write0", "rho_write"])
    xm = [[1.0, float(in_flight(int(r["pairs"]), int(r["batch_pairs"])))] for r in comm_rows]
    mem = nnls_fit(xm, [float(r["root_rss_bytes"]) for r in comm_rows], ["m0", "mu"])
    bytes_per_line = statistics.median(float(r["input_bytes"]) / float(r["pairs"]) for r in comm_rows)
    return read, write, mem, bytes_per_line


def fit_collectives(comm_rows, micro_rows, transports):
    """Scatter and gather per transport, t = alpha (P-1) + bytes (1 - 1/P) / beta,
    from the microbenchmark's runs that had a core per rank (oversubscribed
    ranks wait for a time slice, which is not what a network costs). Sizes
    below 2 pairs per rank leave ranks without a message and are left out.
    Without microbenchmark rows, from gcd_mpi's own phases (totals over its
    batches). Returns {(transport, phase): nnls_fit result with "alpha",
    "inv_beta" and "_source", the text saying what it was fitted on}."""
    comm = {}
    for t in transports:
        rs = [r for r in micro_rows if r["transport"] == t and int(r["np"]) > 1
              and int(r["pairs"]) >= 2 * int(r["np"])]
        fitted_on = [r for r in rs if r["oversubscribed"] == "0"] or rs
        use_micro = bool(fitted_on)
        if not use_micro:
            fitted_on = [r for r in comm_rows if r["transport"] == t and int(r["np"]) > 1]
        for phase, size in (("scatter", PAIR_BYTES), ("gather", RESULT_BYTES)):
            if use_micro:
                xs = [[int(r["np"]) - 1, int(r["bytes"]) * (1 - 1 / int(r["np"]))] for r in fitted_on]
            else:
                xs = [[int(r["batches"]) * (int(r["np"]) - 1), size * int(r["pairs"]) * (1 - 1 / int(r["np"]))]
                      for r in fitted_on]
            ys = [max(float(r[phase]), 1e-8) for r in fitted_on]
            comm[(t, phase)] = nnls_fit(xs, ys, ["alpha", "inv_beta"])
            comm[(t, phase)]["_source"] = (f"collectives microbenchmark, {len(fitted_on)} points at "
                                           f"{sorted({int(r['np']) for r in fitted_on})} ranks" if use_micro
                                           else f"gcd_mpi's {phase} phase, {len(fitted_on)} runs")
    return comm


def compute_rate(scaling_rows):
    """Candidates per second of one core: the median over the trial-kernel
    runs at 1 rank of candidates / compute_max; None without such runs."""
    one = [r for r in scaling_rows if int(r["np"]) == 1 and r["kernel"] == "trial"]
    if not one:
        return None
    return statistics.median(float(r["candidates"]) / float(r["compute_max"]) for r in one)


def model_for(transport, read, write, comm, rate):
    """The Model of one transport from the fits above."""
    return Model({"rho_read": read["rho_read"], "rho_write": write["rho_write"],
                  "alpha_s": comm[(transport, "scatter")]["alpha"], "alpha_g": comm[(transport, "gather")]["alpha"],
                  "inv_beta_s": comm[(transport, "scatter")]["inv_beta"],
                  "inv_beta_g": comm[(transport, "gather")]["inv_beta"], "rate": rate})


def cmd_fit(args):
    outdir = Path(args.outdir).resolve()
    outdir.mkdir(parents=True, exist_ok=True)
    comm_rows = read_csv([args.comm])
    scaling_rows = read_csv(args.scaling) if args.scaling else []
    transports = sorted({r["transport"] for r in comm_rows})

    read, write, mem, bytes_per_line = fit_root_io(comm_rows)
    micro_rows = read_csv([args.micro]) if Path(args.micro).is_file() else []
    comm = fit_collectives(comm_rows, micro_rows, transports)
    rate = compute_rate(scaling_rows)
    if rate is None:
        rate = 1.5e10
        log("no 1-rank trial runs given (--scaling): assuming 1.5e10 candidates/s")

    strong_rows = [r for r in scaling_rows if r["study"] == "strong" and r["label"] == args.label]
    # The measured points on the plot: the default schedule's runs.
    strong_rows = [r for r in strong_rows if r["schedule"] == args.schedule] or strong_rows
    weak_rows = [r for r in scaling_rows if r["study"] == "weak" and r["label"] == args.label]
    weak_rows = [r for r in weak_rows if r["schedule"] == args.schedule] or weak_rows
    cores = int(scaling_rows[0]["cores"]) if scaling_rows else os.cpu_count()
    if strong_rows:
        costs = workload_costs(workload_file(strong_rows[0]["input"]))
    else:
        costs = workload_costs(REPO / "data" / "sample_pairs.txt")
    c_mean = sum(costs) / len(costs)
    c_max = max(costs)
    n_strong = len(costs)
    base_pairs = (int(min(weak_rows, key=lambda r: int(r["np"]))["pairs"]) //
                  int(min(weak_rows, key=lambda r: int(r["np"]))["np"])) if weak_rows else 1500

    models = {t: model_for(t, read, write, comm, rate) for t in transports}
    net = args.network if args.network in models else transports[-1]
    model = models[net]

    big_n = args.strong_pairs
    ranks = [10 ** k for k in (2, 3, 4, 5)] + [1000, 100000]
    ranks = sorted(set(ranks))
    scen = [("weak", f"{base_pairs} pairs per rank", lambda P: base_pairs * P),
            ("strong", f"{big_n:.0e} pairs".replace("+0", ""), lambda P: big_n)]
    preds = []
    batch_sizes = [int(float(x)) for x in args.batch.split(",")]
    for batch in batch_sizes:
        for name, desc, nfun in scen:
            for P in ranks:
                N = nfun(P)
                tm = model.terms(P, N, c_mean, c_max, batch=batch)
                ideal_t = N * c_mean / rate / P
                preds.append({"scenario": name, "description": desc, "batch": batch, "ranks": P, "pairs": N,
                              **{k: tm[k] for k in tm},
                              "efficiency": ideal_t / tm["total"],
                              "static_efficiency": ideal_t / tm["static_total"],
                              "root_memory_bytes": mem["m0"] + mem["mu"] * in_flight(N, batch),
                              "batches": math.ceil(N / batch)})
    with open(outdir / "model-predictions.csv", "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(preds[0].keys()))
        w.writeheader()
        for p in preds:
            w.writerow({k: (f"{v:.6g}" if isinstance(v, float) else v) for k, v in p.items()})

    # --- model.md ---
    L = []
    L.append("<!-- generated by scripts/scaling-model fit; edit the script, not this file -->")
    L.append("> Against the SMPI simulation: the TCP-loopback alpha below is a per-rank software cost of Open MPI "
             "over TCP, not a cluster network's; compared with simulated runs the model uses the simulated "
             "platform's network and rank 0's plan/startup terms (`python3 -m gcd_mpi_study.sim_fit`, "
             "[../scaling.md](../scaling.md), \"Simulated cluster\").")
    L.append("")
    L.append("#### Fitted parameters (this machine)")
    L.append("")
    L.append("| parameter | value | from |")
    L.append("|---|---:|---|")
    L.append(f"| rho_read: root's read+parse per pair | {read['rho_read'] * 1e9:.1f} ns ({bytes_per_line / read['rho_read'] / 1e6:.0f} MB/s of {bytes_per_line:.0f}-byte lines) | read phase, {len(comm_rows)} runs (median rel. error {read['_median_rel_error']:.0%}) |")
    L.append(f"| rho_write: root's format+write per pair | {write['rho_write'] * 1e9:.1f} ns | write phase (median rel. error {write['_median_rel_error']:.0%}) |")
    for t in transports:
        s, g = comm[(t, "scatter")], comm[(t, "gather")]
        L.append(f"| alpha_s, alpha_g ({t}): rank 0's cost per extra rank | {s['alpha'] * 1e6:.2f} µs, {g['alpha'] * 1e6:.2f} µs | {s['_source']} (median rel. error {s['_median_rel_error']:.0%}, {g['_median_rel_error']:.0%}) |")
        bs = 1 / s["inv_beta"] / 1e9 if s["inv_beta"] > 0 else float("inf")
        bg = 1 / g["inv_beta"] / 1e9 if g["inv_beta"] > 0 else float("inf")
        L.append(f"| beta_s, beta_g ({t}): root's bandwidth | {bs:.2f} GB/s, {bg:.2f} GB/s | same fit |")
    L.append(f"| r: candidates per second, one core, trial kernel | {rate:.3g} | 1-rank runs of the scaling study |")
    L.append(f"| root memory: m0 + mu x pairs in flight (up to 3 batches) | {mem['m0'] / 2**20:.1f} MiB + {mem['mu']:.0f} B/pair | max_rss_bytes of rank 0 |")
    L.append(f"| workload: mean / max candidates per pair | {c_mean:.3g} / {c_max:.3g} | the strong-scaling input |")
    L.append("")
    L.append(f"#### Predictions (network parameters: {net}; --batch-size {', '.join(str(b) for b in batch_sizes)})")
    L.append("")
    L.append("Terms: rank 0's reader and writer threads (they overlap the rest; 'exposed' is what they add to "
             "the run); per-batch collective latency alpha(P-1) (block/balanced); rank 0's chunk dispatch "
             "(dynamic, overlaps compute); bytes through rank 0; ideal compute W/(P r); imbalance = slowest "
             "rank - ideal. Efficiency = ideal compute / total.")
    L.append("")
    L.append("| scenario | batch | ranks | pairs | batches | root read / write | I/O exposed | collective latency | dynamic dispatch | bytes via root | compute | imbalance | **total, dynamic** (eff.) | total, balanced (eff.) | root memory |")
    L.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for p in preds:
        L.append(f"| {p['scenario']}: {p['description']} | {p['batch']:,} | {p['ranks']:,} | {p['pairs']:.3g} | {p['batches']} | "
                 f"{fmt_s(p['read'])} / {fmt_s(p['write'])} | {fmt_s(p['io'])} | {fmt_s(p['latency'])} | {fmt_s(p['dispatch'])} | {fmt_s(p['bandwidth'])} | "
                 f"{fmt_s(p['compute'])} | {fmt_s(p['imbalance'])} | **{fmt_s(p['total'])}** ({p['efficiency']:.2f}) | "
                 f"{fmt_s(p['static_total'])} ({p['static_efficiency']:.2f}) | "
                 f"{p['root_memory_bytes'] / 2**20:.0f} MiB |")
    L.append("")
    (outdir / "model.md").write_text("\n".join(L) + "\n")

    # --- plot ---
    sources = [args.comm] + ([args.micro] if micro_rows else []) + list(args.scaling or [])
    pair_counts = sorted({int(r["pairs"]) for r in comm_rows})
    subtitle = [f"measured points: {workload_text(strong_rows + weak_rows)}"]
    if pair_counts:
        subtitle.append(f"collectives (a): kernel euclid, schedule block, {pair_counts[0]}..{pair_counts[-1]} pairs")
    subtitle.append(provenance_text(data_provenance(sources, comm_rows + micro_rows + strong_rows + weak_rows)))
    plot(outdir, comm_rows, micro_rows, comm, models, net, strong_rows, weak_rows, c_mean, c_max, n_strong,
         base_pairs, big_n, cores, rate, subtitle)
    print((outdir / "model.md").read_text())
    return 0


def fmt_s(s):
    if s < 1e-3:
        return f"{s * 1e6:.0f} µs"
    if s < 1:
        return f"{s * 1e3:.1f} ms"
    if s < 600:
        return f"{s:.2f} s"
    if s < 7200:
        return f"{s / 60:.1f} min"
    return f"{s / 3600:.1f} h"
