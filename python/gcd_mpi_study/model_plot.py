"""The model's figure (gnuplot): (a) scatterv + gatherv measured and
fitted, (b) weak and (c) strong scaling terms up to 10^5 ranks with the
measured points, (d) parallel efficiency."""
import shutil
import subprocess

from .common import log as _log
from .fit import med_rows
from .metrics import add_speedup, medians
from .plot import gp_lines


def log(msg):
    _log(msg, prog="scaling-model")


def plot(outdir, comm_rows, micro_rows, comm, models, net, strong_rows, weak_rows, c_mean, c_max, n_strong,
         base_pairs, big_n, cores, rate, subtitle=()):
    """Writes OUTDIR/model.png and .svg, and model-data/ (the curves' .dat
    files and model.gp) to re-plot by hand; `subtitle`: lines under the
    title (the workload, the data's commit and date). Without gnuplot, only
    says so."""
    if not shutil.which("gnuplot"):
        log("gnuplot not found: no model.png")
        return
    data = outdir / "model-data"
    data.mkdir(exist_ok=True)
    model = models[net]
    # (a) scatter+gather vs pairs: the microbenchmark (filled), gcd_mpi's own
    # phases per batch (open), the fit (lines).
    def fitted(t, p, n):
        return sum(comm[(t, ph)]["alpha"] * (p - 1) + comm[(t, ph)]["inv_beta"] * 16 * n * (1 - 1 / p)
                   for ph in ("scatter", "gather"))
    series_a = []
    med = med_rows(micro_rows, ["transport", "np", "pairs"], ["scatter", "gather"]) if micro_rows else []
    for t in sorted({m["transport"] for m in med}):
        for p in sorted({int(m["np"]) for m in med if m["transport"] == t}):
            f = data / f"micro-{t}-np{p}.dat"
            with open(f, "w") as out:
                out.write("# pairs measured_scatter_plus_gather fitted\n")
                for m in med:
                    if m["transport"] == t and int(m["np"]) == p and int(m["pairs"]) >= 2 * p:
                        n = int(m["pairs"])
                        out.write(f"{n} {m['scatter'] + m['gather']:.6g} {fitted(t, p, n):.6g}\n")
            series_a.append((t, p, f, "micro"))
    app = med_rows(comm_rows, ["transport", "np", "pairs"], ["scatter", "gather", "batches"])
    for t in sorted({m["transport"] for m in app}):
        f = data / f"gcd-{t}-np2.dat"
        with open(f, "w") as out:
            out.write("# pairs_per_batch gcd_mpi_scatter_plus_gather_per_batch\n")
            for m in app:
                if m["transport"] == t and int(m["np"]) == 2:
                    b = max(1.0, m["batches"])
                    out.write(f"{int(m['pairs']) / b:.6g} {(m['scatter'] + m['gather']) / b:.6g}\n")
        series_a.append((t, 2, f, "app"))
    # (b), (c): model curves.
    def curve(fname, nfun, cores_here=None, pmax=1e5):
        f = data / fname
        with open(f, "w") as out:
            out.write("# ranks total io_exposed latency bandwidth compute imbalance efficiency static_total "
                      "dispatch static_eff read\n")
            P = 1.0
            while P <= pmax * 1.0001:
                Pi = max(1, round(P))
                N = nfun(Pi)
                tm = model.terms(Pi, N, c_mean, c_max, cores=cores_here)
                ideal_t = N * c_mean / rate / Pi
                out.write(f"{Pi} {tm['total']:.6g} {tm['io']:.6g} {max(tm['latency'], 1e-9):.6g} "
                          f"{max(tm['bandwidth'], 1e-9):.6g} {tm['compute']:.6g} {tm['imbalance'] if tm['imbalance'] > 1e-6 else 'NaN'} "
                          f"{ideal_t / tm['total']:.6g} {tm['static_total']:.6g} {max(tm['dispatch'], 1e-9):.6g} "
                          f"{ideal_t / tm['static_total']:.6g} {tm['read']:.6g}\n")
                P *= 10 ** 0.05
        return f
    weak_curve = curve("weak-model.dat", lambda P: base_pairs * P)
    weak_here = curve("weak-model-here.dat", lambda P: base_pairs * P, cores_here=cores, pmax=8)
    strong_big = curve("strong-big-model.dat", lambda P: big_n)
    strong_small = curve("strong-small-model.dat", lambda P: n_strong)
    strong_here = curve("strong-small-model-here.dat", lambda P: n_strong, cores_here=cores, pmax=8)

    def measured(rows, fname):
        f = data / fname
        with open(f, "w") as out:
            out.write("# np wall_median efficiency oversubscribed\n")
            if rows:
                add_speedup(rows)
                for m in medians(rows):
                    out.write(f"{m['np']} {m['wall_median']:.6g} {m['efficiency']:.6g} {int(m['oversubscribed'])}\n")
        return f
    weak_pts = measured(weak_rows, "weak-measured.dat")
    strong_pts = measured(strong_rows, "strong-measured.dat")

    gp = []
    title = gp_lines("gcd_mpi: a model past one machine, fitted to this machine (points: measured)", *subtitle)
    # Every panel's legend goes below its axes (keys inside covered curves
    # and points); the canvas is taller to make room.
    below = "set key below left Left reverse horizontal maxcols 2 width -2 font ',9' box"
    for term, ext in (("pngcairo size 1500,1500 enhanced font 'DejaVu Sans,10'", "png"),
                      ("svg size 1500,1500 enhanced font 'DejaVu Sans,10' background rgb 'white'", "svg")):
        gp += [f"set terminal {term}", f"set output '{outdir / ('model.' + ext)}'",
               f"set multiplot layout 2,2 title {title} font ',12'"]
        # (a)
        gp += ["reset", "set logscale xy", "set grid", below, "set bmargin 12",
               "set title '(a) scatterv + gatherv, rank 0: measured (points), fit {/Symbol a}(P-1) + bytes/{/Symbol b} (lines; dashed: extrapolated)'",
               "set xlabel 'pairs in the batch'", "set ylabel 'seconds'", "set format y '10^{%T}'", "set format x '10^{%T}'"]
        colors = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf"]
        parts = []
        for i, (t, p, f, kind) in enumerate(series_a):
            c = colors[i % len(colors)]
            over = " (oversubscribed, not fitted)" if p > cores else ""
            if kind == "micro":
                parts.append(f"'{f}' using 1:2 with points pt {7 if t == 'shm' else 5} ps 1.2 lc rgb '{c}' "
                             f"title 'MPI\\_Scatterv+Gatherv, {t}, {p} ranks{over}'")
                parts.append(f"'{f}' using 1:3 with lines lw 1.5 dt {1 if p <= cores else 2} lc rgb '{c}' notitle")
            else:
                parts.append(f"'{f}' using 1:2 with points pt {6 if t == 'shm' else 4} ps 1.6 lw 2 lc rgb '{c}' "
                             f"title 'gcd\\_mpi scatter+gather per batch, {t}, 2 ranks'")
        gp.append("plot " + ", \\\n  ".join(parts))
        # (b) weak
        gp += ["reset", "set logscale xy", "set grid", below, "set bmargin 10",
               f"set title '(b) weak scaling, {base_pairs} pairs per rank: model terms ({net} parameters)'",
               "set xlabel 'MPI ranks'", "set ylabel 'seconds'", "set xrange [1:1e5]", "set yrange [1e-4:1e6]",
               "set format x '10^{%T}'", "set format y '10^{%T}'"]
        gp.append("plot " + ", \\\n  ".join([
            f"'{weak_curve}' using 1:2 with lines lw 3 lc rgb 'black' title 'total, dynamic (one core per rank)'",
            f"'{weak_curve}' using 1:9 with lines lw 2 dt 2 lc rgb '#555555' title 'total, balanced'",
            f"'{weak_curve}' using 1:10 with lines lw 1.5 dt 4 lc rgb '#17becf' title 'dynamic: rank 0 dispatch'",
            f"'{weak_curve}' using 1:6 with lines lw 1.5 dt 2 lc rgb '#2ca02c' title 'compute'",
            f"'{weak_curve}' using 1:12 with lines lw 1.5 lc rgb '#d62728' title 'rank 0 read (overlaps the rest)'",
            f"'{weak_curve}' using 1:4 with lines lw 1.5 lc rgb '#9467bd' title 'balanced: collective latency'",
            f"'{weak_curve}' using 1:5 with lines lw 1.5 dt 3 lc rgb '#8c564b' title 'scatter/gather bytes'",
            f"'{weak_curve}' using 1:7 with lines lw 1 dt 4 lc rgb '#ff7f0e' title 'imbalance'",
            f"'{weak_here}' using 1:2 with lines lw 2 dt 2 lc rgb '#1f77b4' title 'total, this machine ({cores} cores shared)'",
            f"'{weak_pts}' using 1:2 with points pt 5 ps 1.5 lc rgb '#1f77b4' title 'measured (median wall)'",
        ]))
        # (c) strong
        gp += ["reset", "set logscale xy", "set grid", below, "set bmargin 10",
               f"set title '(c) strong scaling: {n_strong} pairs (the study) and {big_n:.0e} pairs'",
               "set xlabel 'MPI ranks'", "set ylabel 'seconds'", "set xrange [1:1e5]", "set yrange [1e-3:1e6]",
               "set format x '10^{%T}'", "set format y '10^{%T}'"]
        gp.append("plot " + ", \\\n  ".join([
            f"'{strong_big}' using 1:2 with lines lw 3 lc rgb 'black' title 'total, dynamic, {big_n:.0e} pairs'",
            f"'{strong_big}' using 1:9 with lines lw 2 dt 2 lc rgb '#555555' title 'total, balanced, {big_n:.0e} pairs'",
            f"'{strong_big}' using 1:10 with lines lw 1.5 dt 4 lc rgb '#17becf' title 'dynamic: rank 0 dispatch'",
            f"'{strong_big}' using 1:6 with lines lw 1.5 dt 2 lc rgb '#2ca02c' title 'compute, {big_n:.0e} pairs'",
            f"'{strong_big}' using 1:12 with lines lw 1.5 lc rgb '#d62728' title 'rank 0 read (overlaps), {big_n:.0e} pairs'",
            f"'{strong_big}' using 1:4 with lines lw 1.5 lc rgb '#9467bd' title 'balanced: collective latency'",
            f"'{strong_big}' using 1:7 with lines lw 1 dt 4 lc rgb '#ff7f0e' title 'imbalance, {big_n:.0e} pairs'",
            f"'{strong_small}' using 1:2 with lines lw 2 lc rgb '#e377c2' title 'total, dynamic, {n_strong} pairs'",
            f"'{strong_here}' using 1:2 with lines lw 2 dt 2 lc rgb '#1f77b4' title 'total, {n_strong} pairs, this machine'",
            f"'{strong_pts}' using 1:2 with points pt 7 ps 1.5 lc rgb '#1f77b4' title 'measured (median wall)'",
        ]))
        # (d) efficiency
        gp += ["reset", "set logscale x", "set grid", below, "set bmargin 10",
               "set title '(d) parallel efficiency: model (lines) and measured (points)'",
               "set xlabel 'MPI ranks'", "set ylabel 'efficiency'", "set xrange [1:1e5]", "set yrange [0:1.15]",
               "set format x '10^{%T}'"]
        gp.append("plot " + ", \\\n  ".join([
            f"'{weak_curve}' using 1:8 with lines lw 2 lc rgb '#1f77b4' title 'weak, {base_pairs} pairs/rank'",
            f"'{strong_big}' using 1:8 with lines lw 2 lc rgb 'black' title 'strong, {big_n:.0e} pairs'",
            f"'{strong_big}' using 1:11 with lines lw 1.5 dt 2 lc rgb '#555555' title 'strong, {big_n:.0e} pairs, balanced'",
            f"'{weak_curve}' using 1:11 with lines lw 1.5 dt 2 lc rgb '#17becf' title 'weak, balanced'",
            f"'{strong_small}' using 1:8 with lines lw 2 lc rgb '#e377c2' title 'strong, {n_strong} pairs'",
            f"'{weak_here}' using 1:8 with lines lw 1.5 dt 2 lc rgb '#1f77b4' title 'weak, this machine'",
            f"'{strong_here}' using 1:8 with lines lw 1.5 dt 2 lc rgb '#e377c2' title 'strong, this machine'",
            f"'{weak_pts}' using 1:3 with points pt 5 ps 1.5 lc rgb '#1f77b4' title 'weak, measured'",
            f"'{strong_pts}' using 1:3 with points pt 7 ps 1.5 lc rgb '#e377c2' title 'strong, measured'",
        ]))
        gp += ["unset multiplot", "unset output"]
    gpf = outdir / "model-data" / "model.gp"
    gpf.write_text("\n".join(gp) + "\n")
    res = subprocess.run(["gnuplot", str(gpf)], capture_output=True, text=True)
    if res.returncode != 0:
        log(f"gnuplot failed on {gpf}:\n{res.stderr}")
        raise SystemExit(1)
    log(f"wrote {outdir / 'model.png'} and {outdir / 'model.svg'}")
