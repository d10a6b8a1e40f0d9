#pragma once
/// --verify: re-checks results with an independent kernel. One function for
/// freshly computed batches (dist/pipeline.cpp) and for results replayed from
/// a checkpoint (app/main.cpp), so both are held to the same standard.

#include <vector>

#include "gcd_mpi/core/kernels.hpp"
#include "gcd_mpi/core/pair.hpp"

namespace gcd_mpi {

/// Checks results[i] (gcd, and the candidate count the trial kernels report)
/// of `kernel` for pairs[i] against verification_kernel_for(kernel). Throws
/// GcdError(exit_software) naming batch[i]'s input line at the first mismatch.
void verify_results(Kernel kernel, const std::vector<Pair>& pairs, const std::vector<PairResult>& results,
                    const std::vector<InputPair>& batch);

}  // namespace gcd_mpi
