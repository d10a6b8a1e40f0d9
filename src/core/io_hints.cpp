#include "gcd_mpi/core/io_hints.hpp"

#include <algorithm>

#include "gcd_mpi/core/errors.hpp"

namespace gcd_mpi {

namespace {

std::string_view trim(std::string_view s) {
    const auto blank = [](char c) { return c == ' ' || c == '\t'; };
    while (!s.empty() && blank(s.front())) s.remove_prefix(1);
    while (!s.empty() && blank(s.back())) s.remove_suffix(1);
    return s;
}

[[noreturn]] void refuse(std::string_view source, std::string_view what) {
    throw GcdError(exit_usage, std::string(source) + ": " + std::string(what) +
                                   " (write key=value,key=value, e.g. cb_nodes=2,romio_cb_write=enable)");
}

}  // namespace

std::vector<IoHint> parse_io_hints(std::string_view text, std::string_view source, IoHintLimits limits) {
    std::vector<IoHint> hints;
    if (trim(text).empty()) return hints;
    std::size_t number = 0;
    for (std::size_t pos = 0;;) {
        const std::size_t comma = text.find(',', pos);
        const std::string_view entry =
            trim(text.substr(pos, comma == std::string_view::npos ? text.npos : comma - pos));
        ++number;
        const std::string where = "entry " + std::to_string(number) + " '" + std::string(entry) + "'";
        if (entry.empty()) refuse(source, "entry " + std::to_string(number) + " is empty");
        const std::size_t eq = entry.find('=');
        if (eq == std::string_view::npos) refuse(source, where + " is not key=value");
        const std::string_view key = trim(entry.substr(0, eq));
        const std::string_view value = trim(entry.substr(eq + 1));
        if (key.empty()) refuse(source, where + " has no key");
        if (value.empty()) refuse(source, where + " has no value");
        if (key.find_first_of(" \t") != std::string_view::npos) refuse(source, where + ": a key has no blanks");
        if (key.size() > limits.key_bytes) {
            refuse(source, where + ": the key is longer than " + std::to_string(limits.key_bytes) + " bytes");
        }
        if (value.size() > limits.value_bytes) {
            refuse(source, where + ": the value is longer than " + std::to_string(limits.value_bytes) + " bytes");
        }
        if (std::any_of(hints.begin(), hints.end(), [&](const IoHint& h) { return h.key == key; })) {
            refuse(source, where + ": " + std::string(key) + " is given twice");
        }
        hints.push_back({std::string(key), std::string(value)});
        if (comma == std::string_view::npos) break;
        pos = comma + 1;
    }
    return hints;
}

std::string io_hints_text(const std::vector<IoHint>& hints) {
    std::string text;
    for (const IoHint& h : hints) {
        if (!text.empty()) text += ',';
        text += h.key + '=' + h.value;
    }
    return text;
}

}  // namespace gcd_mpi
