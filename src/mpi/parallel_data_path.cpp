// The parallel data path: MPI-IO reads of each rank's chunks, line numbers
// and output offsets from exclusive scans, collective writes. The chunking
// itself is pure (core/line_chunks.hpp); this file only moves bytes.

#include "gcd_mpi/mpi/parallel_data_path.hpp"

#include <mpi.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gcd_mpi/core/chunk_parse.hpp"
#include "gcd_mpi/core/chunk_threads.hpp"
#include "gcd_mpi/core/errors.hpp"
#include "gcd_mpi/core/input.hpp"
#include "gcd_mpi/core/io_hints.hpp"
#include "gcd_mpi/core/kernels.hpp"
#include "gcd_mpi/core/line_chunks.hpp"
#include "gcd_mpi/core/progress.hpp"
#include "gcd_mpi/core/trace.hpp"
#include "gcd_mpi/mpi/mpi_info.hpp"

namespace gcd_mpi::mpi {

namespace {
using pipeline::Batch;
using pipeline::BatchHeader;
using pipeline::PathFailure;

// Bytes that growing leaves uninitialised: MPI-IO overwrites them at once.
// std::string zero-filled every round's 4 MB before the read (perf: 3.7% of
// a --io-only run's samples in memset).
template <class T>
struct UninitialisedAllocator : std::allocator<T> {
    template <class U>
    struct rebind {
        using other = UninitialisedAllocator<U>;
    };
    template <class U>
    void construct(U* p) noexcept {
        ::new (static_cast<void*>(p)) U;  // default-initialised: no zeroing
    }
    template <class U, class... Args>
    void construct(U* p, Args&&... args) {
        ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
    }
};
using ReadBuffer = std::vector<char, UninitialisedAllocator<char>>;

std::string mpi_error_text(int code) {
    char text[MPI_MAX_ERROR_STRING] = {};
    int length = 0;
    MPI_Error_string(code, text, &length);
    return std::string(text, static_cast<std::size_t>(length));
}

// collective: rank 0's `text` on every rank.
void broadcast_text(std::string& text, int rank) {
    auto length = static_cast<int>(rank == 0 ? text.size() : 0);
    MPI_Bcast(&length, 1, MPI_INT, 0, MPI_COMM_WORLD);
    text.resize(static_cast<std::size_t>(length));
    MPI_Bcast(text.data(), length, MPI_CHAR, 0, MPI_COMM_WORLD);
}

// collective: rank 0's hints, as an MPI_Info on every rank (MPI_INFO_NULL
// when there are none). Rank 0 checked them before any file was opened
// (app/run.cpp) and broadcasts them, so every rank opens the files with the
// same hints even where a launcher gives the ranks different environments.
MPI_Info hints_info(const std::vector<IoHint>& rank0_hints, int rank) {
    std::string text = rank == 0 ? io_hints_text(rank0_hints) : "";
    broadcast_text(text, rank);
    // Rank 0's list, checked against the same limits, reads back the same on every rank.
    const std::vector<IoHint> hints =
        rank == 0 ? rank0_hints : parse_io_hints(text, "GCD_MPI_IO_HINTS", io_hint_limits());
    if (hints.empty()) return MPI_INFO_NULL;
    MPI_Info info = MPI_INFO_NULL;
    MPI_Info_create(&info);
    for (const IoHint& h : hints) MPI_Info_set(info, h.key.c_str(), h.value.c_str());
    return info;
}

std::uint64_t sum_over_ranks(std::uint64_t mine) {
    std::uint64_t total = 0;
    MPI_Allreduce(&mine, &total, 1, MPI_UINT64_T, MPI_SUM, MPI_COMM_WORLD);
    return total;
}

std::uint64_t exclusive_scan(std::uint64_t mine, int rank) {
    std::uint64_t before = 0;
    MPI_Exscan(&mine, &before, 1, MPI_UINT64_T, MPI_SUM, MPI_COMM_WORLD);
    return rank == 0 ? 0 : before;  // MPI leaves rank 0's result undefined
}

class ParallelDataPath final : public pipeline::DataPath {
public:
    ParallelDataPath(pipeline::Team& team, const ParallelPathSetup& setup)
        : rank_(team.rank()), ranks_(team.size()), setup_(setup) {
        MPI_Info info = hints_info(setup.hints, rank_);
        int rc = MPI_File_open(MPI_COMM_WORLD, setup.input.c_str(), MPI_MODE_RDONLY, info, &in_);
        if (rc != MPI_SUCCESS) {
            if (info != MPI_INFO_NULL) MPI_Info_free(&info);
            throw GcdError(exit_no_input, setup.input_name + ": MPI-IO cannot open it: " + mpi_error_text(rc));
        }
        MPI_Offset size = 0;
        MPI_File_get_size(in_, &size);
        file_size_ = static_cast<std::uint64_t>(size);
        rounds_ = chunk_rounds(file_size_, setup.chunk_bytes, ranks_);

        // Rank 0 says where the results go: its temporary file, or (a
        // stream) nowhere, and then the bytes are gathered to it.
        std::string temp = rank_ == 0 && setup.output != nullptr ? setup.output->temporary_name() : "";
        broadcast_text(temp, rank_);
        gather_ = temp.empty();
        if (!gather_) {
            rc = MPI_File_open(MPI_COMM_WORLD, temp.c_str(), MPI_MODE_WRONLY, info, &out_);
            if (rc != MPI_SUCCESS) {
                if (info != MPI_INFO_NULL) MPI_Info_free(&info);
                throw GcdError(exit_cant_create, temp + ": MPI-IO cannot open it: " + mpi_error_text(rc));
            }
            out_open_ = true;
        }
        if (info != MPI_INFO_NULL) MPI_Info_free(&info);
        // The header (csv) first, from rank 0; every rank knows its length.
        std::string header;
        append_header(header, setup.format);
        write_ordered(header, rank_ == 0);
        if (rank_ == 0) {
            auto& progress = progress_counters();
            progress.bytes_total.store(file_size_, std::memory_order_relaxed);
        }
    }
    // Closing is collective: finish() does it on every way out the ranks
    // take together; an error that skips it ends the job anyway.
    ~ParallelDataPath() override = default;
    ParallelDataPath(const ParallelDataPath&) = delete;
    ParallelDataPath& operator=(const ParallelDataPath&) = delete;

    [[nodiscard]] bool pairs_on_root() const noexcept override { return false; }

    BatchHeader next_batch(pipeline::Team& /*team*/, Batch& batch, PathFailure& failure) override {
        // Rounds whose chunks hold no pair (comments, blank lines) are read
        // through here: every rank sees the same totals, so all skip alike.
        const TraceScope reading(setup_.trace, TracePhase::read);
        while (round_ < rounds_) {
            const std::uint64_t pairs = read_round(batch, failure);
            ++round_;
            if (failure) return BatchHeader::end(failure.exit_code);
            if (rank_ == 0) count_progress(pairs);
            if (pairs > 0) return BatchHeader::pairs(static_cast<std::int64_t>(pairs));
        }
        if (rank_ == 0) progress_counters().input_complete.store(true);
        return BatchHeader::end(0);
    }

    PathFailure output_failure() override { return failure_; }

    void deliver(Batch& batch, double /*seconds*/) override {
        const TraceScope writing(setup_.trace, TracePhase::write);
        std::string& bytes = out_bytes_;  // kept across rounds, like in_bytes_
        bytes.clear();
        append_results_threads(bytes, setup_.format, batch.input.pairs, batch.results, setup_.threads);
        write_ordered(bytes, true);
    }

    PathFailure finish() override {
        if (out_open_) {
            if (const int rc = MPI_File_close(&out_); rc != MPI_SUCCESS && !failure_) {
                failure_ = {exit_io, "closing the output: " + mpi_error_text(rc)};
            }
            out_open_ = false;
        }
        MPI_File_close(&in_);
        if (rank_ == 0 && !gather_ && setup_.output != nullptr) setup_.output->add_bytes_written_elsewhere(out_base_);
        return failure_;
    }

private:
    // Reads this rank's chunk of the current round and parses its lines;
    // returns the pairs of the whole round (all ranks). On a bad line
    // anywhere, `failure` holds the first one in input order, on every rank.
    std::uint64_t read_round(Batch& batch, PathFailure& failure) {
        const ByteSpan chunk = chunk_span(file_size_, setup_.chunk_bytes, ranks_, round_, rank_);
        // The buffer lives across rounds: its pages are faulted in once.
        ReadBuffer& buffer = in_bytes_;
        buffer.clear();
        const auto bytes_of = [&buffer] { return std::string_view(buffer.data(), buffer.size()); };
        OwnedLines owned;
        std::string local_error;  // a read error
        std::uint64_t read_end = chunk.end;
        if (chunk.size() > 0) {
            read_at(read_start(chunk), read_end - read_start(chunk), buffer, local_error);
            for (owned = owned_lines(bytes_of(), chunk, file_size_); !owned.complete && local_error.empty();
                 owned = owned_lines(bytes_of(), chunk, file_size_)) {
                // The last line runs on: read more, but not past the longest line allowed.
                const std::size_t last_nl = bytes_of().rfind('\n');
                const std::size_t last_start =
                    last_nl == std::string::npos || last_nl < owned.begin ? owned.begin : last_nl + 1;
                if (buffer.size() - last_start > max_line_bytes) {
                    owned.end = buffer.size();
                    break;
                }
                const std::uint64_t more = std::min<std::uint64_t>(std::uint64_t{1} << 16, file_size_ - read_end);
                read_at(read_end, more, buffer, local_error);
                read_end += more;
            }
        } else {
            owned.complete = true;
        }
        // One pass over the owned lines (core/chunk_parse.hpp; on --threads
        // threads, core/chunk_threads.hpp), numbered from 1
        // here; their true numbers follow from the lines before this chunk:
        // earlier rounds, and earlier ranks in this round. A last line that
        // ran past max_line_bytes (the loop above) is longer than the limit, so
        // the parser names it, unless an earlier line is bad.
        const std::string_view mine = bytes_of().substr(owned.begin, owned.end - owned.begin);
        std::vector<InputPair>& pairs = batch.input.pairs;
        pairs.clear();
        const ChunkParse parsed = parse_chunk_threads(
            mine, ChunkParseOptions{.first_line = 1, .strip_bom = chunk.begin == 0, .max_line = max_line_bytes}, pairs,
            setup_.threads);
        const std::uint64_t first_line = line_base_ + exclusive_scan(parsed.lines, rank_) + 1;
        line_base_ += sum_over_ranks(parsed.lines);

        std::uint64_t error_line = UINT64_MAX;
        std::string error;
        if (!local_error.empty()) {
            error_line = first_line;  // a read error: the chunk's start
            error = setup_.input_name + ": " + local_error;
        } else if (!parsed.ok()) {
            error_line = first_line - 1 + parsed.error_line;
            error = setup_.input_name + ":" + std::to_string(error_line) + ": " + parsed.error;
        }
        if (agree_on_first_error(error_line, error, failure, local_error.empty() ? exit_data : exit_io)) {
            pairs.clear();  // numbered within the chunk only: no use to anyone
            return 0;
        }

        // One pass over the pairs: their true line numbers, and the magnitudes to compute.
        const std::uint64_t shift = first_line - 1;
        batch.pairs.resize(pairs.size());
        for (std::size_t i = 0; i < pairs.size(); ++i) {
            pairs[i].line += shift;
            batch.pairs[i] = magnitudes(pairs[i]);
        }
        batch.results.assign(batch.pairs.size(), PairResult{});
        if (setup_.count_costs) {
            // The progress line's candidate totals: the whole round's, like the root path's batches.
            // Summed as doubles: a sum of bounds near 2^64 must not wrap (only the
            // progress line reads it, to three digits).
            double cost = 0;
            for (const Pair& p : batch.pairs) cost += static_cast<double>(trial_cost_bound(p));
            double total = 0;
            MPI_Allreduce(&cost, &total, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
            round_cost_ = total >= 0x1p64 ? UINT64_MAX : static_cast<std::uint64_t>(total);
        }
        return sum_over_ranks(batch.input.pairs.size());
    }

    // collective: the first bad line in input order wins, on every rank.
    bool agree_on_first_error(std::uint64_t error_line, const std::string& error, PathFailure& failure, int exit_code) {
        struct {
            long line;
            int rank;
        } mine{error_line == UINT64_MAX ? std::numeric_limits<long>::max() : static_cast<long>(error_line), rank_},
            first{};
        MPI_Allreduce(&mine, &first, 1, MPI_LONG_INT, MPI_MINLOC, MPI_COMM_WORLD);
        if (first.line == std::numeric_limits<long>::max()) return false;
        int codes[2] = {exit_code, static_cast<int>(error.size())};
        MPI_Bcast(codes, 2, MPI_INT, first.rank, MPI_COMM_WORLD);
        std::string message = rank_ == first.rank ? error : std::string(static_cast<std::size_t>(codes[1]), '\0');
        MPI_Bcast(message.data(), codes[1], MPI_CHAR, first.rank, MPI_COMM_WORLD);
        failure = {codes[0], std::move(message)};
        return true;
    }

    // Appends `count` bytes at `offset` of the input to `bytes`.
    void read_at(std::uint64_t offset, std::uint64_t count, ReadBuffer& bytes, std::string& error) {
        const std::size_t old = bytes.size();
        bytes.resize(old + count);
        std::uint64_t done = 0;
        while (done < count) {
            const int want = static_cast<int>(std::min<std::uint64_t>(count - done, 1U << 30));
            MPI_Status status;
            const int rc = MPI_File_read_at(in_, static_cast<MPI_Offset>(offset + done), bytes.data() + old + done,
                                            want, MPI_BYTE, &status);
            int got = 0;
            MPI_Get_count(&status, MPI_BYTE, &got);
            if (rc != MPI_SUCCESS || got <= 0) {
                error = "read failed at byte " + std::to_string(offset + done) +
                        (rc != MPI_SUCCESS ? ": " + mpi_error_text(rc) : ": the file ended early (did it shrink?)");
                bytes.resize(old + done);
                return;
            }
            done += static_cast<std::uint64_t>(got);
        }
    }

    // collective: every rank's `bytes` (only those with `mine` true count)
    // land in rank order after everything written so far.
    void write_ordered(const std::string& bytes, bool mine) {
        const std::uint64_t size = mine ? bytes.size() : 0;
        if (gather_) {
            gather_to_root(mine ? bytes : std::string());
        } else {
            const std::uint64_t offset = out_base_ + exclusive_scan(size, rank_);
            MPI_Status status;
            const int rc = MPI_File_write_at_all(out_, static_cast<MPI_Offset>(offset), bytes.data(),
                                                 static_cast<int>(size), MPI_BYTE, &status);
            if (rc != MPI_SUCCESS && !failure_) failure_ = {exit_io, "writing the output: " + mpi_error_text(rc)};
        }
        out_base_ += sum_over_ranks(size);
    }

    // A stream has no offsets: the formatted bytes go to rank 0 in rank order.
    void gather_to_root(const std::string& bytes) {
        const int mine = static_cast<int>(bytes.size());
        std::vector<int> counts(rank_ == 0 ? static_cast<std::size_t>(ranks_) : 0);
        MPI_Gather(&mine, 1, MPI_INT, counts.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
        std::vector<int> displs(counts.size(), 0);
        std::string all;
        if (rank_ == 0) {
            for (std::size_t r = 1; r < counts.size(); ++r) displs[r] = displs[r - 1] + counts[r - 1];
            all.resize(counts.empty() ? 0 : static_cast<std::size_t>(displs.back() + counts.back()));
        }
        MPI_Gatherv(bytes.data(), mine, MPI_CHAR, all.data(), counts.data(), displs.data(), MPI_CHAR, 0,
                    MPI_COMM_WORLD);
        if (rank_ == 0 && !failure_ && setup_.output != nullptr) {
            try {
                setup_.output->write(all);
            } catch (const GcdError& e) {
                failure_ = {e.exit_code(), e.what()};
            }
        }
    }

    void count_progress(std::uint64_t pairs) const {
        auto& progress = progress_counters();
        if (!progress.enabled.load(std::memory_order_relaxed)) return;
        progress.pairs_read.fetch_add(pairs, std::memory_order_relaxed);
        if (setup_.count_costs) add_saturating(progress.cost_read, round_cost_);
        const std::uint64_t done =
            std::min(file_size_, (round_)*setup_.chunk_bytes * static_cast<std::uint64_t>(ranks_));
        progress.bytes_consumed.store(done, std::memory_order_relaxed);
    }

    int rank_;
    int ranks_;
    ParallelPathSetup setup_;
    std::uint64_t round_cost_ = 0;  // the last round's trial cost bound, all ranks
    MPI_File in_ = MPI_FILE_NULL;
    MPI_File out_ = MPI_FILE_NULL;
    bool out_open_ = false;
    bool gather_ = false;
    std::uint64_t file_size_ = 0;
    std::uint64_t rounds_ = 0;
    std::uint64_t round_ = 0;
    std::uint64_t line_base_ = 0;  // lines in all rounds before this one
    std::uint64_t out_base_ = 0;   // output bytes written before this round
    PathFailure failure_;
    ReadBuffer in_bytes_;    // this round's chunk as read
    std::string out_bytes_;  // this round's formatted results
};
}  // namespace

std::unique_ptr<pipeline::DataPath> make_parallel_data_path(pipeline::Team& team, const ParallelPathSetup& setup) {
    return std::make_unique<ParallelDataPath>(team, setup);
}

}  // namespace gcd_mpi::mpi
