"""The machine and the allocation: physical cores, Slurm's counts, and how
busy the machine is before a run."""
import os
import shutil
import socket
import subprocess
import time

from .common import log


def in_allocation():
    return bool(os.environ.get("SLURM_JOB_ID")) and shutil.which("srun") is not None


def expand_slurm_counts(text):
    """'2(x3),1' -> [2, 2, 2, 1] (SLURM_JOB_CPUS_PER_NODE / SLURM_TASKS_PER_NODE)."""
    out = []
    for part in (text or "").split(","):
        part = part.strip()
        if not part:
            continue
        if "(x" in part:
            value, times = part.rstrip(")").split("(x")
            out += [int(value)] * int(times)
        else:
            out.append(int(part))
    return out


def slurm_env_for_steps():
    """Environment for srun steps: -n/-N are given explicitly, so the job's
    tasks-per-node (which would make srun warn or refuse) is dropped."""
    env = dict(os.environ)
    for k in ("SLURM_NTASKS_PER_NODE",):
        env.pop(k, None)
    return env


def count_machine_cores(probe_lines, cpus):
    """Physical cores of the machines behind an allocation, from one
    'host boot_id nproc' line per node (in any order) and the allocation's
    CPUs per node (SLURM_JOB_CPUS_PER_NODE, expanded, in sorted-host order).
    Nodes with one boot id are one machine and count once, with at most its
    nproc cores. Returns (cores, detail text)."""
    machines = {}
    # Blank lines (srun's output ends with a newline) are left out before
    # counting, or they would shift every node onto its predecessor's CPUs.
    nodes = sorted(line.split() for line in probe_lines if len(line.split()) == 3)
    for i, (host, boot, nproc) in enumerate(nodes):
        nproc = int(nproc)
        alloc = cpus[i] if i < len(cpus) else nproc
        m = machines.setdefault(boot, {"hosts": [], "nproc": nproc, "alloc": 0})
        m["hosts"].append(host)
        m["alloc"] += alloc
    total = sum(min(m["nproc"], m["alloc"]) for m in machines.values())
    detail = "; ".join(
        f"{'+'.join(sorted(m['hosts']))}: one machine, {min(m['nproc'], m['alloc'])} cores"
        for m in machines.values())
    return total, detail


class Machines:
    """Physical cores the sweep can use. In an allocation each node is asked
    for its boot id and CPU count, so Slurm nodes that are one machine (as in
    scripts/slurm-cluster) count once."""

    def __init__(self, cores_override=None):
        self.alloc_nodes = 1
        self.alloc_tasks = None
        self.detail = ""
        if in_allocation():
            self.alloc_nodes = int(os.environ.get("SLURM_JOB_NUM_NODES") or os.environ.get("SLURM_NNODES") or 1)
            tasks = os.environ.get("SLURM_NTASKS")
            if tasks:
                self.alloc_tasks = int(tasks)
            else:
                self.alloc_tasks = sum(expand_slurm_counts(os.environ.get("SLURM_JOB_CPUS_PER_NODE", ""))) or self.alloc_nodes
            self.cores = self._probe_allocation()
        else:
            self.cores = len(os.sched_getaffinity(0))
            self.detail = f"{socket.gethostname()}: {self.cores} cores"
        if cores_override:
            self.cores = cores_override
            self.detail += f" (overridden: --cores {cores_override})"

    def _probe_allocation(self):
        n = self.alloc_nodes
        cpus = expand_slurm_counts(os.environ.get("SLURM_JOB_CPUS_PER_NODE", ""))
        script = 'echo "$(hostname) $(cat /proc/sys/kernel/random/boot_id) $(nproc)"'
        cmd = ["srun", "-N", str(n), "-n", str(n), "--ntasks-per-node=1", "sh", "-c", script]
        try:
            res = subprocess.run(cmd, capture_output=True, text=True, timeout=120, env=slurm_env_for_steps())
        except subprocess.TimeoutExpired:
            res = None
        if res is None or res.returncode != 0:
            fallback = sum(cpus) or (self.alloc_tasks or 1)
            self.detail = f"probe of the nodes failed; assuming {fallback} cores (the allocation's CPUs)"
            log(self.detail)
            return fallback
        total, self.detail = count_machine_cores(res.stdout.split("\n"), cpus)
        return total or (self.alloc_tasks or 1)


def cpu_busy_fraction(seconds=0.3):
    """Fraction of this machine's CPU time that was busy over `seconds`."""
    def sample():
        with open("/proc/stat") as f:
            v = [int(x) for x in f.readline().split()[1:]]
        idle = v[3] + (v[4] if len(v) > 4 else 0)
        return sum(v), idle
    t0, i0 = sample()
    time.sleep(seconds)
    t1, i1 = sample()
    dt = t1 - t0
    return 0.0 if dt <= 0 else max(0.0, 1.0 - (i1 - i0) / dt)


def wait_until_idle(limit, threshold):
    """Wait up to `limit` seconds for the machine to be mostly idle (other
    users' builds distort timings on a shared machine). Returns the last
    busy fraction."""
    busy = cpu_busy_fraction()
    deadline = time.monotonic() + limit
    announced = False
    while busy > threshold and time.monotonic() < deadline:
        if not announced:
            log(f"machine {busy:.0%} busy; waiting up to {limit:.0f}s for it to go below {threshold:.0%}")
            announced = True
        time.sleep(1.0)
        busy = cpu_busy_fraction()
    return busy
