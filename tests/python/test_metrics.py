"""Speedup, efficiency and medians over repeats: expected values worked out
by hand from the definitions in docs/scaling.md."""
import unittest

import study_path  # noqa: F401
from gcd_mpi_study.metrics import (add_speedup, fnum, median_ci, medians, speedup_efficiency,
                                   work_normalised_efficiency)
from gcd_mpi_study.summary import markdown_summary


def row(study, np_, wall, repeat=1, schedule="dynamic", candidates=1000, pairs=100, **more):
    r = {"study": study, "label": "local", "kernel": "trial", "schedule": schedule, "threads": "1",
         "launcher": "mpirun", "np": str(np_), "nodes": "1", "pairs": str(pairs),
         "candidates": str(candidates), "wall_seconds": str(wall), "elapsed_seconds": str(wall + 0.5),
         "compute_max": str(wall * 0.9), "compute_avg": str(wall * 0.8), "imbalance": "1.1",
         "scatter": "0.001", "gather": "0.002", "read": "0.01", "write": "0.02", "cores": "2",
         "oversubscribed": "1" if np_ > 2 else "0", "repeat": str(repeat), "busy_before": "0.1",
         "speedup": "", "efficiency": ""}
    r.update(more)
    return r


class SpeedupEfficiency(unittest.TestCase):
    def test_strong_speedup_is_reference_time_over_time(self):
        self.assertEqual(speedup_efficiency("strong", 4, 2.5, 1, 10.0), (4.0, 1.0))
        # From a 2-rank reference: speedup counts the reference's ranks.
        s, e = speedup_efficiency("strong", 8, 4.0, 2, 10.0)
        self.assertAlmostEqual(s, 5.0)
        self.assertAlmostEqual(e, 0.625)

    def test_weak_efficiency_is_reference_time_over_time(self):
        s, e = speedup_efficiency("weak", 4, 2.5, 1, 2.0)
        self.assertAlmostEqual(e, 0.8)
        self.assertAlmostEqual(s, 3.2)

    def test_work_normalised_efficiency_divides_by_the_work_ratio(self):
        # 4 ranks did 4.4x the 1-rank work in 1.1x the time: per unit of work, ideal.
        self.assertAlmostEqual(work_normalised_efficiency(4400, 1000, 4, 1, 1.1, 1.0), 1.0)
        self.assertIsNone(work_normalised_efficiency(4400, 0, 4, 1, 1.1, 1.0))
        self.assertIsNone(work_normalised_efficiency(None, 1000, 4, 1, 1.1, 1.0))

    def test_fnum_reads_numbers_and_leaves_blanks_none(self):
        self.assertEqual(fnum("1.5"), 1.5)
        self.assertIsNone(fnum(""))
        self.assertIsNone(fnum(None))
        self.assertIsNone(fnum("n/a"))


class MedianConfidenceInterval(unittest.TestCase):
    # Coverages by hand: 1 - 2 sum_{i<j} C(n, i) / 2^n.
    def test_six_runs_give_min_to_max_at_63_of_64(self):
        ci = median_ci([5.0, 1.0, 4.0, 2.0, 6.0, 3.0])
        self.assertEqual((ci["low"], ci["high"], ci["rank"]), (1.0, 6.0, 1))
        self.assertAlmostEqual(ci["median"], 3.5)
        self.assertAlmostEqual(ci["coverage"], 1 - 2 / 64)

    def test_five_runs_are_too_few_for_95_percent(self):
        # min-max of 5 covers 1 - 2/32 = 93.75 % < 95 %.
        self.assertIsNone(median_ci([1, 2, 3, 4, 5]))
        ci = median_ci([1, 2, 3, 4, 5], confidence=0.9)
        self.assertEqual((ci["low"], ci["high"]), (1.0, 5.0))
        self.assertAlmostEqual(ci["coverage"], 0.9375)

    def test_nine_and_ten_runs_drop_one_order_statistic_each_side(self):
        ci = median_ci(range(1, 10))
        self.assertEqual((ci["low"], ci["high"], ci["median"]), (2.0, 8.0, 5.0))
        self.assertAlmostEqual(ci["coverage"], 1 - 2 * 10 / 512)
        ci = median_ci(range(10, 0, -1))
        self.assertEqual((ci["low"], ci["high"]), (2.0, 9.0))
        self.assertAlmostEqual(ci["coverage"], 1 - 2 * 11 / 1024)

    def test_the_interval_is_the_narrowest_with_the_coverage(self):
        # 20 runs: P(B <= 5) = 0.0207 <= 0.025 < P(B <= 6) = 0.0577, so j = 6.
        ci = median_ci(range(1, 21))
        self.assertEqual((ci["low"], ci["high"], ci["rank"]), (6.0, 15.0, 6))
        self.assertGreaterEqual(ci["coverage"], 0.95)
        self.assertIsNone(median_ci([]))


class AddSpeedup(unittest.TestCase):
    def test_each_row_is_relative_to_the_median_of_its_groups_smallest_rank_count(self):
        rows = [row("strong", 1, 9.0, 1), row("strong", 1, 10.0, 2), row("strong", 1, 14.0, 3),
                row("strong", 2, 5.0, 1), row("strong", 4, 4.0, 1)]
        add_speedup(rows)
        self.assertEqual([r["speedup"] for r in rows], [round(10 / 9, 4), 1.0, round(10 / 14, 4), 2.0, 2.5])
        self.assertEqual([r["efficiency"] for r in rows], [round(10 / 9, 4), 1.0, round(10 / 14, 4), 1.0, 0.625])

    def test_groups_do_not_mix(self):
        rows = [row("strong", 1, 10.0), row("strong", 2, 5.0),
                row("strong", 1, 20.0, schedule="block"), row("strong", 2, 20.0, schedule="block")]
        add_speedup(rows)
        self.assertEqual([r["speedup"] for r in rows], [1.0, 2.0, 1.0, 1.0])

    def test_weak_rows(self):
        rows = [row("weak", 1, 2.0), row("weak", 2, 2.5), row("weak", 4, 4.0)]
        add_speedup(rows)
        self.assertEqual([r["efficiency"] for r in rows], [1.0, 0.8, 0.5])
        self.assertEqual([r["speedup"] for r in rows], [1.0, 1.6, 2.0])

    def test_a_zero_time_is_left_blank(self):
        rows = [row("strong", 1, 10.0), row("strong", 2, 0.0)]
        add_speedup(rows)
        self.assertEqual(rows[1]["speedup"], "")


class Medians(unittest.TestCase):
    def test_one_entry_per_rank_count_with_medians_and_per_repeat_ranges(self):
        rows = [row("strong", 1, w, i) for i, w in enumerate([9.0, 10.0, 14.0], 1)] + \
               [row("strong", 2, w, i) for i, w in enumerate([4.0, 5.0, 8.0], 1)]
        ms = medians(rows)
        self.assertEqual([m["np"] for m in ms], [1, 2])
        one, two = ms
        self.assertEqual((one["runs"], one["wall_median"], one["wall_min"], one["wall_max"]), (3, 10.0, 9.0, 14.0))
        self.assertEqual(two["speedup"], 2.0)
        self.assertEqual(two["efficiency"], 1.0)
        self.assertEqual((two["speedup_min"], two["speedup_max"]), (10 / 8, 10 / 4))
        self.assertAlmostEqual(two["comm_median"], 0.003)
        self.assertEqual(two["elapsed_median"], 5.5)
        self.assertFalse(two["oversubscribed"])

    def test_weak_work_efficiency_uses_the_candidates(self):
        rows = [row("weak", 1, 2.0, candidates=1000), row("weak", 4, 2.2, candidates=4400)]
        ms = medians(rows)
        self.assertAlmostEqual(ms[1]["efficiency"], 2.0 / 2.2)
        self.assertAlmostEqual(ms[1]["work_efficiency"], 1.0)

    def test_the_summary_has_a_table_row_per_rank_count(self):
        rows = [row("strong", 1, 10.0), row("strong", 2, 5.0), row("strong", 4, 4.0)]
        text = markdown_summary(rows)
        self.assertIn("### strong scaling: local, kernel trial, schedule dynamic, 1 thread(s) per rank, `mpirun`",
                      text)
        table = [line for line in text.splitlines() if line.startswith("| ") and line[2].isdigit()]
        self.assertEqual([line.split(" | ")[0] for line in table], ["| 1", "| 2", "| 4"])
        self.assertIn("| 2.50 | 0.62 |", table[2])          # speedup, efficiency at 4 ranks
        self.assertIn("**yes** (4 > 2 cores)", table[2])


if __name__ == "__main__":
    unittest.main()
