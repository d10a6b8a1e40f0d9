#include "gcd_mpi/core/progress.hpp"
#include "gcd_mpi/core/threads.hpp"

#include <condition_variable>
#include <mutex>

namespace gcd_mpi {

ProgressCounters& progress_counters() noexcept {
    static ProgressCounters counters;
    return counters;
}

namespace {
std::string duration_text(double s) {
    char buf[32];
    const auto whole = static_cast<long long>(s);
    if (s < 100) std::snprintf(buf, sizeof buf, "%.0fs", s);
    else if (s < 6000) std::snprintf(buf, sizeof buf, "%lldm%02llds", whole / 60, whole % 60);
    else std::snprintf(buf, sizeof buf, "%.1fh", s / 3600);
    return buf;
}
}  // namespace

std::string progress_line(std::uint64_t pairs_done, std::uint64_t pairs_total, std::uint64_t candidates,
                          double elapsed_seconds) {
    char buf[256];
    int n = 0;
    if (pairs_total > 0) {
        n = std::snprintf(buf, sizeof buf, "gcd_mpi: %llu/%llu pairs (%.0f%%)",
                          static_cast<unsigned long long>(pairs_done), static_cast<unsigned long long>(pairs_total),
                          100.0 * static_cast<double>(pairs_done) / static_cast<double>(pairs_total));
    } else {
        n = std::snprintf(buf, sizeof buf, "gcd_mpi: %llu pairs", static_cast<unsigned long long>(pairs_done));
    }
    std::string line(buf, static_cast<std::size_t>(n));
    if (candidates > 0) {
        std::snprintf(buf, sizeof buf, ", %.3g candidates, %.3g/s", static_cast<double>(candidates),
                      elapsed_seconds > 0 ? static_cast<double>(candidates) / elapsed_seconds : 0.0);
        line += buf;
    } else if (elapsed_seconds > 0) {
        std::snprintf(buf, sizeof buf, ", %.3g pairs/s", static_cast<double>(pairs_done) / elapsed_seconds);
        line += buf;
    }
    if (pairs_total > 0 && pairs_done > 0 && pairs_done < pairs_total) {
        const double eta = elapsed_seconds * static_cast<double>(pairs_total - pairs_done) / static_cast<double>(pairs_done);
        line += ", ETA " + duration_text(eta);
    }
    line += ", " + duration_text(elapsed_seconds) + " elapsed";
    return line;
}

ProgressMeter::ProgressMeter(std::FILE* out, bool terminal, std::chrono::milliseconds log_interval)
    : out_(out),
      terminal_(terminal),
      interval_(terminal ? std::chrono::milliseconds(100) : log_interval),
      start_(std::chrono::steady_clock::now()) {
    progress_counters().enabled.store(true);
    thread_ = start_thread("progress", [this] { loop(); });
}

ProgressMeter::~ProgressMeter() {
    stop_.store(true);
    thread_.join();
    if (terminal_) {
        std::fputs("\r\033[K", out_);  // clear the live line before the summary
        std::fflush(out_);
    }
}

void ProgressMeter::loop() {
    using namespace std::chrono;
    auto next = steady_clock::now() + interval_;
    while (!stop_.load()) {
        // Sleep in short steps so the meter stops promptly at the end.
        std::this_thread::sleep_for(milliseconds(20));
        if (steady_clock::now() < next) continue;
        next += interval_;
        const auto& c = progress_counters();
        const double elapsed = duration<double>(steady_clock::now() - start_).count();
        const std::string line = progress_line(c.pairs_done.load(), c.pairs_total.load(),
                                               c.candidates_done.load() + c.remote_candidates.load(), elapsed);
        if (terminal_) std::fprintf(out_, "\r%s\033[K", line.c_str());
        else std::fprintf(out_, "%s\n", line.c_str());
        std::fflush(out_);
    }
}

}  // namespace gcd_mpi
