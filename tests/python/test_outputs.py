"""The committed study (docs/scaling/) is what the tools make of its own
CSV: summarize reproduces summary.md and the merged scaling.csv, and the
plot script names its series as before."""
import contextlib
import io
import tempfile
import unittest
from pathlib import Path

from study_path import REPO
from gcd_mpi_study.cli import scaling_main
from gcd_mpi_study.plot import gp_str, series_name

SCALING = REPO / "docs" / "scaling"


def without_leading_note(text):
    """summary.md starts with a hand-written '> **Stale:** ...' note."""
    lines = text.splitlines(keepends=True)
    while lines and (lines[0].startswith(">") or not lines[0].strip()):
        lines.pop(0)
    return "".join(lines)


class CommittedStudy(unittest.TestCase):
    def test_summarize_reproduces_the_committed_tables_and_csv(self):
        with tempfile.TemporaryDirectory() as d:
            merged, summary = Path(d) / "merged.csv", Path(d) / "summary.md"
            rc = scaling_main(["summarize", str(SCALING / "scaling.csv"), "--merged", str(merged),
                               "--output", str(summary)])
            self.assertEqual(rc, 0)
            self.assertEqual(merged.read_bytes(), (SCALING / "scaling.csv").read_bytes())
            self.assertEqual(summary.read_text(), without_leading_note((SCALING / "summary.md").read_text()))

    def test_summarize_to_stdout(self):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            self.assertEqual(scaling_main(["summarize", str(SCALING / "scaling.csv")]), 0)
        self.assertEqual(out.getvalue(), without_leading_note((SCALING / "summary.md").read_text()))

    def test_a_csv_without_the_columns_is_refused(self):
        with tempfile.TemporaryDirectory() as d:
            bad = Path(d) / "bad.csv"
            bad.write_text("study,np\nstrong,1\n")
            err = io.StringIO()
            with contextlib.redirect_stderr(err), self.assertRaises(SystemExit) as stop:
                scaling_main(["summarize", str(bad)])
            self.assertEqual(stop.exception.code, 1)
            self.assertIn("scaling: error: CSV lacks columns: label, nodes,", err.getvalue())


class PlotNames(unittest.TestCase):
    def test_series_names(self):
        m = {"study": "strong", "schedule": "dynamic", "launcher": "srun --mpi=pmix", "label": "2node-tcp",
             "threads": "1"}
        self.assertEqual(series_name(m, False), "dynamic, srun, 2node-tcp")
        self.assertEqual(series_name(dict(m, threads="2"), True), "strong, dynamic, srun, 2node-tcp, 2 threads")

    def test_gnuplot_strings_escape_quotes_and_underscores(self):
        self.assertEqual(gp_str('gcd_mpi "x"'), '"gcd\\\\_mpi \\"x\\""')


if __name__ == "__main__":
    unittest.main()
