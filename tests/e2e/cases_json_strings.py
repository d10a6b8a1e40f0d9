"""Issue 15: --json-strings. With --format jsonl every a, b and gcd is a JSON
string, always, so readers that hold numbers as doubles (jq 1.6, JavaScript)
get every digit above 2^53; the digits and sign are the ones jsonl and text
print (a '-' kept, a '+' and leading zeros dropped). The same bytes through
--io root and --io parallel, to stdout and to a file; Python's json module
reads them back and math.gcd checks them; jq, when installed, prints
2^64 - 1 exactly. Any other format with --json-strings: exit 64.
"""
import json
import math
import shutil
import subprocess

import e2e
from e2e import check

TWO53 = 2**53
U64_MAX = 2**64 - 1

# Tokens as the input file spells them: the expected output spelling is
# Python's str(int(token)) (sign kept for negatives, '+' and zeros dropped).
TOKENS = [("0", "0"), ("0", "7"), ("-0", "5"), (str(TWO53), str(TWO53 + 1)), (str(TWO53 + 1), str(3 * (TWO53 + 1))),
          (str(U64_MAX), str(U64_MAX)), ("-" + str(U64_MAX), str(U64_MAX - 2)), ("+007", "-21"), ("-12", "+18"),
          ("-" + str(TWO53 + 1), "0"), ("12345678901234567890", "9876543210987654321")]


def write_input(path):
    path.write_text("# --json-strings\n" + "".join(f"{a} {b}\n" for a, b in TOKENS))


def check_rows(name, text):
    lines = text.splitlines()
    check(len(lines) == len(TOKENS), f"{name}: {len(lines)} lines, want {len(TOKENS)}: {text!r}")
    for line, (ta, tb) in zip(lines, TOKENS):
        row = json.loads(line)
        check(list(row) == ["a", "b", "gcd"], f"{name}: keys {list(row)} in {line!r}")
        check(all(isinstance(v, str) for v in row.values()), f"{name}: every value a string: {line!r}")
        a, b = int(ta), int(tb)
        want = {"a": str(a), "b": str(b), "gcd": str(math.gcd(a, b))}
        check(row == want, f"{name}: {line!r}, want {want}")


def case_json_strings(r, tmp):
    path = tmp / "big.txt"
    write_input(path)
    args = ["-k", "binary", "-f", "jsonl", "--json-strings", str(path)]

    # --io root (the default), stdout and a file.
    p = r.run(args)
    check(p.returncode == 0, f"root: exit {p.returncode}: {p.err}")
    check_rows("root, stdout", p.out)
    out = tmp / "root.jsonl"
    p = r.run(["-o", str(out)] + args)
    check(p.returncode == 0 and p.out == "", f"root -o: exit {p.returncode}: {p.err}")
    check(out.exists() and out.read_text() == r.run(args).out, "root: -o FILE holds stdout's bytes")

    # --io parallel: every rank formats its own lines (a launcher; alone the
    # root path runs, and that must honour the option too).
    par = tmp / "parallel.jsonl"
    p = r.run(["--io", "parallel", "-o", str(par), "--batch-size", "1"] + args)
    check(p.returncode == 0, f"parallel: exit {p.returncode}: {p.err}")
    check(par.exists(), "parallel: output written")
    if par.exists():
        check_rows("parallel, file", par.read_text())
    p = r.run(["--io", "parallel"] + args)
    check(p.returncode == 0, f"parallel stdout: exit {p.returncode}: {p.err}")
    check_rows("parallel, stdout", p.out)

    # Without the option: numbers, the same values (Python reads them exactly).
    p = r.run(["-k", "binary", "-f", "jsonl", str(path)])
    rows = [json.loads(line) for line in p.out.splitlines()]
    check(rows == [{"a": int(a), "b": int(b), "gcd": math.gcd(int(a), int(b))} for a, b in TOKENS],
          f"plain jsonl: {p.out!r}")

    # jq (scripts/setup installs it): the strings come through whole.
    if shutil.which("jq"):
        quoted = r.run(args).out
        jq = subprocess.run(["jq", "-r", ".gcd"], input=quoted, capture_output=True, text=True, timeout=60)
        check(jq.returncode == 0, f"jq: {jq.stderr}")
        got = jq.stdout.splitlines()
        check(got == [str(math.gcd(int(a), int(b))) for a, b in TOKENS], f"jq -r .gcd: {got}")
        check(str(U64_MAX) in got, f"jq reads 2^64-1 exactly: {got}")
    else:
        print("json-strings: jq not installed, its check skipped")

    # Not jsonl: a usage error on every rank, nothing written.
    for fmt in (["-f", "csv"], ["-f", "text"], []):
        p = r.run(["--json-strings"] + fmt + [str(path)], timeout=e2e.ERROR_DEADLINE * 3)
        check(p.returncode == e2e.EXIT_USAGE, f"--json-strings {fmt}: exit {p.returncode}, want 64: {p.err}")
        check(p.out == "", f"--json-strings {fmt}: nothing on stdout: {p.out!r}")
        check("--json-strings needs --format jsonl" in p.err, f"--json-strings {fmt}: {p.err!r}")
