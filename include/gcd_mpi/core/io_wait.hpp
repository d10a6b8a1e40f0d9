#pragma once
/// Waiting for a pipe, FIFO, terminal or socket without missing a stop
/// request: a thread blocked in read() or write() on such a file would sleep
/// through SIGTERM (the handler only sets a flag), so these ends are polled
/// with a short timeout and the flag is checked between polls.

#include <cstddef>
#include <string>

namespace gcd_mpi {

/// How often a waiting thread looks at the stop flag (a stop then takes at
/// most this long to be noticed).
inline constexpr int stop_poll_milliseconds = 100;

/// Waits until `fd` is ready for `events` (POLLIN or POLLOUT) or reports
/// hang-up or an error; returns poll()'s revents. Throws
/// GcdError(exit_stopped, stop_message()) once a stop is requested, and
/// GcdError(exit_io) naming `what` if poll itself fails.
int wait_until_ready(int fd, short events, const std::string& what);

/// Writes all `size` bytes to `fd`. When `may_block` (a pipe, FIFO,
/// terminal or socket: a reader that stops reading would block write() for
/// ever), waits with wait_until_ready() before each piece and writes at most
/// PIPE_BUF bytes at once, which a pipe reported writable takes without
/// blocking. Throws GcdError(exit_io) naming `what` on a failed write, and
/// GcdError(exit_stopped) on a stop request.
void write_all(int fd, const char* data, std::size_t size, bool may_block, const std::string& what);

}  // namespace gcd_mpi
