#pragma once
/// Value types shared by every layer: what the parser produces, what travels
/// over MPI, and what comes back. Plain, fixed-width, no MPI here.

#include <cstdint>

namespace gcd_mpi {

/// An integer as written in the input: a 64-bit magnitude and a sign.
/// "-0" is stored as 0 with negative == false, so it prints as "0".
struct SignedValue {
    std::uint64_t magnitude = 0;
    bool negative = false;
    friend bool operator==(const SignedValue&, const SignedValue&) = default;
};

/// One input line's pair, kept on the reading rank for output and messages.
struct InputPair {
    SignedValue a;
    SignedValue b;
    std::uint64_t line = 0;  ///< 1-based line number in the input
    friend bool operator==(const InputPair&, const InputPair&) = default;
};

/// What a computing rank needs: the magnitudes only (gcd ignores signs).
/// Flat and fixed-width so it travels as a plain MPI datatype.
struct Pair {
    std::uint64_t a = 0;
    std::uint64_t b = 0;

    // clang-format reads `ar & a & b` as a declaration of references:
    // clang-format off
    template <class Archive>
    void serialize(Archive& ar, unsigned /*version*/) { ar & a & b; }
    // clang-format on
    friend bool operator==(const Pair&, const Pair&) = default;
};

/// One computed result: the gcd and how many candidate divisors were tried
/// (0 for the exact kernels). Flat for the same reason as Pair.
struct PairResult {
    std::uint64_t gcd = 0;
    std::uint64_t candidates = 0;

    // clang-format reads `ar & a & b` as a declaration of references:
    // clang-format off
    template <class Archive>
    void serialize(Archive& ar, unsigned /*version*/) { ar & gcd & candidates; }
    // clang-format on
    friend bool operator==(const PairResult&, const PairResult&) = default;
};

/// The magnitudes of an input pair, ready to send.
[[nodiscard]] inline Pair magnitudes(const InputPair& p) noexcept { return Pair{p.a.magnitude, p.b.magnitude}; }

}  // namespace gcd_mpi
