"""The study's CSV columns. Stable: jobs/, docs/scaling.md, the Slurm tests
and every committed CSV under docs/scaling/ use these names in this order.

  python3 -m gcd_mpi_study.columns      prints COLUMNS as one CSV header line
"""

# scripts/scaling: one row per gcd_mpi run (scaling.csv).
COLUMNS = [
    "study", "label", "np", "nodes", "threads", "kernel", "schedule", "launcher",
    "pairs", "candidates", "wall_seconds", "elapsed_seconds",
    "read", "scatter", "compute", "gather", "write", "read_wait", "write_wait",
    "compute_min", "compute_avg", "compute_max", "imbalance",
    "speedup", "efficiency", "cores", "oversubscribed", "repeat",
    "hosts", "busy_before", "input", "report",
]
# Rank 0's phases, copied from the report's "phases" object.
PHASES = ["read", "scatter", "compute", "gather", "write", "read_wait", "write_wait"]
# Runs that belong to one curve: speedup and efficiency are relative to the
# smallest rank count of the same group.
GROUP_KEY = ["study", "label", "kernel", "schedule", "threads", "launcher"]

# scripts/scaling copies: one row per serial copy (copies.csv).
COPIES_COLUMNS = ["copies", "repeat", "copy", "wall_seconds", "compute_seconds", "candidates", "busy_before"]

# scripts/scaling-model measure: gcd_mpi's own phases (comm.csv) ...
COMM_COLUMNS = ["transport", "np", "pairs", "batches", "batch_pairs", "input_bytes", "read", "scatter",
                "compute", "gather", "write", "read_wait", "write_wait", "wall_seconds", "elapsed_seconds",
                "root_rss_bytes", "cores", "oversubscribed", "repeat", "busy_before", "launcher"]
# ... and the collectives microbenchmark (comm-micro.csv).
MICRO_COLUMNS = ["transport", "np", "pairs", "bytes", "scatter", "gather", "iterations", "cores",
                 "oversubscribed", "repeat", "busy_before"]


if __name__ == "__main__":
    print(",".join(COLUMNS))
