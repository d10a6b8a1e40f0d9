"""Issue 10, sections 1, 2 and 5: every user file safe (clashes by file
identity, special outputs written directly, exclusive temporaries, closed
standard fds, arguments never altered), failures found before the work and
never committed, thread and file-size limits handled, the summary states
what was produced, and option edge cases.

Expected results come from Python's math.gcd; every run has a timeout."""
import math
import json
import os
import re
import shutil
import signal
import stat
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import e2e
from e2e import check

EXIT_USAGE, EXIT_SOFTWARE, EXIT_CANTCREAT, EXIT_IO, EXIT_STOPPED = 64, 70, 73, 74, 75
TEMP_PATTERN = re.compile(r"\.gcd_mpi-[A-Za-z0-9]{12}\.partial$")


def sample_copy(tmp, name="pairs.txt"):
    path = tmp / name
    shutil.copyfile(e2e.SAMPLE, path)
    return path


def listing(directory):
    return sorted(p.name for p in Path(directory).iterdir())


def temps_in(directory):
    return [n for n in listing(directory) if TEMP_PATTERN.search(n) or ".partial" in n]


def run_shell(r, shell_cmd, args, timeout=e2e.RUN_TIMEOUT, env_extra=None, preexec_fn=None):
    """Runs the gcd_mpi command line inside `sh -c shell_cmd` ("$@" is the command)."""
    env = dict(os.environ)
    env.update(env_extra or {})
    start = time.monotonic()
    p = subprocess.run(["sh", "-c", shell_cmd, "sh", *r.command(args)], capture_output=True, env=env,
                       timeout=timeout, preexec_fn=preexec_fn)
    p.elapsed = time.monotonic() - start
    p.out, p.err = p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")
    return p


def with_file_size_limit(r, args, limit):
    """The command line with `prlimit --fsize=LIMIT` right before gcd_mpi: under
    mpiexec the limit must apply to the ranks only, as PMIx's shared segments
    in mpiexec itself need more than a small limit (MPI_Init fails)."""
    cmd = r.command(args)
    i = cmd.index(r.binary)
    return cmd[:i] + ["prlimit", f"--fsize={limit}"] + cmd[i:]


def heavy_input(tmp, seconds_hint="long"):
    """A trial-naive input that takes far longer than ERROR_DEADLINE."""
    return e2e.generated(tmp, "heavy.txt", "--count", "400", "--min", "2000000000", "--max", "4000000000",
                         "--seed", "31")


# ------------------------------------------------------------------ 1. clashes

def case_path_clashes(r, tmp):
    """Two names of one file are refused (exit 64) before anything is
    written: --report/--output/--checkpoint against the input and each other,
    compared by identity (./name, a symlink, a hard link, a dangling symlink
    to a name not created yet); the input's bytes stay the same."""
    inp = sample_copy(tmp)
    before = inp.read_bytes()
    os.symlink("pairs.txt", tmp / "link.txt")
    os.link(inp, tmp / "hard.txt")
    os.symlink("sub/new.txt", tmp / "dangling.txt")
    (tmp / "sub").mkdir()
    cases = [
        (["-r", str(inp)], "--report"),
        (["-r", str(tmp / "." / "pairs.txt")], "--report"),
        (["-o", str(tmp / "." / "pairs.txt")], "--output"),
        (["-c", str(tmp / "." / "pairs.txt")], "--checkpoint"),
        (["-o", str(tmp / "link.txt")], "--output"),
        (["-o", str(tmp / "hard.txt")], "--output"),
        (["-r", str(tmp / "hard.txt")], "--report"),
        (["-o", str(tmp / "x.txt"), "-r", str(tmp / "x.txt")], "--report"),
        (["-o", str(tmp / "x.txt"), "-r", str(tmp / "sub" / ".." / "x.txt")], "--report"),
        (["-o", str(tmp / "x.txt"), "-c", str(tmp / "." / "x.txt")], "--checkpoint"),
        (["-r", str(tmp / "y.json"), "-c", str(tmp / "y.json")], "--checkpoint"),
        (["-o", str(tmp / "dangling.txt"), "-r", str(tmp / "sub" / "new.txt")], "--report"),
    ]
    for extra, flag in cases:
        p = r.run(["--kernel", "euclid", *extra, str(inp)], timeout=e2e.ERROR_DEADLINE * 3)
        what = " ".join(extra)
        check(p.returncode == EXIT_USAGE, f"{what}: exit {p.returncode}, want 64: {p.err[-300:]}")
        check(flag in p.err and "same file" in p.err, f"{what}: message names {flag}: {p.err[-300:]}")
        check(p.out == "", f"{what}: no results on stdout")
        check(inp.read_bytes() == before, f"{what}: the input is unchanged")
        check(listing(tmp) == sorted(["pairs.txt", "link.txt", "hard.txt", "dangling.txt", "sub"]),
              f"{what}: nothing created: {listing(tmp)}")
        check(listing(tmp / "sub") == [], f"{what}: nothing created in sub/")
    # The report on stdout while results also go to stdout (a pipe here).
    p = r.run(["--kernel", "euclid", "-r", "/dev/stdout", str(inp)], timeout=e2e.ERROR_DEADLINE * 3)
    check(p.returncode == EXIT_USAGE and p.out == "", f"report and results both on the stdout pipe: {p.returncode} {p.err[-200:]}")
    # Different files are fine: results and report side by side, input untouched.
    p = r.run(["--kernel", "euclid", "-o", str(tmp / "sub" / "out.txt"), "-r", str(tmp / "sub" / "rep.json"), str(inp)])
    check(p.returncode == 0 and (tmp / "sub" / "out.txt").read_text() == e2e.expected_text(e2e.sample_pairs()),
          f"distinct files are accepted: {p.returncode} {p.err[-300:]}")
    check(inp.read_bytes() == before, "input unchanged after a good run")


# --------------------------------------------------------- special outputs

def case_special_outputs(r, tmp):
    """-o to /dev/stdout, /dev/fd/1, /dev/null and a FIFO is written directly
    (never renamed over: /dev/stdout stays a symlink); -o to a symlink of a
    regular file writes the link's target and the link stays a link."""
    inp = sample_copy(tmp)
    want = e2e.expected_text(e2e.sample_pairs())
    stdout_link = Path("/dev/stdout")
    was_link = stdout_link.is_symlink()
    for target in ["/dev/stdout", "/dev/fd/1"]:
        p = r.run(["--kernel", "euclid", "-o", target, str(inp)])
        check(p.returncode == 0 and p.out == want, f"-o {target}: results on stdout: {p.returncode} {p.out!r} {p.err[-300:]}")
    check(stdout_link.is_symlink() == was_link, "/dev/stdout is still a symlink")
    check(not any(TEMP_PATTERN.search(n) for n in os.listdir("/dev")), "no temporary in /dev")
    # stdout redirected to a file in append mode: /dev/fd/1 appends, keeping what was there.
    # (/dev/fd/1, not /dev/stdout: a binary with the old bug would rename over /dev/stdout
    # itself when stdout is a regular file, breaking the machine for everyone.)
    log = tmp / "log.txt"
    log.write_text("earlier line\n")
    p = run_shell(r, '"$@" >> "$LOG"', ["--kernel", "euclid", "-o", "/dev/fd/1", str(inp)], env_extra={"LOG": str(log)})
    check(p.returncode == 0 and log.read_text() == "earlier line\n" + want,
          f"-o /dev/fd/1 appends to stdout's file: {p.returncode} {log.read_text()[:80]!r}")
    p = r.run(["--kernel", "euclid", "-o", "/dev/null", str(inp)])
    check(p.returncode == 0 and p.out == "" and stat.S_ISCHR(os.stat("/dev/null").st_mode), f"-o /dev/null: {p.returncode}")
    fifo = tmp / "fifo"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    p = r.run(["--kernel", "euclid", "-o", str(fifo), str(inp)])
    reader.join(timeout=30)
    check(p.returncode == 0 and got == [want.encode()], f"-o FIFO: {p.returncode} {got!r} {p.err[-300:]}")
    check(stat.S_ISFIFO(os.lstat(fifo).st_mode), "the FIFO is still a FIFO")
    (tmp / "real").mkdir()
    (tmp / "real" / "target.txt").write_text("old\n")
    os.symlink("real/target.txt", tmp / "link.txt")
    p = r.run(["--kernel", "euclid", "-o", str(tmp / "link.txt"), str(inp)])
    check(p.returncode == 0, f"-o symlink: {p.returncode} {p.err[-300:]}")
    check((tmp / "link.txt").is_symlink(), "the symlink stays a symlink")
    check((tmp / "real" / "target.txt").read_text() == want, "the link's target holds the results")
    check(listing(tmp / "real") == ["target.txt"] and not temps_in(tmp), "no temporary left by the symlinked output")


# --------------------------------------------------------- temporaries

def case_temp_names(r, tmp):
    """Temporaries are created exclusively under an unpredictable name that
    does not grow with the target's: a 245-byte output name works; two runs
    writing one output at once get different temporaries; a file that looks
    like a temporary but is not ours (or the old FILE.partial.PID name) is
    never touched."""
    inp = sample_copy(tmp)
    want = e2e.expected_text(e2e.sample_pairs())
    long_name = tmp / ("r" * 241 + ".txt")  # 245 bytes, under NAME_MAX
    check(len(long_name.name) == 245, "the name is 245 bytes")
    p = r.run(["--kernel", "euclid", "-o", str(long_name), str(inp)])
    check(p.returncode == 0 and long_name.exists() and long_name.read_text() == want,
          f"245-byte output name: {p.returncode} {p.err[-300:]}")
    long_name.unlink()
    # Not ours: must survive every run, whatever its name.
    foreign = [tmp / "out.txt.gcd_mpi-AAAAAAAAAAAA.partial", tmp / "out.txt.partial.1",
               tmp / f"out.txt.partial.{os.getpid()}"]
    for f in foreign:
        f.write_text("someone else's\n")
    heavy = e2e.generated(tmp, "slow.txt", "--count", "24", "--min", "20000000", "--max", "40000000", "--seed", "3")
    heavy_want = e2e.expected_text(e2e.read_input(heavy))
    out = tmp / "out.txt"
    args = ["--kernel", "trial-naive", "--batch-size", "4", "-o", str(out), str(heavy)]
    procs = [subprocess.Popen(r.command(args), stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    seen = set()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and any(p.poll() is None for p in procs):
        seen |= {n for n in os.listdir(tmp) if TEMP_PATTERN.search(n) and Path(tmp, n) not in foreign}
        time.sleep(0.02)
    results = [e2e.finish(p, e2e.RUN_TIMEOUT) for p in procs]
    for code, _, err, _ in results:
        check(code == 0, f"concurrent run: exit {code}: {err[-300:]}")
    check(len(seen) >= 2, f"two runs, two distinct temporaries: {sorted(seen)}")
    check(all(n.startswith("out.txt.gcd_mpi-") for n in seen), f"temporaries name their target: {sorted(seen)}")
    check(all(str(os.getpid()) not in n for n in seen), "temporary names are not PID-based")
    check(out.read_text() == heavy_want, "the output is one complete, correct result")
    for f in foreign:
        check(f.exists() and f.read_text() == "someone else's\n", f"{f.name} was left alone")
    left = [n for n in listing(tmp) if TEMP_PATTERN.search(n) and tmp / n not in foreign]
    check(left == [], f"no temporary of ours left: {left}")


# ------------------------------------------------------- closed std fds

def case_closed_std_fds(r, tmp):
    """With stdin, stdout and/or stderr closed at start, --output and
    --report get their own contents and nothing else: --progress writes to
    stderr while they are open, so a file that became fd 2 (the output when
    the input is stdin, the report when 0-2 are all closed) would receive
    the progress lines."""
    import json
    work = e2e.generated(tmp, "work.txt", "--count", "15", "--min", "20000000", "--max", "40000000", "--seed", "4")
    want = e2e.expected_text(e2e.read_input(work))
    for redirect, inp in [('"$@" 2>&- < "$WORK"', "-"), ('"$@" 0<&- 1>&- 2>&-', str(work)), ('"$@" 1>&-', str(work))]:
        out, rep = tmp / "out.txt", tmp / "rep.json"
        for f in (out, rep):
            if f.exists():
                f.unlink()
        p = run_shell(r, redirect, ["--kernel", "trial-naive", "--progress", "-o", str(out), "-r", str(rep), inp],
                      env_extra={"WORK": str(work)})
        check(p.returncode == 0, f"{redirect}: exit {p.returncode}: {p.err[-300:]}")
        got = out.read_text() if out.exists() else None
        check(got == want, f"{redirect}: the output holds exactly the results: {got[:300] if got else got!r}")
        try:
            doc = json.loads(rep.read_text())
            check(doc.get("pairs") == 15, f"{redirect}: the report is the report: {doc.get('pairs')}")
        except (OSError, ValueError) as e:
            check(False, f"{redirect}: the report is valid JSON: {e}: {rep.read_text()[:200] if rep.exists() else None!r}")


# ------------------------------------------------------- arguments unaltered

def case_percent_arguments(r, tmp):
    """No argument is altered by the Boost '%' workaround: 'a%b.txt' and
    $'x\\x1ay.txt' read exactly those files; `-%original_token% x` is a
    prompt usage error (it used to hang)."""
    files = {"a%b.txt": (12, 18), "x\x1ay.txt": (35, 49), "x%y.txt": (4, 6), "%original_token%.txt": (10, 25)}
    for name, (a, b) in files.items():
        (tmp / name).write_text(f"{a} {b}\n")
    for name, (a, b) in files.items():
        out = tmp / ("out-" + name)
        p = r.run(["--kernel", "euclid", "-o", str(out), str(tmp / name)])
        check(p.returncode == 0 and out.exists() and out.read_text() == f"{a} {b} {math.gcd(a, b)}\n",
              f"{name!r}: read that file and wrote that output: {p.returncode} {p.err[-300:]}")
    for bad in (["-%original_token%", "x"], ["--kernel", "%original_token%", "x"], ["-t", "%value%", "x"]):
        p = r.run(bad, timeout=e2e.ERROR_DEADLINE * 3)
        check(p.returncode == EXIT_USAGE and "%" in p.err and p.elapsed < e2e.ERROR_DEADLINE,
              f"{bad}: prompt usage error: {p.returncode} {p.elapsed:.1f}s {p.err[-200:]}")


# ------------------------------------------ 2. fail before the work, commit last

def case_outputs_checked_first(r, tmp):
    """A bad --report (or --output) path fails with 73 in seconds, before a
    long computation, and no output file appears; a report that cannot be
    written at the end (file-size limit) keeps the output from being
    committed, and leaves no temporary."""
    inp = heavy_input(tmp)
    out = tmp / "out.txt"
    for bad in [["-r", str(tmp / "missing" / "r.json")], ["-r", str(tmp)], ["-c", str(tmp / "missing" / "c")]]:
        p = r.run(["--kernel", "trial-naive", "-o", str(out), *bad, str(inp)], timeout=e2e.ERROR_DEADLINE * 3)
        check(p.returncode == EXIT_CANTCREAT, f"{bad}: exit {p.returncode}, want 73: {p.err[-300:]}")
        check(p.elapsed < e2e.ERROR_DEADLINE, f"{bad}: failed before computing ({p.elapsed:.1f}s)")
        check(not out.exists() and not temps_in(tmp), f"{bad}: no output, no temporary: {listing(tmp)}")
    p = r.run(["--kernel", "trial-naive", "-o", str(tmp / "missing" / "o.txt"), str(inp)], timeout=e2e.ERROR_DEADLINE * 3)
    check(p.returncode == EXIT_CANTCREAT and p.elapsed < e2e.ERROR_DEADLINE, f"bad --output: {p.returncode} {p.elapsed:.1f}s")
    # Report larger than the file-size limit, output smaller: nothing is committed.
    small = sample_copy(tmp)
    rep = tmp / "rep.json"
    limit = 600  # the ten results are 212 bytes, the report over 1 kB
    proc = subprocess.run(with_file_size_limit(r, ["--kernel", "euclid", "-o", str(out), "-r", str(rep), str(small)],
                                               limit), capture_output=True, timeout=e2e.RUN_TIMEOUT)
    err = proc.stderr.decode()
    check(proc.returncode == EXIT_IO and "report" in err, f"report fails at the end: {proc.returncode} {err[-300:]}")
    check(not out.exists() and not rep.exists(), f"neither output nor report committed: {listing(tmp)}")
    check(not temps_in(tmp), f"no temporary left: {listing(tmp)}")


def case_file_size_limit(r, tmp):
    """`ulimit -f` smaller than the results: exit 74 with a message (SIGXFSZ
    no longer kills the run) and no temporary left in the directory."""
    inp = e2e.generated(tmp, "many.txt", "--count", "20000", "--max", "1000000000", "--seed", "8")
    out_dir = tmp / "out"
    out_dir.mkdir()
    limit = 64 * 1024
    for extra in [[], ["--checkpoint", str(out_dir / "run.ckpt")]]:
        out = out_dir / "out.txt"
        proc = subprocess.run(with_file_size_limit(r, ["--kernel", "euclid", "-o", str(out), *extra, str(inp)], limit),
                              capture_output=True, timeout=e2e.RUN_TIMEOUT)
        err = proc.stderr.decode()
        check(proc.returncode == EXIT_IO, f"{extra}: exit {proc.returncode}, want 74: {err[-400:]}")
        check("File too large" in err, f"{extra}: the message says why: {err[-300:]}")
        check(not out.exists(), f"{extra}: no output file")
        check(not [n for n in listing(out_dir) if TEMP_PATTERN.search(n)], f"{extra}: no temporary: {listing(out_dir)}")


def case_no_leftovers(r, tmp):
    """No temporary is left after a failure the program handles: bad data
    part-way, a stop signal, a bad report path at the end... (each checked
    with both --output and --report)."""
    out, rep = tmp / "o" / "out.txt", tmp / "o" / "rep.json"
    out.parent.mkdir()
    bad = tmp / "bad.txt"
    bad.write_text("".join(f"{i} {i * 2}\n" for i in range(1, 3000)) + "12 abc\n")
    p = r.run(["--kernel", "euclid", "--batch-size", "100", "-o", str(out), "-r", str(rep), str(bad)])
    check(p.returncode == 65 and listing(out.parent) == [], f"bad data: {p.returncode}, left {listing(out.parent)}")
    work = e2e.generated(tmp, "stop.txt", "--count", "160", "--min", "2000000", "--max", "20000000", "--seed", "21")
    proc = subprocess.Popen(r.command(["--kernel", "trial-naive", "--batch-size", "8", "-o", str(out), "-r", str(rep),
                                       "--progress", str(work)]), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while not [n for n in listing(out.parent) if TEMP_PATTERN.search(n)] and time.monotonic() < deadline:
        time.sleep(0.02)
    check(len([n for n in listing(out.parent) if TEMP_PATTERN.search(n)]) == 2, "output and report temporaries exist while running")
    pids = e2e.rank_pids(proc.pid, r.np)
    deadline = time.monotonic() + 10
    while len(pids) < max(r.np, 1) and time.monotonic() < deadline:
        time.sleep(0.05)
        pids = e2e.rank_pids(proc.pid, r.np)
    for pid in pids.values():
        os.kill(pid, signal.SIGTERM)
    code, _, err, _ = e2e.finish(proc, e2e.ERROR_DEADLINE * 3)
    check(code == EXIT_STOPPED, f"stopped: exit {code}: {err[-300:]}")
    # A stopped run leaves no results and no temporary; its report stays,
    # marked incomplete, so a time-limited allocation keeps its statistics.
    check(listing(out.parent) == ["rep.json"], f"a stopped run leaves only its report: {listing(out.parent)}")
    if rep.exists():
        check(json.loads(rep.read_text())["complete"] is False, "the stopped run's report says it is incomplete")


def case_thread_limit(r, tmp):
    """A thread that cannot be created (a process limit, as a non-root user
    under prlimit --nproc) ends with exit 70 and a message, not
    std::terminate (134), and leaves no temporary."""
    if shutil.which("prlimit") is None or shutil.which("setpriv") is None:
        check(False, "prlimit and setpriv are needed (util-linux)")
        return
    shared = Path(tempfile.mkdtemp(prefix="gcd_e2e_threads_"))
    try:
        os.chmod(shared, 0o777)
        inp = shared / "heavy.txt"
        inp.write_text("".join(f"{1000003 + 7 * i} {2000009 + 13 * i}\n" for i in range(400)))
        os.chmod(inp, 0o644)
        out = shared / "out.txt"
        prefix = []
        if os.geteuid() == 0:  # root ignores RLIMIT_NPROC: run as nobody
            prefix = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
        nproc = 4 if r.np == 0 else 30
        cmd = prefix + ["prlimit", f"--nproc={nproc}"] + r.command(
            ["--kernel", "trial-naive", "--threads", "64", "-o", str(out), str(inp)])
        env = dict(os.environ, HOME=str(shared))
        p = subprocess.run(cmd, capture_output=True, env=env, timeout=e2e.RUN_TIMEOUT)
        err = p.stderr.decode()
        check(p.returncode == EXIT_SOFTWARE, f"exit {p.returncode}, want 70: {err[-500:]}")
        check("cannot start a thread" in err and "terminate" not in err, f"clear message: {err[-500:]}")
        check(not out.exists() and not [n for n in os.listdir(shared) if ".partial" in n],
              f"no output, no temporary: {os.listdir(shared)}")
    finally:
        shutil.rmtree(shared, ignore_errors=True)


# ------------------------------------------------------- 11. summary bytes

def case_summary_bytes(r, tmp):
    """The summary line says how many bytes of results were produced and
    where, so a user can check what the launcher delivered."""
    inp = sample_copy(tmp)
    for fmt in ["text", "csv"]:
        p = r.run(["--kernel", "euclid", "--format", fmt, str(inp)])
        line = [l for l in p.err.splitlines() if l.startswith("Took ")]
        check(p.returncode == 0 and line, f"{fmt}: a summary line: {p.err[-300:]}")
        want = f"{len(p.stdout)} bytes of results to <stdout>)"
        check(line and line[0].endswith(want), f"{fmt}: summary ends with {want!r}: {line}")
        check(line and line[0].startswith("Took ") and f"(10 pairs, {max(r.np, 1)} rank" in line[0], f"summary start kept: {line}")
    out = tmp / "out.txt"
    p = r.run(["--kernel", "euclid", "-o", str(out), str(inp)])
    line = [l for l in p.err.splitlines() if l.startswith("Took ")]
    check(line and line[0].endswith(f"{out.stat().st_size} bytes of results to {out})"), f"-o: {line}")


# ------------------------------------------------------- 12./13. options

def case_option_edges(r, tmp):
    """Switches given twice are accepted; a valued flag given twice with
    different values is refused naming the flag; empty -o/-r/-c are usage
    errors; an empty input in CSV is just the header; --help states the
    line limit and the test facility's name; the old fault-hook name does
    nothing and the documented one works."""
    inp = sample_copy(tmp)
    want = e2e.expected_text(e2e.sample_pairs())
    p = r.run(["-q", "-q", "--verify", "--verify", "-k", "euclid", "--kernel", "euclid", str(inp)])
    check(p.returncode == 0 and p.out == want and "Took" not in p.err, f"repeated switches: {p.returncode} {p.err[-300:]}")
    p = r.run(["-k", "euclid", "-k", "binary", str(inp)])
    check(p.returncode == EXIT_USAGE and "--kernel" in p.err, f"different values: {p.returncode} {p.err[-200:]}")
    for flag, text in [("-o", "--output must not be empty"), ("-r", "--report must not be empty"),
                       ("-c", "--checkpoint must not be empty")]:
        p = r.run(["-k", "euclid", flag, "", str(inp)])
        check(p.returncode == EXIT_USAGE and text in p.err and p.out == "", f"{flag} '': {p.returncode} {p.err[-200:]}")
    empty = tmp / "empty.txt"
    empty.write_text("")
    p = r.run(["--format", "csv", str(empty)])
    check(p.returncode == 0 and p.out == "a,b,gcd\n", f"empty csv is its header: {p.out!r}")
    p = r.run(["--help"], np=0)
    check(p.returncode == 0 and "1 MiB" in p.out and "GCD_MPI_TEST_FAIL_RANK" in p.out, f"--help: {p.out[-600:]}")
    readme = (e2e.ROOT / "README.md").read_text()
    check("1 MiB" in readme and "GCD_MPI_TEST_FAIL_RANK" in readme, "README documents the line limit and the test facility")
    victim = max(r.np, 1) - 1
    p = r.run(["--kernel", "euclid", str(inp)], env_extra={"GCD_MPI_FAIL_RANK": str(victim)})
    check(p.returncode == 0 and p.out == want, f"the old hook name does nothing: {p.returncode}")
    p = r.run(["--kernel", "euclid", str(inp)], env_extra={"GCD_MPI_TEST_FAIL_RANK": str(victim)},
              timeout=e2e.ERROR_DEADLINE * 3)
    check(p.returncode != 0 and f"rank {victim}" in p.err, f"the test facility works: {p.returncode} {p.err[-200:]}")
