// The epoll Poller: O(ready) waits, so an idle pump costs the same with 10 or 10,000 sockets.
#include <sys/epoll.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

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

int toMilliseconds(std::optional<Duration> timeout) {
  if (!timeout) return -1;
  if (*timeout <= Duration::zero()) return 0;
  // Round up: waking a little late is harmless, waking early means a wasted iteration.
  auto ms = std::chrono::ceil<std::chrono::milliseconds>(*timeout).count();
  return ms > 1'000'000 ? 1'000'000 : static_cast<int>(ms);
}

class EpollPoller final : public Poller {
 public:
  EpollPoller() : fd_(epoll_create1(EPOLL_CLOEXEC)) {
    WEFT_ASSERT(fd_ >= 0, "epoll_create1 failed; the process is out of file descriptors");
  }
  ~EpollPoller() override { ::close(fd_); }

  Result<void> add(int fd, std::uint64_t token, Interest interest) override {
    return control(EPOLL_CTL_ADD, fd, token, interest);
  }
  Result<void> modify(int fd, std::uint64_t token, Interest interest) override {
    return control(EPOLL_CTL_MOD, fd, token, interest);
  }
  void remove(int fd) override { epoll_ctl(fd_, EPOLL_CTL_DEL, fd, nullptr); }

  std::size_t wait(std::span<PollEvent> out, std::optional<Duration> timeout) override {
    epoll_event events[kMaxEventsPerWait];
    int capacity = static_cast<int>(std::min(out.size(), kMaxEventsPerWait));
    int n = epoll_wait(fd_, events, capacity, toMilliseconds(timeout));
    if (n <= 0) return 0;  // EINTR counts as "nothing yet"
    for (int i = 0; i < n; ++i) {
      const std::uint32_t e = events[i].events;
      out[i] = PollEvent{events[i].data.u64, (e & (EPOLLIN | EPOLLRDHUP)) != 0,
                         (e & EPOLLOUT) != 0, (e & (EPOLLERR | EPOLLHUP)) != 0};
    }
    return static_cast<std::size_t>(n);
  }

  std::string_view name() const override { return "epoll"; }

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
};

}  // namespace

std::unique_ptr<Poller> makeEpollPoller() { return std::make_unique<EpollPoller>(); }

}  // namespace weft::net
