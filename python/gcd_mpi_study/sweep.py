"""scripts/scaling's commands: strong and weak sweeps (one CSV row per
gcd_mpi run), the serial-copies control, and summarize."""
import csv
import json
import os
import shlex
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

from .columns import COLUMNS, COPIES_COLUMNS, PHASES
from .common import REPO, HarnessError, log
from .csvio import read_csv, write_csv
from .launch import launch_prefix, launcher_kind, priority_wrapper, resolve_launcher
from .machine import Machines, cpu_busy_fraction, slurm_env_for_steps, wait_until_idle
from .metrics import add_speedup
from .summary import markdown_summary
from .workload import generate


def default_gcd_mpi():
    return os.environ.get("GCD_MPI") or str(REPO / "build" / "release" / "gcd_mpi")


# --- one run -------------------------------------------------------------------

def sweep_row(rep, args, cores, launcher, study, np_, schedule, repeat, input_path, report, elapsed, busy):
    """The CSV row of one run (every name in COLUMNS; the phases last, as
    runs.jsonl has always had them), from its --report JSON `rep`; speedup
    and efficiency are left empty for add_speedup()."""
    per_rank = rep.get("per_rank", [])
    comp = [r.get("compute_seconds", 0.0) for r in per_rank] or [0.0]
    hosts = sorted({r.get("host", "?") for r in per_rank})
    ph = rep.get("phases", {})
    row = {
        "study": study, "label": args.label, "np": rep.get("ranks", np_),
        "nodes": len(hosts), "threads": rep.get("threads", args.threads),
        "kernel": rep.get("kernel", args.kernel), "schedule": rep.get("schedule", schedule),
        "launcher": launcher + (" " + args.launcher_args if args.launcher_args else ""),
        "pairs": rep.get("pairs"), "candidates": rep.get("candidates"),
        "wall_seconds": rep.get("wall_seconds"), "elapsed_seconds": round(elapsed, 6),
        "compute_min": min(comp), "compute_avg": sum(comp) / len(comp), "compute_max": max(comp),
        "imbalance": rep.get("imbalance"), "speedup": "", "efficiency": "",
        "cores": cores,
        "oversubscribed": int(np_ * args.threads > cores),
        "repeat": repeat, "hosts": " ".join(hosts), "busy_before": round(busy, 3),
        "input": str(input_path), "report": str(report),
    }
    for p in PHASES:
        row[p] = ph.get(p, 0.0)
    return row


def run_once(args, machines, launcher, study, np_, schedule, repeat, input_path, outdir):
    tag = f"{study}-{args.label}-{schedule}-np{np_}-r{repeat}".replace("/", "_").replace(" ", "_")
    report = outdir / "reports" / f"{tag}.json"
    output = outdir / f"results-{study}.txt"
    report.unlink(missing_ok=True)
    cmd = launch_prefix(launcher, args.launcher_args, np_, machines) + priority_wrapper(args.priority) + [
        str(args.gcd_mpi), "--kernel", args.kernel, "--schedule", schedule,
        "--threads", str(args.threads), "--quiet", "--output", str(output),
        "--report", str(report)] + shlex.split(args.extra_args or "") + [str(input_path)]
    busy = wait_until_idle(args.wait_idle, args.idle_threshold) if args.wait_idle > 0 else cpu_busy_fraction(0.2)
    env = slurm_env_for_steps() if launcher_kind(launcher) == "srun" else None
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            start_new_session=True, env=env)
    try:
        _, err = proc.communicate(timeout=args.run_timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
        raise HarnessError(f"run timed out after {args.run_timeout}s: {shlex.join(cmd)}")
    except BaseException:
        # Interrupted (Ctrl-C, scancel): end this run's launcher too.
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        raise
    elapsed = time.monotonic() - t0
    if proc.returncode != 0:
        raise HarnessError(f"run failed with exit code {proc.returncode}: {shlex.join(cmd)}\n{err.strip()}")
    with open(report) as f:
        rep = json.load(f)
    row = sweep_row(rep, args, machines.cores, launcher, study, np_, schedule, repeat, input_path, report,
                    elapsed, busy)
    if rep.get("ranks", np_) != np_:
        raise HarnessError(f"asked for {np_} ranks, the report says {rep.get('ranks')}: {shlex.join(cmd)}")
    return row


# --- commands ------------------------------------------------------------------

def rank_counts(ranks_text, top):
    """--ranks '4,1,2' -> [1, 2, 4]; without it 1, 2, 4, ... up to `top`,
    and `top` itself when it is not a power of two."""
    if ranks_text:
        ranks = sorted({int(x) for x in ranks_text.split(",") if x.strip()})
    else:
        ranks, p = [], 1
        while p <= top:
            ranks.append(p)
            p *= 2
        if ranks[-1] != top:
            ranks.append(top)
    if not ranks or ranks[0] < 1:
        raise HarnessError("rank counts must be >= 1")
    return ranks


def parse_ranks(args, machines):
    top = None if args.ranks else (
        args.max_ranks or (machines.alloc_tasks if machines.alloc_tasks else machines.cores))
    return rank_counts(args.ranks, top)


class Stop(Exception):
    pass


def on_signal(signum, frame):
    raise Stop(signal.Signals(signum).name)


def cmd_sweep(args):
    study = args.command
    gcd = Path(args.gcd_mpi)
    if not (gcd.is_file() and os.access(gcd, os.X_OK)):
        raise HarnessError(f"gcd_mpi binary not found at {gcd} (build it: scripts/build; or set GCD_MPI)")
    outdir = Path(args.outdir).resolve()
    (outdir / "reports").mkdir(parents=True, exist_ok=True)
    machines = Machines(args.cores)
    launcher = resolve_launcher(args.launcher)
    launcher_kind(launcher)
    ranks = parse_ranks(args, machines)
    schedules = [s for s in args.schedule.split(",") if s]
    if launcher_kind(launcher) == "none" and ranks != [1]:
        raise HarnessError("launcher 'none' can only run --ranks 1")

    inputs = {}
    for p in ranks:
        if study == "strong":
            inputs[p] = Path(args.input).resolve() if args.input else generate(args, args.pairs, outdir)
        else:
            inputs[p] = generate(args, p * args.base_pairs, outdir)
    log(f"{study} sweep: ranks {ranks}, {args.repeats} repeat(s), schedule(s) {schedules}, "
        f"kernel {args.kernel}, launcher '{launcher}{' ' + args.launcher_args if args.launcher_args else ''}', "
        f"cores: {machines.detail}")

    csv_path = outdir / "scaling.csv"
    rows = read_csv([csv_path]) if args.append and csv_path.exists() else []
    new_rows = []
    signal.signal(signal.SIGTERM, on_signal)
    status = 0
    try:
        # Repeats outermost: a slow spell of the machine hits every rank count
        # a little instead of one rank count a lot.
        for rep in range(1, args.repeats + 1):
            for schedule in schedules:
                for p in ranks:
                    row = run_once(args, machines, launcher, study, p, schedule, rep, inputs[p], outdir)
                    new_rows.append(row)
                    log(f"  {study} {schedule} np={p} repeat {rep}: wall {float(row['wall_seconds']):.3f}s "
                        f"(elapsed {row['elapsed_seconds']:.2f}s, imbalance {float(row['imbalance']):.3f}"
                        f"{', oversubscribed' if row['oversubscribed'] else ''})")
                    with open(outdir / "runs.jsonl", "a") as f:
                        f.write(json.dumps(row) + "\n")
    except (Stop, KeyboardInterrupt) as e:
        log(f"interrupted ({e or 'SIGINT'}); writing the {len(new_rows)} finished run(s)")
        status = 130
    except HarnessError as e:
        log(f"error: {e}")
        log(f"writing the {len(new_rows)} finished run(s)")
        status = 1
    rows += add_speedup(new_rows)
    if rows:
        add_speedup(rows)
        write_csv(csv_path, rows)
        (outdir / "summary.md").write_text(markdown_summary(rows) + "\n")
        log(f"wrote {csv_path} ({len(rows)} rows) and {outdir / 'summary.md'}")
    if status == 0:
        print((outdir / "summary.md").read_text())
    return status


def copies_table(rows):
    """The Markdown table of cmd_copies: per number of copies at once, the
    median wall time per copy against one copy alone."""
    base = statistics.median(r["wall_seconds"] for r in rows if r["copies"] == 1)
    lines = ["| copies at once | runs | wall per copy, median (s) | vs one copy | throughput vs one copy |",
             "|---:|---:|---:|---:|---:|"]
    for k in sorted({r["copies"] for r in rows}):
        ws = [r["wall_seconds"] for r in rows if r["copies"] == k]
        m = statistics.median(ws)
        lines.append(f"| {k} | {len(ws)} | {m:.3f} | {m / base:.2f}x | {k * base / m:.2f}x |")
    return "\n".join(lines)


def cmd_copies(args):
    """The hardware's ceiling for P ranks: P independent serial gcd_mpi runs
    (no MPI at all) started together on the strong workload. If k copies
    take longer each than one alone, the cores share something (a hyper-
    threaded host core under a VM's vCPUs, memory bandwidth, clock boost),
    and no parallel program can beat that ratio here."""
    gcd = Path(args.gcd_mpi)
    outdir = Path(args.outdir).resolve()
    (outdir / "reports").mkdir(parents=True, exist_ok=True)
    input_path = Path(args.input).resolve() if args.input else generate(args, args.pairs, outdir)
    rows = []
    for rep in range(1, args.repeats + 1):
        for k in [int(x) for x in args.copies.split(",")]:
            procs = []
            busy = cpu_busy_fraction(0.2)
            for c in range(k):
                report = outdir / "reports" / f"copies{k}-r{rep}-c{c}.json"
                cmd = priority_wrapper(args.priority) + [str(gcd), "--kernel", args.kernel, "--quiet",
                                                          "--output", os.devnull, "--report", str(report),
                                                          str(input_path)]
                env = {k2: v for k2, v in os.environ.items()
                       if not k2.startswith(("OMPI_COMM_WORLD", "PMIX_", "PMI_"))}
                procs.append((c, report, subprocess.Popen(cmd, env=env)))
            for c, report, proc in procs:
                if proc.wait() != 0:
                    raise HarnessError(f"serial copy failed: exit {proc.returncode}")
                rep_json = json.loads(report.read_text())
                rows.append({"copies": k, "repeat": rep, "copy": c, "wall_seconds": rep_json["wall_seconds"],
                             "compute_seconds": rep_json["per_rank"][0]["compute_seconds"],
                             "candidates": rep_json["candidates"], "busy_before": round(busy, 3)})
            walls = [r["wall_seconds"] for r in rows if r["copies"] == k and r["repeat"] == rep]
            log(f"  {k} copies, repeat {rep}: wall {', '.join(f'{w:.3f}' for w in walls)} s")
    with open(outdir / "copies.csv", "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=COPIES_COLUMNS)
        w.writeheader()
        w.writerows(rows)
    print(copies_table(rows))
    return 0


def cmd_summarize(args):
    rows = read_csv(args.csv)
    if not rows:
        raise HarnessError("no rows in " + ", ".join(args.csv))
    missing = [c for c in COLUMNS if c not in rows[0]]
    if missing:
        raise HarnessError(f"CSV lacks columns: {', '.join(missing)}")
    add_speedup(rows)
    if args.merged:
        write_csv(Path(args.merged), rows)
    text = markdown_summary(rows) + "\n"
    if args.output:
        Path(args.output).write_text(text)
    else:
        sys.stdout.write(text)
    return 0
