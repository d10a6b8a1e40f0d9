"""Issue 10, section 5: every number the program prints is true.

Job-wide --progress (other ranks' work reaches rank 0 while it runs), its
percentages never above 100% (also after a resume) and its line rate bounded
by --progress-interval; phases.gather_wait (waiting for the slowest rank)
apart from phases.gather (the transfer); a report on exit 75 marked
incomplete; after a resume, totals that say what they cover. Expected
candidate counts come from Python's math.gcd: min(a, b) - gcd + 1 per pair.
"""
import json
import math
import os
import random
import re
import subprocess
import sys
import time

import e2e
from e2e import check

LINE = re.compile(r"^gcd_mpi: (\d+)/(~?)(\d+)(\+?) pairs.*?, ([0-9.e+]+)/([0-9.e+]+) candidate tests"
                  r"( read so far)? \((\d+)%\)")


def candidates(pairs):
    return sum(min(a, b) - math.gcd(a, b) + 1 if min(a, b) > 0 else 0 for a, b in pairs)


def progress_lines(err):
    """(pairs done, pairs total, candidates done, candidate total, percent) per line."""
    out = []
    for line in err.splitlines():
        m = LINE.match(line)
        if m:
            out.append((int(m[1]), int(m[3]), float(m[5]), float(m[6]), int(m[8]), line))
    return out


def unbalanced_pairs(np):
    """40 pairs in `block` order: rank 0's block (the first 40/np) is cheap,
    the rest costs seconds with trial-naive, so rank 0 finishes at once and
    everything else it shows comes from the other ranks."""
    rng = random.Random(1010)
    ranks = max(np, 1)
    cheap = 40 // ranks if ranks > 1 else 0
    # ~6e8 candidate tests per core (2 here): a few seconds of trial-naive.
    heavy_each = int(6e8 * min(max(ranks - 1, 1), 2) / (40 - cheap))
    pairs = []
    for i in range(40):
        if i < cheap:
            a = rng.randrange(1000, 2000)
            pairs.append((a, a + 1))
        else:
            a = rng.randrange(heavy_each, heavy_each + heavy_each // 10)
            pairs.append((a + rng.randrange(1, 1000), a))
    return pairs, cheap


def case_progress_job_wide(r, tmp):
    """--progress under mpirun shows every rank's work as it happens: with
    rank 0's block cheap and done at once, lines mid-run show the other
    ranks' pairs and candidate tests moving; the final line equals the
    report's totals; never above 100%; at most one line per interval; and
    phases.gather_wait (waiting for the slow ranks) is most of the run while
    phases.gather (the transfer) stays small."""
    pairs, cheap = unbalanced_pairs(r.np)
    work = tmp / "unbalanced.txt"
    e2e.write_pairs(work, pairs)
    rep = tmp / "rep.json"
    interval = 0.3
    p = r.run(["--kernel", "trial-naive", "--schedule", "block", "--progress", "--progress-interval", str(interval),
               "--report", str(rep), str(work)])
    check(p.returncode == 0 and p.out == e2e.expected_text(pairs), f"progress run: {p.returncode} {p.err[-300:]}")
    doc = json.loads(rep.read_text())
    lines = progress_lines(p.err)
    if not check(len(lines) >= 3, f"several progress lines in a multi-second run: {p.err[-600:]}"):
        return
    want = candidates(pairs)
    check(doc["candidates"] == want, f"report candidates {doc['candidates']} == {want}")
    final = lines[-1]
    check(final[0] == 40 and final[1] == 40, f"final line: all pairs done: {final[5]}")
    check(abs(final[2] - want) <= 0.006 * want, f"final line's candidates {final[2]:.4g} ~ report's {want}")
    check(final[4] == 100, f"final line at 100%: {final[5]}")
    check(all(l[4] <= 100 and l[0] <= l[1] for l in lines), "never above 100%, never more pairs than the total")
    check(all(b[2] >= a[2] and b[0] >= a[0] for a, b in zip(lines, lines[1:])), "counts never go back")
    # One line per interval (+ the final one), whatever the run's length.
    check(len(lines) <= doc["wall_seconds"] / interval + 2,
          f"{len(lines)} lines in {doc['wall_seconds']:.1f} s at one per {interval} s")
    if r.np >= 2:
        rank0 = doc["per_rank"][0]
        check(rank0["pairs"] == cheap, f"rank 0 computed its cheap block only: {rank0['pairs']}")
        mid = [l for l in lines[:-1] if cheap < l[0] < 40 and 5 <= l[4] < 100]
        check(len(mid) >= 1, "lines before the end show other ranks' pairs and candidates (job-wide, not rank 0's): "
              + " | ".join(l[5] for l in lines))
        check(any(l[2] > 10 * max(rank0["candidates"], 1) for l in lines[:-1]),
              "mid-run candidate counts far above rank 0's own")
        ph = doc["phases"]
        check(ph["gather_wait"] > 0.5 * doc["wall_seconds"] * 0.5 and ph["gather_wait"] > 10 * ph["gather"],
              f"rank 0 waited (gather_wait {ph['gather_wait']:.3f} s) far longer than it transferred "
              f"(gather {ph['gather']:.4f} s) in {doc['wall_seconds']:.2f} s")
        check(ph["gather"] < 1.0, f"the transfer of 40 results is quick: gather {ph['gather']:.4f} s")
    if e2e.failures:
        print("stderr of the run:\n" + p.err[-3000:] + "\nphases: " + json.dumps(doc["phases"]), file=sys.stderr)


def case_progress_dynamic(r, tmp):
    """The dynamic schedule's progress is job-wide too, and every progress
    message is received before the end (a clean exit 0 at MPI_Finalize)."""
    pairs, _ = unbalanced_pairs(r.np)
    work = tmp / "unbalanced.txt"
    e2e.write_pairs(work, pairs)
    rep = tmp / "rep.json"
    p = r.run(["--kernel", "trial-naive", "--schedule", "dynamic", "--progress-interval", "0.4",
               "--report", str(rep), str(work)])
    check(p.returncode == 0 and p.out == e2e.expected_text(pairs), f"dynamic progress run: {p.returncode} {p.err[-300:]}")
    lines = progress_lines(p.err)
    want = candidates(pairs)
    check(len(lines) >= 2 and abs(lines[-1][2] - want) <= 0.006 * want and lines[-1][4] == 100,
          f"--progress-interval implies --progress; the final line has every rank's candidates: {p.err[-400:]}")
    check(all(l[4] <= 100 for l in lines), "never above 100%")


def start_run(r, args):
    return subprocess.Popen(r.command(args), stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def case_stop_report(r, tmp):
    """Exit 75 (a time limit) leaves a report marked incomplete whose numbers
    are those of the batches finished; the resumed run's report separates
    this run's work from the resumed work, both exact, and its progress
    never goes past 100%."""
    ckpt, out, rep = tmp / "run.ckpt", tmp / "out.txt", tmp / "stopped.json"
    proc, work, want_text = e2e.start_heavy_run(r, tmp, ["--output", str(out), "--report", str(rep)], ckpt)
    pairs = e2e.read_input(work)
    pids = e2e.rank_pids(proc.pid, r.np)
    check(len(pids) == max(r.np, 1), f"found every rank's pid: {pids}")
    for pid in pids.values():
        os.kill(pid, 15)
    code, _, err, _ = e2e.finish(proc, e2e.ERROR_DEADLINE * 3)
    check(code == 75, f"SIGTERM: exit {code}: {err[-400:]}")
    if not check(rep.exists(), "a stopped run writes its report"):
        return
    doc = json.loads(rep.read_text())
    check(doc["complete"] is False and doc["exit_code"] == 75, f"marked incomplete: {doc['complete']} {doc['exit_code']}")
    done = doc["pairs"]
    check(0 < done < 160 and done % 8 == 0, f"finished batches' pairs: {done}")
    check(sum(e["pairs"] for e in doc["per_rank"]) == done, "per-rank pairs add up to pairs")
    check(doc["candidates"] == candidates(pairs[:done]) == sum(e["candidates"] for e in doc["per_rank"]),
          f"candidates of the finished batches: {doc['candidates']} vs {candidates(pairs[:done])}")
    check(len(doc["per_rank"]) == max(r.np, 1), "every rank's statistics are in")

    rep2 = tmp / "resumed.json"
    p = r.run(["--kernel", "trial-naive", "--batch-size", "8", "--checkpoint", str(ckpt), "--output", str(out),
               "--report", str(rep2), "--progress-interval", "0.3", str(work)])
    check(p.returncode == 0 and out.read_text() == want_text, f"resume: {p.returncode} {p.err[-300:]}")
    doc = json.loads(rep2.read_text())
    resumed = doc["resumed_pairs"]
    check(resumed == done, f"resumed exactly what the stopped run finished: {resumed} vs {done}")
    check(doc["complete"] is True and doc["exit_code"] == 0, "the resumed run is complete")
    check(doc["pairs"] == 160 - resumed, f"pairs = computed in this run: {doc['pairs']}")
    check(doc["candidates"] == candidates(pairs[resumed:]) == sum(e["candidates"] for e in doc["per_rank"]),
          f"candidates = computed in this run: {doc['candidates']} vs {candidates(pairs[resumed:])}")
    check(doc["resumed_candidates"] == candidates(pairs[:resumed]),
          f"resumed_candidates from the checkpoint: {doc['resumed_candidates']}")
    check(doc["total_pairs"] == 160 and doc["total_candidates"] == candidates(pairs), "totals cover the output")
    check(abs(doc["candidates_per_second"] - doc["candidates"] / doc["wall_seconds"]) <= 1e-6 * doc["candidates_per_second"] + 1,
          "the rate is this run's candidates over this run's time")
    lines = progress_lines(p.err)
    check(len(lines) >= 1, f"progress lines after a resume: {p.err[-300:]}")
    check(all(l[4] <= 100 and l[0] <= l[1] <= 160 for l in lines),
          "after a resume the progress never goes past 100%: " + " | ".join(l[5] for l in lines))
    check(lines and lines[-1][0] == 160 and lines[-1][1] == 160 and "resumed" in lines[-1][5],
          f"final line counts resumed pairs as done and in the total: {lines[-1][5] if lines else ''}")
    summary = [l for l in p.err.splitlines() if l.startswith("Took ")]
    check(len(summary) == 1 and "(160 pairs," in summary[0], f"summary counts every result: {summary}")


def read_stderr_until(proc, done, timeout=30):
    """Reads proc's stderr until done(text) or the process ends; returns the text."""
    os.set_blocking(proc.stderr.fileno(), False)
    text = ""
    deadline = time.monotonic() + timeout
    while not done(text) and proc.poll() is None and time.monotonic() < deadline:
        text += (proc.stderr.read() or b"").decode("utf-8", "replace")
        time.sleep(0.02)
    return text


def stop_all(r, proc):
    for pid in e2e.rank_pids(proc.pid, r.np).values():
        os.kill(pid, 15)
    code, _, rest, _ = e2e.finish(proc, e2e.ERROR_DEADLINE * 3)
    return code, rest


def case_cost_note(r, tmp):
    """The up-front cost note: singular/plural, years, the kernel's own rate,
    --kernel euclid suggested, and silent under --quiet."""
    big = tmp / "big.txt"
    big.write_text("9000000000000000001 9000000000000000000\n")  # 9e18 candidate tests: years, under 2^63
    proc = start_run(r, ["--kernel", "trial", str(big)])
    text = read_stderr_until(proc, lambda t: "\n" in t[t.find("note:"):] if "note:" in t else False)
    code, rest = stop_all(r, proc)
    text += rest
    note = next((l for l in text.splitlines() if "note: kernel trial" in l), "")
    workers = max(r.np, 1)
    check(note != "", f"a note for 9e18 candidate tests: {text[-400:]}")
    check(" years" in note and " days" not in note, f"years, not days: {note}")
    check("the 1 pair;" in note, f"singular pair: {note}")
    check((f"on {workers} worker " if workers == 1 else f"on {workers} workers ") in note, f"workers: {note}")
    check("2e+10 per second" in note, f"the measured rate: {note}")
    check("--kernel euclid" in note, f"suggests --kernel euclid: {note}")
    check(code == 75, f"stopped: {code}")
    # --quiet: wait until candidate tests are being counted (the note, if
    # any, comes before the first batch is computed), then stop.
    proc = start_run(r, ["--kernel", "trial", "--quiet", "--progress-interval", "0.2", str(big)])

    def computing(t):
        return any(l[2] > 0 for l in progress_lines(t.replace("\r", "\n")))
    text = read_stderr_until(proc, computing)
    code, rest = stop_all(r, proc)
    text += rest
    check(computing(text), f"--quiet run got to computing: {text[-300:]}")
    check("note:" not in text, f"--quiet: no note: {text[-300:]}")
