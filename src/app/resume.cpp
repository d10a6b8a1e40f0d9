#include "gcd_mpi/app/resume.hpp"

#include <algorithm>
#include <iostream>
#include <vector>

#include "gcd_mpi/core/errors.hpp"
#include "gcd_mpi/core/verify.hpp"

namespace gcd_mpi::app {

namespace {

// Reads, for each of the checkpoint's records in turn, its count of pairs
// from `reader` and proves they are the ones it was computed from (the hash
// at the record's last pair); with `verify_kernel`, re-checks its results as
// if just computed. Then hands pairs and record to `use`. Each record says
// how many pairs it holds, so this run's batch size does not matter.
template <class UseRecord>
void for_each_checkpointed_batch(const Checkpoint& checkpoint, PairReader& reader, std::optional<Kernel> verify_kernel,
                                 UseRecord use) {
    pipeline::InputBatch batch;
    std::vector<Pair> magnitudes_of_batch;
    for (const CheckpointRecord& record : checkpoint.records()) {
        batch.pairs.clear();
        const std::size_t want = record.results.size();
        const std::uint64_t first_line = reader.lines_read() + 1;
        reader.read_batch(batch.pairs, want);
        const std::string where =
            "input differs from the checkpoint's within pairs " + std::to_string(record.first_pair + 1) + "-" +
            std::to_string(record.first_pair + want) + " (lines " + std::to_string(first_line) + "-";
        if (batch.pairs.size() != want) {
            throw GcdError(exit_usage, reader.source_name() + ": " + where + std::to_string(reader.lines_read()) +
                                           "): it ends after pair " +
                                           std::to_string(record.first_pair + batch.pairs.size()) +
                                           "; remove the checkpoint to start over");
        }
        if (reader.pairs_hash() != record.input_hash) {
            throw GcdError(exit_usage, reader.source_name() + ": " + where +
                                           std::to_string(want > 0 ? batch.pairs.back().line : reader.lines_read()) +
                                           "); remove the checkpoint to start over");
        }
        if (verify_kernel) {
            magnitudes_of_batch.resize(want);
            std::transform(batch.pairs.begin(), batch.pairs.end(), magnitudes_of_batch.begin(), magnitudes);
            try {
                verify_results(*verify_kernel, magnitudes_of_batch, record.results, batch.pairs);
            } catch (const GcdError& e) {
                throw GcdError(e.exit_code(), std::string(e.what()) + " (a result replayed from checkpoint " +
                                                  checkpoint.path() + "; remove it to recompute)");
            }
        }
        use(batch, record);
    }
}

}  // namespace

std::unique_ptr<Checkpoint> open_checkpoint(const Options& options, PairReader& reader) {
    if (!reader.is_regular_file()) {
        throw GcdError(exit_usage, options.input + ": --checkpoint needs a regular input file");
    }
    CheckpointIdentity identity;
    identity.input = options.input;
    identity.input_size = reader.file_size();
    identity.kernel = std::string(kernel_name(options.kernel));
    auto checkpoint = std::make_unique<Checkpoint>(options.checkpoint, identity);
    if (checkpoint->dropped_bytes() > 0) {
        std::cerr << "gcd_mpi: " << options.checkpoint << ": dropped a torn or corrupt tail of "
                  << checkpoint->dropped_bytes() << " bytes; that work is redone\n";
    }
    reader.enable_hash();
    return checkpoint;
}

Resumed replay_checkpoint(Checkpoint& checkpoint, const std::string& input, PairReader& reader, FormattedSink& sink,
                          std::optional<Kernel> verify_kernel) {
    Resumed resumed;
    if (checkpoint.records().empty()) return resumed;
    {
        PairReader check_reader(input);
        check_reader.enable_hash();
        for_each_checkpointed_batch(checkpoint, check_reader, verify_kernel,
                                    [](const pipeline::InputBatch&, const CheckpointRecord&) {});
    }
    for_each_checkpointed_batch(checkpoint, reader, std::nullopt,
                                [&](const pipeline::InputBatch& batch, const CheckpointRecord& record) {
                                    sink.write(batch, record.results);
                                    resumed.pairs += record.results.size();
                                    for (const PairResult& result : record.results) {
                                        resumed.candidates += result.candidates;
                                    }
                                });
    checkpoint.forget_records();
    return resumed;
}

}  // namespace gcd_mpi::app
