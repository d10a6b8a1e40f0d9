#include "gcd_mpi/core/suggest.hpp"

#include <algorithm>
#include <cctype>

namespace gcd_mpi {

namespace {
std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}
}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) {
    // d[i][j]: distance between a's first i and b's first j characters.
    const std::size_t rows = a.size() + 1;
    const std::size_t cols = b.size() + 1;
    std::vector<std::size_t> d(rows * cols);
    const auto at = [&](std::size_t i, std::size_t j) -> std::size_t& { return d[i * cols + j]; };
    for (std::size_t i = 0; i < rows; ++i) at(i, 0) = i;
    for (std::size_t j = 0; j < cols; ++j) at(0, j) = j;
    for (std::size_t i = 1; i < rows; ++i) {
        for (std::size_t j = 1; j < cols; ++j) {
            const std::size_t substitute = at(i - 1, j - 1) + (a[i - 1] == b[j - 1] ? 0 : 1);
            at(i, j) = std::min({at(i - 1, j) + 1, at(i, j - 1) + 1, substitute});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
                at(i, j) = std::min(at(i, j), at(i - 2, j - 2) + 1);
            }
        }
    }
    return at(rows - 1, cols - 1);
}

std::optional<std::string> closest_name(std::string_view typed, const std::vector<std::string>& known) {
    const std::string word = lower(typed);
    if (word.empty()) return std::nullopt;
    if (std::find(known.begin(), known.end(), typed) != known.end()) return std::nullopt;

    std::vector<const std::string*> extensions;
    if (word.size() >= 2) {
        for (const auto& name : known) {
            if (lower(name).rfind(word, 0) == 0) extensions.push_back(&name);
        }
    }
    if (extensions.size() == 1) return *extensions.front();

    const std::size_t reach = word.size() <= 3 ? 1 : 2;
    std::size_t best = reach + 1;
    const std::string* best_name = nullptr;
    bool tie = false;
    for (const auto& name : known) {
        const std::size_t distance = edit_distance(word, lower(name));
        if (distance < best) {
            best = distance;
            best_name = &name;
            tie = false;
        } else if (distance == best) {
            tie = true;
        }
    }
    if (best_name == nullptr || tie || best >= word.size()) return std::nullopt;
    return *best_name;
}

}  // namespace gcd_mpi
