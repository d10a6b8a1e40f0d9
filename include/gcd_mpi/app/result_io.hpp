#pragma once
/// The root data path's two ends on rank 0: batches read from the input
/// (ReaderSource) and results formatted into the output (FormattedSink).

#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "gcd_mpi/core/batch_cost_cap.hpp"
#include "gcd_mpi/core/format.hpp"
#include "gcd_mpi/core/input.hpp"
#include "gcd_mpi/core/output.hpp"
#include "gcd_mpi/pipeline/data_path.hpp"

namespace gcd_mpi::app {

/// Rank 0's input. With a cost cap (a checkpoint and a trial kernel),
/// batches are cut by expected time (--checkpoint-interval, via BatchCostCap
/// and the rate the pipeline measures), never below `min_pairs` (one pair per
/// worker) unless the input ends, so a stop loses about an interval of work
/// and cheap pairs still share a batch. Boundaries depend on timing; the
/// checkpoint does not need them.
class ReaderSource final : public pipeline::BatchSource {
public:
    ReaderSource(PairReader& reader, std::optional<BatchCostCap> cost_cap, std::size_t min_pairs);
    bool next(pipeline::InputBatch& batch, std::size_t max_pairs) override;
    void batch_done(double seconds) override;

private:
    PairReader& reader_;
    std::mutex mutex_;  // next() runs on the reader thread, batch_done() on the main one
    std::optional<BatchCostCap> cost_cap_;
    std::deque<std::uint64_t> pending_costs_;  // estimated cost of each batch handed out, not yet done
    std::size_t min_pairs_;
};

/// Rank 0's output: results formatted in input order into `file`.
class FormattedSink final : public pipeline::ResultSink {
public:
    FormattedSink(OutputFile& file, OutputFormat format);
    void write(const pipeline::InputBatch& batch, const std::vector<PairResult>& results) override;
    /// Hands what is buffered to the file.
    void flush();
    /// Results written so far (resumed ones included).
    [[nodiscard]] std::uint64_t results_written() const noexcept { return written_; }

private:
    OutputFile& file_;
    OutputFormat format_;
    std::string buffer_;
    std::uint64_t written_ = 0;
};

}  // namespace gcd_mpi::app
