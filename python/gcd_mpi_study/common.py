"""What every module shares: the repository root, the harness's error, log()."""
import sys
from pathlib import Path

# python/gcd_mpi_study/common.py -> the repository root.
REPO = Path(__file__).resolve().parent.parent.parent


class HarnessError(Exception):
    """A sweep or measurement cannot go on; the message says why."""


def log(msg, prog="scaling"):
    """One line on stderr, prefixed with the tool's name."""
    print(f"{prog}: {msg}", file=sys.stderr, flush=True)


def die(msg, code=1, prog="scaling"):
    print(f"{prog}: error: {msg}", file=sys.stderr, flush=True)
    sys.exit(code)
