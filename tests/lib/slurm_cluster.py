"""The private Slurm cluster of scripts/slurm-cluster, seen from a test:
free ports for it, starting and stopping it, the environment its clients
need, and the jobs' fields as `scontrol show job -o` prints them.

Used by tests/slurm/run-slurm-tests and tests/docs/run-doc-examples. The
cluster is real (munged, slurmctld and two slurmd); nothing here stands in
for Slurm.
"""
import re
import shlex
import socket
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SLURM_CLUSTER = ROOT / "scripts" / "slurm-cluster"

# Job states after which a job never runs again (everything else, PENDING,
# RUNNING, COMPLETING, the REQUEUED state between a requeued job's
# allocations, ..., goes on).
FINAL_STATES = {"COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL", "OUT_OF_MEMORY", "BOOT_FAIL",
                "DEADLINE", "PREEMPTED"}

# What the tests' own environment must not pass on to sbatch and the jobs:
# an enclosing job's variables would attach sbatch to another cluster's job.
INHERITED_PREFIXES = ("SLURM_", "OMPI_COMM_WORLD", "PMIX_")


def port_free(port):
    """True if nothing listens on 127.0.0.1:port."""
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


def free_port_base(first, last, step=10):
    """The first base in range(first, last, step) whose ports base, base + 1
    and base + 2 (slurmctld, slurmd n1, slurmd n2) are all free; None if none is."""
    for base in range(first, last, step):
        if all(port_free(p) for p in (base, base + 1, base + 2)):
            return base
    return None


def client_env(environ, drop=()):
    """A copy of `environ` without inherited Slurm/MPI job variables and
    without the names in `drop`."""
    return {k: v for k, v in environ.items() if not k.startswith(INHERITED_PREFIXES) and k not in drop}


def job_fields(job_id, env):
    """{Field: value} of `scontrol show job -o JOB_ID` ({} if Slurm does not
    know the job). A field is a word `Name=value` starting the line or after a
    space; the first one of each name counts (so ExitCode is not
    DerivedExitCode)."""
    res = subprocess.run(["scontrol", "show", "job", "-o", str(job_id)], capture_output=True, text=True, env=env)
    fields = {}
    for m in re.finditer(r"(?:^| )([A-Za-z]+)=(\S*)", res.stdout if res.returncode == 0 else ""):
        fields.setdefault(m.group(1), m.group(2))
    return fields


def is_final(fields):
    """The job ended, or waits on a dependency that can never be met."""
    state = fields.get("JobState", "")
    return state in FINAL_STATES or (state == "PENDING" and fields.get("Reason") == "DependencyNeverSatisfied")


def to_seconds(runtime):
    """Slurm's [D-]HH:MM:SS as seconds."""
    days, _, hms = runtime.rpartition("-")
    h, m, s = (int(x, 10) for x in hms.split(":"))
    return int(days or 0) * 86400 + h * 3600 + m * 60 + s


class Cluster:
    """scripts/slurm-cluster's start, env and stop on one directory."""

    def __init__(self, directory, env):
        self.dir, self.env, self.started = Path(directory), dict(env), False

    def _run(self, *args):
        return subprocess.run([str(SLURM_CLUSTER), *args, str(self.dir)], capture_output=True, text=True,
                              env=self.env)

    def start(self):
        """Starts the cluster; returns (ok, what the script printed)."""
        self.started = True
        res = self._run("start")
        return res.returncode == 0, res.stdout + res.stderr

    def client_env(self):
        """The variables `slurm-cluster env` exports (SLURM_CONF, GCD_SLURM_DIR)."""
        res = self._run("env")
        found = {}
        for line in res.stdout.splitlines():
            words = shlex.split(line, comments=True)
            if len(words) == 2 and words[0] == "export" and "=" in words[1]:
                name, value = words[1].split("=", 1)
                found[name] = value
        return found

    def stop(self):
        """Stops the cluster; returns (ok, what the script printed)."""
        res = self._run("stop")
        self.started = False
        return res.returncode == 0, res.stdout + res.stderr

