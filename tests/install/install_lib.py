"""Helpers shared by tests/install/run-install-tests and cases_packaging.py:
a clean environment, commands that print what failed, the installation,
and Lmod sessions."""
import os
import re
import subprocess
from pathlib import Path

from gcd_test_helpers import check

REPO = Path(__file__).resolve().parents[2]
TIMEOUT = 120  # seconds for one command; the whole case takes a few


def clean_env(path_first=(), **extra):
    """Only what a user's shell would have, plus Open MPI's settings."""
    env = {k: v for k, v in os.environ.items() if k.startswith("OMPI_")}
    env.update(PATH=":".join([*map(str, path_first), "/usr/local/bin", "/usr/bin", "/bin"]),
               HOME=os.environ.get("HOME", "/tmp"), LC_ALL="C")
    env.update(extra)
    return env


def run(cmd, env=None, cwd=None, stdin=None, timeout=TIMEOUT):
    proc = subprocess.run(cmd, env=env, cwd=cwd, input=stdin, capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0:
        print(f"  $ {cmd if isinstance(cmd, str) else ' '.join(map(str, cmd))}\n  exit {proc.returncode}\n"
              f"  stdout: {proc.stdout[-2000:]}\n  stderr: {proc.stderr[-2000:]}", flush=True)
    return proc


def project_version():
    text = (REPO / "CMakeLists.txt").read_text()
    return re.search(r"project\(gcd_mpi VERSION ([0-9.]+)", text).group(1)


def install(build, prefix):
    proc = run(["cmake", "--install", str(build), "--prefix", str(prefix)])
    check(proc.returncode == 0, f"cmake --install {build} --prefix {prefix} failed", "cmake --install to a temporary prefix")
    return proc.returncode == 0


def help_long_options(binary):
    """The long options of --help's option tables (rows indented by at most
    8 spaces that start with the option: "  -k, --kernel NAME", Boost's
    "  -k [ --kernel ] arg", "  --io arg"), read here independently of the
    build's generator."""
    text = run([str(binary), "--help"], env=clean_env()).stdout
    rows = re.findall(r"^ {0,8}(?:-[a-zA-Z](?:, | \[ ))?(--[a-z][a-z0-9-]*)", text, re.M)
    return sorted(set(rows))


def lmod_init():
    for candidate in [Path("/usr/share/lmod/lmod/init/bash"), *sorted(Path("/usr/share/lmod").glob("*/init/bash"))]:
        if candidate.is_file():
            return candidate
    return None


def module_session(modulefiles, commands):
    init = lmod_init()
    if not check(init is not None, "Lmod not found (/usr/share/lmod/*/init/bash; scripts/setup installs lmod)"):
        return None
    prog = f"source '{init}'\nmodule use '{modulefiles}'\n{commands}\n"
    return run(["bash", "--norc", "--noprofile", "-c", prog], env=clean_env())
