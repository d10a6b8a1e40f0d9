#include "gcd_mpi/core/schedule.hpp"

namespace gcd_mpi {

std::string schedule_choices() { return joined_names(schedule_table); }

}  // namespace gcd_mpi
