"""Which launcher starts the ranks, and the words that start P of them."""
import math
import os
import shlex
import shutil
import subprocess

from .common import REPO, HarnessError
from .machine import in_allocation


def detect_launcher(allocation):
    """'srun --mpi=pmix' inside an allocation whose Slurm has the pmix
    plugin, else 'mpirun', else 'none' (no launcher installed)."""
    if allocation:
        try:
            res = subprocess.run(["srun", "--mpi=list"], capture_output=True, text=True, timeout=60)
            if "pmix" in (res.stdout + res.stderr):
                return "srun --mpi=pmix"
        except (OSError, subprocess.TimeoutExpired):
            pass
    if shutil.which("mpirun"):
        return "mpirun"
    return "none"


def pick_launcher(picker):
    """The one line `picker` (jobs/pick-launcher) prints. "auto" asks for
    detection, so a $LAUNCHER the caller exported (which pick-launcher
    would honour) is not passed on."""
    env = {k: v for k, v in os.environ.items() if k != "LAUNCHER"}
    try:
        res = subprocess.run([str(picker)], capture_output=True, text=True, timeout=120, env=env)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise HarnessError(f"{picker} failed: {e}")
    lines = [line.strip() for line in res.stdout.splitlines() if line.strip()]
    if res.returncode != 0 or len(lines) != 1:
        raise HarnessError(f"{picker} exited {res.returncode} and printed {res.stdout!r} "
                           f"(want one line: the launcher command): {res.stderr.strip()}")
    return lines[0]


def resolve_launcher(spec, repo=REPO, allocation=None):
    """'auto' -> inside a Slurm allocation, the launcher the jobs use: what
    jobs/pick-launcher prints when the repository has it (the one place
    jobs/ decides), else detect_launcher(); outside one, 'mpirun' ('none'
    when it is not installed). Any other value is used as given.
    `allocation` defaults to whether this process runs in one."""
    if spec != "auto":
        return spec
    if allocation is None:
        allocation = in_allocation()
    picker = repo / "jobs" / "pick-launcher"
    if allocation and picker.is_file():
        return pick_launcher(picker)
    return detect_launcher(allocation)


def launcher_kind(launcher):
    words = shlex.split(launcher)
    if not words or words[0] == "none":
        return "none"
    name = os.path.basename(words[0])
    if name == "srun":
        return "srun"
    if name in ("mpirun", "mpiexec", "orterun"):
        return "mpirun"
    raise HarnessError(f"unknown launcher '{launcher}' (use srun ..., mpirun ... or none)")


def launch_prefix(launcher, extra, np_, machines):
    """The words before gcd_mpi that start `np_` ranks with `launcher` (plus
    the `extra` arguments) on `machines` (a machine.Machines)."""
    kind = launcher_kind(launcher)
    words = shlex.split(launcher)
    extra_words = shlex.split(extra or "")
    if kind == "none":
        if np_ != 1:
            raise HarnessError("launcher 'none' (serial mode) runs 1 rank only")
        return []
    if kind == "srun":
        cmd = words + ["--kill-on-bad-exit=1", "-n", str(np_)]
        if machines.alloc_tasks:
            per_node = max(1, machines.alloc_tasks // max(1, machines.alloc_nodes))
            cmd += ["-N", str(min(machines.alloc_nodes, math.ceil(np_ / per_node)))]
            if np_ > machines.alloc_tasks:
                cmd.append("--overcommit")
        return cmd + extra_words
    # mpirun: Open MPI aborts the whole job when a rank exits non-zero.
    cmd = words + ["-np", str(np_)]
    slots = machines.alloc_tasks if machines.alloc_tasks else machines.cores
    if np_ > slots and "--oversubscribe" not in words + extra_words:
        cmd.append("--oversubscribe")
    if os.geteuid() == 0 and not os.environ.get("OMPI_ALLOW_RUN_AS_ROOT"):
        cmd.append("--allow-run-as-root")
    return cmd + extra_words


def priority_wrapper(level):
    """Words that start each rank with CPU priority `level` (< 0 needs root):
    nice, and the nice of the rank's scheduler autogroup. On Linux with
    autogroup scheduling (sched_autogroup_enabled=1) plain nice only ranks
    processes within one session, so a build in another session would still
    take half the cores; the autogroup's nice ranks whole sessions. For
    measurements on a shared machine; on a dedicated node leave it 0."""
    if not level:
        return []
    return ["sh", "-c", f'echo {level} > /proc/self/autogroup 2>/dev/null; exec nice -n {level} "$0" "$@"']
