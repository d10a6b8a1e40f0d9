"""Issue 15, "A CLI people like": the did-you-mean messages, -V/--version,
and the report's build and provenance fields, through the real binary at
every -np it is registered at (under mpirun only rank 0 speaks)."""
import e2e


def case_did_you_mean(r, tmp):
    """A mistyped flag or name: exit 64 on every rank, one message naming
    what was meant, nothing on stdout."""
    for args, want in [(["--kernal", "euclid", str(e2e.SAMPLE)],
                        "unrecognised option '--kernal' (did you mean --kernel?)"),
                       (["--ouptut=x", str(e2e.SAMPLE)], "(did you mean --output?)"),
                       (["--kernel", "eucild", str(e2e.SAMPLE)], "unknown kernel 'eucild' (did you mean 'euclid'?)"),
                       (["-f", "tsv", str(e2e.SAMPLE)], "unknown format 'tsv' (did you mean 'csv'?)"),
                       (["--schedule", "dynamc", str(e2e.SAMPLE)], "(did you mean 'dynamic'?)"),
                       (["--io", "paralel", str(e2e.SAMPLE)], "(did you mean 'parallel'?)")]:
        p = r.run(args, timeout=e2e.ERROR_DEADLINE * 3)
        e2e.check(p.returncode == e2e.EXIT_USAGE, f"{args}: exit {p.returncode}, want {e2e.EXIT_USAGE}: {p.err!r}")
        e2e.check(p.err.count(want) == 1, f"{args}: {want!r} once on stderr: {p.err!r}")
        e2e.check(p.out == "", f"{args}: nothing on stdout: {p.out!r}")
    p = r.run([str(e2e.SAMPLE)], env_extra={"GCD_MPI_TRIAL_PATH": "avx"}, timeout=e2e.ERROR_DEADLINE * 3)
    e2e.check(p.returncode == e2e.EXIT_USAGE and p.err.count("did you mean 'avx2'?") == 1,
              f"GCD_MPI_TRIAL_PATH=avx: exit {p.returncode}: {p.err!r}")
    p = r.run(["--frobnicate", str(e2e.SAMPLE)], timeout=e2e.ERROR_DEADLINE * 3)
    e2e.check(p.returncode == e2e.EXIT_USAGE and "did you mean" not in p.err and p.err.count("frobnicate") == 1,
              f"a flag like no other: no guess: {p.err!r}")
