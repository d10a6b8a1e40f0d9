"""Puts the repository's python/ on sys.path, so the tests import
gcd_mpi_study as the entry points in scripts/ do."""
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
if str(REPO / "python") not in sys.path:
    sys.path.insert(0, str(REPO / "python"))
