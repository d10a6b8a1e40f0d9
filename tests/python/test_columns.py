"""The CSV columns are a contract: jobs/, docs/scaling.md, the Slurm tests and
the committed CSVs under docs/scaling/ all use them."""
import csv
import re
import tempfile
import unittest
from argparse import Namespace
from pathlib import Path

from study_path import REPO
from gcd_mpi_study import columns
from gcd_mpi_study.cli import SCALING_DOC
from gcd_mpi_study.csvio import write_csv
from gcd_mpi_study.sweep import sweep_row

# Written out here on purpose: changing the columns must change this test.
STABLE = ["study", "label", "np", "nodes", "threads", "kernel", "schedule", "launcher", "pairs",
          "candidates", "wall_seconds", "elapsed_seconds", "read", "scatter", "compute", "gather",
          "write", "read_wait", "write_wait", "compute_min", "compute_avg", "compute_max", "imbalance",
          "speedup", "efficiency", "cores", "oversubscribed", "repeat", "hosts", "busy_before",
          "input", "report"]


def header(path):
    with open(path, newline="") as f:
        return next(csv.reader(f))


def a_report(ranks=2):
    """A --report JSON as gcd_mpi writes it (the fields the sweep reads)."""
    return {"ranks": ranks, "threads": 1, "kernel": "trial", "schedule": "balanced", "pairs": 10,
            "candidates": 1000, "wall_seconds": 0.5, "imbalance": 1.25,
            "phases": {"read": 0.01, "scatter": 0.02, "compute": 0.4, "gather": 0.03, "write": 0.01,
                       "read_wait": 0.001, "write_wait": 0.002},
            "per_rank": [{"rank": r, "host": "n1", "compute_seconds": 0.1 * (r + 1)} for r in range(ranks)]}


class Columns(unittest.TestCase):
    def test_the_column_list_is_stable(self):
        self.assertEqual(columns.COLUMNS, STABLE)

    def test_phases_and_group_key_are_columns(self):
        self.assertTrue(set(columns.PHASES) <= set(columns.COLUMNS))
        self.assertTrue(set(columns.GROUP_KEY) <= set(columns.COLUMNS))

    def test_the_header_the_sweep_writes_is_the_column_list(self):
        args = Namespace(label="local", threads=1, kernel="trial", launcher_args="")
        row = sweep_row(a_report(), args, 2, "mpirun", "strong", 2, "balanced", 1, Path("in.txt"),
                        Path("r.json"), 1.5, 0.1)
        self.assertEqual(set(row), set(columns.COLUMNS), "a run's row has exactly the columns")
        with tempfile.TemporaryDirectory() as d:
            path = Path(d) / "scaling.csv"
            write_csv(path, [row])
            self.assertEqual(header(path), STABLE)
            self.assertFalse(Path(str(path) + ".partial").exists())

    def test_the_committed_study_csvs_have_these_columns(self):
        scaling = REPO / "docs" / "scaling"
        self.assertEqual(header(scaling / "scaling.csv"), columns.COLUMNS)
        self.assertEqual(header(scaling / "comm.csv"), columns.COMM_COLUMNS)
        self.assertEqual(header(scaling / "comm-micro.csv"), columns.MICRO_COLUMNS)
        self.assertEqual(header(scaling / "copies.csv"), columns.COPIES_COLUMNS)

    def test_docs_and_help_list_the_same_columns(self):
        text = (REPO / "docs" / "scaling.md").read_text()
        listed = text.split("`scripts/scaling` writes one row per run:", 1)[1].split("`.", 1)[0]
        self.assertEqual(re.findall(r"[a-z_]+", listed), columns.COLUMNS)
        help_list = SCALING_DOC.split("the CSV row is built from it:", 1)[1].split("wall_seconds is", 1)[0]
        self.assertEqual(re.findall(r"[a-z_]+", help_list), columns.COLUMNS)


if __name__ == "__main__":
    unittest.main()
