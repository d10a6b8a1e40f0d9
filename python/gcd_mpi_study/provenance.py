"""What a plot's title says about its data: the workload (pairs, kernel,
schedule) and the commit and date the data comes from.

The commit and date come from the data's own metadata when it has some (the
--report JSON each CSV row names: build.commit, started_utc); the study CSVs
record neither themselves, so for committed data they come from git at plot
time (the commit that last changed the CSV), and for data git does not know
from git HEAD at plot time. The title says which."""
import json
import subprocess
from pathlib import Path

from .workload import parse_workload_name


def _git(args, cwd):
    try:
        res = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return res.stdout.strip() if res.returncode == 0 else None


def _from_reports(rows):
    commits, dates = set(), set()
    for r in rows:
        path = r.get("report") or ""
        try:
            doc = json.loads(Path(path).read_text())
        except (OSError, ValueError):
            return None  # one report missing: the reports do not speak for all rows
        commit = (doc.get("build") or {}).get("commit")
        started = doc.get("started_utc") or ""
        if not commit or not started:
            return None
        commits.add(commit[:7] if commit != "unknown" else commit)
        dates.add(started[:10])
    if not commits:
        return None
    return {"commit": ", ".join(sorted(commits)), "date": _date_span(dates), "source": "the runs' reports"}


def _date_span(dates):
    dates = sorted(dates)
    return dates[0] if len(dates) == 1 else f"{dates[0]}..{dates[-1]}"


def _from_git_log(paths):
    """The newest commit that changed any of `paths`, if every one is tracked
    and unmodified (else git cannot vouch for the data)."""
    found = []
    for p in paths:
        p = Path(p).resolve()
        cwd = p.parent
        if _git(["ls-files", "--error-unmatch", p.name], cwd) is None:
            return None
        if _git(["status", "--porcelain", "--", p.name], cwd):
            return None  # changed since its last commit
        line = _git(["log", "-1", "--format=%ct %h %cs", "--", p.name], cwd)
        if not line:
            return None
        stamp, commit, date = line.split()
        found.append((int(stamp), commit, date, p.name))
    if not found:
        return None
    _, commit, date, _ = max(found)
    names = sorted({f[3] for f in found})
    csvs = "the CSV records" if len(names) == 1 else "the CSVs record"
    return {"commit": commit, "date": date,
            "source": f"the commit that last changed {', '.join(names)}, per git; {csvs} no commit",
            "verb": "data from"}


def data_provenance(csv_paths, rows):
    """{"commit", "date", "source"[, "verb"]} for the data in `rows`, read
    from the CSVs `csv_paths`: from the runs' reports, else git's log of the
    CSVs, else git HEAD now (see the module's note)."""
    p = _from_reports(rows)
    if p:
        return dict(p, verb="measured at")
    p = _from_git_log(csv_paths)
    if p:
        return p
    cwd = Path(csv_paths[0]).resolve().parent if csv_paths else Path.cwd()
    line = _git(["log", "-1", "--format=%h %cs"], cwd) or _git(["log", "-1", "--format=%h %cs"],
                                                               Path(__file__).resolve().parent)
    commit, date = line.split() if line else ("unknown", "unknown date")
    return {"commit": commit, "date": date, "source": "git HEAD at plot time; the data records no commit",
            "verb": "plotted at"}


def provenance_text(p):
    """'data from commit 024460c, 2026-11-27 (the commit that last changed
    scaling.csv, per git; ...)'."""
    return f"{p['verb']} commit {p['commit']}, {p['date']} ({p['source']})"


def _values(rows, key):
    seen = []
    for r in rows:
        v = str(r.get(key, ""))
        if v and v not in seen:
            seen.append(v)
    return seen


def _inputs(rows):
    """'uniform values <= 50000000, seed 1' from the generated inputs' names."""
    described = []
    for r in rows:
        params = parse_workload_name(Path(r.get("input") or "").name)
        if params:
            _, shape, max_value, seed = params
            d = f"{shape} values <= {max_value}, seed {seed}"
            if d not in described:
                described.append(d)
    return "; ".join(described)


def workload_text(rows):
    """The workload of `rows` (scaling.csv rows), e.g. 'strong: 3000 pairs;
    weak: 2500 pairs per rank (uniform values <= 50000000, seed 1); kernel
    trial; schedule dynamic, block'."""
    parts = []
    strong = [r for r in rows if r.get("study") == "strong"]
    weak = [r for r in rows if r.get("study") == "weak"]
    if strong:
        parts.append("strong: " + ", ".join(_values(strong, "pairs")) + " pairs")
    if weak:
        per_rank = []
        for r in weak:
            n = str(int(r["pairs"]) // max(1, int(r["np"])))
            if n not in per_rank:
                per_rank.append(n)
        parts.append("weak: " + ", ".join(per_rank) + " pairs per rank")
    text = "; ".join(parts)
    inputs = _inputs(rows)
    if inputs:
        text += f" ({inputs})"
    text += "; kernel " + ", ".join(_values(rows, "kernel"))
    text += "; schedule " + ", ".join(_values(rows, "schedule"))
    return text
