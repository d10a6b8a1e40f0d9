"""The command lines of scripts/scaling, scripts/scaling-model and
scripts/plot-scaling: argument parsing, then a call into the module that does
the work. Each *_main(argv) returns the exit code."""
import argparse
import os

from .common import REPO, HarnessError, die
from .model import BATCH
from .plot import plot_scaling
from .sweep import cmd_copies, cmd_summarize, cmd_sweep, default_gcd_mpi

SCALING_DOC = """scaling: strong and weak scaling sweeps of gcd_mpi, one CSV row per run.

  scripts/scaling strong [OPTIONS]       the same workload at 1, 2, 4, ... ranks
  scripts/scaling weak   [OPTIONS]       P ranks get P x --base-pairs pairs
  scripts/scaling summarize CSV... [-o summary.md] [--merged all.csv]
                                         medians over repeats as Markdown tables
  scripts/scaling copies [--copies 1,2]  k independent serial runs at once: the
                                         hardware's own ceiling for k ranks

Runs directly on a workstation (mpirun) or inside a Slurm allocation (srun
--mpi=pmix when Slurm has the pmix plugin, else mpirun); the jobs in jobs/
call it. Every run writes a --report JSON; the CSV row is built from it:
  study,label,np,nodes,threads,kernel,schedule,launcher,pairs,candidates,
  wall_seconds,elapsed_seconds,read,scatter,compute,gather,write,read_wait,
  write_wait,compute_min,compute_avg,compute_max,imbalance,speedup,efficiency,
  cores,oversubscribed,repeat,hosts,busy_before,input,report
wall_seconds is gcd_mpi's own time on rank 0 (read to write, launcher start-up
excluded); elapsed_seconds is the launcher command's time as seen from here.
read..write are rank 0's phase seconds (read and write are the busy time of
rank 0's reader and writer threads, which overlap the computing; read_wait and
write_wait are what the main thread waited for them); compute_min/avg/max span
the ranks.
Strong: speedup = t_ref*p_ref/t_p, efficiency = speedup/p (t1/(p*tp) when the
sweep starts at 1 rank). Weak: efficiency = t_ref/t_p, speedup = p*efficiency.
t_ref is the median wall time at the sweep's smallest rank count.
oversubscribed = ranks*threads > cores, the physical cores of the machines the
sweep may use (two Slurm "nodes" on one machine count that machine once).

Workloads come from scripts/gen-pairs with one seed: strong uses --pairs pairs,
weak P*--base-pairs pairs. gen-pairs draws pairs in sequence, so the weak file
for P ranks starts with the file for P/2 ranks: work grows, the mix does not.

Examples:
  scripts/scaling strong --max-ranks 8 --repeats 3 --outdir /tmp/strong
  scripts/scaling weak --ranks 1,2,4 --base-pairs 500 --outdir /tmp/weak
  scripts/scaling summarize /tmp/strong/scaling.csv /tmp/weak/scaling.csv
"""

MODEL_DOC = """scaling-model: gcd_mpi's run time past one machine, fitted to measurements here.

  scripts/scaling-model measure [--outdir docs/scaling] [--ranks 2,4,8]
                                [--pairs 1000,10000,100000,1000000] [--repeats 3]
      Times root's read/write and the scatterv/gatherv of gcd_mpi itself: the
      euclid kernel (compute next to nothing), schedule block (one scatterv
      and one gatherv per batch), growing pair counts, each rank count, over
      shared memory (Open MPI's default) and over TCP (--mca btl self,tcp).
      Appends rows to OUTDIR/comm.csv (columns in COMM_COLUMNS).
  scripts/scaling-model fit [--comm docs/scaling/comm.csv] [--scaling CSV...]
                            [--outdir docs/scaling]
      Fits the model's parameters, predicts 10^2..10^5 ranks for two
      scenarios, writes OUTDIR/model.md (parameters, predictions),
      OUTDIR/model-predictions.csv and OUTDIR/model.png/.svg (model curves
      with the measured points).

The model, for N pairs on P ranks in batches of b pairs (B = ceil(N/b)).
Rank 0 reads batch k+1 and writes batch k-1 in its own threads while batch k
is distributed and computed, so each batch takes its slowest stage:
  T(P, N) = b rho_read + sum_k max(read_k+1, D_k, write_k-1) + b rho_write
  read_k  = n_k rho_read,  write_k = n_k rho_write        rank 0's serial parse / format
  D_k (block/balanced) = (alpha_s + alpha_g)(P - 1)       linear scatterv + gatherv: a message per rank
                       + 16 n_k (1 - 1/P)(1/beta_s + 1/beta_g)   16-byte pairs out, results back
                       + max(W_k / P, c_max) / r          the slowest rank
  D_k (dynamic)        = bytes + max(max(W_k / P, c_max) / r, C(n_k, P)(alpha_s + alpha_g))
W_k = candidates of batch k, r = candidates per second of one core, c_max =
the costliest pair (with P near N it, not W/P, sets the pace), C = chunks
rank 0 hands out (dynamic_chunks). Root's memory: m0 + mu * pairs in flight
(up to three batches), fitted from max_rss_bytes.
Least squares with numpy (Debian's /usr/bin/python3, package python3-numpy).
"""

PLOT_DOC = """plot-scaling: speedup and efficiency plots (PNG and SVG) from scripts/scaling CSVs.

  scripts/plot-scaling CSV... [--outdir DIR] [--title TEXT] [--label LABEL]

Writes into DIR (default: plots next to the first CSV):
  speedup.png/.svg     strong scaling: median speedup per rank count (bars: min-max
                       over repeats) against the ideal line and the core count
  efficiency.png/.svg  strong efficiency t1/(p*tp) and weak efficiency t1/tp
  time.png/.svg        median wall time per rank count
plus plot-data/*.dat and scaling.gp, the gnuplot input, to re-plot by hand.
Points with more ranks than physical cores are shaded as oversubscribed.
Each title names the workload (pairs, kernel, schedule) and the commit and
date of the data: from the runs' --report JSONs (the CSV's report column)
when they are still there, else from git (the commit that last changed the
CSV, or HEAD for a CSV git does not know), and says which. --label plots
only the rows of one label (e.g. one setup in a merged CSV).
Needs gnuplot (Debian: gnuplot-nox) with the pngcairo and svg terminals.
"""


def scaling_main(argv=None):
    ap = argparse.ArgumentParser(prog="scripts/scaling", description=SCALING_DOC,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="command", required=True)
    for name in ("strong", "weak"):
        sp = sub.add_parser(name, help=f"{name} scaling sweep")
        sp.add_argument("--ranks", help="comma list of rank counts (default 1, 2, 4, ... up to --max-ranks)")
        sp.add_argument("--max-ranks", type=int,
                        help="largest rank count (default: the allocation's tasks in Slurm, else the cores here)")
        sp.add_argument("--repeats", type=int, default=3, help="runs per rank count (default 3)")
        sp.add_argument("--kernel", default="trial", help="gcd_mpi --kernel (default trial)")
        sp.add_argument("--schedule", default="balanced",
                        help="gcd_mpi --schedule, or a comma list to sweep several (default balanced)")
        sp.add_argument("--threads", type=int, default=1, help="threads per rank (default 1)")
        sp.add_argument("--launcher", default=os.environ.get("LAUNCHER", "auto"),
                        help="'auto' (srun --mpi=pmix in a Slurm allocation with pmix, else mpirun), "
                             "'srun --mpi=pmix', 'mpirun', or 'none' (serial, 1 rank)")
        sp.add_argument("--launcher-args", default="",
                        help="extra launcher arguments, e.g. '--mca btl self,tcp'")
        sp.add_argument("--extra-args", default="", help="extra gcd_mpi arguments, e.g. '--batch-size 1000'")
        if name == "strong":
            sp.add_argument("--input", help="workload file (default: generated with --pairs)")
            sp.add_argument("--pairs", type=int, default=3000,
                            help="pairs of the generated workload (default 3000: ~3 s on one core here)")
        else:
            sp.add_argument("--base-pairs", type=int, default=2500,
                            help="pairs per rank (default 2500: ~2.5 s per rank here)")
        sp.add_argument("--max-value", type=int, default=50_000_000, help="gen-pairs --max (default 5e7)")
        sp.add_argument("--shape", default="uniform", choices=["uniform", "skewed", "equal"])
        sp.add_argument("--seed", type=int, default=1)
        sp.add_argument("--outdir", default=f"scaling-{name}", help=f"output directory (default scaling-{name})")
        sp.add_argument("--append", action="store_true", help="keep the rows already in OUTDIR/scaling.csv")
        sp.add_argument("--label", default=os.environ.get("LABEL", "local"), help="free text naming the setup")
        sp.add_argument("--gcd-mpi", default=default_gcd_mpi(),
                        help="the binary (default $GCD_MPI or build/release/gcd_mpi)")
        sp.add_argument("--cores", type=int, help="physical cores to assume (default: detected)")
        sp.add_argument("--wait-idle", type=float, default=0,
                        help="before each run wait up to this many seconds for the machine to be idle")
        sp.add_argument("--idle-threshold", type=float, default=0.25,
                        help="'idle' = busy fraction below this (default 0.25)")
        sp.add_argument("--run-timeout", type=float, default=600, help="seconds per run (default 600)")
        sp.add_argument("--priority", type=int, default=0,
                        help="start every rank with nice N and autogroup nice N; N < 0 (root) gives the "
                             "ranks priority over other work on a shared machine (default 0: untouched)")
    sp = sub.add_parser("copies", help="k independent serial runs at once: the hardware's ceiling")
    sp.add_argument("--copies", default="1,2", help="comma list (default 1,2)")
    sp.add_argument("--repeats", type=int, default=3)
    sp.add_argument("--kernel", default="trial")
    sp.add_argument("--input")
    sp.add_argument("--pairs", type=int, default=3000)
    sp.add_argument("--max-value", type=int, default=50_000_000)
    sp.add_argument("--shape", default="uniform", choices=["uniform", "skewed", "equal"])
    sp.add_argument("--seed", type=int, default=1)
    sp.add_argument("--outdir", default="scaling-copies")
    sp.add_argument("--priority", type=int, default=0)
    sp.add_argument("--gcd-mpi", default=default_gcd_mpi())
    sp = sub.add_parser("summarize", help="medians over repeats as Markdown")
    sp.add_argument("csv", nargs="+")
    sp.add_argument("-o", "--output", help="Markdown file (default stdout)")
    sp.add_argument("--merged", help="also write all rows, speedups recomputed, to this CSV")
    args = ap.parse_args(argv)
    try:
        if args.command == "summarize":
            return cmd_summarize(args)
        if args.command == "copies":
            return cmd_copies(args)
        if args.repeats < 1:
            raise HarnessError("--repeats must be >= 1")
        return cmd_sweep(args)
    except HarnessError as e:
        die(str(e))


def model_main(argv=None):
    ap = argparse.ArgumentParser(prog="scripts/scaling-model", description=MODEL_DOC,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="command", required=True)
    m = sub.add_parser("measure", help="time scatterv/gatherv and root's read/write")
    m.add_argument("--outdir", default=str(REPO / "docs" / "scaling"))
    m.add_argument("--workdir", default="/tmp/gcd-scaling-model", help="inputs and reports (large)")
    m.add_argument("--ranks", default="1,2,4,8", help="rank counts (the microbenchmark skips 1)")
    m.add_argument("--pairs", default="1000,10000,100000,1000000")
    m.add_argument("--repeats", type=int, default=3)
    m.add_argument("--transports", help="comma list of shm,tcp (default both)")
    m.add_argument("--launcher", default="mpirun")
    m.add_argument("--no-micro", action="store_true", help="skip the collectives microbenchmark")
    m.add_argument("--max-value", type=int, default=50_000_000)
    m.add_argument("--seed", type=int, default=1)
    m.add_argument("--cores", type=int)
    m.add_argument("--wait-idle", type=float, default=0)
    m.add_argument("--priority", type=int, default=0,
                   help="ranks' nice and autogroup nice (N < 0: priority on a shared machine, needs root)")
    m.add_argument("--idle-threshold", type=float, default=0.25)
    m.add_argument("--gcd-mpi", default=default_gcd_mpi())
    f = sub.add_parser("fit", help="fit, predict and plot")
    f.add_argument("--comm", default=str(REPO / "docs" / "scaling" / "comm.csv"))
    f.add_argument("--micro", default=str(REPO / "docs" / "scaling" / "comm-micro.csv"),
                   help="the collectives microbenchmark's CSV (measure writes it beside comm.csv)")
    f.add_argument("--scaling", nargs="*", default=[str(REPO / "docs" / "scaling" / "scaling.csv")],
                   help="scripts/scaling CSVs (for the compute rate and the measured points)")
    f.add_argument("--label", default="local", help="which study rows to put on the plot")
    f.add_argument("--schedule", default="dynamic", help="which schedule's rows to put on the plot")
    f.add_argument("--network", default="tcp", help="transport whose parameters the predictions use")
    f.add_argument("--strong-pairs", type=int, default=10_000_000)
    f.add_argument("--batch", default=f"{BATCH},{1 << 26}",
                   help="--batch-size values to predict for (default: gcd_mpi's default and its maximum)")
    f.add_argument("--outdir", default=str(REPO / "docs" / "scaling"))
    args = ap.parse_args(argv)
    # Imported here: the fit needs numpy, the sweeps and plots do not.
    try:
        from .measure import cmd_measure
        from .model_report import cmd_fit
    except ModuleNotFoundError as e:
        die(f"{e}: run scripts/scaling-model as it is (#!/usr/bin/python3), with Debian's "
            "python3-numpy (scripts/setup installs it)", prog="scaling-model")
    try:
        return cmd_measure(args) if args.command == "measure" else cmd_fit(args)
    except HarnessError as e:
        die(str(e), prog="scaling-model")


def plot_main(argv=None):
    ap = argparse.ArgumentParser(prog="scripts/plot-scaling", description=PLOT_DOC,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("csv", nargs="+")
    ap.add_argument("--outdir", help="output directory (default: plots/ beside the first CSV)")
    ap.add_argument("--title", default="gcd_mpi", help="title prefix")
    ap.add_argument("--label", help="plot only the rows with this label")
    args = ap.parse_args(argv)
    return plot_scaling(args.csv, args.outdir, args.title, args.label)
