"""What the bench/ scripts share: timing with hyperfine, and the machine and
commit every figure names."""
import json
import os
import platform
import statistics
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"


def hyperfine(name, commands, runs, warmup=1, prepare=None):
    """commands: list of (label, shell command). Returns {label: median seconds}.
    The raw results go to bench/results/NAME.json."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"{name}.json"
    cmd = ["hyperfine", "--style", "basic", "--runs", str(runs), "--warmup", str(warmup),
           "--export-json", str(out)]
    if prepare:
        cmd += ["--prepare", prepare]
    for label, command in commands:
        cmd += ["-n", label, command]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    results = json.loads(out.read_text())["results"]
    return {r["command"]: statistics.median(r["times"]) for r in results}


def cpu_model():
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return "?"


def has_avx512():
    return "avx512f" in Path("/proc/cpuinfo").read_text()


def machine():
    mpi = subprocess.run(["mpirun", "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    simd = "AVX-512" if has_avx512() else "AVX2, no AVX-512"
    return (f"{cpu_model()} ({simd}), {os.cpu_count()} cores, {platform.system()} {platform.release()}, {mpi}, "
            f"Python {platform.python_version()}")


def commit():
    """The commit measured, with -dirty when the code differs from it (the
    documents and results a bench script is rewriting do not count)."""
    res = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    head = res.stdout.strip() or "?"
    code_changed = subprocess.run(["git", "-C", str(ROOT), "diff", "--quiet", "HEAD", "--", ".", ":!docs",
                                   ":!bench/results"]).returncode != 0
    return head + ("-dirty" if code_changed else "")


def replace_between_markers(path, name, text):
    """Replaces what lies between <!-- NAME:begin --> and <!-- NAME:end --> in
    the file at `path` (a document section a script regenerates)."""
    begin, end = f"<!-- {name}:begin -->", f"<!-- {name}:end -->"
    doc = Path(path).read_text()
    if begin not in doc or end not in doc:
        raise SystemExit(f"{path}: markers {begin} ... {end} not found")
    head, rest = doc.split(begin, 1)
    _, tail = rest.split(end, 1)
    Path(path).write_text(f"{head}{begin}\n{text.rstrip()}\n{end}{tail}")
