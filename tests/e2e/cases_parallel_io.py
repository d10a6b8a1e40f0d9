"""Issue 12: the parallel data path (--io parallel). Every rank reads its own
chunks with MPI-IO and writes its results at its own offset; the output must
be byte-identical to the root path's and to Python's math.gcd, whatever the
line lengths, the chunk boundaries and the rank count; a bad line anywhere
gives the true file:line, exit 65 and no output file.
"""
import math
import random

import e2e
from e2e import check


def expected(pairs):
    return e2e.expected_text(pairs)


def run_both(r, tmp, name, args, want=None, stream=False):
    """--io parallel to a file (and, with `stream`, to stdout: the bytes
    gathered to rank 0), against the root path (np 0)."""
    root = r.run(args, np=0)
    check(root.returncode == 0, f"{name}: root path exit {root.returncode}: {root.err}")
    if want is not None:
        check(root.out == want, f"{name}: root path differs from math.gcd")
    out = tmp / f"{name}.out"
    par = r.run(["--io", "parallel", "-o", str(out)] + args)
    check(par.returncode == 0, f"{name}: parallel exit {par.returncode}: {par.err}")
    check(out.exists() and out.read_text() == root.out, f"{name}: parallel output file differs from the root path")
    if stream:
        streamed = r.run(["--io", "parallel"] + args)
        check(streamed.returncode == 0 and streamed.out == root.out,
              f"{name}: parallel stdout differs from the root path")
    leftovers = [p.name for p in tmp.iterdir() if ".partial" in p.name]
    check(not leftovers, f"{name}: temporaries left behind: {leftovers}")


def case_parallel_io(r, tmp):
    # The sample, every kernel.
    for kernel in ["trial", "euclid", "binary"]:
        run_both(r, tmp, f"sample-{kernel}", ["-k", kernel, str(e2e.SAMPLE)], expected(e2e.sample_pairs()),
                 stream=kernel == "trial")
    # Random 64-bit pairs over many small chunks (--batch-size 16: 256-byte
    # chunks, so lines straddle chunk and rank boundaries everywhere).
    rng = random.Random(12)
    pairs = [(rng.randrange(0, 2**64), rng.randrange(0, 2**64)) for _ in range(3000)]
    path = tmp / "random.txt"
    e2e.write_pairs(path, pairs)
    for batch in ["16", "1", "100000"]:
        run_both(r, tmp, f"random-b{batch}", ["-k", "euclid", "--batch-size", batch, str(path)], expected(pairs),
                 stream=batch == "16")
    run_both(r, tmp, "random-csv", ["-k", "binary", "-f", "csv", "--batch-size", "7", str(path)])
    run_both(r, tmp, "random-jsonl", ["-k", "binary", "-f", "jsonl", "--batch-size", "7", str(path)])
    # Lines of every length around the chunk size (256 bytes at --batch-size 16).
    lines, want = [], []
    for i in range(200):
        a, b = rng.randrange(1, 10**6), rng.randrange(1, 10**6)
        pad = " " * (i % 300)  # leading blanks: lines of 0..300 extra bytes
        lines.append(f"{pad}{a} {b}")
        want.append((a, b))
    odd = tmp / "odd-lengths.txt"
    odd.write_text("\n".join(lines) + "\n")
    run_both(r, tmp, "odd-lengths", ["-k", "euclid", "--batch-size", "16", str(odd)], expected(want))
    # Smaller than the ranks, empty, one line without its newline.
    tiny = tmp / "tiny.txt"
    tiny.write_text("12 18")
    run_both(r, tmp, "tiny", ["--batch-size", "1", str(tiny)], expected([(12, 18)]))
    empty = tmp / "empty.txt"
    empty.write_text("")
    run_both(r, tmp, "empty", ["-f", "csv", str(empty)])
    # CRLF, comments, blank lines, parentheses, a BOM, signs.
    mixed = tmp / "mixed.txt"
    mixed.write_bytes(b"\xef\xbb\xbf# comment\r\n12 18\r\n\r\n(4, 6),\r\n  # indented comment\n-7 0\n+9,12\n")
    run_both(r, tmp, "mixed", ["--batch-size", "1", str(mixed)], stream=True)


def case_parallel_io_threads(r, tmp):
    # --threads also parses and formats each rank's chunk, in line-aligned
    # pieces of at least 64 KiB (core/chunk_threads.hpp): inputs and chunks
    # large enough that the pieces are cut, one round (the default 4 MiB
    # chunks) and many (--batch-size 10000: 160 KB chunks); byte-identical to
    # the root path and to math.gcd, and a bad line in a later piece named as
    # the root path names it.
    rng = random.Random(2026)
    pairs = [(rng.randrange(0, 2**64), rng.randrange(0, 2**64)) for _ in range(40000)]
    path = tmp / "random.txt"
    e2e.write_pairs(path, pairs)
    want = expected(pairs)
    for threads in ["2", "3"]:
        for batch in [[], ["--batch-size", "10000"]]:
            name = f"t{threads}-b{len(batch)}"
            run_both(r, tmp, name, ["-k", "binary", "--threads", threads] + batch + [str(path)], want,
                     stream=threads == "2" and not batch)
    run_both(r, tmp, "t2-csv", ["-k", "euclid", "-t", "2", "-f", "csv", str(path)])
    # The general grammar across the pieces: CRLF, comments, signs, a BOM at byte 0.
    lines = ["\ufeff# BOM and comment"]
    for i, (a, b) in enumerate(pairs[:20000]):
        lines.append([f"{a} {b}", f"({a}, {b}),", f"-{a},+{b}\r", "# note", ""][i % 5])
    mixed = tmp / "mixed.txt"
    mixed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run_both(r, tmp, "t2-mixed", ["-k", "euclid", "-t", "2", str(mixed)])
    # A bad line in the last quarter of the file (the second piece), and a later one.
    text = path.read_text().splitlines()
    text[31000] = "12 zz"
    text[39000] = "also bad"
    bad = tmp / "bad.txt"
    bad.write_text("\n".join(text) + "\n")
    out = tmp / "never.txt"
    root = r.run(["-k", "euclid", "-o", str(out), str(bad)], np=0)
    par = r.run(["-k", "euclid", "--io", "parallel", "-t", "2", "-o", str(out), str(bad)])
    check(par.returncode == e2e.EXIT_DATA and f"{bad}:31001:" in par.err,
          f"threads bad line: exit {par.returncode}, want 65 naming {bad}:31001: {par.err}")
    first = [l for l in par.err.splitlines() if l.startswith("gcd_mpi: ") and ".txt:" in l]
    check(first and first[0] in root.err, f"threads bad line: same message as the root path: {first} / {root.err}")
    check(not out.exists(), "threads bad line: no output file")


def case_parallel_io_errors(r, tmp):
    # A bad line in the middle of some rank's chunk: the true line, exit 65,
    # no output file; the same message as the root path.
    rng = random.Random(34)
    lines = [f"{rng.randrange(1, 10**9)} {rng.randrange(1, 10**9)}" for _ in range(4000)]
    bad_at = 2777
    lines[bad_at - 1] = "12 zz"
    lines[3500] = "also bad"  # a later bad line on another rank must not win
    path = tmp / "bad.txt"
    path.write_text("\n".join(lines) + "\n")
    out = tmp / "never.txt"
    # euclid: the pairs before the bad line are computed first (batches are
    # read ahead of computing), so the brute force would make this slow.
    root = r.run(["-k", "euclid", "-o", str(out), str(path)], np=0)
    par = r.run(["-k", "euclid", "--io", "parallel", "--batch-size", "64", "-o", str(out), str(path)])
    check(par.returncode == e2e.EXIT_DATA, f"bad line: exit {par.returncode}, want 65: {par.err}")
    check(f"{path}:{bad_at}:" in par.err, f"bad line: the message names {path}:{bad_at}: {par.err}")
    first = [l for l in par.err.splitlines() if l.startswith("gcd_mpi: ") and ".txt:" in l]
    check(first and first[0] in root.err, f"bad line: same message as the root path: {first} / {root.err}")
    check(not out.exists(), "bad line: no output file")
    check(not [p for p in tmp.iterdir() if ".partial" in p.name], "bad line: no temporary left")
    check(par.elapsed < e2e.ERROR_DEADLINE, f"bad line: ended in {par.elapsed:.1f} s")
    # One line longer than the limit: refused with its line number.
    huge = tmp / "huge.txt"
    huge.write_text("1 2\n" + "9" * 1_100_000 + " 3\n4 6\n")
    p = r.run(["--io", "parallel", str(huge)])
    check(p.returncode == e2e.EXIT_DATA and f"{huge}:2: line longer than" in p.err,
          f"huge line: exit {p.returncode}: {p.err[-300:]}")
    # The parallel path reads at offsets: a pipe is refused, as is a checkpoint.
    if r.np > 1:
        p = r.run(["--io", "parallel", "-"], stdin=b"1 2\n")
        check(p.returncode == e2e.EXIT_USAGE and "regular input file" in p.err, f"stdin: {p.returncode} {p.err}")
    p = r.run(["--io", "parallel", "-c", str(tmp / "cp"), str(e2e.SAMPLE)])
    check(p.returncode == e2e.EXIT_USAGE and "--checkpoint works with --io root only" in p.err,
          f"checkpoint: {p.returncode} {p.err}")
    p = r.run(["--io", "sideways", str(e2e.SAMPLE)])
    check(p.returncode == e2e.EXIT_USAGE and "root, parallel" in p.err, f"unknown --io: {p.returncode} {p.err}")


# The hints a Lustre site would set (issue 12's MPI-IO settings); on this
# machine's ufs file system ROMIO takes the collective-buffering ones and
# has no striping to apply, so what is checked is that they are accepted and
# change nothing in the output.
SITE_HINTS = "romio_cb_write=enable,cb_nodes=2,cb_buffer_size=16777216,striping_factor=4,striping_unit=1048576"
ROMIO = ["--mca", "io", "romio321"]


def case_parallel_io_hints(r, tmp):
    """--io parallel under ROMIO with GCD_MPI_IO_HINTS, and under the default
    OMPIO with the same hints: byte-identical to the root path and to
    math.gcd. A bad GCD_MPI_IO_HINTS is a usage error (64) naming the
    variable and the entry, on either path, and no output file is made."""
    rng = random.Random(56)
    pairs = [(rng.randrange(0, 2**64), rng.randrange(0, 2**64)) for _ in range(5000)]
    path = tmp / "random.txt"
    e2e.write_pairs(path, pairs)
    args = ["-k", "euclid", "--batch-size", "64", str(path)]
    root = r.run(args, np=0)
    check(root.returncode == 0 and root.out == expected(pairs), f"hints: root path: {root.returncode} {root.err}")
    hints = {"GCD_MPI_IO_HINTS": SITE_HINTS}
    for name, launcher in [("romio", ROMIO), ("ompio", [])]:
        out = tmp / f"hints-{name}.out"
        p = r.run(["--io", "parallel", "-o", str(out)] + args, env_extra=hints, launcher_args=launcher)
        check(p.returncode == 0, f"hints {name}: exit {p.returncode}: {p.err[-500:]}")
        check(out.exists() and out.read_bytes() == root.stdout,
              f"hints {name}: output file differs from the root path", f"hints {name}: byte-identical")
    # Spaces around the entries are fine; to stdout (gathered to rank 0) too.
    p = r.run(["--io", "parallel"] + args, env_extra={"GCD_MPI_IO_HINTS": " cb_nodes = 2 , romio_cb_write=enable "},
              launcher_args=ROMIO)
    check(p.returncode == 0 and p.stdout == root.stdout, f"hints with blanks to stdout: {p.returncode} {p.err[-300:]}")
    # Bad hints: 64, the variable and the entry named, nothing written.
    for bad, says in [("cb_nodes=2,oops", "entry 2 'oops' is not key=value"),
                      ("cb_nodes=2,,x=1", "entry 2 is empty"),
                      ("cb_nodes=", "entry 1 'cb_nodes=' has no value"),
                      ("cb_nodes=2,cb_nodes=4", "cb_nodes is given twice"),
                      ("k" * 40 + "=1", "the key is longer than 35 bytes")]:
        for io in ["parallel", "root"] if bad.endswith("oops") else ["parallel"]:
            out = tmp / "never.out"
            p = r.run(["--io", io, "-o", str(out)] + args, env_extra={"GCD_MPI_IO_HINTS": bad},
                      launcher_args=ROMIO)
            check(p.returncode == e2e.EXIT_USAGE, f"bad hints {bad!r} --io {io}: exit {p.returncode}, want 64")
            check("gcd_mpi: GCD_MPI_IO_HINTS: entry " in p.err and says in p.err,
                  f"bad hints {bad!r} --io {io}: message: {p.err[-400:]}")
            check(not out.exists(), f"bad hints {bad!r} --io {io}: no output file")
            check(p.elapsed < e2e.ERROR_DEADLINE, f"bad hints {bad!r}: ended in {p.elapsed:.1f} s")
    check(not [p.name for p in tmp.iterdir() if ".partial" in p.name], "hints: no temporary left")


def _start_parallel_heavy(r, tmp, out):
    """A trial-naive run of a few seconds on the parallel path, returned once
    its progress line shows pairs done (real progress, not a sleep)."""
    import subprocess
    import time
    work = e2e.generated(tmp, "heavy.txt", "--count", "160", "--min", "2000000", "--max", "20000000",
                         "--seed", "21")
    args = ["--io", "parallel", "--kernel", "trial-naive", "--batch-size", "8", "--progress-interval", "0.1",
            "-o", str(out), str(work)]
    proc = subprocess.Popen(r.command(args), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    seen = b""
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        seen += line
        if not line:
            break
        done = line.split(b" pairs")[0].split()[-1] if b" pairs" in line else b""
        if done.split(b"/")[0].replace(b",", b"").isdigit() and int(done.split(b"/")[0].replace(b",", b"")) > 0:
            return proc, seen
    proc.kill()
    raise RuntimeError(f"parallel heavy run showed no progress: {seen[-400:]!r}")


def case_parallel_io_stop(r, tmp):
    """A stop on the parallel path ends the whole job like on the root path:
    SIGUSR1 to mpirun (forwarded) or SIGTERM to every rank -> exit 75 within
    10 s, 'stopped by' on stderr, no output file and no temporary left."""
    import os
    import signal
    import time
    if r.np == 0:
        return  # --io parallel needs a launcher; without one it is the root path (tested elsewhere)
    for name, target, sig in [("usr1-launcher", "launcher", signal.SIGUSR1), ("term-ranks", "ranks", signal.SIGTERM)]:
        out = tmp / f"{name}.out"
        proc, seen = _start_parallel_heavy(r, tmp, out)
        last = seen.decode().strip().splitlines()[-1]
        check("candidate tests" in last and "/0 candidate" not in last,
              f"{name}: the progress line counts the candidate tests read: {last}")
        t0 = time.monotonic()
        if target == "ranks":
            pids = e2e.rank_pids(proc.pid, r.np)
            check(len(pids) == r.np, f"{name}: found every rank's pid: {pids}")
            for pid in pids.values():
                os.kill(pid, sig)
        else:
            os.kill(proc.pid, sig)
        try:
            rest_out, rest_err = proc.communicate(timeout=e2e.ERROR_DEADLINE * 3)
        except Exception:
            proc.kill()
            raise
        err = (seen + rest_err).decode("utf-8", "replace")
        check(proc.returncode == 75, f"{name}: exit {proc.returncode}, documented 75: {err[-500:]}")
        check(f"stopped by {sig.name}" in err, f"{name}: 'stopped by {sig.name}' on stderr: {err[-300:]}")
        check(time.monotonic() - t0 < 10, f"{name}: stopped within 10 s")
        check(not out.exists(), f"{name}: a stopped run leaves no output file")
        leftovers = [p.name for p in tmp.iterdir() if ".partial" in p.name or p.name.startswith(f".{name}")]
        check(not leftovers, f"{name}: temporaries left behind: {leftovers}")
