"""Stop requests honoured whatever the job is blocked on (issue 10, section 3):
reading a FIFO or stdin that never gets data, writing to a FIFO nobody opens,
writing to a pipe nobody reads. Each must end with exit 75 and the usual
message within a few seconds (the watchdog would take 30 s and used to exit
142 without a word)."""
import fcntl
import os
import subprocess
import termios
import time
from pathlib import Path

import e2e

STOP_DEADLINE = 5  # seconds from SIGTERM to exit


def catches_sigterm(pid):
    """True once `pid` has installed its SIGTERM handler (SigCgt bit 15)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("SigCgt:"):
                return bool(int(line.split()[1], 16) & (1 << (15 - 1)))
    except OSError:
        pass
    return False


def wait_for(cond, what, timeout=30):
    deadline = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > deadline:
            raise RuntimeError(f"timed out waiting for {what}")
        time.sleep(0.02)


def has_open(pid, path):
    """True once `pid` holds `path` open."""
    try:
        return any(os.readlink(f"/proc/{pid}/fd/{fd}") == str(path) for fd in os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return False


def stop_and_check(r, proc, what, ready=lambda pids: True):
    """Waits until every rank catches SIGTERM and `ready(pids)`, sends SIGTERM
    to every rank (as Slurm does), and checks the exit."""
    want = max(r.np, 1)
    pids = {}

    def all_ready():
        nonlocal pids
        pids = e2e.rank_pids(proc.pid, r.np)
        return len(pids) == want and all(catches_sigterm(p) for p in pids.values()) and ready(pids)

    wait_for(all_ready, f"{what}: every rank running")
    start = time.monotonic()
    for pid in pids.values():
        os.kill(pid, 15)
    code, out, err, _ = e2e.finish(proc, 30)
    elapsed = time.monotonic() - start
    e2e.check(code == 75, f"{what}: exit {code}, want 75: {err[-400:]}")
    e2e.check(elapsed < STOP_DEADLINE, f"{what}: stopped {elapsed:.1f}s after SIGTERM")
    e2e.check("stopped by SIGTERM" in err, f"{what}: says it was stopped: {err[-400:]}")
    return out


def case_stop_blocked_io(r, tmp):
    """SIGTERM while rank 0 waits on a FIFO with no writer, on stdin that
    never gets data, and (serial) on an output FIFO nobody opens or a full
    stdout pipe: exit 75 within 5 s, with the usual message."""
    fifo = tmp / "in.fifo"
    os.mkfifo(fifo)
    proc = subprocess.Popen(r.command(["--kernel", "euclid", str(fifo)]),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    stop_and_check(r, proc, "input FIFO without a writer")

    if r.np == 0:
        # stdin: a pipe whose writer stays open and silent.
        rfd, wfd = os.pipe()
        proc = subprocess.Popen(r.command(["--kernel", "euclid", "-"]), stdin=rfd,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        os.close(rfd)
        stop_and_check(r, proc, "silent stdin")
        os.close(wfd)

    out_fifo = tmp / "out.fifo"
    os.mkfifo(out_fifo)
    proc = subprocess.Popen(r.command(["--kernel", "euclid", "-o", str(out_fifo), str(e2e.SAMPLE)]),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    stop_and_check(r, proc, "output FIFO without a reader")

    if r.np == 0:
        # stdout: a pipe nobody reads, filled to the brim (under mpirun the
        # launcher buffers rank 0's output, so only the serial mode blocks).
        big = tmp / "big.txt"
        big.write_text("".join(f"{i} {i * 6}\n" for i in range(1, 200_001)))
        proc = subprocess.Popen(r.command(["--kernel", "euclid", str(big)]),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)

        def pipe_full(_pids):
            buf = bytearray(4)
            fcntl.ioctl(proc.stdout.fileno(), termios.FIONREAD, buf)
            return int.from_bytes(buf, "little") >= 60000

        out = stop_and_check(r, proc, "full stdout pipe", pipe_full)
        e2e.check(out.count("\n") < 200_000, "a stopped run did not write every result")
