#!/usr/bin/python3
"""The pandas peer of a gcd_mpi throughput run: read_csv, np.gcd, to_csv, one
"a b gcd" line per pair like gcd_mpi's text output. Plain "a b" lines only.
Usage: pandas_gcd.py INPUT OUTPUT"""
import sys

import numpy as np
import pandas as pd

frame = pd.read_csv(sys.argv[1], sep=" ", header=None, names=["a", "b"], dtype=np.uint64, comment="#")
frame["gcd"] = np.gcd(frame["a"].to_numpy(), frame["b"].to_numpy())
frame.to_csv(sys.argv[2], sep=" ", header=False, index=False)
