"""scripts/plot-scaling: speedup, efficiency and time plots (gnuplot, PNG
and SVG) from scripts/scaling CSVs."""
import shutil
import subprocess
import sys
from pathlib import Path

from .columns import GROUP_KEY
from .csvio import read_csv
from .metrics import add_speedup, medians
from .provenance import data_provenance, provenance_text, workload_text


def err(msg):
    print(f"plot-scaling: error: {msg}", file=sys.stderr)


def gp_str(s):
    return '"' + str(s).replace("\\", "\\\\").replace('"', '\\"').replace("_", "\\\\_") + '"'


def gp_lines(*lines):
    """A gnuplot string expression of several lines (enhanced text)."""
    return ' . "\\n" . '.join(gp_str(line) for line in lines)


def title_lines(title, what, rows, provenance):
    """A plot's title: what it shows, the workload of `rows`, and where the
    data comes from (provenance.data_provenance)."""
    return [f"{title}: {what}", workload_text(rows), provenance_text(provenance)]


def series_name(m, with_study):
    parts = []
    if with_study:
        parts.append(m["study"])
    parts.append(m["schedule"])
    parts.append(m["launcher"].split()[0] if m["launcher"] else "")
    if m["label"]:
        parts.append(m["label"])
    if str(m["threads"]) != "1":
        parts.append(f"{m['threads']} threads")
    return ", ".join(p for p in parts if p)


def plot_scaling(csvs, outdir=None, title="gcd_mpi", label=None):
    """Plots the rows of `csvs` (only those of `label`, if given) into
    `outdir` (default: plots/ beside the first CSV); prints each image's
    path. Returns the exit code."""
    if not shutil.which("gnuplot"):
        err("gnuplot not found (apt-get install gnuplot-nox)")
        return 1
    rows = read_csv(csvs)
    if label is not None:
        rows = [r for r in rows if r.get("label") == label]
    if not rows:
        err("no rows" + (f" with label {label!r}" if label is not None else ""))
        return 1
    provenance = data_provenance(csvs, rows)
    strong_rows = [r for r in rows if r["study"] == "strong"]
    add_speedup(rows)
    meds = medians(rows)
    outdir = Path(outdir) if outdir else Path(csvs[0]).resolve().parent / "plots"
    data = outdir / "plot-data"
    data.mkdir(parents=True, exist_ok=True)

    groups = []
    for m in meds:
        g = tuple(m[k] for k in GROUP_KEY)
        if g not in groups:
            groups.append(g)
    studies = {g[0] for g in groups}
    series = []  # (study, name, datafile)
    for i, g in enumerate(groups):
        ms = [m for m in meds if tuple(m[k] for k in GROUP_KEY) == g]
        f = data / f"series{i}-{g[0]}.dat"
        with open(f, "w") as out:
            out.write("# np speedup speedup_min speedup_max efficiency eff_min eff_max "
                      "wall_median wall_min wall_max oversubscribed cores\n")
            for m in ms:
                out.write(f"{m['np']} {m['speedup']:.6g} {m['speedup_min']:.6g} {m['speedup_max']:.6g} "
                          f"{m['efficiency']:.6g} {m['efficiency_min']:.6g} {m['efficiency_max']:.6g} "
                          f"{m['wall_median']:.6g} {m['wall_min']:.6g} {m['wall_max']:.6g} "
                          f"{int(m['oversubscribed'])} {m['cores']}\n")
        series.append((g[0], series_name(ms[0], len(studies) > 1), f))

    max_np = max(m["np"] for m in meds)
    cores = {str(m["cores"]) for m in meds}
    core_count = int(cores.pop()) if len(cores) == 1 else None
    xmax = max_np * 1.4
    ymax_time = max(m["wall_max"] for m in meds) * 1.35
    ymax_eff = max([1.3] + [m["efficiency_max"] * 1.08 for m in meds])
    xtics = []
    p = 1
    while p <= max_np:
        xtics.append(p)
        p *= 2
    if max_np not in xtics:
        xtics.append(max_np)
    xtic_str = ", ".join(f'"{x}" {x}' for x in xtics)

    def header(term, ext, name):
        if term == "png":
            t = "set terminal pngcairo size 1000,760 enhanced font 'DejaVu Sans,11'"
        else:
            t = "set terminal svg size 1000,760 enhanced font 'DejaVu Sans,11' background rgb 'white'"
        return [t, f"set output '{outdir / (name + '.' + ext)}'"]

    def shade():
        if core_count is None or core_count >= max_np:
            return ["unset object 1", "unset label 1"]
        return [f"set object 1 rect from {core_count * 2 ** 0.5},graph 0 to graph 1,graph 1 "
                "fc rgb '#f2dede' fs solid 0.6 noborder behind",
                f"set label 1 \"oversubscribed\\n(ranks > {core_count} cores)\" at {core_count * 1.5},graph 0.93 "
                "left tc rgb '#a94442'"]

    colors = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"]
    common = ["reset", "set logscale x 2", f"set xrange [0.8:{xmax}]", f"set xtics ({xtic_str})",
              "set grid", "set xlabel 'MPI ranks'",
              # Legends below the axes, never over the data.
              "set key below center horizontal Left reverse box maxcols 2 width 2",
              "set tmargin 5"]

    def plot_line(parts):
        # Room below the axes for the key's rows (two entries a row).
        return [f"set bmargin {4 + (len(parts) + 1) // 2}", "plot " + ", \\\n     ".join(parts)]

    script = []
    strong = [(i, s) for i, s in enumerate(series) if s[0] == "strong"]
    weak = [(i, s) for i, s in enumerate(series) if s[0] == "weak"]
    outputs = []
    for term, ext in (("png", "png"), ("svg", "svg")):
        if strong:
            script += header(term, ext, "speedup") + common + shade()
            what = "strong scaling speedup (median; bars: min-max over repeats)"
            script += [f"set title {gp_lines(*title_lines(title, what, strong_rows, provenance))}",
                       "set ylabel 'speedup  t_1 / t_p'", "set logscale y 2",
                       f"set yrange [0.5:{xmax}]", f"set ytics ({xtic_str})"]
            parts = ["x with lines lw 2 dt 2 lc rgb 'black' title 'ideal (speedup = ranks)'"]
            if core_count:
                parts.append(f"{core_count} with lines lw 1 dt 3 lc rgb '#a94442' "
                             f"title 'core count ({core_count}): the ceiling here'")
            for j, (i, (_, name, f)) in enumerate(strong):
                c = colors[j % len(colors)]
                parts.append(f"'{f}' using 1:2:3:4 with yerrorlines lw 2 pt 7 ps 1.2 lc rgb '{c}' title {gp_str(name)}")
            script += plot_line(parts)
            outputs.append(f"speedup.{ext}")
        script += header(term, ext, "efficiency") + common + shade()
        what = "parallel efficiency (strong: t_1/(p t_p), weak: t_1/t_p)"
        script += [f"set title {gp_lines(*title_lines(title, what, rows, provenance))}",
                   "set ylabel 'efficiency'", "unset logscale y", f"set yrange [0:{ymax_eff:.2f}]", "set ytics 0.1"]
        parts = ["1 with lines lw 2 dt 2 lc rgb 'black' title 'ideal'"]
        for j, (i, (study, name, f)) in enumerate(strong + weak):
            c = colors[j % len(colors)]
            pt = 7 if study == "strong" else 5
            key = name if len(studies) > 1 else f"{study}: {name}"
            parts.append(f"'{f}' using 1:5:6:7 with yerrorlines lw 2 pt {pt} ps 1.2 lc rgb '{c}' title {gp_str(key)}")
        script += plot_line(parts)
        outputs.append(f"efficiency.{ext}")

        script += header(term, ext, "time") + common + shade()
        what = "wall time on rank 0 (median; bars: min-max)"
        script += [f"set title {gp_lines(*title_lines(title, what, rows, provenance))}",
                   "set ylabel 'seconds'", "unset logscale y", f"set yrange [0:{ymax_time:.3g}]",
                   "set ytics autofreq"]
        parts = []
        for j, (i, (study, name, f)) in enumerate(strong + weak):
            c = colors[j % len(colors)]
            pt = 7 if study == "strong" else 5
            key = name if len(studies) > 1 else f"{study}: {name}"
            parts.append(f"'{f}' using 1:8:9:10 with yerrorlines lw 2 pt {pt} ps 1.2 lc rgb '{c}' title {gp_str(key)}")
        script += plot_line(parts)
        outputs.append(f"time.{ext}")
    script.append("unset output")
    gp = outdir / "scaling.gp"
    gp.write_text("\n".join(script) + "\n")
    res = subprocess.run(["gnuplot", str(gp)], capture_output=True, text=True)
    if res.returncode != 0:
        print(res.stderr, file=sys.stderr)
        err(f"gnuplot failed on {gp}")
        return 1
    for o in outputs:
        print(outdir / o)
    return 0

