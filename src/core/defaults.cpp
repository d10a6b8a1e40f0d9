// The defaults must lie inside the limits the command line enforces: a
// default the parser would refuse is caught here, at compile time.

#include "gcd_mpi/core/defaults.hpp"

namespace gcd_mpi {

static_assert(defaults::batch_pairs >= 1 && defaults::batch_pairs <= limits::max_batch_pairs);
static_assert(defaults::threads >= 1 && defaults::threads <= limits::max_threads);
static_assert(defaults::checkpoint_interval_seconds >= limits::min_checkpoint_interval_seconds &&
              defaults::checkpoint_interval_seconds <= limits::max_checkpoint_interval_seconds);
static_assert(defaults::log_progress_seconds >= limits::min_progress_interval_seconds &&
              defaults::log_progress_seconds <= limits::max_progress_interval_seconds);
static_assert(defaults::terminal_progress_seconds >= limits::min_progress_interval_seconds &&
              defaults::terminal_progress_seconds <= limits::max_progress_interval_seconds);
static_assert(defaults::estimate_note_seconds > 0);

}  // namespace gcd_mpi
