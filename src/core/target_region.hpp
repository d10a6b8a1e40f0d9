// Private to core: the start and end of a region of a translation unit
// compiled for an instruction set the portable build does not assume.
//
//   #include <immintrin.h>                  library headers first: outside
//   #include "target_region.hpp"
//   GCD_MPI_TARGET_REGION_BEGIN("avx2")
//   ... this file's own code, in an anonymous namespace ...
//   GCD_MPI_TARGET_REGION_END()
//
// GCC's target pragma, Clang's attribute pragma: only the functions inside
// are compiled for the set, so nothing included before the region (library
// code the linker could merge with the portable build's copies) is. Those
// functions run only after the CPU check (run_time_paths.hpp).

#ifndef GCD_MPI_SRC_CORE_TARGET_REGION_HPP
#define GCD_MPI_SRC_CORE_TARGET_REGION_HPP

#define GCD_MPI_TARGET_PRAGMA(text) _Pragma(#text)

#if defined(__clang__)
#define GCD_MPI_TARGET_REGION_BEGIN(features) \
    GCD_MPI_TARGET_PRAGMA(clang attribute push(__attribute__((target(features))), apply_to = function))
#define GCD_MPI_TARGET_REGION_END() _Pragma("clang attribute pop")
#else
#define GCD_MPI_TARGET_REGION_BEGIN(features) _Pragma("GCC push_options") GCD_MPI_TARGET_PRAGMA(GCC target(features))
#define GCD_MPI_TARGET_REGION_END() _Pragma("GCC pop_options")
#endif

#endif  // GCD_MPI_SRC_CORE_TARGET_REGION_HPP
