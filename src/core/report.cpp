#include "gcd_mpi/core/report.hpp"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>

namespace gcd_mpi {

std::string iso8601_utc(std::int64_t seconds) {
    const auto t = static_cast<std::time_t>(seconds);
    std::tm utc{};
    gmtime_r(&t, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

std::uint64_t total_candidates(const RunReport& r) noexcept {
    std::uint64_t total = 0;
    for (const auto& s : r.per_rank) total += s.candidates;
    return total;
}

double imbalance(const RunReport& r, bool trial_kernel) noexcept {
    if (r.per_rank.empty()) return 0;
    double busiest = 0;
    double sum = 0;
    for (const auto& s : r.per_rank) {
        const double work = static_cast<double>(trial_kernel ? s.candidates : s.pairs);
        busiest = std::max(busiest, work);
        sum += work;
    }
    const double mean = sum / static_cast<double>(r.per_rank.size());
    return mean > 0 ? busiest / mean : 0;
}

double busiest_work(const RunReport& r, bool trial_kernel) noexcept {
    double busiest = 0;
    for (const auto& s : r.per_rank) {
        busiest = std::max(busiest, static_cast<double>(trial_kernel ? s.candidates : s.pairs));
    }
    return busiest;
}

std::string report_json(const RunReport& r, bool trial_kernel) {
    using nlohmann::json;
    json per_rank = json::array();
    for (std::size_t i = 0; i < r.per_rank.size(); ++i) {
        const RankStats& s = r.per_rank[i];
        json rank = {
            {"rank", s.rank},
            {"host", i < r.hosts.size() ? r.hosts[i] : std::string()},
            {"pairs", s.pairs},
            {"candidates", s.candidates},
            {"compute_seconds", s.compute_seconds},
            {"candidates_per_second",
             s.compute_seconds > 0 ? static_cast<double>(s.candidates) / s.compute_seconds : 0.0},
            {"max_rss_bytes", s.max_rss_bytes},
            {"threads", s.threads},
            {"thread_compute_seconds", i < r.thread_seconds.size() ? json(r.thread_seconds[i]) : json::array()},
        };
        per_rank.push_back(std::move(rank));
    }
    const std::uint64_t candidates = total_candidates(r);
    const BuildInfo& b = r.build;
    json doc = {
        {"schema_version", report_schema_version},
        {"tool", "gcd_mpi"},
        {"version", r.version},
        {"command_line", r.command_line},
        {"started_utc", r.started_utc},
        {"build",
         {{"version", b.version},
          {"commit", b.commit},
          {"build_type", b.build_type},
          {"compiler", b.compiler},
          {"boost", b.boost},
          {"mpi_built_with", b.mpi_built_with},
          {"mpi_run_with", b.mpi_run_with},
          {"trial_paths", b.trial_paths},
          {"trial_path", b.trial_path}}},
        {"input", r.input},
        {"input_bytes", r.input_bytes},
        {"kernel", r.kernel},
        {"schedule", r.schedule},
        {"io", r.io},
        {"format", r.format},
        {"ranks", r.ranks},
        {"threads", r.threads},
        {"verify", r.verify},
        {"mpi_library", r.mpi_library},
        {"mpi_thread_level", r.thread_level},
        {"launcher", r.launcher},
        {"launcher_detected_by", r.launcher_detected_by.empty() ? json(nullptr) : json(r.launcher_detected_by)},
        {"mpi_transport", r.mpi_transport},
        {"complete", r.complete},
        {"exit_code", r.exit_code},
        // This run's work: pairs and candidates computed now (the per-rank
        // sums); the rates below divide these by this run's wall time.
        {"pairs", r.pairs},
        {"candidates", candidates},
        // From the checkpoint, not recomputed, not in the rates.
        {"resumed_pairs", r.resumed_pairs},
        {"resumed_candidates", r.resumed_candidates},
        // Everything in the output: this run plus resumed.
        {"total_pairs", r.pairs + r.resumed_pairs},
        {"total_candidates", candidates + r.resumed_candidates},
        {"batches", r.batches},
        {"batch_pairs", r.batch_pairs},
        {"wall_seconds", r.wall_seconds},
        {"candidates_per_second", r.wall_seconds > 0 ? static_cast<double>(candidates) / r.wall_seconds : 0.0},
        {"pairs_per_second", r.wall_seconds > 0 ? static_cast<double>(r.pairs) / r.wall_seconds : 0.0},
        {"imbalance", imbalance(r, trial_kernel)},
        {"lower_bound", r.lower_bound},
        {"busiest_rank_work", busiest_work(r, trial_kernel)},
        {"stolen_pairs", r.stolen_pairs},
        {"busiest_over_lower_bound", r.lower_bound > 0 ? busiest_work(r, trial_kernel) / r.lower_bound : 0.0},
        {"phases",
         {{"read", r.phases.read},
          {"scatter", r.phases.scatter},
          {"compute", r.phases.compute},
          {"gather_wait", r.phases.gather_wait},
          {"gather", r.phases.gather},
          {"verify", r.phases.verify},
          {"write", r.phases.write},
          {"read_wait", r.phases.read_wait},
          {"write_wait", r.phases.write_wait}}},
        {"per_rank", per_rank},
    };
    return doc.dump(2) + "\n";
}

std::string summary_line(const RunReport& r) {
    char buf[256];
    std::snprintf(buf, sizeof buf, "Took %.3f seconds (%llu pairs, %d rank%s, %u thread%s per rank, kernel %s, ",
                  r.wall_seconds, static_cast<unsigned long long>(r.pairs + r.resumed_pairs), r.ranks,
                  r.ranks == 1 ? "" : "s", r.threads, r.threads == 1 ? "" : "s", r.kernel.c_str());
    return buf + std::to_string(r.output_bytes) + " byte" + (r.output_bytes == 1 ? "" : "s") + " of results to " +
           r.output_name + ")";
}

}  // namespace gcd_mpi
