// The epoll Poller: O(ready) waits, so an idle pump costs the same with 10 or 10,000 sockets.
#include <sys/epoll.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>

#include "net/core/detail/io_uring_doorbell.h"
#include "net/core/poller.h"
#include "net/core/str_cat.h"

namespace weft::net {

namespace {

constexpr std::size_t kMaxEventsPerWait = 256;

std::uint32_t toEpoll(Interest interest) {
  std::uint32_t events = 0;
  if (has(interest, Interest::Read)) events |= EPOLLIN | EPOLLRDHUP;
  if (has(interest, Interest::Write)) events |= EPOLLOUT;
  return events;
}

class EpollPoller final : public Poller {
 public:
  explicit EpollPoller(bool idleDoorbell) : fd_(epoll_create1(EPOLL_CLOEXEC)) {
    WEFT_ASSERT(fd_ >= 0, "epoll_create1 failed; the process is out of file descriptors");
    if (idleDoorbell) {
      doorbell_ = std::make_unique<detail::IoUringDoorbell>(fd_);
      if (!doorbell_->available()) doorbell_.reset();
    }
  }
  ~EpollPoller() override {
    doorbell_.reset();  // its poll refers to the epoll descriptor
    ::close(fd_);
  }

  // Registering can make a socket that is already ready visible; epoll rings the doorbell for
  // that too, but a recheck costs one wait and only happens when the program is active.
  Result<void> add(int fd, std::uint64_t token, Interest interest) override {
    recheck_ = true;
    return control(EPOLL_CTL_ADD, fd, token, interest);
  }
  Result<void> modify(int fd, std::uint64_t token, Interest interest) override {
    recheck_ = true;
    return control(EPOLL_CTL_MOD, fd, token, interest);
  }
  void remove(int fd) override { epoll_ctl(fd_, EPOLL_CTL_DEL, fd, nullptr); }

  std::size_t wait(std::span<PollEvent> out, std::optional<Duration> timeout) override {
    epoll_event events[kMaxEventsPerWait];
    int capacity = static_cast<int>(std::min(out.size(), kMaxEventsPerWait));
    const bool sleeps = timeout != Duration::zero();
    if (doorbell_) {
      if (sleeps) {
        doorbell_->disarm();  // a sleeping wait hears everything itself
      } else {
        doorbell_->clear();  // a wake-up from here on rings it again
      }
    }
    int n = detail::waitFor(timeout, [&](int ms) { return epoll_wait(fd_, events, capacity, ms); });
    // Nothing ready on a quick look: the caller is pumping and idle, which the doorbell serves.
    if (doorbell_ && !sleeps && n == 0) doorbell_->arm();
    // Level-triggered: sockets reported now may still be ready after their handlers ran (a read
    // cap, a budget), without a new wake-up. Keep waiting for real until a wait finds nothing.
    recheck_ = n > 0;
    if (n <= 0) return 0;
    for (int i = 0; i < n; ++i) {
      const std::uint32_t e = events[i].events;
      out[i] = PollEvent{events[i].data.u64, (e & (EPOLLIN | EPOLLRDHUP)) != 0, (e & EPOLLOUT) != 0,
                         (e & (EPOLLERR | EPOLLHUP)) != 0};
    }
    return static_cast<std::size_t>(n);
  }

  bool mayHaveEvents() const override { return recheck_ || !doorbell_ || doorbell_->rang(); }

  std::string_view name() const override { return doorbell_ ? "epoll+io_uring" : "epoll"; }

 private:
  Result<void> control(int op, int fd, std::uint64_t token, Interest interest) {
    epoll_event event{};
    event.events = toEpoll(interest);
    event.data.u64 = token;
    if (epoll_ctl(fd_, op, fd, &event) != 0) {
      return Error{strCat("epoll_ctl(fd ", fd, "): ", std::strerror(errno))};
    }
    return {};
  }

  int fd_;
  std::unique_ptr<detail::IoUringDoorbell> doorbell_;
  bool recheck_ = true;
};

}  // namespace

std::unique_ptr<Poller> makeEpollPoller(bool idleDoorbell) {
  return std::make_unique<EpollPoller>(idleDoorbell);
}

}  // namespace weft::net
