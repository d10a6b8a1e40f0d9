"""Issue 15, "A CLI people like": the did-you-mean messages, -V/--version,
and the report's build and provenance fields, through the real binary at
every -np it is registered at (under mpirun only rank 0 speaks)."""
import json
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


def case_report_provenance(r, tmp):
    """The report's schema 2 fields: schema_version 2, the command line as
    given (argv, program first), a UTC ISO 8601 start time within this run,
    the build --version prints, and launcher "mpirun" under mpiexec (the
    variable it was told by apart), "none" without a launcher."""
    import datetime
    rep = tmp / "report.json"
    args = ["--report", str(rep), "-q", "--kernel", "euclid", "--schedule=block", str(e2e.SAMPLE)]
    before = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    p = r.run(args)
    after = datetime.datetime.now(datetime.timezone.utc)
    if not e2e.check(p.returncode == 0 and rep.exists(), f"run: exit {p.returncode}: {p.err!r}"):
        return
    doc = json.loads(rep.read_text())
    e2e.check(doc.get("schema_version") == 2, f"schema_version: {doc.get('schema_version')!r}")
    argv = doc.get("command_line") or []
    e2e.check(argv[1:] == args and argv[:1] and argv[0].endswith("gcd_mpi"), f"command_line: {argv!r}")
    started = doc.get("started_utc", "")
    e2e.check(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", started), f"started_utc ISO 8601 with Z: {started!r}")
    try:
        when = datetime.datetime.strptime(started, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)
        e2e.check(before <= when <= after, f"started_utc {started} within the run ({before} .. {after})")
    except ValueError as err:
        e2e.check(False, f"started_utc parses: {err}")
    v = r.run(["--version"], np=0)
    fields = version_fields(v.out)
    build = doc.get("build", {})
    for key, field in [("commit", "commit"), ("build type", "build_type"), ("compiler", "compiler"),
                       ("MPI built with", "mpi_built_with"), ("MPI run with", "mpi_run_with"), ("Boost", "boost"),
                       ("trial path chosen", "trial_path")]:
        e2e.check(build.get(field) == fields.get(key), f"build.{field} {build.get(field)!r} == --version's {key}")
    e2e.check(build.get("version") == _project_version() == doc.get("version"), f"build.version: {build}")
    e2e.check(", ".join(build.get("trial_paths", [])) + " (this CPU)" == fields.get("trial paths"),
              f"build.trial_paths: {build.get('trial_paths')}")
    if r.np == 0:
        e2e.check(doc.get("launcher") == "none" and doc.get("launcher_detected_by") is None,
                  f"no launcher: {doc.get('launcher')!r}, {doc.get('launcher_detected_by')!r}")
    else:
        e2e.check(doc.get("launcher") == "mpirun" and doc.get("launcher_detected_by") == "OMPI_COMM_WORLD_RANK",
                  f"under mpiexec: {doc.get('launcher')!r}, {doc.get('launcher_detected_by')!r}")
