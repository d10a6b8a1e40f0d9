#pragma once
/// Checkpoints on rank 0: the checkpoint a run opens, the results it
/// replays from it, and the sink that records every written batch in it.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "gcd_mpi/app/options.hpp"
#include "gcd_mpi/app/result_io.hpp"
#include "gcd_mpi/core/checkpoint.hpp"
#include "gcd_mpi/core/input.hpp"

namespace gcd_mpi::app {

/// What a checkpoint gave this run: results not recomputed.
struct Resumed {
    std::uint64_t pairs = 0;
    std::uint64_t candidates = 0;  ///< the candidate tests behind them
};

/// Opens `options.checkpoint` for this input and kernel, creating it if
/// missing. Its identity is the input's size and the kernel (the content is
/// proved by the hash in every record, on replay), not the batch size, the
/// interval, the ranks or the mtime. Needs a regular input file; enables the
/// reader's hash. Throws GcdError (exit_usage) when it belongs to another run.
[[nodiscard]] std::unique_ptr<Checkpoint> open_checkpoint(const Options& options, PairReader& reader);

/// Writes the results `checkpoint` already holds to `sink` and returns what
/// was resumed. A first pass over a second reader checks every record (input
/// and, with `verify_kernel`, results) before anything is written, so a
/// refused resume prints nothing; the writing pass checks the input again.
[[nodiscard]] Resumed replay_checkpoint(Checkpoint& checkpoint, const std::string& input, PairReader& reader,
                                        FormattedSink& sink, std::optional<Kernel> verify_kernel);

/// Writes each batch to `formatted`, then records it in `checkpoint`:
/// durable before the next batch is written, so a crash loses at most the
/// batches in flight.
class CheckpointingSink final : public pipeline::ResultSink {
public:
    CheckpointingSink(FormattedSink& formatted, Checkpoint& checkpoint)
        : formatted_(formatted), checkpoint_(checkpoint) {}
    void write(const pipeline::InputBatch& batch, const std::vector<PairResult>& results) override {
        const std::uint64_t first_pair = formatted_.results_written();
        formatted_.write(batch, results);
        checkpoint_.append(first_pair, batch.tag, results);
    }

private:
    FormattedSink& formatted_;
    Checkpoint& checkpoint_;
};

}  // namespace gcd_mpi::app
