"""scripts/scaling-model measure: rank 0's read/write and the scatterv/
gatherv of gcd_mpi itself (comm.csv), and the collectives alone in a small
MPI program (comm-micro.csv)."""
import argparse
import csv
import json
import os
import shlex
import subprocess
import time
from pathlib import Path

from .columns import COMM_COLUMNS, MICRO_COLUMNS
from .common import log as _log
from .launch import launch_prefix, priority_wrapper
from .machine import Machines, cpu_busy_fraction, wait_until_idle
from .workload import generate


def log(msg):
    _log(msg, prog="scaling-model")


MICRO_C = r"""
/* scaling-model's collective microbenchmark: rank 0's time for MPI_Scatterv
 * of n 16-byte pairs (as gcd_mpi sends them: blocks differing by at most one)
 * and MPI_Gatherv of n 16-byte results, averaged over many iterations, each
 * started after a barrier. Prints "pairs bytes scatter_seconds gather_seconds iterations". */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main(int argc, char **argv) {
    int rank, size;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    long sizes[] = {1, 10, 100, 1000, 10000, 100000, 1000000};
    int *counts = malloc(sizeof(int) * size), *displs = malloc(sizeof(int) * size);
    char *all = malloc(16L * 1000000 + 16), *mine = malloc(16L * 1000000 + 16);
    memset(all, 1, 16L * 1000000 + 16);
    memset(mine, 2, 16L * 1000000 + 16);
    for (unsigned k = 0; k < sizeof sizes / sizeof sizes[0]; ++k) {
        long n = sizes[k];
        int off = 0;
        for (int r = 0; r < size; ++r) {
            counts[r] = (int)(16 * (n / size + (r < n % size)));
            displs[r] = off;
            off += counts[r];
        }
        int iters = n <= 1000 ? 300 : n <= 100000 ? 30 : 8;
        double ts = 0, tg = 0;
        for (int it = -3; it < iters; ++it) {
            MPI_Barrier(MPI_COMM_WORLD);
            double t0 = MPI_Wtime();
            MPI_Scatterv(all, counts, displs, MPI_BYTE, mine, counts[rank], MPI_BYTE, 0, MPI_COMM_WORLD);
            double t1 = MPI_Wtime();
            MPI_Barrier(MPI_COMM_WORLD);
            double t2 = MPI_Wtime();
            MPI_Gatherv(mine, counts[rank], MPI_BYTE, all, counts, displs, MPI_BYTE, 0, MPI_COMM_WORLD);
            double t3 = MPI_Wtime();
            if (it >= 0) { ts += t1 - t0; tg += t3 - t2; }
        }
        if (rank == 0) printf("%ld %ld %.9g %.9g %d\n", n, 16 * n, ts / iters, tg / iters, iters);
        fflush(stdout);
    }
    MPI_Finalize();
    return 0;
}
"""


def measure_micro(args, machines, work, outdir, ranks, transports):
    """The collectives alone, in a 60-line MPI program compiled here with
    mpicc (like scripts/slurm-cluster-selftest's hello world)."""
    src, exe = work / "collectives.c", work / "collectives"
    src.write_text(MICRO_C)
    res = subprocess.run(["mpicc", "-O2", "-o", str(exe), str(src)], capture_output=True, text=True)
    if res.returncode != 0:
        log(f"error: mpicc failed: {res.stderr}")
        return 1
    out_csv = outdir / "comm-micro.csv"
    new_file = not out_csv.exists()
    with open(out_csv, "a", newline="") as f:
        w = csv.DictWriter(f, fieldnames=MICRO_COLUMNS)
        if new_file:
            w.writeheader()
        for rep in range(1, args.repeats + 1):
            for transport, largs in transports:
                for p in ranks:
                    cmd = (launch_prefix(args.launcher, largs, p, machines) + priority_wrapper(args.priority)
                           + [str(exe)])
                    busy = cpu_busy_fraction(0.2)
                    res = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
                    if res.returncode != 0:
                        log(f"error: {shlex.join(cmd)} exited {res.returncode}: {res.stderr.strip()}")
                        return 1
                    for line in res.stdout.split("\n"):
                        parts = line.split()
                        if len(parts) != 5:
                            continue
                        w.writerow({"transport": transport, "np": p, "pairs": parts[0], "bytes": parts[1],
                                    "scatter": parts[2], "gather": parts[3], "iterations": parts[4],
                                    "cores": machines.cores, "oversubscribed": int(p > machines.cores),
                                    "repeat": rep, "busy_before": round(busy, 3)})
                    f.flush()
                    log(f"micro {transport} np={p} r{rep}: done")
    log(f"wrote {out_csv}")
    return 0


def cmd_measure(args):
    gcd = Path(args.gcd_mpi)
    if not os.access(gcd, os.X_OK):
        log(f"error: no gcd_mpi at {gcd} (scripts/build, or set GCD_MPI)")
        return 1
    outdir = Path(args.outdir).resolve()
    work = Path(args.workdir).resolve()
    (work / "reports").mkdir(parents=True, exist_ok=True)
    machines = Machines(args.cores)
    ranks = [int(x) for x in args.ranks.split(",")]
    counts = [int(float(x)) for x in args.pairs.split(",")]
    gen_args = argparse.Namespace(shape="uniform", max_value=args.max_value, seed=args.seed, gcd_mpi=str(gcd))
    inputs = {n: generate(gen_args, n, work) for n in counts}
    transports = [("shm", ""), ("tcp", "--mca btl self,tcp")]
    if args.transports:
        transports = [t for t in transports if t[0] in args.transports.split(",")]
    outdir.mkdir(parents=True, exist_ok=True)
    if not args.no_micro:
        rc = measure_micro(args, machines, work, outdir, [p for p in ranks if p > 1], transports)
        if rc:
            return rc
    out_csv = outdir / "comm.csv"
    new_file = not out_csv.exists()
    with open(out_csv, "a", newline="") as f:
        w = csv.DictWriter(f, fieldnames=COMM_COLUMNS)
        if new_file:
            w.writeheader()
        for rep in range(1, args.repeats + 1):
            for transport, largs in transports:
                for p in ranks:
                    for n in counts:
                        report = work / "reports" / f"comm-{transport}-np{p}-n{n}-r{rep}.json"
                        prefix = launch_prefix(args.launcher, largs, p, machines)
                        cmd = prefix + priority_wrapper(args.priority) + [
                            str(gcd), "--kernel", "euclid", "--schedule", "block", "--quiet",
                            "--output", str(work / "out.txt"),
                            "--report", str(report), str(inputs[n])]
                        busy = (wait_until_idle(args.wait_idle, args.idle_threshold)
                                if args.wait_idle > 0 else cpu_busy_fraction(0.2))
                        t0 = time.monotonic()
                        res = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                             text=True, timeout=600)
                        elapsed = time.monotonic() - t0
                        if res.returncode != 0:
                            log(f"error: {shlex.join(cmd)} exited {res.returncode}: {res.stderr.strip()}")
                            return 1
                        rep_json = json.loads(report.read_text())
                        ph = rep_json["phases"]
                        row = {"transport": transport, "np": p, "pairs": n,
                               "batches": rep_json["batches"], "batch_pairs": rep_json["batch_pairs"],
                               "input_bytes": inputs[n].stat().st_size,
                               "read": ph["read"], "scatter": ph["scatter"], "compute": ph["compute"],
                               "gather": ph["gather"], "write": ph["write"],
                               "read_wait": ph.get("read_wait", 0.0), "write_wait": ph.get("write_wait", 0.0),
                               "wall_seconds": rep_json["wall_seconds"], "elapsed_seconds": round(elapsed, 4),
                               "root_rss_bytes": rep_json["per_rank"][0]["max_rss_bytes"],
                               "cores": machines.cores, "oversubscribed": int(p > machines.cores),
                               "repeat": rep, "busy_before": round(busy, 3),
                               "launcher": shlex.join(prefix)}
                        w.writerow(row)
                        f.flush()
                        log(f"{transport} np={p} pairs={n} r{rep}: scatter {ph['scatter'] * 1e3:.3f} ms, "
                            f"gather {ph['gather'] * 1e3:.3f} ms, read {ph['read'] * 1e3:.2f} ms")
    log(f"wrote {out_csv}")
    return 0
