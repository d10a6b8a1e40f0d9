#include "gcd_mpi/core/trace.hpp"

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>
#include <set>

namespace gcd_mpi {

namespace {

constexpr std::array<std::string_view, trace_phase_count> phase_names = {
    "start",  "wait",   "read", "read_wait", "scatter",    "compute", "gather_wait",
    "gather", "verify", "vote", "write",     "write_wait", "finish",
};

// Microseconds (the format's unit) with the nanoseconds kept as decimals.
double micros(std::int64_t ns) { return static_cast<double>(ns) / 1000.0; }

nlohmann::json metadata(std::string_view what, int pid, std::int32_t tid, nlohmann::json args) {
    return {{"ph", "M"}, {"name", what}, {"pid", pid}, {"tid", tid}, {"args", std::move(args)}};
}

std::string joined(const std::vector<std::string>& words) {
    std::string out;
    for (const auto& w : words) out += (out.empty() ? "" : " ") + w;
    return out;
}

}  // namespace

std::string_view trace_phase_name(TracePhase phase) noexcept {
    const auto i = static_cast<std::size_t>(phase);
    return i < phase_names.size() ? phase_names[i] : "?";
}

std::string trace_track_name(std::int32_t track) {
    switch (track) {
        case trace_track::main:
            return "main";
        case trace_track::reader:
            return "reader";
        case trace_track::writer:
            return "writer";
        default:
            return "compute " + std::to_string(track - trace_track::first_compute + 1);
    }
}

void TraceRecorder::record(TracePhase phase, std::int32_t track, Clock::time_point begin, Clock::time_point end,
                           std::int64_t batch) {
    if (!on_) return;
    const TraceSpan span{since_origin_ns(begin), since_origin_ns(end), batch == current_batch ? this->batch() : batch,
                         static_cast<std::int32_t>(phase), track};
    const std::lock_guard<std::mutex> lock(mutex_);
    spans_.push_back(span);
}

std::vector<TraceSpan> TraceRecorder::spans() const {
    const std::lock_guard<std::mutex> lock(mutex_);
    return spans_;
}

std::string trace_json(const TraceRun& run, const RunReport& report) {
    nlohmann::json events = nlohmann::json::array();
    std::int64_t job_end_ns = 0;
    nlohmann::json rank_wall = nlohmann::json::array();
    for (std::size_t r = 0; r < run.ranks.size(); ++r) {
        const TraceRank& rank = run.ranks[r];
        const int pid = static_cast<int>(r);
        job_end_ns = std::max(job_end_ns, rank.end_ns);
        rank_wall.push_back(static_cast<double>(rank.end_ns) / 1e9);
        events.push_back(metadata("process_name", pid, 0, {{"name", "rank " + std::to_string(r)}}));
        events.push_back(metadata("process_sort_index", pid, 0, {{"sort_index", pid}}));
        if (!rank.host.empty()) events.push_back(metadata("process_labels", pid, 0, {{"labels", rank.host}}));
        std::set<std::int32_t> tracks{trace_track::main};
        for (const TraceSpan& s : rank.spans) tracks.insert(s.track);
        for (const std::int32_t track : tracks) {
            events.push_back(metadata("thread_name", pid, track, {{"name", trace_track_name(track)}}));
            events.push_back(metadata("thread_sort_index", pid, track, {{"sort_index", track}}));
        }
        for (const TraceSpan& s : rank.spans) {
            nlohmann::json args = nlohmann::json::object();
            if (s.batch >= 0) args["batch"] = s.batch;
            events.push_back({{"name", trace_phase_name(static_cast<TracePhase>(s.phase))},
                              {"cat", "gcd_mpi"},
                              {"ph", "X"},
                              {"ts", micros(s.begin_ns)},
                              {"dur", micros(std::max<std::int64_t>(0, s.end_ns - s.begin_ns))},
                              {"pid", pid},
                              {"tid", s.track},
                              {"args", std::move(args)}});
        }
    }
    if (!run.complete) {
        // Seen in every viewer as a line across the timeline, not only in otherData.
        events.push_back({{"name", "incomplete run: exit " + std::to_string(run.exit_code)},
                          {"cat", "gcd_mpi"},
                          {"ph", "i"},
                          {"s", "g"},
                          {"ts", micros(job_end_ns)},
                          {"pid", 0},
                          {"tid", trace_track::main},
                          {"args", {{"error", run.error}}}});
    }
    nlohmann::json other = {
        {"program", "gcd_mpi"},
        {"complete", run.complete},
        {"exit_code", run.exit_code},
        {"error", run.error},
        {"wall_seconds", static_cast<double>(job_end_ns) / 1e9},
        {"rank_wall_seconds", std::move(rank_wall)},
        {"clock",
         "steady_clock per rank; origin taken on every rank right after an allreduce, so ranks agree to "
         "within its exit skew (microseconds on one node, tens of microseconds across a network) plus "
         "the clocks' drift over the run"},
        {"command_line", joined(report.command_line)},
        {"version", report.version},
        {"commit", report.build.commit},
        {"started_utc", report.started_utc},
        {"input", report.input},
        {"kernel", report.kernel},
        {"schedule", report.schedule},
        {"io", report.io},
        {"ranks", report.ranks},
        {"threads", report.threads},
        {"batch_pairs", report.batch_pairs},
    };
    const nlohmann::json doc = {
        {"traceEvents", std::move(events)}, {"displayTimeUnit", "ms"}, {"otherData", std::move(other)}};
    return doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace gcd_mpi
