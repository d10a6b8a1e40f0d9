#pragma once
/// The --report JSON and the one-line summary. Field names are a stable
/// interface: the scaling scripts and later tools read them.

#include <cstdint>
#include <string>
#include <vector>

#include "gcd_mpi/core/build_info.hpp"
#include "gcd_mpi/core/defaults.hpp"
#include "gcd_mpi/core/stats.hpp"

namespace gcd_mpi {

/// The report's "schema_version": raised whenever a field is renamed,
/// removed or changes meaning (adding fields does not raise it). 1: the
/// reports before it had the field; 2: "launcher" names the launcher
/// ("mpirun", "srun", ...) instead of the variable it was detected from,
/// which moved to "launcher_detected_by"; added "command_line",
/// "started_utc" and "build".
inline constexpr int report_schema_version = 2;

struct RunReport {
    std::string version;
    std::vector<std::string> command_line;  ///< argv as given, the program first
    std::string started_utc;                ///< when the run started: "2026-12-02T10:11:12Z"
    BuildInfo build;
    std::string input;
    std::string kernel;
    std::string schedule{schedule_name(defaults::schedule)};
    std::string io{io_path_name(defaults::io_path)};  ///< the data path that ran
    std::string format;
    int ranks = 1;
    unsigned threads = defaults::threads;
    bool verify = false;
    std::string mpi_library;
    std::string thread_level;
    std::string launcher = "none";     ///< "mpirun", "srun", "mpiexec (hydra)", "PMIx launcher", "none"
    std::string launcher_detected_by;  ///< the variable it was told by ("OMPI_COMM_WORLD_RANK"); "" for none
    std::string mpi_transport;         ///< single-node transport settings applied, or why not
    /// false: the run stopped early (exit_code 75); the numbers cover the
    /// batches finished before the stop.
    bool complete = true;
    int exit_code = 0;
    std::uint64_t pairs = 0;               ///< computed in this run (sum of per_rank)
    std::uint64_t resumed_pairs = 0;       ///< taken from a checkpoint, not recomputed
    std::uint64_t resumed_candidates = 0;  ///< the candidate tests behind them (from the checkpoint)
    std::uint64_t batches = 0;
    std::uint64_t batch_pairs = 0;
    std::uint64_t input_bytes = 0;
    double wall_seconds = 0;
    /// max(total/p, largest single pair) of the work actually done (candidates
    /// for the trial kernels, one per pair otherwise), summed over batches:
    /// what no schedule can beat.
    double lower_bound = 0;
    /// dynamic schedule: pairs taken over from another rank's queue (0 otherwise).
    std::uint64_t stolen_pairs = 0;
    PhaseSeconds phases;
    std::vector<RankStats> per_rank;
    std::vector<std::string> hosts;
    std::vector<std::vector<double>> thread_seconds;
    /// Bytes of results this run wrote (header included) and where: under
    /// mpirun the launcher forwards stdout and may drop it unseen, so the
    /// summary line states what was produced.
    std::uint64_t output_bytes = 0;
    std::string output_name = "<stdout>";
};

/// `seconds` since the Unix epoch as ISO 8601 in UTC with a Z:
/// iso8601_utc(0) == "1970-01-01T00:00:00Z".
[[nodiscard]] std::string iso8601_utc(std::int64_t seconds);

/// Candidate tests computed in this run, over all ranks (resumed ones excluded).
[[nodiscard]] std::uint64_t total_candidates(const RunReport& r) noexcept;
/// Busiest rank's work over the mean rank's work (candidates for trial
/// kernels, pairs otherwise); 1.0 is perfect balance; 0 with no work.
[[nodiscard]] double imbalance(const RunReport& r, bool trial_kernel) noexcept;

/// The busiest rank's work (candidates for trial kernels, pairs otherwise).
[[nodiscard]] double busiest_work(const RunReport& r, bool trial_kernel) noexcept;

/// The report as pretty-printed JSON.
[[nodiscard]] std::string report_json(const RunReport& r, bool trial_kernel);

/// "Took 0.123 seconds (10 pairs, 8 ranks, 1 thread per rank, kernel trial,
/// 312 bytes of results to <stdout>)"; the pairs are every result of the
/// run's output, resumed ones included.
[[nodiscard]] std::string summary_line(const RunReport& r);

}  // namespace gcd_mpi
