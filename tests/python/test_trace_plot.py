"""scripts/plot-trace's pure parts: reading a Chrome trace into rows and
spans, and the title naming the workload, date and commit (and saying when
the run was incomplete). The PNG itself is drawn in the e2e test `trace`."""
import json
import tempfile
import unittest
from pathlib import Path

import study_path  # noqa: F401
from gcd_mpi_study import trace_plot


def trace_doc(complete=True):
    return {
        "traceEvents": [
            {"ph": "M", "name": "thread_name", "pid": 0, "tid": 0, "args": {"name": "main"}},
            {"ph": "M", "name": "thread_name", "pid": 0, "tid": 1, "args": {"name": "reader"}},
            {"ph": "M", "name": "thread_name", "pid": 1, "tid": 0, "args": {"name": "main"}},
            {"ph": "X", "name": "compute", "pid": 1, "tid": 0, "ts": 1500.0, "dur": 500.0},
            {"ph": "X", "name": "read", "pid": 0, "tid": 1, "ts": 0.0, "dur": 250.0},
            {"ph": "X", "name": "start", "pid": 0, "tid": 0, "ts": 0.0, "dur": 1000.0},
        ],
        "otherData": {"input": "/data/pairs.txt", "kernel": "euclid", "schedule": "dynamic", "io": "root",
                      "ranks": 2, "threads": 1, "started_utc": "2026-12-02T10:11:12Z", "commit": "abc1234",
                      "complete": complete, "exit_code": 0 if complete else 65},
    }


class TracePlot(unittest.TestCase):
    def load(self, doc):
        with tempfile.TemporaryDirectory() as d:
            path = Path(d) / "t.json"
            path.write_text(json.dumps(doc))
            return trace_plot.load_trace(path)

    def test_rows_are_rank_then_track_and_spans_in_milliseconds(self):
        rows, spans, _ = self.load(trace_doc())
        self.assertEqual([label for _, _, label in rows], ["rank 0 main", "rank 0 reader", "rank 1 main"])
        self.assertIn((2, "compute", 1.5, 2.0), spans)
        self.assertIn((1, "read", 0.0, 0.25), spans)

    def test_title_names_workload_date_and_commit(self):
        title = trace_plot.title_of(trace_doc()["otherData"])
        for part in ["pairs.txt", "kernel euclid", "schedule dynamic", "2 ranks x 1 threads",
                     "2026-12-02T10:11:12Z", "commit abc1234"]:
            self.assertIn(part, title)
        self.assertNotIn("INCOMPLETE", title)
        self.assertIn("INCOMPLETE RUN (exit 65)", trace_plot.title_of(trace_doc(False)["otherData"]))

    def test_gnuplot_strings_are_escaped(self):
        self.assertEqual(trace_plot.gp_str('a"b\\c\nd'), '"a\\"b\\\\c\\nd"')


if __name__ == "__main__":
    unittest.main()
