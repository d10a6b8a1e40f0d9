#include "gcd_mpi/app/result_io.hpp"

#include <algorithm>
#include <span>

#include "gcd_mpi/core/kernels.hpp"
#include "gcd_mpi/core/progress.hpp"

namespace gcd_mpi::app {

ReaderSource::ReaderSource(PairReader& reader, std::optional<BatchCostCap> cost_cap, std::size_t min_pairs)
    : reader_(reader), cost_cap_(cost_cap), min_pairs_(min_pairs) {}

bool ReaderSource::next(pipeline::InputBatch& batch, std::size_t max_pairs) {
    batch.pairs.clear();
    std::uint64_t max_cost = 0;
    if (cost_cap_) {
        std::lock_guard<std::mutex> lock(mutex_);
        max_cost = cost_cap_->cap();
    }
    const bool more = reader_.read_batch(batch.pairs, max_pairs, max_cost, std::min(min_pairs_, max_pairs));
    if (cost_cap_ && more) {
        std::uint64_t cost = 0;
        for (const auto& p : batch.pairs) {
            const std::uint64_t c = trial_cost_bound(magnitudes(p));
            cost = c > UINT64_MAX - cost ? UINT64_MAX : cost + c;
        }
        std::lock_guard<std::mutex> lock(mutex_);
        pending_costs_.push_back(cost);
    }
    // The hash of the input up to this batch's last pair identifies it;
    // the checkpoint records it with the results.
    batch.tag = reader_.pairs_hash();
    // How much of the input is read (the progress line extrapolates from it).
    auto& progress = progress_counters();
    progress.bytes_consumed.store(reader_.bytes_consumed(), std::memory_order_relaxed);
    progress.bytes_total.store(reader_.is_regular_file() ? reader_.file_size() : 0, std::memory_order_relaxed);
    return more;
}

void ReaderSource::batch_done(double seconds) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!cost_cap_ || pending_costs_.empty()) return;
    cost_cap_->batch_done(pending_costs_.front(), seconds);
    pending_costs_.pop_front();
}

FormattedSink::FormattedSink(OutputFile& file, OutputFormat format) : file_(file), format_(format) {
    append_header(buffer_, format_);
}

void FormattedSink::write(const pipeline::InputBatch& batch, const std::vector<PairResult>& results) {
    constexpr std::size_t flush_bytes = std::size_t{1} << 20;
    constexpr std::size_t group = 4096;  // lines formatted at once, well under flush_bytes
    const std::span<const InputPair> pairs(batch.pairs);
    const std::span<const PairResult> gcds(results);
    for (std::size_t first = 0; first < pairs.size(); first += group) {
        const std::size_t count = std::min(group, pairs.size() - first);
        append_results(buffer_, format_, pairs.subspan(first, count), gcds.subspan(first, count));
        if (buffer_.size() >= flush_bytes) flush();
    }
    flush();  // results leave as soon as they are in order
    written_ += batch.pairs.size();
}

void FormattedSink::flush() {
    file_.write(buffer_);
    buffer_.clear();
}

}  // namespace gcd_mpi::app
