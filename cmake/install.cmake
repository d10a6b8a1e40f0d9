# What `cmake --install` delivers (paths under the prefix):
#   bin/gcd_mpi, bin/gcd_mpi_gen
#   share/man/man1/gcd_mpi.1, gcd_mpi_gen.1          (help2man, from --help)
#   share/bash-completion/completions/gcd_mpi       (from --help and the name tables)
#   share/gcd_mpi/jobs/                             (Slurm job templates)
#   share/gcd_mpi/sample_pairs.txt
#   share/modulefiles/gcd_mpi/<version>.lua         (Lmod; written at install time)
#   include/gcd_mpi/core/*.hpp, lib/libgcd_mpi_core.a,
#   lib/cmake/gcd_mpi/                              (find_package(gcd_mpi): gcd_mpi::core)
#   share/doc/gcd_mpi/LICENSE, README.md
# and the CPack settings of the Debian package (cpack -G DEB).
include(CMakePackageConfigHelpers)

install(TARGETS gcd_mpi gcd_mpi_gen RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

# --- man pages: help2man turns --help/--version into man(7) at build time,
# so the page says what the binary does. Without help2man there are none.
find_program(GCD_MPI_HELP2MAN help2man DOC "help2man (Debian: help2man), which writes the man pages")
if(GCD_MPI_HELP2MAN)
  set(man_dir ${PROJECT_BINARY_DIR}/man)
  add_custom_command(OUTPUT ${man_dir}/gcd_mpi.1
    COMMAND ${CMAKE_COMMAND} -E make_directory ${man_dir}
    COMMAND ${GCD_MPI_HELP2MAN} --no-info --section=1
            "--name=greatest common divisors of integer pairs over MPI ranks"
            --include=${PROJECT_SOURCE_DIR}/cmake/gcd_mpi.h2m --output=${man_dir}/gcd_mpi.1 $<TARGET_FILE:gcd_mpi>
    DEPENDS gcd_mpi ${PROJECT_SOURCE_DIR}/cmake/gcd_mpi.h2m
    COMMENT "help2man: gcd_mpi.1" VERBATIM)
  # gcd_mpi_gen has no --version; its version is the project's.
  add_custom_command(OUTPUT ${man_dir}/gcd_mpi_gen.1
    COMMAND ${CMAKE_COMMAND} -E make_directory ${man_dir}
    COMMAND ${GCD_MPI_HELP2MAN} --no-info --section=1 --version-string=${PROJECT_VERSION}
            "--name=seeded workload generator for gcd_mpi" --output=${man_dir}/gcd_mpi_gen.1 $<TARGET_FILE:gcd_mpi_gen>
    DEPENDS gcd_mpi_gen
    COMMENT "help2man: gcd_mpi_gen.1" VERBATIM)
  add_custom_target(gcd_mpi_man ALL DEPENDS ${man_dir}/gcd_mpi.1 ${man_dir}/gcd_mpi_gen.1)
  install(FILES ${man_dir}/gcd_mpi.1 ${man_dir}/gcd_mpi_gen.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
else()
  message(WARNING "help2man not found: no man pages (scripts/setup installs it)")
endif()

# --- bash completion: the options of --help, the names of the name tables.
add_executable(gcd_mpi_completion_words src/tools/completion_words.cpp)
target_link_libraries(gcd_mpi_completion_words PRIVATE gcd_mpi::core gcd_mpi_warnings)
set(completion ${PROJECT_BINARY_DIR}/completion/gcd_mpi)
add_custom_command(OUTPUT ${completion}
  COMMAND ${CMAKE_COMMAND} -DGCD_MPI=$<TARGET_FILE:gcd_mpi> -DWORDS=$<TARGET_FILE:gcd_mpi_completion_words>
          -DTEMPLATE=${PROJECT_SOURCE_DIR}/cmake/gcd_mpi.bash-completion.in -DOUTPUT=${completion}
          -DVERSION=${PROJECT_VERSION} -P ${PROJECT_SOURCE_DIR}/cmake/make-completion.cmake
  DEPENDS gcd_mpi gcd_mpi_completion_words ${PROJECT_SOURCE_DIR}/cmake/make-completion.cmake
          ${PROJECT_SOURCE_DIR}/cmake/gcd_mpi.bash-completion.in
  COMMENT "bash completion for gcd_mpi" VERBATIM)
add_custom_target(gcd_mpi_completion ALL DEPENDS ${completion})
install(FILES ${completion} DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)

# --- job templates and the sample. The jobs find an installed gcd_mpi on
# PATH (or through GCD_MPI_HOME = this prefix) and this share directory.
install(PROGRAMS jobs/gcd_mpi.sbatch jobs/checkpointed.sbatch jobs/pick-launcher
        DESTINATION ${CMAKE_INSTALL_DATADIR}/gcd_mpi/jobs)
install(FILES data/sample_pairs.txt DESTINATION ${CMAKE_INSTALL_DATADIR}/gcd_mpi)
install(FILES LICENSE README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})

# --- the core library as a CMake package: find_package(gcd_mpi) gives
# gcd_mpi::core (pure C++: kernels, parsing, partitioning, formatting).
set_target_properties(gcd_mpi_core PROPERTIES EXPORT_NAME core)
install(TARGETS gcd_mpi_core EXPORT gcd_mpiTargets ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(DIRECTORY include/gcd_mpi/core DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/gcd_mpi FILES_MATCHING PATTERN "*.hpp")
set(package_dir ${CMAKE_INSTALL_LIBDIR}/cmake/gcd_mpi)
install(EXPORT gcd_mpiTargets NAMESPACE gcd_mpi:: DESTINATION ${package_dir})
configure_package_config_file(cmake/gcd_mpiConfig.cmake.in ${PROJECT_BINARY_DIR}/gcd_mpiConfig.cmake
  INSTALL_DESTINATION ${package_dir})
# 0.x: a minor release may change the API.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/gcd_mpiConfigVersion.cmake COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/gcd_mpiConfig.cmake ${PROJECT_BINARY_DIR}/gcd_mpiConfigVersion.cmake
        DESTINATION ${package_dir})

# --- Lmod module file, written at install time so it names the prefix
# installed into (cmake --install --prefix P, or /usr for the .deb).
install(CODE "
  set(GCD_MPI_VERSION \"${PROJECT_VERSION}\")
  set(GCD_MPI_PREFIX \"\${CMAKE_INSTALL_PREFIX}\")
  set(GCD_MPI_BINDIR \"${CMAKE_INSTALL_BINDIR}\")
  set(GCD_MPI_MANDIR \"${CMAKE_INSTALL_MANDIR}\")
  set(GCD_MPI_DATADIR \"${CMAKE_INSTALL_DATADIR}\")
  set(module \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_DATADIR}/modulefiles/gcd_mpi/${PROJECT_VERSION}.lua\")
  message(STATUS \"Installing: \${module}\")
  configure_file(\"${PROJECT_SOURCE_DIR}/cmake/gcd_mpi.lua.in\" \"\${module}\" @ONLY)
")

# --- Debian package: cpack -G DEB (in the build directory).
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME gcd-mpi)  # Debian names have no '_'
set(CPACK_PACKAGE_VENDOR "the gcd_mpi authors")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "greatest common divisors of integer pairs over MPI ranks")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "the gcd_mpi authors")
set(CPACK_DEBIAN_PACKAGE_SECTION science)
# Depends from the libraries the binaries link (dpkg-shlibdeps): the MPI and
# Boost packages this build used.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# The launcher's package, told by the MPI library's directory
# (Debian: /usr/lib/<arch>/openmpi/lib, /usr/lib/<arch>/mpich/lib).
if(MPI_CXX_LIBRARIES MATCHES "/openmpi/")
  set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "openmpi-bin")
elseif(MPI_CXX_LIBRARIES MATCHES "/mpich/")
  set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "mpich")
endif()
include(CPack)
