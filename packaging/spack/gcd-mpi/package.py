# Spack package of gcd_mpi. To use it, put this directory in a Spack
# repository of your own (spack repo create site-repo; copy gcd-mpi/ into its
# packages/), point `git` at your clone of gcd_mpi, then
#   spack install gcd-mpi ^openmpi        (or ^mpich, ^intel-oneapi-mpi, ^cray-mpich)
# or build a checkout in place: spack develop -p /path/to/gcd_mpi gcd-mpi@main.
# Spack builds Boost.MPI against the same MPI as gcd_mpi (one mpi provider
# per spec), which gcd_mpi needs. Checked here only by
# tests/install/cases_packaging.py (syntax, version, dependencies against
# CMakeLists.txt): Spack itself is not installable on the project's machines.
from spack.package import *


class GcdMpi(CMakePackage):
    """gcd_mpi: greatest common divisors of integer pairs spread over MPI
    ranks; a brute-force kernel that makes scaling measurable, and exact
    fast kernels (Euclid, Stein) for real use. Also installs the pure C++
    core as a CMake package (find_package(gcd_mpi), gcd_mpi::core)."""

    homepage = "https://example.org/gcd_mpi"  # your site's page or clone
    git = "https://example.org/gcd_mpi.git"  # your site's clone of the repository

    license("BSD-3-Clause")

    version("main", branch="main")
    version("0.3.0", tag="v0.3.0")

    variant("benchmarks", default=False, description="Build the Google Benchmark programs")

    depends_on("cxx", type="build")
    depends_on("cmake@3.22:", type="build")
    depends_on("help2man", type="build")  # the man pages, from --help

    depends_on("mpi")
    # Boost.MPI links the MPI library: Spack builds it with the same mpi.
    depends_on("boost@1.74: +mpi +serialization +program_options")
    depends_on("nlohmann-json@3:")
    depends_on("benchmark", when="+benchmarks")

    depends_on("googletest", type="test")
    depends_on("python@3:", type="test")
    depends_on("py-numpy", type="test")

    def cmake_args(self):
        return [
            self.define("GCD_MPI_BUILD_TESTS", self.run_tests),
            self.define_from_variant("GCD_MPI_BUILD_BENCHMARKS", "benchmarks"),
            # Spack chooses the target's flags itself.
            self.define("GCD_MPI_NATIVE", False),
        ]
