"""Issue 15, "A CLI people like": the did-you-mean messages, -V/--version,
and the report's build and provenance fields, through the real binary at
every -np it is registered at (under mpirun only rank 0 speaks)."""
import re

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


def _project_version():
    text = (e2e.ROOT / "CMakeLists.txt").read_text()
    return re.search(r"project\(gcd_mpi VERSION ([0-9.]+)", text).group(1)


VERSION_KEYS = ["commit", "build type", "compiler", "MPI built with", "MPI run with", "Boost", "trial paths",
                "trial path chosen"]


def version_fields(out):
    """{key: value} of --version's lines after the first."""
    fields = {}
    for line in out.splitlines()[1:]:
        key, _, value = line.partition("  ")
        fields[key.strip()] = value.strip()
    return fields


def case_version(r, tmp):
    """-V and --version: exit 0, the version line once (under mpirun only
    rank 0 prints), every build field, the trial path GCD_MPI_TRIAL_PATH
    forces; and no MPI_Init (a pml that does not exist would fail it)."""
    want_first = f"gcd_mpi {_project_version()}"
    for flag in ["-V", "--version"]:
        p = r.run([flag], env_extra={"OMPI_MCA_pml": "no-such-pml"}, timeout=e2e.ERROR_DEADLINE * 3)
        e2e.check(p.returncode == 0, f"{flag}: exit {p.returncode}: {p.err!r}")
        e2e.check(p.out.splitlines()[:1] == [want_first], f"{flag}: first line {want_first!r}: {p.out!r}")
        e2e.check(p.out.count("gcd_mpi ") == 1 and p.out.count("\ncommit ") == 1, f"{flag}: printed once: {p.out!r}")
        e2e.check(p.err == "", f"{flag}: nothing on stderr (MPI not started): {p.err!r}")
        fields = version_fields(p.out)
        e2e.check(list(fields) == VERSION_KEYS, f"{flag}: fields {list(fields)}")
        e2e.check(all(fields.get(k) for k in VERSION_KEYS), f"{flag}: every field has a value: {fields}")
        e2e.check(re.fullmatch(r"Open MPI \d+\.\d+\.\d+ \(MPI \d\.\d\)", fields.get("MPI built with", "")),
                  f"{flag}: built with: {fields.get('MPI built with')!r}")
        e2e.check(fields.get("MPI run with", "").startswith("Open MPI v"),
                  f"{flag}: run with: {fields.get('MPI run with')!r}")
        paths = fields.get("trial paths", "").removesuffix(" (this CPU)").split(", ")
        e2e.check(paths[0] == "scalar" and fields.get("trial path chosen") in paths,
                  f"{flag}: trial paths {paths}, chosen {fields.get('trial path chosen')!r}")
    p = r.run(["-V"], env_extra={"GCD_MPI_TRIAL_PATH": "scalar"})
    e2e.check(version_fields(p.out).get("trial path chosen") == "scalar",
              f"GCD_MPI_TRIAL_PATH=scalar is the chosen path: {p.out!r}")
