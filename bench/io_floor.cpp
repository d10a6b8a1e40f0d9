// The I/O floor gcd_mpi's whole runs are compared with (issue 13 part 3): a
// program that does only what a run must, as cheaply as we know how, for
// plain "a b" lines of decimal u64 and nothing else (no signs, comments,
// checks, messages, checkpoints or MPI). It maps the input, splits it into
// line-aligned chunks, one per thread, parses eight digits at a time, copies
// the text "a b" through, appends the binary gcd, formats eight digits at a
// time, and writes the chunks in input order; --fsync syncs the output like
// gcd_mpi -o does before it commits. Not a gcd_mpi code path: it exists so
// that bench/peers can say how far above the floor gcd_mpi is.
//   io_floor INPUT OUTPUT [THREADS] [--fsync]

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <bit>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

namespace {

using u64 = std::uint64_t;

u64 eight(const char* p) {
    u64 c;
    std::memcpy(&c, p, 8);
    c -= 0x3030303030303030ULL;
    c = (c * 10 + (c >> 8)) & 0x00FF00FF00FF00FFULL;
    c = (c * 100 + (c >> 16)) & 0x0000FFFF0000FFFFULL;
    return (c * 10000 + (c >> 32)) & 0xFFFFFFFFULL;
}

// Parses the digits at p, up to the first non-digit.
const char* parse(const char* p, u64& v) {
    const char* s = p;
    while (static_cast<unsigned>(*p - '0') < 10) ++p;
    const auto n = static_cast<std::size_t>(p - s);
    v = 0;
    std::size_t k = 0;
    for (; k < n % 8; ++k) v = v * 10 + static_cast<u64>(s[k] - '0');
    for (; k < n; k += 8) v = v * 100000000 + eight(s + k);
    return p;
}

u64 gcd(u64 a, u64 b) {
    if (a == 0) return b;
    if (b == 0) return a;
    const int shift = std::countr_zero(a | b);
    a >>= std::countr_zero(a);
    b >>= std::countr_zero(b);
    while (a != b) {  // branch-free: min and |a - b| by conditional moves
        const u64 d = a > b ? a - b : b - a;
        b = a < b ? a : b;
        a = d >> std::countr_zero(d);
    }
    return a << shift;
}

constexpr char pairs_of_digits[] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

// Eight digits of v < 10^8 at p, two at a time.
void put8(char* p, std::uint32_t v) {
    const std::uint32_t hi = v / 10000, lo = v % 10000;
    std::memcpy(p, pairs_of_digits + 2 * (hi / 100), 2);
    std::memcpy(p + 2, pairs_of_digits + 2 * (hi % 100), 2);
    std::memcpy(p + 4, pairs_of_digits + 2 * (lo / 100), 2);
    std::memcpy(p + 6, pairs_of_digits + 2 * (lo % 100), 2);
}

char* put(char* out, u64 v) {
    char tmp[24];
    char* end = tmp + 24;
    char* p = end;
    while (v >= 100000000) {
        p -= 8;
        put8(p, static_cast<std::uint32_t>(v % 100000000));
        v /= 100000000;
    }
    auto w = static_cast<std::uint32_t>(v);
    while (w >= 100) {
        p -= 2;
        std::memcpy(p, pairs_of_digits + 2 * (w % 100), 2);
        w /= 100;
    }
    if (w >= 10) {
        p -= 2;
        std::memcpy(p, pairs_of_digits + 2 * w, 2);
    } else {
        *--p = static_cast<char>('0' + w);
    }
    const auto n = static_cast<std::size_t>(end - p);
    std::memcpy(out, p, n);
    return out + n;
}

void run_chunk(const char* p, const char* end, std::string& out) {
    out.resize(static_cast<std::size_t>(end - p) + static_cast<std::size_t>(end - p) / 8 + 64);
    char* o = out.data();
    while (p < end) {
        const char* line = p;
        u64 a, b;
        p = parse(p, a);
        p = parse(p + 1, b);
        const auto len = static_cast<std::size_t>(p - line);
        if (o + len + 24 > out.data() + out.size()) {
            const auto at = static_cast<std::size_t>(o - out.data());
            out.resize(out.size() * 2);
            o = out.data() + at;
        }
        std::memcpy(o, line, len);
        o += len;
        *o++ = ' ';
        o = put(o, gcd(a, b));
        *o++ = '\n';
        ++p;  // '\n'
    }
    out.resize(static_cast<std::size_t>(o - out.data()));
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: io_floor INPUT OUTPUT [THREADS] [--fsync]\n");
        return 64;
    }
    const unsigned threads = argc > 3 && argv[3][0] != '-' ? static_cast<unsigned>(std::stoul(argv[3])) : 1;
    const bool sync = std::string(argv[argc - 1]) == "--fsync";
    const int in = ::open(argv[1], O_RDONLY);
    struct stat st {};
    if (in < 0 || ::fstat(in, &st) != 0) return 66;
    const auto size = static_cast<std::size_t>(st.st_size);
    // Plain lines end in '\n', so no scan reads past the mapping.
    void* map = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, in, 0);
    if (map == MAP_FAILED) return 66;
    const char* base = static_cast<const char*>(map);
    std::vector<const char*> cut{base};
    for (unsigned t = 1; t < threads; ++t) {
        const char* c = base + size * t / threads;
        while (c < base + size && c[-1] != '\n') ++c;
        cut.push_back(c);
    }
    cut.push_back(base + size);
    std::vector<std::string> outs(threads);
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t) pool.emplace_back([&, t] { run_chunk(cut[t], cut[t + 1], outs[t]); });
    for (auto& th : pool) th.join();
    const int out = ::open(argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (out < 0) return 73;
    for (const auto& s : outs) {
        for (std::size_t done = 0; done < s.size();) {
            const ssize_t n = ::write(out, s.data() + done, s.size() - done);
            if (n <= 0) return 74;
            done += static_cast<std::size_t>(n);
        }
    }
    if (sync && ::fsync(out) != 0) return 74;
    return ::close(out) == 0 ? 0 : 74;
}
