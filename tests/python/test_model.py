"""The model and its fit: synthetic measurements made from known parameters
must give those parameters back."""
import math
import unittest

import study_path  # noqa: F401
from gcd_mpi_study.fit import med_rows, nnls_fit
from gcd_mpi_study.model import BATCH, PAIR_BYTES, RESULT_BYTES, Model, dynamic_chunks, in_flight
from gcd_mpi_study.model_report import compute_rate, fit_collectives, fit_root_io, model_for

PAIRS = [1000, 10_000, 100_000, 1_000_000]
# Deterministic "noise": each point off by a few per cent, alternating signs.
NOISE = [1.03, 0.97, 1.02, 0.98, 1.01, 0.99]


class NnlsFit(unittest.TestCase):
    def test_exact_data_gives_the_parameters_back(self):
        xs = [[1.0, n] for n in PAIRS]
        ys = [2e-5 + 1.5e-7 * n for n in PAIRS]
        f = nnls_fit(xs, ys, ["c0", "per_pair"])
        self.assertAlmostEqual(f["c0"] / 2e-5, 1.0, places=9)
        self.assertAlmostEqual(f["per_pair"] / 1.5e-7, 1.0, places=9)
        self.assertLess(f["_median_rel_error"], 1e-9)

    def test_noisy_data_lands_near_the_parameters(self):
        xs = [[p - 1, 16 * n * (1 - 1 / p)] for p in (2, 4, 8) for n in PAIRS]
        ys = [(9e-6 * x[0] + 4e-10 * x[1]) * NOISE[i % len(NOISE)] for i, x in enumerate(xs)]
        f = nnls_fit(xs, ys, ["alpha", "inv_beta"])
        self.assertAlmostEqual(f["alpha"] / 9e-6, 1.0, delta=0.05)
        self.assertAlmostEqual(f["inv_beta"] / 4e-10, 1.0, delta=0.05)
        self.assertAlmostEqual(f["_median_rel_error"], 0.02, delta=0.015)

    def test_a_negative_coefficient_is_dropped_and_the_rest_refitted(self):
        # Unconstrained, y = -0.5 + 2x fits exactly; the intercept must not go below 0.
        xs = [[1.0, 1.0], [1.0, 2.0], [1.0, 3.0]]
        ys = [1.5, 3.5, 5.5]
        f = nnls_fit(xs, ys, ["c0", "slope"])
        self.assertEqual(f["c0"], 0.0)
        # Least relative error of slope * x alone: sum(x/y) / sum(x^2/y^2).
        want = sum(x[1] / y for x, y in zip(xs, ys)) / sum((x[1] / y) ** 2 for x, y in zip(xs, ys))
        self.assertAlmostEqual(f["slope"], want, places=12)

    def test_all_coefficients_negative_gives_zeros(self):
        f = nnls_fit([[1.0], [2.0]], [-1.0, -2.0], ["only"])
        self.assertEqual(f["only"], 0.0)
        self.assertTrue(math.isnan(f["_median_rel_error"]))


class FitFromRows(unittest.TestCase):
    """Rows as scripts/scaling-model measure and scripts/scaling write them."""

    def comm_rows(self):
        rows = []
        for i, n in enumerate(PAIRS):
            for p in (1, 2, 4):
                k = NOISE[(i + p) % len(NOISE)]
                rows.append({"transport": "tcp", "np": str(p), "pairs": str(n),
                             "batches": str(math.ceil(n / BATCH)), "batch_pairs": str(BATCH),
                             "input_bytes": str(18 * n),
                             "read": str((3e-5 + 1.6e-7 * n) * k), "write": str((3e-5 + 9.5e-8 * n) / k),
                             "root_rss_bytes": str(16e6 + 70 * in_flight(n, BATCH)),
                             "scatter": "0", "gather": "0"})
        return rows

    def micro_rows(self):
        rows = []
        for i, (p, n) in enumerate((p, n) for p in (2, 4, 8) for n in (10, 100, 1000, 10_000, 100_000)):
            b = 16 * n * (1 - 1 / p)
            rows.append({"transport": "tcp", "np": str(p), "pairs": str(n), "bytes": str(16 * n),
                         "scatter": str((9e-6 * (p - 1) + 4e-10 * b) * NOISE[i % 6]),
                         "gather": str(9.5e-6 * (p - 1) + 3.5e-10 * b),
                         "oversubscribed": "1" if p > 4 else "0"})
        # Oversubscribed points wait for time slices: far off, and must not count.
        rows += [{"transport": "tcp", "np": "8", "pairs": "1000", "bytes": "16000", "scatter": "1.0",
                  "gather": "1.0", "oversubscribed": "1"}]
        return rows

    def test_root_io_and_memory_come_back(self):
        read, write, mem, bytes_per_line = fit_root_io(self.comm_rows())
        self.assertAlmostEqual(read["rho_read"] / 1.6e-7, 1.0, delta=0.03)
        self.assertAlmostEqual(write["rho_write"] / 9.5e-8, 1.0, delta=0.03)
        self.assertAlmostEqual(mem["m0"] / 16e6, 1.0, places=6)
        self.assertAlmostEqual(mem["mu"] / 70, 1.0, places=6)
        self.assertEqual(bytes_per_line, 18)

    def test_alpha_and_beta_come_back_from_the_microbenchmark_without_oversubscribed_points(self):
        comm = fit_collectives(self.comm_rows(), self.micro_rows(), ["tcp"])
        s, g = comm[("tcp", "scatter")], comm[("tcp", "gather")]
        self.assertAlmostEqual(s["alpha"] / 9e-6, 1.0, delta=0.05)
        self.assertAlmostEqual(s["inv_beta"] / 4e-10, 1.0, delta=0.05)
        self.assertAlmostEqual(g["alpha"] / 9.5e-6, 1.0, places=6)
        self.assertAlmostEqual(g["inv_beta"] / 3.5e-10, 1.0, places=6)
        self.assertEqual(s["_source"], "collectives microbenchmark, 10 points at [2, 4] ranks")

    def test_without_a_microbenchmark_gcd_mpis_own_phases_are_fitted(self):
        rows = self.comm_rows()
        for r in rows:
            p, n, b = int(r["np"]), int(r["pairs"]), int(r["batches"])
            r["scatter"] = str(b * 2e-5 * (p - 1) + PAIR_BYTES * n * (1 - 1 / p) * 5e-10)
            r["gather"] = str(b * 3e-5 * (p - 1) + RESULT_BYTES * n * (1 - 1 / p) * 6e-10)
        comm = fit_collectives(rows, [], ["tcp"])
        self.assertAlmostEqual(comm[("tcp", "scatter")]["alpha"] / 2e-5, 1.0, places=6)
        self.assertAlmostEqual(comm[("tcp", "gather")]["inv_beta"] / 6e-10, 1.0, places=6)
        self.assertEqual(comm[("tcp", "scatter")]["_source"], "gcd_mpi's scatter phase, 8 runs")

    def test_the_rate_is_the_median_of_the_one_rank_trial_runs(self):
        rows = [{"np": "1", "kernel": "trial", "candidates": "3e10", "compute_max": str(t)} for t in (2.0, 3.0, 2.5)]
        rows += [{"np": "2", "kernel": "trial", "candidates": "3e10", "compute_max": "0.1"},
                 {"np": "1", "kernel": "euclid", "candidates": "3e10", "compute_max": "0.1"}]
        self.assertAlmostEqual(compute_rate(rows), 1.2e10)
        self.assertIsNone(compute_rate(rows[3:]))

    def test_the_fitted_model_carries_the_fits(self):
        read, write, _, _ = fit_root_io(self.comm_rows())
        comm = fit_collectives(self.comm_rows(), self.micro_rows(), ["tcp"])
        m = model_for("tcp", read, write, comm, 1.5e10)
        self.assertEqual(m.p["alpha_g"], comm[("tcp", "gather")]["alpha"])
        self.assertEqual(m.p["rho_read"], read["rho_read"])
        self.assertEqual(m.p["rate"], 1.5e10)


class ModelTerms(unittest.TestCase):
    P = {"rho_read": 1e-7, "rho_write": 5e-8, "alpha_s": 1e-5, "alpha_g": 2e-5,
         "inv_beta_s": 1e-9, "inv_beta_g": 2e-9, "rate": 1e9}

    def test_one_rank_one_batch_is_read_plus_compute_plus_write(self):
        n, c = 1000, 1e6
        t = Model(self.P).terms(1, n, c, c, batch=BATCH)
        want = n * 1e-7 + n * c / 1e9 + n * 5e-8
        self.assertAlmostEqual(t["total"], want, places=12)
        self.assertAlmostEqual(t["static_total"], want, places=12)
        self.assertEqual((t["latency"], t["bandwidth"], t["dispatch"]), (0.0, 0.0, 0.0))

    def test_the_collectives_cost_a_message_per_extra_rank_and_the_bytes(self):
        n, p = 1000, 8
        t = Model(self.P).terms(p, n, 0.0, 0.0)
        self.assertAlmostEqual(t["latency"], 3e-5 * (p - 1))
        self.assertAlmostEqual(t["bandwidth"], n * (1 - 1 / p) * (16 * 1e-9 + 16 * 2e-9))

    def test_the_slowest_stage_sets_the_pace(self):
        # Compute and messages free, reading slowest: B batches take B reads and two writes
        # (the last batch's and the one before it, drained after the reads end).
        p = dict(self.P, alpha_s=0.0, alpha_g=0.0, inv_beta_s=0.0, inv_beta_g=0.0, rate=1e30)
        b, batches = 100, 5
        t = Model(p).terms(4, b * batches, 1.0, 1.0, batch=b)
        self.assertAlmostEqual(t["static_total"], batches * b * 1e-7 + 2 * b * 5e-8, places=12)

    def test_the_costliest_pair_bounds_compute_from_below(self):
        t = Model(self.P).terms(1000, 1000, 1.0, 1e9)
        self.assertAlmostEqual(t["compute"] + t["imbalance"], 1.0, places=9)   # c_max / rate

    def test_dynamic_chunks(self):
        self.assertEqual(dynamic_chunks(1000, 1), 0.0)
        self.assertEqual(dynamic_chunks(0, 8), 0.0)
        self.assertAlmostEqual(dynamic_chunks(10_000, 10), 10 * (10 * 3 - 0.9))
        self.assertEqual(dynamic_chunks(5, 100), 5.0)           # never more chunks than pairs

    def test_in_flight_is_at_most_three_batches(self):
        self.assertEqual(in_flight(100, 1000), 100)
        self.assertEqual(in_flight(2500, 1000), 2500)
        self.assertEqual(in_flight(10_000, 1000), 3000)


class MedRows(unittest.TestCase):
    def test_medians_per_key_in_numeric_order(self):
        rows = [{"np": n, "t": t} for n, t in (("10", "1"), ("2", "5"), ("2", "1"), ("2", "3"), ("10", "3"))]
        self.assertEqual(med_rows(rows, ["np"], ["t"]),
                         [{"np": "2", "t": 3.0, "runs": 3}, {"np": "10", "t": 2.0, "runs": 2}])


if __name__ == "__main__":
    unittest.main()
