// Poller: waits for socket readiness behind one interface — epoll on Linux (an idle wait never
// scans every socket) and portable poll() — so one contract test suite runs against both.
// Tests: tests/net/core/poller_test.cpp
#pragma once

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>

#include "net/core/clock.h"
#include "net/core/result.h"

namespace weft::net {

// What a registration waits for, as bits.
enum class Interest : std::uint8_t { None = 0, Read = 1, Write = 2, ReadWrite = 3 };
constexpr Interest operator|(Interest a, Interest b) {
  return static_cast<Interest>(static_cast<std::uint8_t>(a) | static_cast<std::uint8_t>(b));
}
constexpr bool has(Interest set, Interest bit) {
  return (static_cast<std::uint8_t>(set) & static_cast<std::uint8_t>(bit)) != 0;
}

struct PollEvent {
  std::uint64_t token = 0;  // what the registration was given; the reactor's handle id
  bool readable = false;
  bool writable = false;
  bool failed = false;  // error or hang-up: the owner should read or check SO_ERROR to learn why
};

enum class PollerKind : std::uint8_t { Default, Epoll, Poll };

// Level-triggered: a socket that stays ready is reported by every wait. Not thread-safe.
class Poller {
 public:
  virtual ~Poller() = default;

  virtual Result<void> add(int fd, std::uint64_t token, Interest interest) = 0;
  virtual Result<void> modify(int fd, std::uint64_t token, Interest interest) = 0;
  // Forgets `fd`; must be called before the descriptor is closed.
  virtual void remove(int fd) = 0;

  // Waits up to `timeout` (zero: only look; nullopt: until something is ready), fills `out`
  // with ready registrations and returns how many. An interrupted wait returns 0.
  virtual std::size_t wait(std::span<PollEvent> out, std::optional<Duration> timeout) = 0;

  // False only when the poller knows, without a system call, that a zero-timeout wait would
  // find nothing: then an idle pump skips the wait. A poller that cannot know says true.
  virtual bool mayHaveEvents() const { return true; }

  virtual std::string_view name() const = 0;
};

namespace detail {
// Runs a millisecond-timeout wait (epoll_wait, poll) for `timeout`, resuming after EINTR with
// the time that is left: a signal or io_uring's task-work notification must not end a sleep early.
// Returns the call's result, or 0 when the time ran out.
template <typename Wait>
int waitFor(std::optional<Duration> timeout, Wait&& wait) {
  using Steady = std::chrono::steady_clock;
  const auto deadline = timeout ? Steady::now() + *timeout : Steady::time_point::max();
  for (;;) {
    int ms = -1;
    if (timeout) {
      const auto left = deadline - Steady::now();
      // Round up: waking a little late is harmless, waking early wastes an iteration.
      const auto rounded = std::chrono::ceil<std::chrono::milliseconds>(left).count();
      ms = left <= Duration::zero() ? 0 : static_cast<int>(std::min<long long>(rounded, 1'000'000));
    }
    const int n = wait(ms);
    if (n >= 0 || errno != EINTR) return n;
    if (timeout && Steady::now() >= deadline) return 0;
  }
}
}  // namespace detail

// Default is epoll where it exists, poll elsewhere. `idleDoorbell` lets the epoll poller use an
// io_uring doorbell so that an idle pump makes no system call (see io_uring_doorbell.h); it
// falls back to plain waits wherever io_uring is unavailable.
std::unique_ptr<Poller> makePoller(PollerKind kind = PollerKind::Default, bool idleDoorbell = true);

}  // namespace weft::net
