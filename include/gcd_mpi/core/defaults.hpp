#pragma once
/// Every default setting, once: the command line, the pipeline and the
/// report read them from here, so no two places can disagree. And the
/// limits the command line enforces.

#include <cstddef>

#include "gcd_mpi/core/format.hpp"
#include "gcd_mpi/core/io_path.hpp"
#include "gcd_mpi/core/kernels.hpp"
#include "gcd_mpi/core/schedule.hpp"

namespace gcd_mpi::defaults {

inline constexpr Kernel kernel = Kernel::trial;
inline constexpr Schedule schedule = Schedule::balanced;
inline constexpr IoPath io_path = IoPath::root;
inline constexpr OutputFormat format = OutputFormat::text;
/// Threads per rank.
inline constexpr unsigned threads = 1;
/// Pairs read and distributed per batch (bounds memory: 4 MiB of wire pairs).
inline constexpr std::size_t batch_pairs = std::size_t{1} << 18;
/// With a checkpoint: seconds of work (whole job) per batch, i.e. at most
/// about this much work is redone after a stop.
inline constexpr double checkpoint_interval_seconds = 60;
/// Seconds between progress lines when stderr is not a terminal (a log
/// file): 4 hours make 1440 lines, not 14,400.
inline constexpr double log_progress_seconds = 10;
/// Seconds between redraws of the live progress line on a terminal.
inline constexpr double terminal_progress_seconds = 0.1;
/// The up-front cost note appears when a trial batch looks longer than this.
inline constexpr double estimate_note_seconds = 60;

}  // namespace gcd_mpi::defaults

namespace gcd_mpi::limits {

/// --batch-size: 1 GiB of wire pairs; MPI counts are int.
inline constexpr std::size_t max_batch_pairs = std::size_t{1} << 26;
/// --threads (0 means all usable CPUs).
inline constexpr unsigned max_threads = 4096;
/// --checkpoint-interval, seconds.
inline constexpr double min_checkpoint_interval_seconds = 0.001;
inline constexpr double max_checkpoint_interval_seconds = 1e7;
/// --progress-interval, seconds.
inline constexpr double min_progress_interval_seconds = 0.05;
inline constexpr double max_progress_interval_seconds = 86400;

}  // namespace gcd_mpi::limits
