// libFuzzer target: option handling. The bytes are split at NULs into argv;
// parsing must never crash, and must either yield options or a usage/help
// outcome with a message (--version/-V: no message, version_requested, as
// options.hpp documents: the caller prints the build's version text).
// Accepted options must satisfy their invariants.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "gcd_mpi/app/options.hpp"
#include "gcd_mpi/core/errors.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::vector<std::string> args(1);
    for (std::size_t i = 0; i < size; ++i) {
        if (data[i] == 0)
            args.emplace_back();
        else
            args.back() += static_cast<char>(data[i]);
    }
    const auto parsed = gcd_mpi::app::parse_command_line(args, 2);
    if (parsed.options) {
        const auto& o = *parsed.options;
        if (o.input.empty() || o.threads < 1 || o.batch_pairs < 1) std::abort();
    } else if (parsed.exit_code != 0 && parsed.exit_code != gcd_mpi::exit_usage) {
        std::abort();
    } else if (parsed.version_requested) {
        if (parsed.exit_code != 0 || !parsed.message.empty()) std::abort();
    } else if (parsed.message.empty()) {
        std::abort();
    }
    return 0;
}
