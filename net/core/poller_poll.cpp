// The poll() Poller: the portable fallback. Each wait is O(registered sockets), which is why
// Linux uses epoll by default; it is compiled and contract-tested everywhere all the same.
#include <poll.h>

#include <unordered_map>
#include <vector>

#include "net/core/poller.h"
#include "net/core/str_cat.h"

namespace weft::net {

std::unique_ptr<Poller> makeEpollPoller(bool idleDoorbell);

namespace {

short toPoll(Interest interest) {
  short events = 0;
  if (has(interest, Interest::Read)) events |= POLLIN;
  if (has(interest, Interest::Write)) events |= POLLOUT;
  return events;
}

class PollPoller final : public Poller {
 public:
  Result<void> add(int fd, std::uint64_t token, Interest interest) override {
    if (index_.count(fd) != 0) return Error{strCat("fd ", fd, " is already registered")};
    index_[fd] = fds_.size();
    fds_.push_back(pollfd{fd, toPoll(interest), 0});
    tokens_.push_back(token);
    return {};
  }

  Result<void> modify(int fd, std::uint64_t token, Interest interest) override {
    auto it = index_.find(fd);
    if (it == index_.end()) return Error{strCat("fd ", fd, " is not registered")};
    fds_[it->second].events = toPoll(interest);
    tokens_[it->second] = token;
    return {};
  }

  void remove(int fd) override {
    auto it = index_.find(fd);
    if (it == index_.end()) return;
    const std::size_t i = it->second;
    const std::size_t last = fds_.size() - 1;
    if (i != last) {  // swap-remove keeps removal O(1)
      fds_[i] = fds_[last];
      tokens_[i] = tokens_[last];
      index_[fds_[i].fd] = i;
    }
    fds_.pop_back();
    tokens_.pop_back();
    index_.erase(it);
  }

  std::size_t wait(std::span<PollEvent> out, std::optional<Duration> timeout) override {
    int n = detail::waitFor(timeout, [&](int ms) { return ::poll(fds_.data(), fds_.size(), ms); });
    if (n <= 0) return 0;
    std::size_t count = 0;
    for (std::size_t i = 0; i < fds_.size() && count < out.size(); ++i) {
      const short r = fds_[i].revents;
      if (r == 0) continue;
      out[count++] = PollEvent{tokens_[i], (r & (POLLIN | POLLPRI)) != 0, (r & POLLOUT) != 0,
                               (r & (POLLERR | POLLHUP | POLLNVAL)) != 0};
    }
    return count;
  }

  std::string_view name() const override { return "poll"; }

 private:
  std::vector<pollfd> fds_;
  std::vector<std::uint64_t> tokens_;
  std::unordered_map<int, std::size_t> index_;
};

}  // namespace

std::unique_ptr<Poller> makePoller(PollerKind kind, bool idleDoorbell) {
#ifdef __linux__
  if (kind == PollerKind::Default || kind == PollerKind::Epoll)
    return makeEpollPoller(idleDoorbell);
#else
  (void)idleDoorbell;
  WEFT_ASSERT(kind != PollerKind::Epoll, "epoll exists only on Linux; use PollerKind::Poll");
#endif
  return std::make_unique<PollPoller>();
}

}  // namespace weft::net
