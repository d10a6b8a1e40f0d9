#!/usr/bin/env python3
"""End-to-end tests of the real gcd_mpi binary on real files.

Each case runs the binary (under mpiexec at a given -np, or with no launcher
when --np 0) and checks exit code, stdout and stderr. Expected results come
from Python's math.gcd on values this script wrote itself, never from
gcd_mpi. Every run has a timeout, so a hang fails the test instead of CI.

Usage: e2e.py --binary PATH --mpiexec PATH --np N CASE
"""
import argparse
import json
import math
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

# The helpers (running the binary, checks, inputs, expected results) live in
# tests/lib/gcd_test_helpers.py, shared with tests/slurm/run-slurm-tests. They
# are imported here by name, so the cases below and in cases_*.py (which
# `import e2e`) keep calling them as before: e2e.check, e2e.SAMPLE, ...
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "lib"))
import gcd_test_helpers as helpers  # noqa: E402
from gcd_test_helpers import (  # noqa: E402,F401
    ROOT, SAMPLE, RUN_TIMEOUT, ERROR_DEADLINE,
    EXIT_USAGE, EXIT_DATA, EXIT_NOINPUT, EXIT_SOFTWARE, EXIT_CANTCREAT,
    failures, check, Runner, expected_text, sample_pairs, write_pairs, random_pairs,
    generated, read_input, rank_pids, checkpoint_records, start_heavy_run, finish,
)


# ---------------------------------------------------------------- cases

def case_sample(r, tmp):
    """The ten pairs: same answers at every -np as Python's math.gcd, and
    byte-identical to the run without a launcher."""
    want = expected_text(sample_pairs())
    for kernel in ["trial", "trial-naive", "euclid", "binary"]:
        p = r.run(["--kernel", kernel, str(SAMPLE)])
        check(p.returncode == 0, f"sample {kernel}: exit {p.returncode}: {p.err}")
        check(p.out == want, f"sample {kernel}: stdout differs:\n{p.out}")
        lines = [l for l in p.err.splitlines() if l.startswith("Took ")]
        check(len(lines) == 1, f"sample {kernel}: one summary line on stderr, got {p.err!r}")
        np_shown = max(r.np, 1)
        check(lines and f"{np_shown} rank" in lines[0] and f"kernel {kernel}" in lines[0],
              f"sample {kernel}: summary names ranks and kernel: {lines}")
    serial = r.run([str(SAMPLE)], np=0)
    check(serial.returncode == 0 and serial.out == want, "no-launcher run gives the same bytes")


def case_threads(r, tmp):
    """Hybrid runs (ranks x threads) give the serial run's bytes: 1 rank x 2
    threads and 2 ranks x 1 thread print the same, for every kernel."""
    rng = random.Random(9)
    pairs = random_pairs(rng, 400, 22) + sample_pairs()
    path = tmp / "t.txt"
    write_pairs(path, pairs)
    # trial-naive's search costs ~2 ns a candidate: on the 22-bit pairs and the
    # sample it took most of this case's time (~45 s a -np on a loaded 2-core
    # machine) for no more coverage than as many pairs of 14 bits, whose
    # costs vary just as much from pair to pair.
    naive_pairs = random_pairs(rng, 400, 14)
    naive_path = tmp / "t-naive.txt"
    write_pairs(naive_path, naive_pairs)
    for kernel in ["trial", "trial-naive", "euclid", "binary"]:
        kernel_path, want = (naive_path, expected_text(naive_pairs)) if kernel == "trial-naive" \
            else (path, expected_text(pairs))
        for threads in ["1", "2", "3"]:
            for schedule in ["block", "dynamic"]:
                p = r.run(["--kernel", kernel, "--threads", threads, "--schedule", schedule, str(kernel_path)])
                check(p.returncode == 0 and p.out == want,
                      f"{kernel} x {threads} threads, {schedule}: exit {p.returncode}: {p.err[-300:]}")


def case_random(r, tmp):
    """Thousands of random pairs in every accepted form, full 64-bit range,
    signs and zeros, fast kernels; trial kernels on small values."""
    rng = random.Random(20261127)
    big = random_pairs(rng, 3000, 64, signed=True)
    path = tmp / "big.txt"
    write_pairs(path, big, "mixed")
    for kernel in ["euclid", "binary"]:
        p = r.run(["--kernel", kernel, "--verify", str(path)])
        check(p.returncode == 0, f"random {kernel}: exit {p.returncode}: {p.err[-500:]}")
        check(p.out == expected_text(big), f"random {kernel}: stdout differs")
    small = random_pairs(rng, 500, 20, signed=True)
    small += [(0, 0), (0, 7), (-9, 0), (1, 1), (12, 12), (7, 49), (-18446744073709551615, 18446744073709551615)]
    path = tmp / "small.txt"
    write_pairs(path, small, "mixed", newline="\r\n")
    for kernel in ["trial", "trial-naive"]:
        p = r.run(["--kernel", kernel, "--verify", str(path)])
        check(p.returncode == 0, f"small {kernel}: exit {p.returncode}: {p.err[-500:]}")
        check(p.out == expected_text(small), f"small {kernel}: stdout differs")


def case_sizes(r, tmp):
    """Zero pairs, one pair, fewer pairs than ranks, and many small batches."""
    empty = tmp / "empty.txt"
    empty.write_text("")
    p = r.run([str(empty)])
    check(p.returncode == 0 and p.out == "", f"empty file: exit {p.returncode}, out {p.out!r}, {p.err}")
    comments = tmp / "comments.txt"
    comments.write_text("# nothing\n\n   \n# here\n")
    p = r.run([str(comments)])
    check(p.returncode == 0 and p.out == "", f"comments only: exit {p.returncode}, {p.err}")
    for n in [1, 2, 3, 5]:
        pairs = [(12 * (i + 1), 18 * (i + 2)) for i in range(n)]
        path = tmp / f"n{n}.txt"
        write_pairs(path, pairs)
        p = r.run([str(path)])
        check(p.returncode == 0 and p.out == expected_text(pairs), f"{n} pairs: {p.returncode} {p.out!r} {p.err}")
    rng = random.Random(5)
    for count, batches in [(40, ["1", "3"]), (1000, ["97", "1000", "5000"])]:
        pairs = random_pairs(rng, count, 40)
        path = tmp / "batches.txt"
        write_pairs(path, pairs)
        for batch in batches:
            for schedule in ["block", "dynamic"]:
                p = r.run(["--kernel", "euclid", "--schedule", schedule, "--batch-size", batch, str(path)])
                check(p.returncode == 0 and p.out == expected_text(pairs),
                      f"{count} pairs, batch-size {batch}, {schedule}: {p.returncode} {p.err}")


def case_stdin(r, tmp):
    """'-' reads stdin."""
    pairs = sample_pairs()
    data = expected_text(pairs)  # "a b gcd" lines are not valid input; build input instead
    text = "".join(f"({a}, {b}),\n" for a, b in pairs)
    p = r.run(["--kernel", "euclid", "-"], stdin=text.encode())
    check(p.returncode == 0 and p.out == data, f"stdin: {p.returncode} {p.out!r} {p.err}")


def case_formats(r, tmp):
    """csv and jsonl carry the same results; --output writes the file."""
    pairs = [(-12, 18), (0, 0), (18446744073709551615, 5), (7, -21)]
    path = tmp / "f.txt"
    write_pairs(path, pairs)
    p = r.run(["--kernel", "binary", "--format", "csv", str(path)])
    want_csv = "a,b,gcd\n" + "".join(f"{a},{b},{math.gcd(a, b)}\n" for a, b in pairs)
    check(p.returncode == 0 and p.out == want_csv, f"csv: {p.out!r} {p.err}")
    p = r.run(["--kernel", "binary", "--format", "jsonl", str(path)])
    rows = [json.loads(l) for l in p.out.splitlines()]
    check(rows == [{"a": a, "b": b, "gcd": math.gcd(a, b)} for a, b in pairs], f"jsonl: {p.out!r}")
    out = tmp / "out.txt"
    p = r.run(["--kernel", "euclid", "--output", str(out), str(path)])
    check(p.returncode == 0 and p.out == "", f"--output: stdout stays empty: {p.out!r}")
    check(out.exists() and out.read_text() == expected_text(pairs), "--output file has the results")
    check(not list(tmp.glob("*.partial*")), "no temporary output left behind")


def case_report(r, tmp):
    """--report JSON: fields later tools read, consistent with the input."""
    rep = tmp / "report.json"
    p = r.run(["--report", str(rep), "--quiet", "--schedule", "block", str(SAMPLE)])
    check(p.returncode == 0 and "Took" not in p.err, f"--quiet: {p.err!r}")
    doc = json.loads(rep.read_text())
    np = max(r.np, 1)
    check(doc["ranks"] == np and doc["kernel"] == "trial" and doc["pairs"] == 10, f"report header: {doc}")
    for phase in ["read", "scatter", "compute", "gather", "write"]:
        check(isinstance(doc["phases"].get(phase), (int, float)), f"report phase {phase}")
    check(len(doc["per_rank"]) == np, "per_rank has one entry per rank")
    check([e["rank"] for e in doc["per_rank"]] == list(range(np)), "per_rank in rank order")
    pairs = sample_pairs()
    want_candidates = sum(min(a, b) - math.gcd(a, b) + 1 for a, b in pairs)
    check(sum(e["candidates"] for e in doc["per_rank"]) == want_candidates,
          f"candidates sum to {want_candidates}")
    check(sum(e["pairs"] for e in doc["per_rank"]) == 10, "per-rank pairs sum to 10")
    check(all(e["max_rss_bytes"] > 0 for e in doc["per_rank"]), "max_rss_bytes recorded")
    check(doc["wall_seconds"] > 0, "wall_seconds recorded")
    # block schedule: rank i holds the i-th contiguous block (sizes differ by <= 1)
    counts = [e["pairs"] for e in doc["per_rank"]]
    check(max(counts) - min(counts) <= 1, f"block sizes differ by at most one: {counts}")



def case_schedules(r, tmp):
    """Every schedule gives the serial run's bytes: on the sample, on a skewed
    workload, and on an input spanning many batches; the report's per-rank
    work adds up and balanced stays near the lower bound."""
    skewed = generated(tmp, "skewed.txt", "--count", "3000", "--max", "3000000", "--shape", "skewed",
                       "--seed", "11")
    many = generated(tmp, "many.txt", "--count", "6000", "--max", "10000000000", "--seed", "12")
    # Many cheap pairs: dynamic chunks of thousands of pairs, past MPI's eager
    # limit, so a blocking send of a worker's second chunk would deadlock
    # against that worker's blocking send of its first results.
    cheap = generated(tmp, "cheap.txt", "--count", "20000", "--min", "1000", "--max", "5000", "--seed", "13")
    inputs = [(SAMPLE, "trial", []), (skewed, "trial", []), (many, "euclid", ["--batch-size", "777"]),
              (cheap, "trial", [])]
    for path, kernel, extra in inputs:
        want = expected_text(read_input(path))
        for schedule in ["block", "balanced", "dynamic"]:
            rep = tmp / "rep.json"
            p = r.run(["--schedule", schedule, "--kernel", kernel, "--report", str(rep), *extra, str(path)])
            what = f"{path.name} {kernel} {schedule}"
            check(p.returncode == 0, f"{what}: exit {p.returncode}: {p.err[-400:]}")
            check(p.out == want, f"{what}: output differs from math.gcd")
            doc = json.loads(rep.read_text())
            check(doc["schedule"] == schedule, f"{what}: report schedule {doc['schedule']}")
            pairs = read_input(path)
            check(sum(e["pairs"] for e in doc["per_rank"]) == len(pairs), f"{what}: per-rank pairs add up")
            if kernel == "trial":
                want_c = sum(min(a, b) - math.gcd(a, b) + 1 if min(a, b) else 0 for a, b in pairs)
                check(sum(e["candidates"] for e in doc["per_rank"]) == want_c, f"{what}: candidates add up")
            stolen = doc["stolen_pairs"]
            check(isinstance(stolen, int) and 0 <= stolen <= len(pairs), f"{what}: stolen_pairs {stolen}")
            if schedule != "dynamic":
                check(stolen == 0, f"{what}: a static schedule reports {stolen} stolen pairs")
            if schedule == "balanced" and kernel == "trial":
                # deterministic: LPT on min(a, b) is within 5% of max(total/p, largest)
                check(doc["busiest_over_lower_bound"] <= 1.05,
                      f"{what}: busiest/lower bound {doc['busiest_over_lower_bound']:.3f}")


BAD_LINES = [
    ("non-number", "12 abc", "abc"),
    ("one value", "12", "one value"),
    ("three values", "1 2 3", "more than two"),
    ("over 64 bits", "18446744073709551616 5", "64 bits"),
    ("stray sign", "- 5", "sign"),
    ("two commas", "1,,2", "comma"),
    ("hex", "0x10 4", "0x10"),
    ("nul byte", "12\x00 5", "\\x00"),
]


def case_bad_input(r, tmp):
    """Every malformed input ends the job promptly with file:line, a distinct
    exit code, and nothing on stdout."""
    for name, bad, hint in BAD_LINES:
        path = tmp / "bad.txt"
        path.write_bytes(("# header\n10 20\n\n" + bad + "\n30 40\n").encode())
        p = r.run([str(path)], timeout=ERROR_DEADLINE * 3)
        check(p.returncode == EXIT_DATA, f"{name}: exit {p.returncode}, want {EXIT_DATA}: {p.err}")
        check(f"{path}:4:" in p.err, f"{name}: message names {path}:4: {p.err!r}")
        check(hint in p.err, f"{name}: message mentions {hint!r}: {p.err!r}")
        check(p.out == "", f"{name}: nothing on stdout: {p.out!r}")
        check(p.elapsed < ERROR_DEADLINE, f"{name}: ended in {p.elapsed:.1f}s")
    p = r.run([str(tmp / "missing.txt")], timeout=ERROR_DEADLINE * 3)
    check(p.returncode == EXIT_NOINPUT and "missing.txt" in p.err and "No such file" in p.err,
          f"missing file: {p.returncode} {p.err!r}")
    p = r.run([str(tmp)], timeout=ERROR_DEADLINE * 3)
    check(p.returncode == EXIT_NOINPUT and "directory" in p.err, f"directory: {p.returncode} {p.err!r}")
    unreadable = tmp / "secret.txt"
    unreadable.write_text("1 2\n")
    unreadable.chmod(0)
    env = {}
    args = [str(unreadable)]
    cmd_prefix = []
    if os.geteuid() == 0:
        # root reads anything: run the job as 'nobody' so permissions apply
        tmp.chmod(0o755)
        cmd_prefix = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    proc = subprocess.run(cmd_prefix + r.command(args), capture_output=True, timeout=ERROR_DEADLINE * 3,
                          env={**os.environ, **env})
    err = proc.stderr.decode()
    check(proc.returncode == EXIT_NOINPUT and "Permission denied" in err,
          f"unreadable: {proc.returncode} {err!r}")
    out = tmp / "never.txt"
    path = tmp / "late.txt"
    path.write_text("".join(f"{i} {i * 2}\n" for i in range(1, 200)) + "oops\n")
    p = r.run(["--batch-size", "10", "--kernel", "euclid", "--output", str(out), str(path)],
              timeout=ERROR_DEADLINE * 3)
    check(p.returncode == EXIT_DATA and f"{path}:200:" in p.err, f"late error: {p.returncode} {p.err!r}")
    check(not out.exists() and not list(tmp.glob("never.txt*")),
          "a failed run leaves no output file (not even a partial one)")
    p = r.run(["--batch-size", "10", "--kernel", "euclid", str(path)], timeout=ERROR_DEADLINE * 3)
    check(p.returncode == EXIT_DATA and "incomplete" in p.err,
          f"late error on stdout says the output is incomplete: {p.err!r}")
    check(p.out.count("\n") < 199, "stdout does not pretend to hold every result")


def case_bad_flags(r, tmp):
    """Bad flags: every rank exits 64, the message appears once."""
    for args, hint in [(["--kernel", "nope", str(SAMPLE)], "unknown kernel"),
                       (["--bogus", str(SAMPLE)], "bogus"),
                       (["--threads", "-1", str(SAMPLE)], "threads"),
                       ([], "missing INPUT")]:
        p = r.run(args, timeout=ERROR_DEADLINE * 3)
        check(p.returncode == EXIT_USAGE, f"{args}: exit {p.returncode}, want {EXIT_USAGE}")
        check(p.err.count(hint) == 1, f"{args}: message once: {p.err!r}")
        check(p.out == "", f"{args}: nothing on stdout")
    p = r.run(["--help"])
    check(p.returncode == 0 and "Usage: gcd_mpi" in p.out and p.out.count("Usage: gcd_mpi") == 1, "--help once")


def case_failing_rank(r, tmp):
    """A rank that throws ends the whole job promptly, naming the rank."""
    victim = max(r.np, 1) - 1
    p = r.run(["--kernel", "euclid", str(SAMPLE)], env_extra={"GCD_MPI_TEST_FAIL_RANK": str(victim)},
              timeout=ERROR_DEADLINE * 3)
    check(p.returncode != 0, f"failing rank {victim}: exit {p.returncode}")
    check(f"rank {victim}" in p.err, f"failing rank: message names rank {victim}: {p.err!r}")
    check(p.out == "", f"failing rank: no results on stdout: {p.out!r}")
    check(p.elapsed < ERROR_DEADLINE, f"failing rank: ended in {p.elapsed:.1f}s")


# ------------------------------------------------------------ resilience

def case_resume(r, tmp):
    """SIGTERM to every rank (what Slurm's time limit does) mid-run: exit 75
    within 10 s, no output file, then a rerun resumes and matches the
    uninterrupted answer byte for byte."""
    ckpt, out = tmp / "run.ckpt", tmp / "out.txt"
    proc, work, want = start_heavy_run(r, tmp, ["--output", str(out)], ckpt)
    pids = rank_pids(proc.pid, r.np)
    check(len(pids) == max(r.np, 1), f"found every rank's pid: {pids}")
    for pid in pids.values():
        os.kill(pid, 15)
    code, _, err, elapsed = finish(proc, ERROR_DEADLINE * 3)
    check(code == 75, f"SIGTERM: exit {code}, want 75: {err[-600:]}")
    check(elapsed < ERROR_DEADLINE, f"SIGTERM: stopped in {elapsed:.1f}s")
    check("stopped by SIGTERM" in err and "resume" in err, f"SIGTERM message: {err[-400:]}")
    check(not out.exists(), "an interrupted run leaves no output file")
    done_before = checkpoint_records(ckpt)
    check(done_before > 0, "the checkpoint holds finished work")
    rep = tmp / "rep.json"
    p = r.run(["--kernel", "trial-naive", "--batch-size", "8", "--checkpoint", str(ckpt), "--output", str(out),
               "--report", str(rep), str(work)])
    check(p.returncode == 0, f"resume: exit {p.returncode}: {p.err[-400:]}")
    check(out.exists() and out.read_text() == want, "resumed output equals the uninterrupted answer")
    resumed = json.loads(rep.read_text())["resumed_pairs"]
    check(0 < resumed < 160, f"report says {resumed} pairs were resumed")


def case_kill9(r, tmp):
    """kill -9 of a non-root rank, and of rank 0, mid-run: the job ends within
    10 s with a non-zero code, the checkpoint stays valid, a rerun completes."""
    if not check(r.np >= 2, "kill9 is registered only with two or more ranks"):
        return
    for victim in [r.np - 1, 0]:
        ckpt = tmp / f"k{victim}.ckpt"
        proc, work, want = start_heavy_run(r, tmp, [], ckpt)
        pids = rank_pids(proc.pid, r.np)
        check(victim in pids, f"rank {victim} pid found: {pids}")
        os.kill(pids[victim], 9)
        code, out, err, elapsed = finish(proc, ERROR_DEADLINE * 3)
        check(code not in (None, 0), f"kill -9 rank {victim}: exit {code}")
        check(elapsed < ERROR_DEADLINE, f"kill -9 rank {victim}: job ended in {elapsed:.1f}s")
        check("signal 9" in err or "Killed" in err, f"kill -9 rank {victim}: the launcher says why: {err[-300:]}")
        p = r.run(["--kernel", "trial-naive", "--batch-size", "8", "--checkpoint", str(ckpt), str(work)])
        check(p.returncode == 0 and p.out == want,
              f"kill -9 rank {victim}: resumed run is complete and correct ({p.returncode}): {p.err[-300:]}")


def case_checkpoint_checks(r, tmp):
    """A torn tail is dropped and redone; a checkpoint of other options or of
    a changed input is refused with a clear message."""
    pairs = [(i * 6, i * 15 + 3) for i in range(1, 300)]
    work = tmp / "w.txt"
    write_pairs(work, pairs)
    want = expected_text(pairs)
    ckpt = tmp / "c.ckpt"
    p = r.run(["--kernel", "euclid", "--batch-size", "50", "--checkpoint", str(ckpt), str(work)])
    check(p.returncode == 0 and p.out == want, f"first run: {p.returncode} {p.err[-300:]}")
    data = ckpt.read_bytes()
    ckpt.write_bytes(data[:-37])  # torn mid-record
    p = r.run(["--kernel", "euclid", "--batch-size", "50", "--checkpoint", str(ckpt), str(work)])
    check(p.returncode == 0 and p.out == want, f"torn tail: {p.returncode} {p.err[-300:]}")
    check("torn or corrupt" in p.err, f"torn tail is reported: {p.err[-300:]}")
    data = bytearray(ckpt.read_bytes())
    data[-100] ^= 0xFF  # a flipped bit inside the last record
    ckpt.write_bytes(bytes(data))
    p = r.run(["--kernel", "euclid", "--batch-size", "50", "--checkpoint", str(ckpt), str(work)])
    check(p.returncode == 0 and p.out == want and "torn or corrupt" in p.err,
          f"corrupt record is dropped, not trusted: {p.returncode} {p.err[-300:]}")
    p = r.run(["--kernel", "binary", "--batch-size", "50", "--checkpoint", str(ckpt), str(work)])
    check(p.returncode == EXIT_USAGE and "another run" in p.err and "kernel" in p.err,
          f"other kernel refused: {p.returncode} {p.err[-300:]}")
    write_pairs(work, pairs[:-1] + [(1, 2)])
    p = r.run(["--kernel", "euclid", "--batch-size", "50", "--checkpoint", str(ckpt), str(work)])
    check(p.returncode == EXIT_USAGE and "input differs" in p.err, f"changed input refused: {p.returncode} {p.err[-300:]}")
    p = r.run(["--checkpoint", str(ckpt), "-"], stdin=b"1 2\n")
    check(p.returncode == EXIT_USAGE, f"--checkpoint with stdin refused: {p.returncode}")


def case_progress(r, tmp):
    """--progress reports on stderr while running (one line a second when
    stderr is not a terminal) and never touches stdout."""
    work = generated(tmp, "heavy.txt", "--count", "160", "--min", "2000000", "--max", "20000000", "--seed", "21")
    p = r.run(["--kernel", "trial-naive", "--progress", str(work)])
    check(p.returncode == 0 and p.out == expected_text(read_input(work)), f"progress run: {p.returncode}")
    lines = [l for l in p.err.splitlines() if l.startswith("gcd_mpi: ") and " pairs" in l]
    check(len(lines) >= 1, f"at least one progress line in a multi-second run: {p.err[-300:]}")
    check(all("elapsed" in l for l in lines), "progress lines carry the elapsed time")
    p = r.run(["--kernel", "euclid", str(SAMPLE)])
    check(not any(" pairs (" in l for l in p.err.splitlines()), "no progress by default when stderr is a pipe")


def case_memory_limit(r, tmp):
    """Streaming: under a 40 MB address-space limit, a 160 MB input goes
    through in small batches; the same input as one batch runs out of
    memory, so the limit is real, and it fails with a message, not a crash."""
    import resource
    work = generated(tmp, "big.txt", "--count", "4000000", "--max", "18446744073709551615", "--seed", "5")
    limit = 40 * 1024 * 1024
    check(work.stat().st_size > 3 * limit, "input is several times the limit")

    def limited():
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    def run_limited(args):
        return subprocess.run(r.command(args), capture_output=True, preexec_fn=limited, timeout=RUN_TIMEOUT)

    out = tmp / "out.txt"
    p = run_limited(["--kernel", "euclid", "--batch-size", "20000", "--quiet", "--output", str(out), str(work)])
    check(p.returncode == 0, f"streamed run under the limit: exit {p.returncode}: {p.stderr.decode()[-300:]}")
    lines = out.read_text().splitlines() if out.exists() else []
    check(len(lines) == 4000000, f"every pair answered: {len(lines)} lines")
    rng = random.Random(1)
    for line in rng.sample(lines, 2000) if lines else []:
        a, b, g = map(int, line.split())
        if g != math.gcd(a, b):
            check(False, f"wrong line {line}")
            break
    p = run_limited(["--kernel", "euclid", "--batch-size", "4000000", "--output", str(tmp / "no.txt"), str(work)])
    err = p.stderr.decode()
    check(p.returncode == EXIT_SOFTWARE and "bad_alloc" in err, f"one huge batch fails cleanly: {p.returncode} {err[-300:]}")
    check(not (tmp / "no.txt").exists(), "and leaves no output file")


def case_hostile(r, tmp):
    """A corpus of hostile inputs, each with its expected exit code and
    message, ending promptly and printing nothing on stdout when rejected."""
    big_line = b"1 " + b"9" * (10 * 1024 * 1024) + b"\n"
    corpus = [
        # name, bytes, exit code, text the message must contain (None: accepted)
        ("binary garbage", bytes(random.Random(3).getrandbits(8) for _ in range(4096)), EXIT_DATA, ":1:"),
        ("NUL bytes", b"12 18\n1\x002 5\n", EXIT_DATA, ":2:"),
        ("10 MB line", big_line, EXIT_DATA, "longer than"),
        ("1000-digit number", b"5 " + b"7" * 1000 + b"\n", EXIT_DATA, "64 bits"),
        ("UTF-8 BOM", b"\xef\xbb\xbf12 18\n", 0, None),
        ("only comments", b"# a\n   # b\n\n", 0, None),
        ("mixed separators", b"12 18\n12,18\n(12, 18),\n 12\t,\t18 \r\n", 0, None),
        ("two commas", b"12,,18\n", EXIT_DATA, "comma"),
        ("lone sign", b"+ 18\n", EXIT_DATA, "sign"),
        ("float", b"1.5 2\n", EXIT_DATA, "not an integer"),
        ("unicode digits", "\u0661\u0662 3\n".encode(), EXIT_DATA, ":1:"),
    ]
    for name, data, code, hint in corpus:
        path = tmp / "hostile.txt"
        path.write_bytes(data)
        p = r.run(["--kernel", "euclid", str(path)], timeout=ERROR_DEADLINE * 3)
        check(p.returncode == code, f"{name}: exit {p.returncode}, want {code}: {p.err[-300:]}")
        check(p.elapsed < ERROR_DEADLINE, f"{name}: ended in {p.elapsed:.1f}s")
        if hint is None:
            lines = [l for l in data.decode("utf-8", "replace").lstrip("\ufeff").splitlines()
                     if l.split("#")[0].strip()]
            check(p.out.count("\n") == len(lines), f"{name}: {len(lines)} results: {p.out!r}")
        else:
            check(hint in p.err and str(path) in p.err, f"{name}: message names the file and {hint!r}: {p.err[-300:]}")
            check(len(p.err) < 2000, f"{name}: message stays short ({len(p.err)} bytes)")
            check(p.out == "", f"{name}: nothing on stdout")
    # A file that shrinks while being read: slow pairs first, so the reader
    # is still near the start when the file is cut.
    path = tmp / "shrinking.txt"
    heavy = "".join(f"{n} {n + 30}\n" for n in range(30_000_000, 30_000_006))
    cheap = "".join(f"{i} {i * 3}\n" for i in range(1, 300_000))
    path.write_text(heavy + cheap)
    size = path.stat().st_size
    proc = subprocess.Popen(r.command(["--kernel", "trial-naive", "--batch-size", "1000", str(path)]),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = proc.stdout.readline()  # the job is running and past its first pair
    os.truncate(path, size // 2)
    code, out, err, elapsed = finish(proc, RUN_TIMEOUT)
    check(first != b"", "shrinking: the job produced a first result before the cut")
    check(code == 74 and "shrank" in err, f"shrinking file: exit {code}, {err[-300:]}")
    check("incomplete" in err, f"shrinking file: stdout marked incomplete: {err[-300:]}")


def collect_cases():
    """case_* functions of this file and of every cases_*.py beside it (those
    modules `import e2e` for the helpers above and share its failure list)."""
    import importlib
    sys.modules.setdefault("e2e", sys.modules[__name__])
    found = {name[5:].replace("_", "-"): fn for name, fn in globals().items() if name.startswith("case_")}
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    for path in sorted(Path(__file__).resolve().parent.glob("cases_*.py")):
        module = importlib.import_module(path.stem)
        for name, fn in vars(module).items():
            if name.startswith("case_"):
                found[name[5:].replace("_", "-")] = fn
    return found


CASES = collect_cases()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    ap.add_argument("--mpiexec", required=True)
    ap.add_argument("--np", type=int, required=True, help="ranks; 0 = no launcher")
    ap.add_argument("--gen", required=True, help="the gcd_mpi_gen workload generator")
    ap.add_argument("case", choices=sorted(CASES))
    args = ap.parse_args()
    helpers.GEN = args.gen
    with tempfile.TemporaryDirectory(prefix="gcd_e2e_") as d:
        CASES[args.case](Runner(args.binary, args.mpiexec, args.np), Path(d))
    if failures:
        print(f"{len(failures)} check(s) failed in case {args.case} at np={args.np}", file=sys.stderr)
        return 1
    print(f"case {args.case} at np={args.np}: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
