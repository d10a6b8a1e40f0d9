"""scripts/plot-trace: a gcd_mpi --trace file (Chrome trace-event JSON) as a
PNG Gantt chart drawn by gnuplot: one row per rank and thread track, one bar
per span, coloured by phase, the title naming the workload, date and commit."""
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

# Phases in the order the legend lists them, each with a colour of its own
# (the trace's names: src/core/trace.cpp).
PHASE_COLOURS = {
    "start": "#bbbbbb",
    "wait": "#dddddd",
    "read": "#1f77b4",
    "read_wait": "#aec7e8",
    "scatter": "#ff7f0e",
    "compute": "#2ca02c",
    "gather_wait": "#c49c94",
    "gather": "#9467bd",
    "verify": "#17becf",
    "vote": "#e377c2",
    "write": "#d62728",
    "write_wait": "#ff9896",
    "finish": "#7f7f7f",
}


def err(msg):
    print(f"plot-trace: error: {msg}", file=sys.stderr)


def gp_str(s):
    """A gnuplot string literal, with no enhanced-text markup."""
    return '"' + str(s).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def load_trace(path):
    """(rows, spans, other): rows is [(pid, tid, label)] in drawing order,
    spans [(row index, phase, begin ms, end ms)], other the otherData."""
    doc = json.loads(Path(path).read_text())
    events = doc["traceEvents"] if isinstance(doc, dict) else doc
    other = doc.get("otherData", {}) if isinstance(doc, dict) else {}
    names = {}
    for e in events:
        if e.get("ph") == "M" and e.get("name") == "thread_name":
            names[(e["pid"], e["tid"])] = e["args"]["name"]
    complete = [e for e in events if e.get("ph") == "X"]
    keys = sorted({(e["pid"], e["tid"]) for e in complete})
    rows = [(pid, tid, f"rank {pid} {names.get((pid, tid), f'thread {tid}')}") for pid, tid in keys]
    index = {(pid, tid): i for i, (pid, tid, _) in enumerate(rows)}
    spans = [(index[(e["pid"], e["tid"])], e["name"], e["ts"] / 1000.0, (e["ts"] + e["dur"]) / 1000.0)
             for e in complete]
    return rows, spans, other


def title_of(other):
    """The workload, the date and the commit, as far as the trace says."""
    input_name = Path(other.get("input") or "stdin").name
    parts = [f"gcd_mpi {input_name}",
             f"kernel {other.get('kernel', '?')}",
             f"schedule {other.get('schedule', '?')}",
             f"io {other.get('io', '?')}",
             f"{other.get('ranks', '?')} ranks x {other.get('threads', '?')} threads"]
    when = other.get("started_utc", "")
    commit = other.get("commit", "")
    line2 = ", ".join(p for p in [when, f"commit {commit}" if commit else ""] if p)
    if other.get("complete") is False:
        line2 += f" -- INCOMPLETE RUN (exit {other.get('exit_code')})"
    return ", ".join(parts) + "\n" + line2


def plot_trace(trace, out_png, width=1200):
    """Draws `trace` into `out_png`. Returns the exit code."""
    if not shutil.which("gnuplot"):
        err("gnuplot not found (apt-get install gnuplot-nox)")
        return 1
    try:
        rows, spans, other = load_trace(trace)
    except (OSError, ValueError, KeyError, TypeError) as e:
        err(f"{trace}: not a trace file: {e}")
        return 1
    if not spans:
        err(f"{trace}: no spans")
        return 1
    end = max(s[3] for s in spans)
    phases = [p for p in PHASE_COLOURS if any(s[1] == p for s in spans)]
    phases += sorted({s[1] for s in spans} - set(phases))
    height = max(300, 120 + 22 * len(rows))
    with tempfile.TemporaryDirectory(prefix="plot-trace.") as tmp:
        plots = []
        for i, phase in enumerate(phases):
            data = Path(tmp) / f"phase{i}.dat"
            with open(data, "w") as f:
                # boxxyerror: x y xlow xhigh ylow yhigh; row 0 at the top.
                for row, name, begin, stop in spans:
                    if name == phase:
                        y = len(rows) - 1 - row
                        f.write(f"{(begin + stop) / 2} {y} {begin} {stop} {y - 0.38} {y + 0.38}\n")
            colour = PHASE_COLOURS.get(phase, "#000000")
            plots.append(f"{gp_str(data)} using 1:2:3:4:5:6 with boxxyerror "
                         f"fillcolor rgb {gp_str(colour)} fillstyle solid 1.0 noborder title {gp_str(phase)}")
        ytics = ", ".join(f"{gp_str(label)} {len(rows) - 1 - i}" for i, (_, _, label) in enumerate(rows))
        script = "\n".join([
            f"set terminal pngcairo size {width},{height} noenhanced font ',10'",
            f"set output {gp_str(out_png)}",
            f"set title {gp_str(title_of(other))}",
            "set xlabel 'milliseconds since the job-wide origin'",
            f"set xrange [0:{end * 1.02}]",
            f"set yrange [-0.6:{len(rows) - 0.4}]",
            f"set ytics ({ytics})",
            "set grid xtics",
            "set key outside right top vertical",  # beside the bars, never over them
            "plot " + ", \\\n     ".join(plots),
        ])
        proc = subprocess.run(["gnuplot"], input=script, text=True, capture_output=True)
        if proc.returncode != 0:
            err(f"gnuplot failed: {proc.stderr.strip()}")
            return 1
    print(out_png)
    return 0


def main(argv=None):
    import argparse
    ap = argparse.ArgumentParser(
        prog="plot-trace",
        description="Draw a gcd_mpi --trace file as a PNG Gantt chart (rank and thread x time, "
                    "bars coloured by phase) with gnuplot.")
    ap.add_argument("trace", help="the --trace file (Chrome trace-event JSON)")
    ap.add_argument("png", help="the PNG to write")
    ap.add_argument("--width", type=int, default=1200, help="image width in pixels (default 1200)")
    args = ap.parse_args(argv)
    return plot_trace(args.trace, args.png, args.width)
