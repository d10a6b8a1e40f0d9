#!/usr/bin/env python3
"""The original lesson's three programs, for side-by-side timing.

Written for this repo after the book's example: the same brute-force gcd
over the same ten pairs, run serially with map(), with a thread pool, and
with a process pool (concurrent.futures). Prints "Took S seconds" like the
original. Usage: python_original.py serial|threads|processes [FILE] [WORKERS]
"""
import sys
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

SAMPLE = [(19633090, 22659730), (20306770, 38141720), (15516450, 22296200),
          (20390450, 20208020), (18237120, 19249280), (22931290, 10204910),
          (12812380, 22737820), (38238120, 42372810), (38127410, 47291390),
          (12923910, 21238110)]


def gcd(pair):
    a, b = pair
    low = min(a, b)
    for i in range(low, 0, -1):
        if a % i == 0 and b % i == 0:
            return i
    return max(a, b)  # low == 0


def read_pairs(path):
    pairs = []
    with open(path) as f:
        for line in f:
            line = line.split("#")[0].strip()
            if line:
                a, b = line.replace(",", " ").split()
                pairs.append((abs(int(a)), abs(int(b))))
    return pairs


def main():
    mode = sys.argv[1]
    pairs = read_pairs(sys.argv[2]) if len(sys.argv) > 2 else SAMPLE
    workers = int(sys.argv[3]) if len(sys.argv) > 3 else 8
    start = time.time()
    if mode == "serial":
        results = list(map(gcd, pairs))
    elif mode == "threads":
        with ThreadPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(gcd, pairs))
    elif mode == "processes":
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(gcd, pairs))
    else:
        sys.exit(f"unknown mode {mode}")
    end = time.time()
    print(f"Took {end - start:.3f} seconds", file=sys.stderr)
    for (a, b), g in zip(pairs, results):
        print(a, b, g)


if __name__ == "__main__":
    main()
