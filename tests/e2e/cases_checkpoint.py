"""End-to-end cases for --checkpoint (issue 10, sections 1 and 4): what may be
taken as a checkpoint, when a checkpoint resumes, --verify of replayed
results, and how finely the work is checkpointed. Real files, real FIFOs and
/dev devices, real mpiexec; expected values from math.gcd."""
import json
import math
import os
import random
import re
import shutil
import struct
import time
import zlib
from pathlib import Path

import e2e
from e2e import check, expected_text, write_pairs, EXIT_USAGE, EXIT_SOFTWARE, ERROR_DEADLINE

HEADER = b"gcd_mpi checkpoint v1 "
RECORD_HEAD = struct.Struct("<IQQQ")  # magic, first_pair, count, input_hash
MAGIC = 0x52444347


def read_checkpoint(path):
    """(header json, [(first_pair, count, hash, [(gcd, candidates)...], offset)]) of the
    valid records, parsed here independently of gcd_mpi."""
    data = Path(path).read_bytes()
    nl = data.index(b"\n")
    assert data.startswith(HEADER), data[:40]
    header = json.loads(data[len(HEADER):nl])
    records, pos = [], nl + 1
    while pos + RECORD_HEAD.size <= len(data):
        magic, first, count, h = RECORD_HEAD.unpack_from(data, pos)
        body = RECORD_HEAD.size + 16 * count
        if magic != MAGIC or pos + body + 4 > len(data):
            break
        (crc,) = struct.unpack_from("<I", data, pos + body)
        if crc != zlib.crc32(data[pos:pos + body]):
            break
        results = [struct.unpack_from("<QQ", data, pos + RECORD_HEAD.size + 16 * i) for i in range(count)]
        records.append((first, count, h, results, pos))
        pos += body + 4
    return header, records


def run_ckpt(r, ckpt, work, *extra, np=None, report=None):
    args = [*extra, "--checkpoint", str(ckpt)]
    if report is not None:
        args += ["--report", str(report)]
    return r.run(args + [str(work)], np=np)


def other_np(r):
    return 2 if r.np == 0 else 0


# ---- section 1: never damage a file that is not a checkpoint ----------------

def case_checkpoint_foreign(r, tmp):
    """Only a file that starts like a gcd_mpi checkpoint may be rewritten: a
    small file without a newline (once taken for a torn header and
    truncated), a large one, one of another format version: all refused with
    exit 64 and left byte for byte. An empty file and a torn header are taken."""
    pairs = [(12, 18), (5, 7), (100, 75)]
    work = tmp / "in.txt"
    write_pairs(work, pairs)
    want = expected_text(pairs)
    foreign = {
        "five.txt": b"hello",                              # 5 bytes, no newline
        "notes.txt": b"my notes\nkeep them\n",
        "big.bin": bytes(range(256)) * 40,                 # 10 KiB, no header
        "gcd-ish.txt": b"gcd_mpi results\n12 18 6\n",      # starts with "gcd_mpi", not a checkpoint
        "v2.ckpt": b"gcd_mpi checkpoint v2 {}\n",          # another format version
    }
    for name, content in foreign.items():
        path = tmp / name
        path.write_bytes(content)
        p = run_ckpt(r, path, work)
        check(p.returncode == EXIT_USAGE, f"{name}: exit {p.returncode}, want 64: {p.err[-300:]}")
        check(("not a gcd_mpi checkpoint; refusing to overwrite it" in p.err) or
              (name == "v2.ckpt" and "another format version" in p.err and "refusing to overwrite" in p.err),
              f"{name}: clear message: {p.err[-300:]}")
        check(path.read_bytes() == content, f"{name}: left untouched")
        check(p.out == "", f"{name}: nothing computed or printed: {p.out[:100]!r}")
        check(p.err.count("refusing") == 1, f"{name}: one message for the whole job: {p.err[-400:]}")
    # An empty file holds nothing to lose: it becomes the checkpoint.
    empty = tmp / "empty.ckpt"
    empty.write_bytes(b"")
    p = run_ckpt(r, empty, work)
    check(p.returncode == 0 and p.out == want, f"empty file taken: {p.returncode} {p.err[-300:]}")
    header, records = read_checkpoint(empty)
    check(header["kernel"] == "trial" and sum(c for _, c, *_ in records) == len(pairs),
          f"the empty file now holds the run: {header} {len(records)} records")
    # A torn header (a crash while it was written) starts afresh.
    for torn in [b"gcd_mpi chec", HEADER + b'{"input":"in.t']:
        path = tmp / "torn.ckpt"
        path.write_bytes(torn)
        p = run_ckpt(r, path, work)
        check(p.returncode == 0 and p.out == want, f"torn header {torn!r} restarted: {p.returncode} {p.err[-300:]}")
        check(path.read_bytes().startswith(HEADER), "and rewritten as a checkpoint")


def case_checkpoint_special_files(r, tmp):
    """--checkpoint on something that is not a regular file (/dev/full,
    /dev/zero, /dev/null, a FIFO with no writer, a directory, a symlink to a
    device) is refused up front: exit 64 within seconds, a message naming
    what it is, nothing computed, the FIFO still a FIFO. A symlink to a
    regular file is followed."""
    pairs = [(12, 18), (5, 7)]
    work = tmp / "in.txt"
    write_pairs(work, pairs)
    fifo = tmp / "ckpt.fifo"
    os.mkfifo(fifo)
    folder = tmp / "dir"
    folder.mkdir()
    link = tmp / "null.link"
    link.symlink_to("/dev/null")
    cases = [("/dev/full", "character device"), ("/dev/zero", "character device"),
             ("/dev/null", "character device"), (str(fifo), "FIFO"), (str(folder), "directory"),
             (str(link), "character device")]
    for path, kind in cases:
        start = time.monotonic()
        p = r.run(["--checkpoint", path, str(work)], timeout=ERROR_DEADLINE * 3)
        elapsed = time.monotonic() - start
        check(p.returncode == EXIT_USAGE, f"{path}: exit {p.returncode}, want 64: {p.err[-300:]}")
        check(elapsed < ERROR_DEADLINE, f"{path}: refused in {elapsed:.1f}s")
        check("needs a regular file" in p.err and kind in p.err, f"{path}: says what it is: {p.err[-300:]}")
        check(p.out == "", f"{path}: nothing printed on stdout")
    check(fifo.is_fifo(), "the FIFO is still a FIFO")
    check(os.path.realpath(link) == "/dev/null", "the symlink is untouched")
    target = tmp / "real.ckpt"
    good_link = tmp / "real.link"
    good_link.symlink_to(target.name)
    p = run_ckpt(r, good_link, work)
    check(p.returncode == 0 and p.out == expected_text(pairs), f"symlink to a new file: {p.returncode} {p.err[-300:]}")
    check(good_link.is_symlink() and target.is_file() and target.read_bytes().startswith(HEADER),
          "the link's target is the checkpoint; the link stays a link")


# ---- section 4: checkpoints resume whenever the work is the same -------------

def case_checkpoint_trailing_lines(r, tmp):
    """A finished (fully checkpointed) run reruns from its checkpoint alone
    whatever follows the last pair: a blank line, a comment, whitespace, no
    final newline, CRLF; also with skip lines between batches."""
    pairs = [(i * 6, i * 15 + 3) for i in range(1, 41)]
    body = "".join(f"{a} {b}\n" + ("\n# between\n" if i % 7 == 3 else "") for i, (a, b) in enumerate(pairs))
    want = expected_text(pairs)
    endings = {"blank": "\n", "comment": "# the end\n", "spaces": "   \t \n", "many": "\n\n# a\n  \n# b",
               "no-newline": "", "crlf": "\r\n\r\n"}
    for name, tail in endings.items():
        work = tmp / f"{name}.txt"
        text = body + tail
        if name == "no-newline":
            text = body.rstrip("\n")
        if name == "crlf":
            text = body.replace("\n", "\r\n") + tail
        work.write_text(text, newline="")
        for batch in ["7", "1000"]:  # the last batch full and partial
            ckpt, rep = tmp / f"{name}.{batch}.ckpt", tmp / f"{name}.{batch}.json"
            p = run_ckpt(r, ckpt, work, "--kernel", "euclid", "--batch-size", batch)
            check(p.returncode == 0 and p.out == want, f"{name}/{batch}: first run {p.returncode} {p.err[-300:]}")
            p = run_ckpt(r, ckpt, work, "--kernel", "euclid", "--batch-size", batch, report=rep)
            check(p.returncode == 0 and p.out == want, f"{name}/{batch}: rerun of a finished run: {p.returncode} {p.err[-300:]}")
            if p.returncode == 0:
                check(json.loads(rep.read_text())["resumed_pairs"] == len(pairs),
                      f"{name}/{batch}: every pair replayed from the checkpoint")


def cut_to_records(ckpt, keep):
    """Keeps the header and the first `keep` records (as a stop would)."""
    _, records = read_checkpoint(ckpt)
    data = Path(ckpt).read_bytes()
    end = records[keep][4] if keep < len(records) else len(data)
    Path(ckpt).write_bytes(data[:end])
    return sum(c for _, c, *_ in records[:keep])


def case_checkpoint_identity(r, tmp):
    """The input is identified by size and content, not mtime or path: a
    byte-identical copy elsewhere (staged to scratch) and a touch resume. The
    batch size, the interval and the number of ranks may change on resume:
    the output stays byte-identical. A changed byte is refused naming the pairs
    and lines where it is; a changed size names both sizes in bytes; a kernel
    switch names the kernels, not the batch size."""
    pairs = [(i * 6 + 1, i * 15 + 3) for i in range(1, 301)]
    work = tmp / "w.txt"
    write_pairs(work, pairs)
    want = expected_text(pairs)
    ckpt = tmp / "c.ckpt"
    p = run_ckpt(r, ckpt, work, "--kernel", "euclid", "--batch-size", "50")
    check(p.returncode == 0 and p.out == want, f"first run: {p.returncode} {p.err[-300:]}")
    _, records = read_checkpoint(ckpt)
    check(len(records) == 6, f"six records of 50: {[c for _, c, *_ in records]}")
    saved = ckpt.read_bytes()

    # Staged copy under another name, with another mtime; then a touch.
    scratch = tmp / "scratch"
    scratch.mkdir()
    staged = scratch / "copy-of-w.txt"
    shutil.copyfile(work, staged)
    os.utime(staged, (time.time() + 3600, time.time() + 3600))
    resumed_pairs = cut_to_records(ckpt, 3)
    rep = tmp / "rep.json"
    p = run_ckpt(r, ckpt, staged, "--kernel", "euclid", "--batch-size", "17", np=other_np(r), report=rep)
    check(p.returncode == 0 and p.out == want,
          f"staged copy, other batch size and ranks resume: {p.returncode} {p.err[-300:]}")
    if p.returncode == 0:
        check(json.loads(rep.read_text())["resumed_pairs"] == resumed_pairs == 150,
              f"resumed {json.loads(rep.read_text())['resumed_pairs']} of {resumed_pairs}")
    os.utime(work, None)  # touch
    p = run_ckpt(r, ckpt, work, "--kernel", "euclid", report=rep)
    check(p.returncode == 0 and p.out == want, f"after touch: {p.returncode} {p.err[-300:]}")
    if p.returncode == 0:
        check(json.loads(rep.read_text())["resumed_pairs"] == len(pairs), "all replayed after touch")

    # One byte changed, same size: refused, naming where.
    ckpt.write_bytes(saved)
    lines = work.read_text().splitlines(keepends=True)
    pair_lines = [i + 1 for i, l in enumerate(lines) if l.strip() and not l.startswith("#")]
    target = 120  # 1-based pair index, in record 3 (pairs 101-150)
    line_no = pair_lines[target - 1]
    a, b = pairs[target - 1]
    b_new = b - b % 10 + (b % 10 + 1) % 10  # one digit changed, same length
    changed = lines[:]
    changed[line_no - 1] = lines[line_no - 1].replace(f"{a} {b}", f"{a} {b_new}", 1)
    check(len(changed[line_no - 1]) == len(lines[line_no - 1]) and changed != lines, "same size, other content")
    edited = tmp / "edited.txt"
    edited.write_text("".join(changed))
    p = run_ckpt(r, ckpt, edited, "--kernel", "euclid", "--batch-size", "50")
    first_line = pair_lines[99] + 1  # the line after record 2's last pair
    last_line = pair_lines[149]
    check(p.returncode == EXIT_USAGE and "input differs" in p.err and "within pairs 101-150" in p.err
          and f"(lines {first_line}-{last_line})" in p.err,
          f"changed content is refused and located (lines {first_line}-{last_line}): {p.returncode} {p.err[-300:]}")
    check(p.out == "", f"a refused resume prints nothing (every record is checked first): {len(p.out.splitlines())} lines")
    check(ckpt.read_bytes() == saved, "a refused resume leaves the checkpoint as it was")

    # Size changed: both sizes, in bytes, no nanoseconds.
    shorter = tmp / "shorter.txt"
    write_pairs(shorter, pairs[:-1] + [(1, 2)])
    p = run_ckpt(r, ckpt, shorter, "--kernel", "euclid", "--batch-size", "50")
    now, then = shorter.stat().st_size, work.stat().st_size
    check(p.returncode == EXIT_USAGE and "another run" in p.err and "input differs" in p.err
          and f"is {now} bytes" in p.err and f"was {then} bytes" in p.err and not re.search(r"\d+ ?ns\b", p.err),
          f"changed size is refused with both sizes: {p.returncode} {p.err[-300:]}")
    check("mtime" not in p.err, f"no mtime in the message: {p.err[-300:]}")

    # Kernel switch: the kernels are named; the batch size is not blamed.
    p = run_ckpt(r, ckpt, work, "--kernel", "binary", "--batch-size", "50")
    check(p.returncode == EXIT_USAGE and "another run" in p.err and "--kernel euclid" in p.err
          and "--kernel binary" in p.err, f"kernel switch named: {p.returncode} {p.err[-300:]}")
    check("batch" not in p.err, f"the batch size is not blamed: {p.err[-300:]}")
    check(ckpt.read_bytes() == saved, "refusals leave the checkpoint as it was")


def case_checkpoint_verify(r, tmp):
    """--verify re-checks results replayed from a checkpoint: a record whose
    gcd was altered and its CRC fixed up is caught (exit 70, the input line);
    without --verify the altered result is what the checkpoint says (so the
    tampering is real)."""
    pairs = [(i * 6 + 6, i * 15 + 3) for i in range(1, 61)]
    work = tmp / "w.txt"
    write_pairs(work, pairs)
    lines = work.read_text().splitlines()
    pair_lines = [i + 1 for i, l in enumerate(lines) if l.strip() and not l.startswith("#")]
    want = expected_text(pairs)
    for kernel in ["trial", "euclid"]:
        ckpt = tmp / f"{kernel}.ckpt"
        p = run_ckpt(r, ckpt, work, "--kernel", kernel, "--batch-size", "20")
        check(p.returncode == 0 and p.out == want, f"{kernel}: first run {p.returncode} {p.err[-300:]}")
        _, records = read_checkpoint(ckpt)
        first, count, _, results, pos = records[1]
        victim = 5  # pair first + victim (0-based within the record)
        data = bytearray(ckpt.read_bytes())
        off = pos + RECORD_HEAD.size + 16 * victim
        g, cand = struct.unpack_from("<QQ", data, off)
        check(g == math.gcd(*pairs[first + victim]), f"{kernel}: the record holds the right gcd before tampering")
        struct.pack_into("<QQ", data, off, g + 1, cand)
        body = RECORD_HEAD.size + 16 * count
        struct.pack_into("<I", data, pos + body, zlib.crc32(bytes(data[pos:pos + body])))
        ckpt.write_bytes(bytes(data))
        a, b = pairs[first + victim]
        p = run_ckpt(r, ckpt, work, "--kernel", kernel, "--batch-size", "20")
        check(p.returncode == 0 and f"{a} {b} {g + 1}\n" in p.out,
              f"{kernel}: without --verify the tampered record is replayed as is: {p.returncode}")
        p = run_ckpt(r, ckpt, work, "--kernel", kernel, "--batch-size", "20", "--verify")
        line = pair_lines[first + victim]
        check(p.returncode == EXIT_SOFTWARE, f"{kernel}: --verify catches it: exit {p.returncode} {p.err[-300:]}")
        check(f"verify failed at input line {line}:" in p.err and "replayed from checkpoint" in p.err,
              f"{kernel}: names line {line} and the checkpoint: {p.err[-300:]}")
        check(f"{a} {b} {g + 1}\n" not in p.out, f"{kernel}: the wrong result is not printed")
        # An intact checkpoint passes --verify and resumes.
        ckpt.unlink()
        p = run_ckpt(r, ckpt, work, "--kernel", kernel, "--batch-size", "20")
        cut_to_records(ckpt, 2)
        p = run_ckpt(r, ckpt, work, "--kernel", kernel, "--verify")
        check(p.returncode == 0 and p.out == want, f"{kernel}: intact replay verifies: {p.returncode} {p.err[-300:]}")


def case_checkpoint_granularity(r, tmp):
    """Batches are cut by expected time, not by a fixed candidate count: 5,000
    cheap (x, x) pairs with large x share a record or a few (they cost one
    candidate each), a heavy trial-naive input with a short
    --checkpoint-interval gets several records, every batch but the last
    holds at least one pair per worker, and the output is right in each case."""
    workers = max(r.np, 1)
    rng = random.Random(7)
    same = [(x, x) for x in (rng.randrange(10**12, 10**15) for _ in range(5000))]
    work = tmp / "same.txt"
    write_pairs(work, same)
    ckpt = tmp / "same.ckpt"
    p = run_ckpt(r, ckpt, work)
    check(p.returncode == 0 and p.out == expected_text(same), f"(x, x) pairs: {p.returncode} {p.err[-300:]}")
    _, records = read_checkpoint(ckpt)
    check(1 <= len(records) <= 3, f"5,000 (x, x) pairs: {len(records)} records, want a few, not 5,000")
    check(sum(c for _, c, *_ in records) == 5000, "and they hold every pair")

    heavy = e2e.generated(tmp, "heavy.txt", "--count", "160", "--min", "2000000", "--max", "20000000", "--seed", "21")
    want = expected_text(e2e.read_input(heavy))
    ckpt = tmp / "heavy.ckpt"
    p = run_ckpt(r, ckpt, heavy, "--kernel", "trial-naive", "--checkpoint-interval", "0.1")
    check(p.returncode == 0 and p.out == want, f"heavy, 0.1 s interval: {p.returncode} {p.err[-300:]}")
    _, records = read_checkpoint(ckpt)
    check(len(records) >= 3, f"a few seconds of trial-naive at 0.1 s per record: {len(records)} records")
    check(all(c >= workers for _, c, *_ in records[:-1]), "each batch keeps one pair per worker")
    check(any(c < 160 // 3 for _, c, *_ in records), "the cut is by time, not by --batch-size")

    # A tiny interval: batches shrink to the minimum, one pair per worker.
    small = tmp / "small.txt"
    write_pairs(small, e2e.read_input(heavy)[:24])
    ckpt = tmp / "small.ckpt"
    p = run_ckpt(r, ckpt, small, "--kernel", "trial-naive", "--checkpoint-interval", "0.001")
    check(p.returncode == 0 and p.out == expected_text(e2e.read_input(heavy)[:24]),
          f"tiny interval: {p.returncode} {p.err[-300:]}")
    _, records = read_checkpoint(ckpt)
    counts = [c for _, c, *_ in records]
    check(len(counts) > 1 and all(c >= workers for c in counts[:-1]) and sum(counts) == 24,
          f"every batch but the last holds >= {workers} pairs (one per worker): {counts}")

    p = r.run(["--checkpoint-interval", "0", "--checkpoint", str(tmp / "x.ckpt"), str(small)])
    check(p.returncode == EXIT_USAGE and "--checkpoint-interval" in p.err, f"interval 0 refused: {p.err[-200:]}")
    p = r.run(["--checkpoint-interval", "5", str(small)])
    check(p.returncode == EXIT_USAGE and "needs --checkpoint" in p.err, f"interval without checkpoint: {p.err[-200:]}")
