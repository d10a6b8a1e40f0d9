#include "gcd_mpi/core/io_wait.hpp"

#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <climits>

#include <cerrno>
#include <cstring>

#include "gcd_mpi/core/errors.hpp"
#include "gcd_mpi/core/stop.hpp"

namespace gcd_mpi {

int wait_until_ready(int fd, short events, const std::string& what) {
    for (;;) {
        if (stop_requested()) throw GcdError(exit_stopped, stop_message(stop_signal()));
        pollfd p{fd, events, 0};
        const int n = ::poll(&p, 1, stop_poll_milliseconds);
        if (n > 0) return p.revents;
        if (n < 0 && errno != EINTR) {
            throw GcdError(exit_io, what + ": poll failed: " + std::strerror(errno));
        }
    }
}

void write_all(int fd, const char* data, std::size_t size, bool may_block, const std::string& what) {
    std::size_t done = 0;
    while (done < size) {
        std::size_t piece = size - done;
        if (may_block) {
            (void)wait_until_ready(fd, POLLOUT, what);  // POLLERR/POLLHUP: write() says what
            piece = std::min<std::size_t>(piece, PIPE_BUF);
        }
        const ssize_t n = ::write(fd, data + done, piece);
        if (n < 0) {
            if (errno == EINTR || errno == EAGAIN) continue;
            throw GcdError(exit_io, what + ": write failed: " + std::strerror(errno));
        }
        done += static_cast<std::size_t>(n);
    }
}

}  // namespace gcd_mpi
