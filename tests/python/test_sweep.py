"""The sweep's pure parts: a run's CSV row, rank counts, launcher words,
workload names and costs, Slurm's counts, CSV files."""
import os
import shutil
import tempfile
import unittest
from argparse import Namespace
from pathlib import Path
from types import SimpleNamespace
from unittest import mock

import study_path  # noqa: F401
from gcd_mpi_study.common import HarnessError
from gcd_mpi_study.csvio import read_csv, write_csv
from gcd_mpi_study.launch import detect_launcher, launch_prefix, launcher_kind, resolve_launcher
from gcd_mpi_study.machine import count_machine_cores, expand_slurm_counts
from gcd_mpi_study.sweep import copies_table, rank_counts, sweep_row
from gcd_mpi_study.workload import pair_cost, parse_workload_name, workload_costs, workload_name
from test_columns import a_report


def brute_force_candidates(a, b):
    """Candidates the brute-force kernel tests: from min(a, b) down to the
    first common divisor (the reference, counted, not computed)."""
    n = 0
    for i in range(min(a, b), 0, -1):
        n += 1
        if a % i == 0 and b % i == 0:
            return n
    return n


class SweepRow(unittest.TestCase):
    def test_a_row_is_built_from_the_report(self):
        args = Namespace(label="2node", threads=2, kernel="trial", launcher_args="--mca btl self,tcp")
        rep = a_report(ranks=3)
        rep["per_rank"][2]["host"] = "n2"
        row = sweep_row(rep, args, 4, "mpirun", "weak", 3, "dynamic", 2, Path("in.txt"), Path("r.json"),
                        1.2345678, 0.45678)
        self.assertEqual((row["np"], row["nodes"], row["hosts"]), (3, 2, "n1 n2"))
        self.assertEqual(row["schedule"], "balanced", "the report's schedule, not the one asked for")
        self.assertEqual(row["launcher"], "mpirun --mca btl self,tcp")
        self.assertEqual((row["compute_min"], row["compute_max"]), (0.1, 0.30000000000000004))
        self.assertAlmostEqual(row["compute_avg"], 0.2)
        self.assertEqual(row["oversubscribed"], 1, "3 ranks x 2 threads > 4 cores")
        self.assertEqual((row["elapsed_seconds"], row["busy_before"]), (1.234568, 0.457))
        self.assertEqual((row["speedup"], row["efficiency"]), ("", ""))
        self.assertEqual(row["scatter"], 0.02)

    def test_missing_phases_are_zero(self):
        args = Namespace(label="x", threads=1, kernel="trial", launcher_args="")
        rep = a_report(ranks=1)
        del rep["phases"]["read_wait"]
        row = sweep_row(rep, args, 2, "none", "strong", 1, "block", 1, "in", "r", 0.0, 0.0)
        self.assertEqual(row["read_wait"], 0.0)
        self.assertEqual(row["oversubscribed"], 0)


class RankCounts(unittest.TestCase):
    def test_powers_of_two_up_to_the_top_and_the_top(self):
        self.assertEqual(rank_counts(None, 8), [1, 2, 4, 8])
        self.assertEqual(rank_counts(None, 6), [1, 2, 4, 6])
        self.assertEqual(rank_counts(None, 1), [1])

    def test_a_list_is_sorted_and_deduplicated(self):
        self.assertEqual(rank_counts("4,1,2,4,", None), [1, 2, 4])

    def test_zero_ranks_is_an_error(self):
        with self.assertRaises(HarnessError):
            rank_counts("0,2", None)


class Launchers(unittest.TestCase):
    here = SimpleNamespace(alloc_tasks=None, alloc_nodes=1, cores=2)

    def test_kinds(self):
        self.assertEqual(launcher_kind("srun --mpi=pmix"), "srun")
        self.assertEqual(launcher_kind("/usr/bin/mpiexec"), "mpirun")
        self.assertEqual(launcher_kind("none"), "none")
        with self.assertRaises(HarnessError):
            launcher_kind("aprun")

    @mock.patch.dict(os.environ, {"OMPI_ALLOW_RUN_AS_ROOT": "1"})
    def test_mpirun_oversubscribes_past_the_cores(self):
        self.assertEqual(launch_prefix("mpirun", "", 2, self.here), ["mpirun", "-np", "2"])
        self.assertEqual(launch_prefix("mpirun", "--mca btl self,tcp", 4, self.here),
                         ["mpirun", "-np", "4", "--oversubscribe", "--mca", "btl", "self,tcp"])
        self.assertEqual(launch_prefix("mpirun --oversubscribe", "", 4, self.here),
                         ["mpirun", "--oversubscribe", "-np", "4"])

    def test_srun_spreads_over_the_allocations_nodes(self):
        alloc = SimpleNamespace(alloc_tasks=4, alloc_nodes=2, cores=4)
        self.assertEqual(launch_prefix("srun --mpi=pmix", "", 2, alloc),
                         ["srun", "--mpi=pmix", "--kill-on-bad-exit=1", "-n", "2", "-N", "1"])
        self.assertEqual(launch_prefix("srun", "", 8, alloc),
                         ["srun", "--kill-on-bad-exit=1", "-n", "8", "-N", "2", "--overcommit"])

    def test_no_launcher_runs_one_rank(self):
        self.assertEqual(launch_prefix("none", "", 1, self.here), [])
        with self.assertRaises(HarnessError):
            launch_prefix("none", "", 2, self.here)


class PickLauncher(unittest.TestCase):
    """'auto' in an allocation is what jobs/pick-launcher prints, when the
    repository has it; outside one, mpirun as before."""

    def repo_with_picker(self, body):
        d = tempfile.TemporaryDirectory()
        self.addCleanup(d.cleanup)
        picker = Path(d.name) / "jobs" / "pick-launcher"
        picker.parent.mkdir()
        picker.write_text("#!/bin/sh\n" + body + "\n")
        picker.chmod(0o755)
        return Path(d.name)

    def test_auto_in_an_allocation_is_the_pickers_line_without_our_launcher_variable(self):
        repo = self.repo_with_picker('echo "srun --mpi=pmix${LAUNCHER:+ (saw LAUNCHER=$LAUNCHER)}"')
        with mock.patch.dict(os.environ, {"LAUNCHER": "mpirun"}):
            self.assertEqual(resolve_launcher("auto", repo, allocation=True), "srun --mpi=pmix")

    def test_outside_an_allocation_the_picker_is_not_asked(self):
        repo = self.repo_with_picker("echo srun; exit 3")
        want = "mpirun" if shutil.which("mpirun") else "none"
        self.assertEqual(resolve_launcher("auto", repo, allocation=False), want)

    def test_a_given_launcher_is_used_as_given(self):
        repo = self.repo_with_picker("exit 3")
        self.assertEqual(resolve_launcher("mpirun --bind-to core", repo, allocation=True),
                         "mpirun --bind-to core")

    def test_a_failing_or_chatty_picker_is_an_error(self):
        with self.assertRaises(HarnessError):
            resolve_launcher("auto", self.repo_with_picker("echo mpirun; exit 1"), allocation=True)
        with self.assertRaises(HarnessError):
            resolve_launcher("auto", self.repo_with_picker("echo mpirun; echo srun"), allocation=True)

    def test_without_the_picker_auto_detects(self):
        with tempfile.TemporaryDirectory() as d:
            self.assertEqual(resolve_launcher("auto", Path(d), allocation=False), detect_launcher(False))


class SlurmCounts(unittest.TestCase):
    def test_expand(self):
        self.assertEqual(expand_slurm_counts("2(x3),1"), [2, 2, 2, 1])
        self.assertEqual(expand_slurm_counts("4"), [4])
        self.assertEqual(expand_slurm_counts(""), [])

    def test_nodes_on_one_machine_count_once(self):
        lines = ["n2 boot-a 2", "n1 boot-a 2", "n3 boot-b 8"]
        cores, detail = count_machine_cores(lines, [2, 2, 4])
        self.assertEqual(cores, 2 + 4)
        self.assertEqual(detail, "n1+n2: one machine, 2 cores; n3: one machine, 4 cores")

    def test_blank_lines_do_not_shift_the_nodes_cpus(self):
        # srun's output ends with a newline; one CPU of a 2-core node allocated.
        self.assertEqual(count_machine_cores("n1 boot-a 2\n".split("\n"), [1]),
                         (1, "n1: one machine, 1 cores"))
        self.assertEqual(count_machine_cores(["", "n1 boot-a 2", "n2 boot-b 8", ""], [2, 4])[0], 6)


class Workloads(unittest.TestCase):
    def test_pair_cost_is_the_brute_force_count(self):
        for a, b in [(12, 18), (18, 12), (7, 13), (100, 100), (1, 9), (36, 48), (97, 1)]:
            self.assertEqual(pair_cost(a, b), brute_force_candidates(a, b), (a, b))
        self.assertEqual(pair_cost(0, 5), 0)

    def test_costs_of_a_file(self):
        with tempfile.TemporaryDirectory() as d:
            p = Path(d) / "pairs.txt"
            p.write_text("# header\n12 18\n\n7,13  # a comment\n-36 48\n")
            self.assertEqual(workload_costs(p), [pair_cost(12, 18), pair_cost(7, 13), pair_cost(36, 48)])

    def test_names_carry_the_parameters(self):
        name = workload_name(3000, "uniform", 50_000_000, 1)
        self.assertEqual(name, "pairs-3000-uniform-max50000000-seed1.txt")
        self.assertEqual(parse_workload_name(name), (3000, "uniform", 50_000_000, 1))
        self.assertIsNone(parse_workload_name("my-pairs.txt"))


class CsvFiles(unittest.TestCase):
    def test_rows_of_several_files_in_order_and_extra_keys_left_out(self):
        with tempfile.TemporaryDirectory() as d:
            a, b = Path(d) / "a.csv", Path(d) / "b.csv"
            write_csv(a, [{"x": 1, "y": "p q", "z": 9}], columns=["x", "y"])
            write_csv(b, [{"x": 2, "y": "a,b"}, {"x": 3}], columns=["x", "y"])
            self.assertEqual(a.read_bytes(), b"x,y\r\n1,p q\r\n")
            self.assertEqual(read_csv([a, b]), [{"x": "1", "y": "p q"}, {"x": "2", "y": "a,b"},
                                                {"x": "3", "y": ""}])

    def test_copies_table(self):
        rows = [{"copies": 1, "wall_seconds": 2.0}, {"copies": 1, "wall_seconds": 2.2},
                {"copies": 2, "wall_seconds": 2.4}, {"copies": 2, "wall_seconds": 2.6}]
        self.assertEqual(copies_table(rows).splitlines()[2:],
                         ["| 1 | 2 | 2.100 | 1.00x | 1.00x |", "| 2 | 2 | 2.500 | 1.19x | 1.68x |"])


if __name__ == "__main__":
    unittest.main()
