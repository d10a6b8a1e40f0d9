"""Issue 15: --trace FILE, a per-rank timeline in the Chrome trace-event JSON
format. For both data paths and the static and dynamic schedules: the file
is JSON (Python's json), every rank is a pid, every phase a rank goes
through appears for it, each rank's main-thread spans tile its wall time
(no overlaps, and gaps only where the loop does a few vector operations),
no span ends after the job's end, rank 0's spans add up to the --report's
phase seconds (one timer feeds both), and scripts/plot-trace draws a PNG. A
failed run leaves a trace marked incomplete, never a complete-looking one.
"""
import json
import random
import subprocess
import sys

import e2e
from e2e import check

PLOT = e2e.ROOT / "scripts" / "plot-trace"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAIN, READER, WRITER, FIRST_COMPUTE = 0, 1, 2, 3

# Per rank, the main thread's spans must cover its wall time but for
# GAP_MS + GAP_SHARE of it. What the spans leave out is the loop's own
# bookkeeping between phases (a few vector operations per batch: tens of
# microseconds for these runs' few dozen batches); the allowance is for a
# preemption landing there on this 2-core machine, where 4 ranks and other
# builds share the cores (Linux time slices are a few ms).
GAP_MS = 3.0
GAP_SHARE = 0.05
ROUNDING_US = 0.01  # ts and dur carry nanoseconds as decimals of a microsecond


def load(path, name):
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError) as e:
        check(False, f"{name}: the trace is not valid JSON: {e}")
        return None


def spans_of(doc):
    return [e for e in doc["traceEvents"] if e.get("ph") == "X"]


def check_trace(r, name, doc, report, io, schedule, threads):
    """The trace of a successful run against what the run must have done."""
    ranks = max(r.np, 1)
    other = doc.get("otherData", {})
    check(other.get("complete") is True and other.get("exit_code") == 0, f"{name}: otherData says complete")
    check(other.get("ranks") == ranks and other.get("commit") == report["build"]["commit"],
          f"{name}: otherData names the ranks and the commit: {other.get('ranks')} {other.get('commit')}")
    check("--trace" in other.get("command_line", ""), f"{name}: otherData holds the command line")
    events = doc["traceEvents"]
    spans = spans_of(doc)
    check(all(e["ph"] in ("X", "M") for e in events), f"{name}: only complete and metadata events")
    pids = {e["pid"] for e in spans}
    check(pids == set(range(ranks)), f"{name}: every rank is a pid: {sorted(pids)}")
    process_names = {e["pid"]: e["args"]["name"] for e in events
                     if e["ph"] == "M" and e["name"] == "process_name"}
    check(process_names == {p: f"rank {p}" for p in range(ranks)}, f"{name}: processes named: {process_names}")
    thread_names = {(e["pid"], e["tid"]): e["args"]["name"] for e in events
                    if e["ph"] == "M" and e["name"] == "thread_name"}
    check(all((e["pid"], e["tid"]) in thread_names for e in spans), f"{name}: every track is named")
    check(all(thread_names.get((p, MAIN)) == "main" for p in range(ranks)), f"{name}: track 0 is main")

    # Every phase each rank goes through appears for it.
    root_path = io == "root" or r.np == 0
    distributed = ranks > 1 and root_path
    for rank in range(ranks):
        mine = [e for e in spans if e["pid"] == rank]
        main = {e["name"] for e in mine if e["tid"] == MAIN}
        want = {"start", "compute", "vote", "finish"}
        want |= {"wait"} if root_path else {"read", "write"}
        if distributed and schedule != "dynamic":
            want |= {"scatter", "gather_wait", "gather"}
        if root_path and rank == 0:
            want |= {"read_wait", "write_wait"}
        check(want <= main, f"{name}: rank {rank} main thread lacks {sorted(want - main)} (has {sorted(main)})")
        if root_path and rank == 0:
            check(any(e["tid"] == READER and e["name"] == "read" for e in mine), f"{name}: rank 0 reader reads")
            check(any(e["tid"] == WRITER and e["name"] == "write" for e in mine), f"{name}: rank 0 writer writes")
            check(thread_names.get((0, READER)) == "reader" and thread_names.get((0, WRITER)) == "writer",
                  f"{name}: reader and writer tracks named")
        if report["per_rank"][rank]["pairs"] > 0:
            computed = {e["tid"] for e in mine if e["tid"] >= FIRST_COMPUTE and e["name"] == "compute"}
            check(FIRST_COMPUTE in computed, f"{name}: rank {rank} computed pairs: a compute track shows it")
            check(computed <= set(range(FIRST_COMPUTE, FIRST_COMPUTE + threads)),
                  f"{name}: rank {rank}: at most {threads} compute tracks: {sorted(computed)}")
            check(thread_names.get((rank, FIRST_COMPUTE)) == "compute 1", f"{name}: compute 1 named")
        batches = {e["args"].get("batch") for e in mine if e["tid"] == MAIN and e["name"] == "compute"}
        check(batches == set(range(report["batches"])),
              f"{name}: rank {rank}: one compute span per batch {report['batches']}: {sorted(batches)}")

    # The main thread's spans tile each rank's wall time; nothing ends after the job.
    walls = other.get("rank_wall_seconds", [])
    check(len(walls) == ranks, f"{name}: a wall time per rank: {walls}")
    job_end_us = other.get("wall_seconds", 0) * 1e6
    check(abs(job_end_us - max(walls or [0]) * 1e6) < 1, f"{name}: the job ends with its last rank")
    late = [e for e in spans if e["ts"] + e["dur"] > job_end_us + ROUNDING_US or e["ts"] < 0]
    check(not late, f"{name}: spans outside [0, job end {job_end_us:.1f} us]: {late[:3]}")
    for rank, wall in enumerate(walls):
        main = sorted((e for e in spans if e["pid"] == rank and e["tid"] == MAIN), key=lambda e: e["ts"])
        overlaps = [(a["name"], b["name"]) for a, b in zip(main, main[1:])
                    if b["ts"] < a["ts"] + a["dur"] - ROUNDING_US]
        check(not overlaps, f"{name}: rank {rank}: main-thread spans overlap: {overlaps[:3]}")
        covered_ms = sum(e["dur"] for e in main) / 1000
        wall_ms = wall * 1000
        gap_ms = wall_ms - covered_ms
        check(-0.001 <= gap_ms <= GAP_MS + GAP_SHARE * wall_ms,
              f"{name}: rank {rank}: main spans {covered_ms:.3f} ms of wall {wall_ms:.3f} ms (gap {gap_ms:.3f})",
              f"{name}: rank {rank}: main spans cover {covered_ms:.3f} of {wall_ms:.3f} ms")
        check(main and abs(main[-1]["ts"] + main[-1]["dur"] - wall * 1e6) < 1,
              f"{name}: rank {rank}: the last main span ends at the rank's wall time")

    # One timer feeds the report and the trace: rank 0's spans sum to its phase seconds.
    tracks = {"read": READER, "write": WRITER} if root_path else {}
    for phase, seconds in report["phases"].items():
        track = tracks.get(phase, MAIN)
        if not root_path and phase in ("read", "write"):
            continue  # the parallel path's reads and writes are not in the report's phases
        total = sum(e["dur"] for e in spans if e["pid"] == 0 and e["tid"] == track and e["name"] == phase) / 1e6
        check(abs(total - seconds) <= 1e-6 + 1e-6 * seconds,
              f"{name}: rank 0 {phase}: trace {total:.6f} s, report {seconds:.6f} s")


def check_plot(r, tmp, name, trace):
    png = tmp / f"{name}.png"
    proc = subprocess.run([sys.executable, str(PLOT), str(trace), str(png)], capture_output=True, text=True,
                          timeout=120)
    check(proc.returncode == 0, f"{name}: plot-trace exit {proc.returncode}: {proc.stderr}")
    data = png.read_bytes() if png.exists() else b""
    check(data.startswith(PNG_SIGNATURE) and len(data) > len(PNG_SIGNATURE),
          f"{name}: plot-trace wrote a PNG ({len(data)} bytes)", f"{name}: a {len(data)}-byte PNG")


def case_trace(r, tmp):
    rng = random.Random(15)
    exact = [(rng.randrange(0, 2**64), rng.randrange(0, 2**64)) for _ in range(3000)]
    exact_path = tmp / "exact.txt"
    e2e.write_pairs(exact_path, exact)
    trial = [(rng.randrange(1, 20000), rng.randrange(1, 20000)) for _ in range(600)]
    trial_path = tmp / "trial.txt"
    e2e.write_pairs(trial_path, trial)
    runs = []
    for io in ["root", "parallel"]:
        for schedule in ["balanced", "dynamic"]:
            runs.append((io, schedule, "euclid", 1, exact_path, exact, "500"))
    runs.append(("root", "dynamic", "trial", 2, trial_path, trial, "100"))
    runs.append(("root", "block", "binary", 2, exact_path, exact, "700"))
    plotted = False
    for io, schedule, kernel, threads, path, pairs, batch in runs:
        if schedule == "dynamic" and r.np == 0:
            schedule = "balanced"  # the serial mode has one rank: nothing to hand out
        name = f"{io}-{schedule}-{kernel}-t{threads}"
        trace, report_path, out = tmp / f"{name}.json", tmp / f"{name}.report.json", tmp / f"{name}.out"
        p = r.run(["--trace", str(trace), "--report", str(report_path), "-o", str(out), "--io", io,
                   "-s", schedule, "-k", kernel, "-t", str(threads), "--batch-size", batch, "-q", str(path)])
        if not check(p.returncode == 0, f"{name}: exit {p.returncode}: {p.err}"):
            continue
        check(out.read_text() == e2e.expected_text(pairs), f"{name}: results differ from math.gcd")
        doc = load(trace, name)
        if doc is None:
            continue
        report = json.loads(report_path.read_text())
        check_trace(r, name, doc, report, io, schedule, threads)
        if not plotted:
            check_plot(r, tmp, name, trace)
            plotted = True
    leftovers = [p.name for p in tmp.iterdir() if ".partial" in p.name or p.name.startswith(".")]
    check(not leftovers, f"temporaries left behind: {leftovers}")


def case_trace_failure(r, tmp):
    """A bad line: exit 65, no output, and the trace that is left says it is
    incomplete (otherData and an instant event across the timeline); a
    --trace naming the input is refused before anything is written."""
    bad = tmp / "bad.txt"
    bad.write_text("".join(f"{i} {i + 1}\n" for i in range(1, 200)) + "12 x\n" + "4 6\n" * 50)
    for io in ["root", "parallel"]:
        trace, out = tmp / f"bad-{io}.json", tmp / f"bad-{io}.out"
        p = r.run(["--trace", str(trace), "-o", str(out), "--io", io, "--batch-size", "64", str(bad)])
        check(p.returncode == e2e.EXIT_DATA and "bad.txt:200" in p.err,
              f"bad line ({io}): exit {p.returncode}, {p.err[-300:]}")
        check(not out.exists(), f"bad line ({io}): no output file")
        if not check(trace.exists(), f"bad line ({io}): the failed run's trace is kept for diagnosis"):
            continue
        doc = load(trace, f"bad-{io}")
        if doc is None:
            continue
        other = doc.get("otherData", {})
        check(other.get("complete") is False and other.get("exit_code") == e2e.EXIT_DATA,
              f"bad line ({io}): otherData says incomplete, exit 65: {other.get('complete')} {other.get('exit_code')}")
        marks = [e for e in doc["traceEvents"] if e.get("ph") == "i" and "incomplete" in e.get("name", "")]
        check(len(marks) == 1, f"bad line ({io}): one 'incomplete run' event on the timeline")
        check({e["pid"] for e in spans_of(doc)} == set(range(max(r.np, 1))), f"bad line ({io}): every rank shows")
        check("complete" in p.err and str(trace.name) in p.err, f"bad line ({io}): stderr says where the trace is")
    # Refused by identity before anything is opened: the input stays as it was.
    before = bad.read_bytes()
    p = r.run(["--trace", str(bad), str(bad)])
    check(p.returncode == e2e.EXIT_USAGE and "--trace" in p.err, f"--trace = INPUT: exit {p.returncode}, {p.err}")
    check(bad.read_bytes() == before, "--trace = INPUT: the input is untouched")
    report = tmp / "r.json"
    p = r.run(["--trace", str(report), "--report", str(report), str(e2e.SAMPLE)])
    check(p.returncode == e2e.EXIT_USAGE and not report.exists(), f"--trace = --report: exit {p.returncode}")
    p = r.run(["--trace", "", str(e2e.SAMPLE)])
    check(p.returncode == e2e.EXIT_USAGE and "--trace must not be empty" in p.err, f"--trace '': {p.err}")


def case_trace_stop(r, tmp):
    """A stop (SIGTERM to every rank, exit 75) writes the trace of the
    batches run so far, marked incomplete with exit 75, every rank in it."""
    import os
    ckpt, out, trace = tmp / "run.ckpt", tmp / "out.txt", tmp / "stopped.json"
    proc, _, _ = e2e.start_heavy_run(r, tmp, ["--output", str(out), "--trace", str(trace)], ckpt)
    pids = e2e.rank_pids(proc.pid, r.np)
    check(len(pids) == max(r.np, 1), f"found every rank's pid: {pids}")
    for pid in pids.values():
        os.kill(pid, 15)
    code, _, err, _ = e2e.finish(proc, e2e.ERROR_DEADLINE * 3)
    check(code == 75, f"SIGTERM: exit {code}: {err[-400:]}")
    if not check(trace.exists(), "a stopped run writes its trace"):
        return
    doc = load(trace, "stopped")
    if doc is None:
        return
    other = doc["otherData"]
    check(other["complete"] is False and other["exit_code"] == 75, f"marked incomplete: {other}")
    spans = spans_of(doc)
    check({e["pid"] for e in spans} == set(range(max(r.np, 1))), "every rank is in the stopped run's trace")
    computed = {e["args"].get("batch") for e in spans if e["tid"] == MAIN and e["name"] == "compute"}
    check(0 in computed, f"the batches before the stop are there: {sorted(computed)[:5]}")
