"""The study plots name their workload and the commit and date of their data
(python/gcd_mpi_study/provenance.py): scripts/plot-scaling on a small
dataset makes its PNGs, and gnuplot itself, re-run on the same script with a
text terminal, prints titles that carry the commit the data came from: the
runs' reports when they are there, else git's commit of the CSV, else git
HEAD, each saying so. The expected commits come from the files the test
wrote and from git, never from the code under test."""
import json
import re
import shutil
import subprocess
import tempfile
import unittest
from pathlib import Path

from study_path import REPO
from gcd_mpi_study.cli import plot_main
from gcd_mpi_study.columns import COLUMNS
from gcd_mpi_study.csvio import write_csv
from gcd_mpi_study.provenance import workload_text

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
COMMIT = "0badc0ffee1234567890abcdef0123456789abcd"
INPUT = "/gone/inputs/pairs-3000-uniform-max50000000-seed1.txt"


def rows(reports_dir):
    """Strong (3000 pairs) and weak (500 per rank) runs at 1 and 2 ranks,
    one repeat, each with a --report JSON in `reports_dir`."""
    out = []
    for study, pairs_at in (("strong", lambda p: 3000), ("weak", lambda p: 500 * p)):
        for np_, wall in ((1, 2.0), (2, 1.1)):
            r = {c: 0 for c in COLUMNS}
            r.update(study=study, label="t", np=np_, nodes=1, threads=1, kernel="euclid", schedule="block",
                     launcher="mpirun", pairs=pairs_at(np_), wall_seconds=wall, cores=2, oversubscribed=0,
                     repeat=1, hosts="h", input=INPUT, speedup="", efficiency="",
                     report=str(Path(reports_dir) / f"{study}-{np_}.json"))
            out.append(r)
    return out


def write_reports(rows_, day):
    for r in rows_:
        Path(r["report"]).write_text(json.dumps({"build": {"commit": COMMIT}, "started_utc": f"{day}T10:00:00Z"}))


def rendered_titles(outdir, tmp):
    """What gnuplot draws when the script plot-scaling wrote runs on the
    text terminal (every terminal line replaced, every output its own text
    file), one text per image, in the script's order."""
    gp = (outdir / "scaling.gp").read_text()
    gp = re.sub(r"^set terminal .*$", "set terminal dumb size 320,60", gp, flags=re.M)
    texts = []

    def numbered(_):
        texts.append(Path(tmp) / f"{outdir.name}-{len(texts)}.txt")
        return f"set output '{texts[-1]}'"
    gp = re.sub(r"^set output .+$", numbered, gp, flags=re.M)
    script = Path(tmp) / "dumb.gp"
    script.write_text(gp)
    res = subprocess.run(["gnuplot", str(script)], capture_output=True, text=True, timeout=120)
    if res.returncode != 0:
        raise AssertionError(f"gnuplot failed: {res.stderr}")
    return [t.read_text() for t in texts]


def git(repo, *args):
    return subprocess.run(["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                          check=True, capture_output=True, text=True).stdout.strip()


@unittest.skipUnless(shutil.which("gnuplot"), "gnuplot not installed (apt-get install gnuplot-nox)")
class PlotTitles(unittest.TestCase):
    def plot(self, csv, outdir):
        rc = plot_main([str(csv), "--outdir", str(outdir), "--title", "small study"])
        self.assertEqual(rc, 0)
        for name in ("speedup", "efficiency", "time"):
            png = outdir / f"{name}.png"
            self.assertTrue(png.is_file(), f"{png} written")
            self.assertEqual(png.read_bytes()[:8], PNG_MAGIC, f"{png} is a PNG")
            self.assertGreater(png.stat().st_size, 10_000, f"{png} has a picture in it")

    def test_titles_carry_the_reports_commit_and_date(self):
        with tempfile.TemporaryDirectory() as d:
            d = Path(d)
            rs = rows(d)
            write_reports(rs, "2026-12-01")
            csv = d / "scaling.csv"
            write_csv(csv, rs)
            self.plot(csv, d / "plots")
            drawn = rendered_titles(d / "plots", d)
            # Speedup, efficiency and time, as PNG and as SVG: each titled
            # with the reports' commit and date and the workload.
            self.assertEqual(len(drawn), 6)
            for text in drawn:
                self.assertIn(f"measured at commit {COMMIT[:7]}, 2026-12-01 (the runs' reports)", text)
                self.assertIn("kernel euclid; schedule block", text)
            self.assertIn("small study: strong scaling speedup", drawn[0])
            self.assertIn("strong: 3000 pairs (uniform values <= 50000000, seed 1)", drawn[0])
            self.assertIn("strong: 3000 pairs; weak: 500 pairs per rank (uniform values <= 50000000, seed 1)",
                          drawn[1])

    def test_without_reports_the_title_says_the_commit_came_from_git(self):
        if not shutil.which("git"):
            self.skipTest("git not installed")
        with tempfile.TemporaryDirectory() as d:
            d = Path(d)
            repo = d / "repo"
            repo.mkdir()
            git(repo, "init", "-q")
            csv = repo / "scaling.csv"
            write_csv(csv, rows(d / "no-such-dir"))
            git(repo, "add", "scaling.csv")
            git(repo, "commit", "-q", "-m", "data")
            full = git(repo, "rev-parse", "HEAD")
            day = git(repo, "log", "-1", "--format=%cs")
            self.plot(csv, d / "plots")
            drawn = "".join(rendered_titles(d / "plots", d))
            m = re.search(r"data from commit ([0-9a-f]{7,}), (\S+) \(the commit that last changed scaling.csv, "
                          r"per git; the CSV records no commit\)", drawn)
            self.assertIsNotNone(m, drawn)
            self.assertTrue(full.startswith(m.group(1)), f"{m.group(1)} abbreviates {full}")
            self.assertEqual(m.group(2), day)

            # Changed since its commit: git no longer vouches for it, the
            # title says the commit is HEAD's at plot time.
            lines = csv.read_text().splitlines(keepends=True)
            csv.write_text("".join(lines + lines[-1:]))  # one run twice
            self.plot(csv, d / "plots2")
            drawn = "".join(rendered_titles(d / "plots2", d))
            self.assertIn(f"plotted at commit {full[:7]}", drawn)
            self.assertIn("(git HEAD at plot time; the data records no commit)", drawn)
            self.assertNotIn("data from commit", drawn)

    def test_a_label_selects_its_rows(self):
        with tempfile.TemporaryDirectory() as d:
            d = Path(d)
            csv = d / "scaling.csv"
            write_csv(csv, rows(d))
            rc = plot_main([str(csv), "--outdir", str(d / "p"), "--label", "nobody"])
            self.assertEqual(rc, 1, "no rows with that label: nothing to plot")
            self.assertFalse((d / "p" / "speedup.png").exists())


class Workload(unittest.TestCase):
    def test_workload_names_pairs_kernel_and_schedule(self):
        rs = rows("/nowhere")
        self.assertEqual(workload_text([r for r in rs if r["study"] == "strong"]),
                         "strong: 3000 pairs (uniform values <= 50000000, seed 1); kernel euclid; schedule block")
        rs[1]["schedule"] = "dynamic"
        self.assertIn("schedule block, dynamic", workload_text(rs))


@unittest.skipUnless(shutil.which("gnuplot"), "gnuplot not installed")
class ModelPlot(unittest.TestCase):
    def test_the_model_plot_of_the_committed_data_names_its_commit(self):
        scaling = REPO / "docs" / "scaling"
        sources = ["comm.csv", "comm-micro.csv", "scaling.csv"]
        if not shutil.which("git") or subprocess.run(["git", "-C", str(scaling), "rev-parse"],
                                                     capture_output=True).returncode != 0:
            self.skipTest("not a git checkout")
        if git(scaling, "status", "--porcelain", "--", *sources):
            self.skipTest("the study's CSVs have uncommitted changes")
        newest = max((git(scaling, "log", "-1", "--format=%ct %H", "--", s).split() for s in sources),
                     key=lambda x: int(x[0]))[1]
        from gcd_mpi_study.cli import model_main
        with tempfile.TemporaryDirectory() as d:
            import contextlib
            import io
            with contextlib.redirect_stdout(io.StringIO()):
                rc = model_main(["fit", "--outdir", d])
            self.assertEqual(rc, 0)
            self.assertEqual((Path(d) / "model.png").read_bytes()[:8], PNG_MAGIC)
            gp = (Path(d) / "model-data" / "model.gp").read_text()
            title = next(line for line in gp.splitlines() if line.startswith("set multiplot"))
            m = re.search(r"data from commit ([0-9a-f]{7,}), ", title)
            self.assertIsNotNone(m, title)
            self.assertTrue(newest.startswith(m.group(1)), f"{m.group(1)} abbreviates {newest}")
            self.assertIn("kernel trial; schedule dynamic", title)
            # No key inside a panel: every one is set below the axes.
            keys = [line for line in gp.splitlines() if line.startswith("set key")]
            self.assertTrue(keys and all(" below " in k for k in keys), keys)


if __name__ == "__main__":
    unittest.main()
