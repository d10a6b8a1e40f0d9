#!/usr/bin/env python3
"""The plain Python loop gcd_mpi's throughput is compared with: split, int,
math.gcd, one output line per pair. Usage: python_loop.py INPUT OUTPUT"""
import math
import sys

with open(sys.argv[1]) as src, open(sys.argv[2], "w") as dst:
    for line in src:
        a, b = line.split()
        dst.write(f"{a} {b} {math.gcd(int(a), int(b))}\n")
