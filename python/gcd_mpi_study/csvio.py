"""Reading and writing the study's CSVs."""
import csv
from pathlib import Path

from .columns import COLUMNS


def read_csv(paths):
    """All rows of the CSVs in `paths`, in order, as dicts of strings."""
    rows = []
    for p in paths:
        with open(p, newline="") as f:
            for r in csv.DictReader(f):
                rows.append(r)
    return rows


def write_csv(path, rows, columns=COLUMNS):
    """Writes `rows` under the header `columns` (keys not in it are left out)
    through PATH.partial, renamed into place when complete."""
    tmp = Path(str(path) + ".partial")
    with open(tmp, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=columns, extrasaction="ignore")
        w.writeheader()
        for r in rows:
            w.writerow(r)
    tmp.rename(path)
