"""The packaging cases of tests/install/run-install-tests:
  deb            cpack -G DEB from the build tree; the package's control
                 fields and file list; extracted with dpkg-deb -x into a
                 scratch root (never installed on this machine), its gcd_mpi
                 run on its sample (math.gcd) and its module file loaded
  spack          packaging/spack/gcd-mpi/package.py: Python syntax (ast),
                 its version against CMakeLists.txt's project VERSION, its
                 depends_on against every find_package of the CMake files,
                 its -D settings against the option()s. Spack itself is not
                 installable here: concretizing and building are untested.
  cmake-minimum  CMakePresets.json's format version and cmakeMinimumRequired
                 against CMakeLists.txt's cmake_minimum_required (3.22,
                 Ubuntu 22.04): presets readable by that CMake.
"""
import ast
import json
import re
import subprocess

from gcd_test_helpers import check, expected_text, sample_pairs
from install_lib import REPO, clean_env, module_session, project_version
from install_lib import run as _run


def case_deb(build, work):
    out = work / "packages"
    proc = _run(["cpack", "-G", "DEB", "--config", str(build / "CPackConfig.cmake"), "-B", str(out)], timeout=300)
    debs = sorted(out.glob("*.deb"))
    if not check(proc.returncode == 0 and len(debs) == 1, f"cpack -G DEB: exit {proc.returncode}, {debs}",
                 f"cpack -G DEB built {debs[0].name if debs else '?'}"):
        return
    deb = debs[0]
    fields = dict(re.findall(r"^ ([A-Za-z-]+): (.*)$", _run(["dpkg-deb", "-I", str(deb)]).stdout, re.M))
    check(fields.get("Package") == "gcd-mpi" and fields.get("Version") == project_version(),
          f"control: {fields}", f"package gcd-mpi {fields.get('Version')}")
    depends = fields.get("Depends", "")
    check(all(name in depends for name in ("libboost-mpi", "libboost-program-options", "libc6")) and
          re.search(r"libopenmpi|libmpich|libmpi", depends) is not None,
          f"Depends (dpkg-shlibdeps) misses MPI/Boost: {depends!r}", f"Depends from dpkg-shlibdeps: {depends}")
    if "libopenmpi" in depends:
        check("openmpi-bin" in fields.get("Recommends", ""), f"Recommends {fields.get('Recommends')!r} lacks openmpi-bin",
              "Recommends openmpi-bin (mpirun) for an Open MPI build")
    listing = _run(["dpkg-deb", "-c", str(deb)]).stdout
    wanted = ["./usr/bin/gcd_mpi", "./usr/bin/gcd_mpi_gen", "./usr/share/man/man1/gcd_mpi.1",
              "./usr/share/bash-completion/completions/gcd_mpi", "./usr/share/gcd_mpi/jobs/gcd_mpi.sbatch",
              "./usr/share/gcd_mpi/sample_pairs.txt", f"./usr/share/modulefiles/gcd_mpi/{project_version()}.lua",
              "./usr/lib/cmake/gcd_mpi/gcd_mpiConfig.cmake", "./usr/include/gcd_mpi/core/kernels.hpp"]
    missing = [w for w in wanted if not re.search(re.escape(w) + r"(\.gz)?$", listing, re.M)]
    check(not missing, f"not in the package: {missing}", f"package holds binaries, man page, completion, jobs, module, CMake package")

    root = work / "root"
    proc = _run(["dpkg-deb", "-x", str(deb), str(root)])
    binary, sample = root / "usr/bin/gcd_mpi", root / "usr/share/gcd_mpi/sample_pairs.txt"
    if not check(proc.returncode == 0 and binary.is_file(), "dpkg-deb -x failed", "dpkg-deb -x into a scratch root"):
        return
    # Its libraries are the system's (Depends), so it runs from the root as is.
    proc = _run([str(binary), "-q", str(sample)], env=clean_env(), cwd=work)
    check(proc.returncode == 0 and proc.stdout == expected_text(sample_pairs()),
          f"extracted gcd_mpi on its sample: exit {proc.returncode} {proc.stdout!r}",
          "the package's gcd_mpi on the package's sample = math.gcd")
    proc = _run(["mpirun", "-np", "2", str(binary), "-q", "-o", str(work / "np2.txt"), str(sample)], env=clean_env(),
                cwd=work)
    check(proc.returncode == 0 and (work / "np2.txt").read_text() == expected_text(sample_pairs()),
          f"extracted gcd_mpi under mpirun -np 2: exit {proc.returncode}", "the package's gcd_mpi at mpirun -np 2 = math.gcd")
    proc = module_session(root / "usr/share/modulefiles", "module load gcd_mpi && command -v gcd_mpi && gcd_mpi --version")
    check(proc is not None and proc.stdout.startswith(f"{binary}\ngcd_mpi {project_version()}"),
          f"module of the extracted package: {proc and proc.stdout!r}", "the package's module file loads its own gcd_mpi")


def cmake_sources():
    files = [REPO / "CMakeLists.txt", *sorted(REPO.glob("*/CMakeLists.txt")), *sorted(REPO.glob("tests/*/CMakeLists.txt"))]
    # Without comments: a comment may name find_package(gcd_mpi).
    return "\n".join(re.sub(r"#.*", "", f.read_text()) for f in files)


# find_package name -> Spack package name (None: comes with the compiler or
# system, no Spack dependency). A new find_package must be added here.
# None: not a package dependency (Threads is the C library's; Git, found QUIET,
# only names the commit in --version, and a Spack build from a tarball has none).
SPACK_NAME = {"MPI": "mpi", "Boost": "boost", "nlohmann_json": "nlohmann-json", "Threads": None, "Git": None,
              "GTest": "googletest", "Python3": "python", "benchmark": "benchmark"}


def case_spack(build, work):
    path = REPO / "packaging/spack/gcd-mpi/package.py"
    tree = ast.parse(path.read_text(), filename=str(path))
    check(True, "", f"{path.relative_to(REPO)} parses (ast)")
    calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)]

    def literal_args(name):
        return [(node.args[0].value, node) for node in calls
                if node.func.id == name and node.args and isinstance(node.args[0], ast.Constant)]

    cmake_text = (REPO / "CMakeLists.txt").read_text()
    version = re.search(r"project\(gcd_mpi VERSION ([0-9.]+)", cmake_text).group(1)
    versions = [v for v, node in literal_args("version") if not any(k.arg == "branch" for k in node.keywords)]
    check(versions and versions[0] == version, f"package.py's newest release {versions} != CMakeLists.txt {version}",
          f"package.py's release version {versions[0] if versions else '?'} = CMakeLists.txt's")

    specs = [spec for spec, _ in literal_args("depends_on")]
    names = {re.match(r"[a-z0-9-]+", spec).group(0) for spec in specs}
    found = re.findall(r"find_package\((\w+)([^)]*)\)", cmake_sources())
    unknown = sorted({n for n, _ in found if n not in SPACK_NAME})
    check(not unknown, f"find_package({unknown}) has no Spack name in cases_packaging.SPACK_NAME", None)
    needed = sorted({SPACK_NAME[n] for n, _ in found if SPACK_NAME.get(n)})
    lacking = [n for n in needed if n not in names]
    check(not lacking, f"package.py lacks depends_on for {lacking} (find_package: {sorted({n for n, _ in found})})",
          f"package.py depends on {needed}: every find_package of the CMake files")

    boost_args = next(args for n, args in found if n == "Boost")
    boost_version = re.search(r"([0-9]+\.[0-9]+)", boost_args).group(1)
    components = re.search(r"COMPONENTS ([\w ]+)", boost_args).group(1).split()
    boost_spec = next(s for s in specs if s.startswith("boost"))
    check(f"@{boost_version}:" in boost_spec and all(f"+{c}" in boost_spec for c in components),
          f"boost spec {boost_spec!r} vs find_package(Boost {boost_version} {components})",
          f"boost spec {boost_spec!r} = find_package(Boost {boost_version} COMPONENTS {' '.join(components)})")
    minimum = re.search(r"cmake_minimum_required\(VERSION ([0-9.]+)\)", cmake_text).group(1)
    check(f"cmake@{minimum}:" in specs, f"package.py's cmake spec {[s for s in specs if 'cmake' in s]} != {minimum}",
          f"package.py needs cmake@{minimum}: like CMakeLists.txt")

    options = set(re.findall(r"option\((\w+)", cmake_sources()))
    defines = [node.args[0].value for node in ast.walk(tree) if isinstance(node, ast.Call)
               and isinstance(node.func, ast.Attribute) and node.func.attr in ("define", "define_from_variant")
               and node.args and isinstance(node.args[0], ast.Constant)]
    stray = [d for d in defines if d not in options]
    check(defines and not stray, f"cmake_args sets {stray}, not option()s of CMakeLists.txt ({sorted(options)})",
          f"cmake_args sets only options of CMakeLists.txt: {defines}")


# Presets format version -> the first CMake that reads it.
PRESETS_CMAKE = {1: (3, 19), 2: (3, 20), 3: (3, 21), 4: (3, 23), 5: (3, 24), 6: (3, 25), 7: (3, 27), 8: (3, 28)}
# Keys that need a newer format than they appear in (a v3 file with them is rejected).
NEWER_KEYS = {"include": 4, "workflowPresets": 6, "packagePresets": 6, "$schema": 8}


def case_cmake_minimum(build, work):
    presets = json.loads((REPO / "CMakePresets.json").read_text())
    minimum = tuple(int(x) for x in re.search(r"cmake_minimum_required\(VERSION ([0-9]+)\.([0-9]+)",
                                              (REPO / "CMakeLists.txt").read_text()).groups())
    check(minimum <= (3, 22), f"CMakeLists.txt needs CMake {minimum}, above Ubuntu 22.04's 3.22",
          f"CMakeLists.txt: cmake_minimum_required {minimum[0]}.{minimum[1]} <= 3.22")
    needs = PRESETS_CMAKE.get(presets["version"], (99, 0))
    check(needs <= (3, 22), f"CMakePresets.json version {presets['version']} needs CMake {needs}",
          f"CMakePresets.json version {presets['version']}: read by CMake {needs[0]}.{needs[1]}+")
    newer = [k for k, v in NEWER_KEYS.items() if k in presets and v > presets["version"]]
    check(not newer, f"CMakePresets.json uses {newer}, beyond its version {presets['version']}", None)
    declared = presets.get("cmakeMinimumRequired", {})
    declared = (declared.get("major", 0), declared.get("minor", 0))
    check(declared == minimum, f"presets' cmakeMinimumRequired {declared} != CMakeLists.txt {minimum}",
          f"presets' cmakeMinimumRequired = CMakeLists.txt's {minimum[0]}.{minimum[1]}")
    proc = subprocess.run(["cmake", "--list-presets"], cwd=REPO, capture_output=True, text=True)
    check(proc.returncode == 0 and '"release"' in proc.stdout, f"cmake --list-presets: {proc.stderr}",
          "cmake --list-presets reads the file")


CASES = {"deb": case_deb, "spack": case_spack, "cmake-minimum": case_cmake_minimum}
