#pragma once
/// MPI-IO hints as the user writes them (GCD_MPI_IO_HINTS):
/// "key=value,key=value", e.g. "romio_cb_write=enable,cb_nodes=2". Pure
/// text handling; the MPI layer turns the list into an MPI_Info.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace gcd_mpi {

struct IoHint {
    std::string key;
    std::string value;
    friend bool operator==(const IoHint&, const IoHint&) = default;
};

/// The longest key and value the MPI library takes (MPI_MAX_INFO_KEY - 1,
/// MPI_MAX_INFO_VAL - 1; the MPI layer knows them).
struct IoHintLimits {
    std::size_t key_bytes = 35;
    std::size_t value_bytes = 255;
};

/// The hints of `text`, in its order. Blanks (spaces, tabs) around entries,
/// keys and values are dropped; an empty or all-blank text is no hints.
/// Throws GcdError(exit_usage) whose message starts with `source` (the
/// variable's name) for an empty entry ("a=1,,b=2", a trailing comma), an
/// entry without '=', an empty key or value, a blank inside a key, a key
/// given twice, or a key or value longer than `limits`.
[[nodiscard]] std::vector<IoHint> parse_io_hints(std::string_view text, std::string_view source,
                                                 IoHintLimits limits = {});

/// The hints as "key=value,key=value": parse_io_hints reads it back to the
/// same list (what rank 0 broadcasts, what the report shows).
[[nodiscard]] std::string io_hints_text(const std::vector<IoHint>& hints);

}  // namespace gcd_mpi
