"""The model's rank-0 terms and simulated network (model.py), and their fit
to sim/run CSV rows (sim_fit.py): synthetic rows from known parameters must
give them back."""
import os
import tempfile
import unittest

import study_path  # noqa: F401
from gcd_mpi_study.model import (PAIR_BYTES, SMPI_BW_FACTOR, SMPI_LAT_FACTOR, Model, collectives_latency,
                                 platform_network, polite_wait, simulated_parameters, smpi_factor)
from gcd_mpi_study.sim_fit import add_efficiency, break_even, compare, fit, summarize

BASE = {"rho_read": 1e-7, "rho_write": 5e-8, "alpha_s": 1e-5, "alpha_g": 1e-5,
        "inv_beta_s": 4e-10, "inv_beta_g": 4e-10, "rate": 1.0}


def platform(text):
    f = tempfile.NamedTemporaryFile("w", suffix=".xml", delete=False)
    f.write(f"<?xml version='1.0'?><platform version='4.1'>{text}</platform>")
    f.close()
    return f.name


class SimulatedNetwork(unittest.TestCase):
    def test_a_crossbar_cluster_is_two_links_and_the_backbone(self):
        path = platform('<cluster id="c" prefix="n" suffix="" radical="0-3" speed="1Gf" bw="12.5GBps" '
                        'lat="0.5us" bb_bw="12.5GBps" bb_lat="0.1us"/>')
        self.addCleanup(os.unlink, path)
        net = platform_network(path)
        self.assertAlmostEqual(net["latency"], 1.1e-6, places=15)
        self.assertEqual(net["bandwidth"], 12.5e9)

    def test_a_fat_tree_is_up_to_two_links_a_level(self):
        path = platform('<cluster id="f" prefix="n" suffix="" radical="0-15" speed="1Gf" bw="100MBps" '
                        'lat="170ns" topology="FAT_TREE" topo_parameters="3;4,2,2;1,2,2;1,1,1"/>')
        self.addCleanup(os.unlink, path)
        net = platform_network(path)
        self.assertAlmostEqual(net["latency"], 6 * 170e-9, places=15)
        self.assertEqual(net["bandwidth"], 1e8)

    def test_smpi_factors_take_the_largest_threshold_not_above_the_size(self):
        self.assertEqual(smpi_factor(SMPI_LAT_FACTOR, 0), 2.01467)
        self.assertEqual(smpi_factor(SMPI_LAT_FACTOR, 256), 2.01467)
        self.assertEqual(smpi_factor(SMPI_LAT_FACTOR, 257), 1.95341)
        self.assertEqual(smpi_factor(SMPI_BW_FACTOR, 10 ** 6), 0.940694)

    def test_simulated_parameters_drop_the_per_rank_alpha_and_rank_0s_threads(self):
        p = simulated_parameters(dict(BASE, plan=5e-7), {"latency": 1e-6, "bandwidth": 1e10}, message_bytes=100)
        self.assertEqual((p["alpha_s"], p["alpha_g"], p["rho_read"], p["rho_write"]), (0.0, 0.0, 0.0, 0.0))
        self.assertAlmostEqual(p["inv_beta_s"], 1 / (1e10 * 0.812084))
        self.assertAlmostEqual(p["collective_latency"], 1e-6 * 2.01467)
        self.assertEqual(p["plan"], 5e-7)


class RankZeroTerms(unittest.TestCase):
    def test_without_the_new_parameters_predictions_are_unchanged(self):
        old = Model(BASE).terms(1000, 10 ** 6, 1e-3, 1e-3)
        new = Model(dict(BASE, plan=0.0, startup=0.0, per_rank=0.0, collective_latency=0.0)).terms(
            1000, 10 ** 6, 1e-3, 1e-3)
        self.assertEqual(old["static_total"], new["static_total"])
        self.assertEqual(old["dynamic_total"], new["dynamic_total"])

    def test_plan_startup_and_per_rank_add_to_the_total(self):
        extra = {"plan": 5e-7, "startup": 3e-3, "per_rank": 6e-6}
        N, P = 16384, 64
        without = Model(BASE).terms(P, N, 1e-4, 1e-4)["static_total"]
        t = Model(dict(BASE, **extra)).terms(P, N, 1e-4, 1e-4)
        self.assertAlmostEqual(t["plan"], N * 5e-7)
        self.assertAlmostEqual(t["startup"], 3e-3 + P * 6e-6)
        self.assertAlmostEqual(t["static_total"] - without, N * 5e-7 + 3e-3 + P * 6e-6, places=12)

    def test_one_rank_plans_nothing(self):
        t = Model(dict(BASE, plan=5e-7)).terms(1, 1000, 1e-4, 1e-4)
        self.assertEqual(t["plan"], 0.0)

    def test_collective_latency_is_paid_per_batch_on_the_critical_path(self):
        p = dict(BASE, alpha_s=0.0, alpha_g=0.0, collective_latency=1e-6)
        self.assertAlmostEqual(Model(p).terms(1024, 100, 0.0, 0.0)["latency"], 1e-6 * (2 * 10 + 6))
        self.assertEqual(collectives_latency(1), 0)

    def test_polite_wait_wakes_at_a_pause_boundary(self):
        self.assertEqual(polite_wait(0.0), 0.0)
        self.assertAlmostEqual(polite_wait(1e-5), 20e-6)
        self.assertAlmostEqual(polite_wait(25e-6), 60e-6)            # 20 + 40
        self.assertAlmostEqual(polite_wait(0.01), 10.26e-3)          # 20..640 us, then 1 ms pauses
        t = Model(dict(BASE, rate=1.0)).terms(2, 2, 25e-6, 0.0, waits=True)
        self.assertAlmostEqual(t["static_total"] - Model(dict(BASE, rate=1.0)).terms(2, 2, 25e-6, 0.0)["static_total"],
                               60e-6 - 25e-6, places=12)


def rows_from(params, points):
    """sim/run CSV rows whose simulated time follows the fit's form exactly."""
    rows = []
    for workload, c, P, N in points:
        t = params["startup"] + params["per_rank"] * P + (params["plan"] * N if P > 1 else 0.0) + c * N / P
        rows.append({"exit_code": "0", "output_matches": "True", "schedule": "balanced", "smpi_test_seconds": "0.0",
                     "ranks": str(P), "pairs": str(N), "input": workload, "simulated_seconds": repr(t)})
    return rows


class SimFit(unittest.TestCase):
    TRUE = {"startup": 3e-3, "per_rank": 6e-6, "plan": 4.5e-7}
    POINTS = ([("big", 3.8e-5, P, 16384) for P in (1, 4, 16, 64)]
              + [("small", 7e-7, P, N) for P in (16, 64) for N in (4096, 16384, 65536, 262144)])

    def test_exact_rows_give_the_parameters_back(self):
        f = fit(rows_from(self.TRUE, self.POINTS), max_ranks=64)
        for k, v in self.TRUE.items():
            self.assertAlmostEqual(f[k] / v, 1.0, places=6)
        self.assertAlmostEqual(f["compute"]["big"] / 3.8e-5, 1.0, places=6)
        self.assertAlmostEqual(f["compute"]["small"] / 7e-7, 1.0, places=6)

    def test_rows_at_smpi_test_not_0_failed_other_schedules_or_extra_settings_are_left_out(self):
        rows = rows_from(self.TRUE, self.POINTS)
        bad = rows_from({"startup": 1.0, "per_rank": 1.0, "plan": 1.0}, self.POINTS[:3])
        bad[0]["smpi_test_seconds"] = "1e-06"
        bad[1]["output_matches"] = "False"
        bad[2]["schedule"] = "block"
        no_compute = rows_from({"startup": 1.0, "per_rank": 1.0, "plan": 1.0}, self.POINTS[:1])
        no_compute[0]["smpi_cfg"] = "smpi/simulate-computation:no"
        f = fit(rows + bad + no_compute, max_ranks=64)
        self.assertEqual(f["points"], len(rows))
        self.assertAlmostEqual(f["startup"] / 3e-3, 1.0, places=6)

    def test_compare_predicts_out_of_sample_rank_counts(self):
        f = fit(rows_from(self.TRUE, self.POINTS), max_ranks=64)
        far = rows_from(self.TRUE, [("big", 3.8e-5, 1024, 16384)])
        (c,) = compare(far, f, {"latency": 0.0, "bandwidth": 1e30})
        self.assertEqual(c["ranks"], 1024)
        self.assertLess(abs(c["model_error"]), 1e-6)
        # The TCP model charges ~18 us per rank and the root's read and write.
        self.assertGreater(c["tcp_error"], 0.3)

    def test_break_even_solves_serial_equals_compute(self):
        b = break_even(self.TRUE, 16384, 3.8e-5)
        P = b["serial_equals_compute"]
        serial = 3e-3 + 4.5e-7 * 16384 + 6e-6 * P
        self.assertAlmostEqual(serial, 16384 * 3.8e-5 / P, places=9)
        self.assertAlmostEqual(b["fastest"], (16384 * 3.8e-5 / 6e-6) ** 0.5)


class SimTable(unittest.TestCase):
    def run_row(self, P, t, schedule="balanced", wall=1.0, load=5.0, **more):
        r = {"exit_code": "0", "output_matches": "True", "schedule": schedule, "smpi_test_seconds": "0.0",
             "ranks": str(P), "pairs": "16384", "input": "w", "simulated_seconds": repr(t),
             "simulation_wall_seconds": repr(wall), "load_average_1min": repr(load), "platform": "c"}
        r.update(more)
        return r

    def test_cells_get_median_and_order_statistic_ci_per_schedule_and_rank_count(self):
        rows = [self.run_row(64, t, wall=t * 100, load=t) for t in (5.0, 1.0, 4.0, 2.0, 6.0, 3.0)]
        rows += [self.run_row(64, t, schedule="dynamic") for t in (9.0, 7.0)]
        rows += [self.run_row(64, 100.0, smpi_test_seconds="1e-06"), self.run_row(64, 100.0, output_matches="False")]
        balanced, dynamic = sorted(summarize(rows), key=lambda c: c["schedule"])
        self.assertEqual((balanced["runs"], balanced["median"], balanced["low"], balanced["high"]), (6, 3.5, 1.0, 6.0))
        self.assertAlmostEqual(balanced["coverage"], 1 - 2 / 64)
        self.assertEqual((balanced["wall_min"], balanced["wall_max"], balanced["load_max"]), (100.0, 600.0, 6.0))
        # Two runs: a median but no 95 % interval.
        self.assertEqual((dynamic["runs"], dynamic["median"], dynamic["low"]), (2, 8.0, None))

    def test_efficiency_is_against_the_1_rank_median_with_the_same_pairs_or_pairs_a_rank(self):
        rows = [self.run_row(1, t, pairs="64") for t in (2.0, 4.0)] + [self.run_row(1, 8.0, pairs="1024")]
        rows += [self.run_row(4, t, pairs="64") for t in (1.0, 2.0, 3.0, 4.0, 5.0, 6.0)]
        rows += [self.run_row(64, 1.0, pairs="1024")]
        strong = {(c["pairs"], c["ranks"]): c for c in add_efficiency(summarize(rows), "strong")}
        c = strong[(64, 4)]  # t1 = 3, median t4 = 3.5, CI 1-6
        self.assertAlmostEqual(c["efficiency"], 3 / (4 * 3.5))
        self.assertAlmostEqual(c["efficiency_low"], 3 / (4 * 6.0))
        self.assertAlmostEqual(c["efficiency_high"], 3 / (4 * 1.0))
        self.assertAlmostEqual(c["karp_flatt"], (1 / c["speedup"] - 1 / 4) / (1 - 1 / 4))
        self.assertAlmostEqual(strong[(1024, 64)]["efficiency"], 8.0 / 64)
        weak = {(c["pairs"], c["ranks"]): c for c in add_efficiency(summarize(rows), "weak")}
        # 1024 pairs on 64 ranks is 16 a rank: its base is the 16-pair 1-rank cell, which does not exist.
        self.assertNotIn("efficiency", weak[(1024, 64)])
        self.assertAlmostEqual(weak[(64, 1)]["efficiency"], 1.0)
        self.assertNotIn("karp_flatt", weak[(64, 4)])


if __name__ == "__main__":
    unittest.main()
