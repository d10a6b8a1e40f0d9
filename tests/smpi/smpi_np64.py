"""gcd_mpi at 64 simulated ranks (SimGrid SMPI) on the sample and on 10^4
seeded pairs, both data-path-independent schedules; the expected output is
math.gcd over the pairs this test itself wrote or read. Exit 77: no SMPI build."""

import argparse
import math
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path


def pairs_of(path: Path) -> list[tuple[int, int]]:
    out = []
    for line in path.read_text().splitlines():
        words = line.split("#", 1)[0].split()
        if words:
            out.append((int(words[0]), int(words[1])))
    return out


def expected(pairs: list[tuple[int, int]]) -> bytes:
    return "".join(f"{a} {b} {math.gcd(a, b)}\n" for a, b in pairs).encode()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sim-run", required=True)
    parser.add_argument("--binary", required=True)
    parser.add_argument("--sample", required=True)
    args = parser.parse_args()
    if not Path(args.binary).exists():
        print(f"skipped: {args.binary} missing (scripts/smpi-build makes it)")
        return 77
    failures = 0
    with tempfile.TemporaryDirectory(prefix="gcd-mpi-smpi-test-") as tmp:
        generated = Path(tmp) / "pairs.txt"
        rng = random.Random(14)
        # Shared factors so the gcds are not all 1; 0 and equal values too.
        rows = []
        for _ in range(10_000):
            f = rng.choice([1, 2, 6, 10, 97, 1024])
            rows.append((f * rng.randrange(0, 200_000), f * rng.randrange(1, 200_000)))
        rows[:3] = [(0, 0), (0, 7), (123456, 123456)]
        generated.write_text("".join(f"{a} {b}\n" for a, b in rows))
        cases = [(Path(args.sample), "balanced"), (generated, "balanced"), (generated, "dynamic")]
        for workload, schedule in cases:
            output = Path(tmp) / "out.txt"
            run = subprocess.run([sys.executable, args.sim_run, "--np", "64", "--platform", "cluster-1024",
                                  "--input", str(workload), "--schedule", schedule, "--output", str(output)],
                                 env={**os.environ, "GCD_MPI_SMPI_BINARY": args.binary})
            got = output.read_bytes() if output.exists() else b""
            ok = run.returncode == 0 and got == expected(pairs_of(workload))
            print(f"{'ok' if ok else 'FAILED'}: {workload.name} at 64 simulated ranks, {schedule}"
                  f" (exit {run.returncode}, {len(got)} bytes)")
            failures += not ok
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
