#include "gcd_mpi/core/progress.hpp"
#include "gcd_mpi/core/threads.hpp"

#include <algorithm>
#include <condition_variable>
#include <mutex>

namespace gcd_mpi {

ProgressCounters& progress_counters() noexcept {
    static ProgressCounters counters;
    return counters;
}

ProgressReport local_progress(bool last) noexcept {
    const auto& c = progress_counters();
    return {c.candidates_done.load(std::memory_order_relaxed), c.pairs_computed.load(std::memory_order_relaxed),
            last ? 1 : 0};
}

ProgressView progress_view(const ProgressCounters& c, bool trial, double elapsed_seconds) noexcept {
    ProgressView v;
    v.trial = trial;
    // Totals before counts: a batch read in between only makes the line lower.
    v.input_complete = c.input_complete.load();
    v.resumed_pairs = c.resumed_pairs.load();
    v.resumed_candidates = c.resumed_candidates.load();
    v.pairs_read = v.resumed_pairs + c.pairs_read.load();
    v.cost_read = v.resumed_candidates + c.cost_read.load();
    const std::uint64_t total_bytes = c.bytes_total.load();
    if (total_bytes > 0) {
        v.input_fraction =
            std::min(1.0, static_cast<double>(c.bytes_consumed.load()) / static_cast<double>(total_bytes));
    }
    v.pairs_done = v.resumed_pairs + c.pairs_computed.load() + c.remote_pairs.load();
    v.candidates_done = v.resumed_candidates + c.candidates_done.load() + c.remote_candidates.load();
    v.elapsed_seconds = elapsed_seconds;
    return v;
}

namespace {

std::string duration_text(double s) {
    char buf[32];
    const auto whole = static_cast<long long>(s);
    if (s < 100)
        std::snprintf(buf, sizeof buf, "%.0fs", s);
    else if (s < 6000)
        std::snprintf(buf, sizeof buf, "%lldm%02llds", whole / 60, whole % 60);
    else if (s < 48 * 3600)
        std::snprintf(buf, sizeof buf, "%.1fh", s / 3600);
    else
        std::snprintf(buf, sizeof buf, "%.1fd", s / 86400);
    return buf;
}

std::string format(const char* fmt, auto... args) {
    char buf[160];
    const int n = std::snprintf(buf, sizeof buf, fmt, args...);
    return std::string(buf, static_cast<std::size_t>(std::clamp(n, 0, static_cast<int>(sizeof buf) - 1)));
}

unsigned long long ull(std::uint64_t v) { return v; }

// done / total as a percentage, never above 100 (counts from other ranks
// arrive late, so `done` can only lag; the clamp guards the rounding).
double percent(double done, double total) { return total > 0 ? std::min(100.0, 100.0 * done / total) : 0.0; }

}  // namespace

std::string progress_line(const ProgressView& v) {
    const double elapsed = v.elapsed_seconds;
    const std::uint64_t pairs_done = v.input_complete ? std::min(v.pairs_done, v.pairs_read) : v.pairs_done;
    // The pair total: exact once the input is read; before that extrapolated
    // from the share of the input's bytes read, or (a pipe) what is read so far.
    std::string line = "gcd_mpi: ";
    double pair_total = static_cast<double>(v.pairs_read);
    bool pair_total_estimated = false;
    if (v.input_complete) {
        line += format("%llu/%llu pairs", ull(pairs_done), ull(v.pairs_read));
    } else if (v.input_fraction > 0 && v.input_fraction < 1) {
        pair_total = std::max(pair_total, static_cast<double>(v.pairs_read) / v.input_fraction);
        pair_total_estimated = true;
        line += format("%llu/~%.0f pairs (input %.0f%% read", ull(pairs_done), pair_total, 100 * v.input_fraction);
    } else {
        line += format("%llu/%llu+ pairs (input still being read", ull(pairs_done), ull(v.pairs_read));
    }
    if (v.resumed_pairs > 0)
        line += format(v.input_complete ? " (%llu resumed)" : ", %llu resumed", ull(v.resumed_pairs));
    if (!v.input_complete) line += ")";

    const std::uint64_t run_pairs = pairs_done - std::min(pairs_done, v.resumed_pairs);
    double remaining_seconds = -1;
    if (v.trial) {
        // Percentage of the estimated candidate tests (finished batches at
        // their real count): exact for the whole input once it is read.
        const double cost = static_cast<double>(v.cost_read);
        const double done = static_cast<double>(std::min(v.candidates_done, v.cost_read));
        line += format(", %.3g/%.3g candidate tests%s (%.0f%%)", done, cost, v.input_complete ? "" : " read so far",
                       percent(done, cost));
        const double run_done =
            static_cast<double>(v.candidates_done - std::min(v.candidates_done, v.resumed_candidates));
        if (elapsed > 0 && run_done > 0) {
            const double rate = run_done / elapsed;
            line += format(", %.3g/s", rate);
            if (cost > done) remaining_seconds = (cost - done) / rate;
        }
    } else {
        const double done = static_cast<double>(pairs_done);
        line += format(", %.0f%%%s", percent(done, pair_total),
                       v.input_complete ? "" : (pair_total_estimated ? " of the estimate" : " of what is read"));
        if (elapsed > 0 && run_pairs > 0) {
            const double rate = static_cast<double>(run_pairs) / elapsed;
            line += format(", %.3g pairs/s", rate);
            if (pair_total > done) remaining_seconds = (pair_total - done) / rate;
        }
    }
    if (remaining_seconds >= 0) {
        line += ", ETA " + duration_text(remaining_seconds);
        if (v.trial && !v.input_complete) line += " for those";
    }
    line += ", " + duration_text(elapsed) + " elapsed";
    return line;
}

ProgressMeter::ProgressMeter(std::FILE* out, bool terminal, bool trial, std::chrono::duration<double> interval)
    : out_(out), terminal_(terminal), trial_(trial), interval_(interval), start_(std::chrono::steady_clock::now()) {
    progress_counters().enabled.store(true);
    thread_ = start_thread("progress", [this] { loop(); });
}

namespace {
// The meter sleeps on this until its next line is due or it is stopped.
std::mutex meter_mutex;
std::condition_variable meter_wake;
}  // namespace

ProgressMeter::~ProgressMeter() {
    {
        const std::lock_guard<std::mutex> lock(meter_mutex);
        stop_.store(true);
    }
    meter_wake.notify_all();
    thread_.join();
    if (terminal_) {
        std::fputs("\r\033[K", out_);  // clear the live line before the summary
    } else {
        print();  // a log ends with the final numbers
    }
    std::fflush(out_);
}

void ProgressMeter::print() const {
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    const std::string line = progress_line(progress_view(progress_counters(), trial_, elapsed));
    if (terminal_)
        std::fprintf(out_, "\r%s\033[K", line.c_str());
    else
        std::fprintf(out_, "%s\n", line.c_str());
    std::fflush(out_);
}

void ProgressMeter::loop() {
    const auto step = std::chrono::duration_cast<std::chrono::steady_clock::duration>(interval_);
    auto next = start_ + step;
    std::unique_lock<std::mutex> lock(meter_mutex);
    while (!meter_wake.wait_until(lock, next, [this] { return stop_.load(); })) {
        lock.unlock();
        print();
        lock.lock();
        next += step;
        // A stalled stderr (or a suspended job) does not make lines pile up.
        const auto now = std::chrono::steady_clock::now();
        if (next < now) next = now + step;
    }
}

}  // namespace gcd_mpi
