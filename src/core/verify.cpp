#include "gcd_mpi/core/verify.hpp"

#include <string>

#include "gcd_mpi/core/errors.hpp"

namespace gcd_mpi {

void verify_results(Kernel kernel, const std::vector<Pair>& pairs, const std::vector<PairResult>& results,
                    const std::vector<InputPair>& batch) {
    const Kernel checker = verification_kernel_for(kernel);
    for (std::size_t i = 0; i < pairs.size(); ++i) {
        const PairResult expected = compute_pair(checker, pairs[i]);
        const std::uint64_t expected_candidates =
            is_trial_kernel(kernel) ? trial_candidates(pairs[i].a, pairs[i].b, expected.gcd) : 0;
        if (i >= results.size() || results[i].gcd != expected.gcd || results[i].candidates != expected_candidates) {
            const PairResult got = i < results.size() ? results[i] : PairResult{};
            throw GcdError(exit_software, "verify failed at input line " + std::to_string(batch[i].line) + ": kernel " +
                                              std::string(kernel_name(kernel)) + " gave gcd " +
                                              std::to_string(got.gcd) + " (" + std::to_string(got.candidates) +
                                              " candidates), kernel " + std::string(kernel_name(checker)) + " gives " +
                                              std::to_string(expected.gcd));
        }
    }
}

}  // namespace gcd_mpi
