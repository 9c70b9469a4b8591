#include "tools/bench/chat_load.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <ctime>

#include "net/core/str_cat.h"

namespace weft::bench {

using net::strCat;
using Steady = std::chrono::steady_clock;

namespace {

constexpr std::size_t kJoinBatch = 100;  // below weft-chatd's and Twisted's listen backlogs
constexpr std::size_t kReadBytes = 256 * 1024;
constexpr int kEventsPerWait = 512;

std::int64_t nowNanos() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(Steady::now().time_since_epoch())
      .count();
}

double processCpuSeconds() {
  timespec t{};
  ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

int msUntil(Steady::time_point until) {
  const auto left = std::chrono::ceil<std::chrono::milliseconds>(until - Steady::now()).count();
  return static_cast<int>(std::clamp<long long>(left, 0, 100));
}

// "<cK>: m S Q T": the sender S and the stamp T of a measurement line.
bool parseMeasurement(std::string_view line, std::size_t& sender, std::int64_t& stamp) {
  const std::size_t at = line.find(">: m ");
  if (at == std::string_view::npos) return false;
  const char* p = line.data() + at + 5;
  const char* end = line.data() + line.size();
  std::uint64_t seq = 0;
  auto r = std::from_chars(p, end, sender);
  if (r.ec != std::errc() || r.ptr == end) return false;
  r = std::from_chars(r.ptr + 1, end, seq);
  if (r.ec != std::errc() || r.ptr == end) return false;
  r = std::from_chars(r.ptr + 1, end, stamp);
  return r.ec == std::errc();
}

}  // namespace

struct ChatLoad::Member {
  int fd = -1;
  std::string partial;  // an unfinished line, for members whose lines are parsed
  std::uint64_t lines = 0;
  std::size_t inflight = 0;
  std::uint64_t nextSeq = 0;
  bool registered = false;
  bool synced = false;
};

ChatLoad::ChatLoad() : buffer_(kReadBytes) {}

std::size_t ChatLoad::members() const {
  return members_.size();
}

ChatLoad::ChatLoad(ChatLoad&& other) noexcept
    : epoll_(std::exchange(other.epoll_, -1)),
      members_(std::move(other.members_)),
      buffer_(std::move(other.buffer_)),
      error_(std::move(other.error_)) {
  other.members_.clear();
}

ChatLoad::~ChatLoad() {
  for (Member& m : members_) {
    if (m.fd >= 0) ::close(m.fd);
  }
  if (epoll_ >= 0) ::close(epoll_);
}

net::Result<void> ChatLoad::addMember(std::uint16_t port, std::size_t index) {
  Member& m = members_.emplace_back();
  m.fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (m.fd < 0) return net::Error{strCat("socket for member ", index, ": ", std::strerror(errno))};
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(port);
  const int one = 1;
  ::setsockopt(m.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (::connect(m.fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    return net::Error{strCat("member ", index, " cannot connect: ", std::strerror(errno))};
  }
  ::fcntl(m.fd, F_SETFL, ::fcntl(m.fd, F_GETFL) | O_NONBLOCK);
  epoll_event event{};
  event.events = EPOLLIN;
  event.data.u64 = index;
  if (::epoll_ctl(epoll_, EPOLL_CTL_ADD, m.fd, &event) != 0) {
    return net::Error{strCat("epoll_ctl for member ", index, ": ", std::strerror(errno))};
  }
  const std::string name = strCat("c", index, "\r\n");
  if (::send(m.fd, name.data(), name.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(name.size())) {
    return net::Error{strCat("member ", index, " cannot send its name")};
  }
  return {};
}

template <typename OnData>
bool ChatLoad::pollOnce(int timeoutMs, OnData&& onData) {
  epoll_event events[kEventsPerWait];
  const int ready = ::epoll_wait(epoll_, events, kEventsPerWait, timeoutMs);
  for (int i = 0; i < ready; ++i) {
    const std::size_t index = events[i].data.u64;
    const ssize_t n = ::recv(members_[index].fd, buffer_.data(), buffer_.size(), 0);
    if (n > 0) {
      onData(index, std::string_view(buffer_.data(), static_cast<std::size_t>(n)));
    } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
      error_ = strCat("member c", index, ": ",
                      n == 0 ? std::string("the server closed the connection")
                             : strCat("the connection failed (", std::strerror(errno), ")"),
                      " after ", members_[index].lines, " lines");
      return false;
    }
  }
  return true;
}

// Calls `onLine(std::string_view)` for each complete line in `data`, keeping the tail.
template <typename OnLine>
void splitLines(std::string& partial, std::string_view data, OnLine&& onLine) {
  while (!data.empty()) {
    const std::size_t end = data.find('\n');
    if (end == std::string_view::npos) {
      partial.append(data);
      return;
    }
    if (partial.empty()) {
      onLine(data.substr(0, end));
    } else {
      partial.append(data.substr(0, end));
      onLine(std::string_view(partial));
      partial.clear();
    }
    data.remove_prefix(end + 1);
  }
}

net::Result<ChatLoad> ChatLoad::join(std::uint16_t port, std::size_t count,
                                     std::chrono::milliseconds limit) {
  ChatLoad load;
  load.epoll_ = ::epoll_create1(EPOLL_CLOEXEC);
  if (load.epoll_ < 0) return net::Error{strCat("epoll_create1: ", std::strerror(errno))};
  load.members_.reserve(count);
  const auto until = Steady::now() + limit;
  std::size_t registered = 0;
  const auto onData = [&](std::size_t index, std::string_view data) {
    Member& m = load.members_[index];
    splitLines(m.partial, data, [&](std::string_view line) {
      if (!m.registered && line.starts_with("{registered as c")) {
        m.registered = true;
        ++registered;
      }
    });
  };
  for (std::size_t first = 0; first < count; first += kJoinBatch) {
    const std::size_t last = std::min(count, first + kJoinBatch);
    for (std::size_t i = first; i < last; ++i) {
      if (auto added = load.addMember(port, i); !added) return added.error();
    }
    while (registered < last) {
      if (Steady::now() >= until) {
        return net::Error{strCat("only ", registered, " of ", count, " members registered in ",
                                 limit.count(), " ms")};
      }
      if (!load.pollOnce(msUntil(until), onData)) return net::Error{load.error_};
    }
  }
  if (auto synced = load.sync(strCat("sync ", nowNanos()), until); !synced) return synced.error();
  return load;
}

// c0 says `marker`; once every member has read it, everything said before it has been read too.
net::Result<void> ChatLoad::sync(std::string marker, Steady::time_point until) {
  const std::string line = marker + "\r\n";
  if (::send(members_[0].fd, line.data(), line.size(), MSG_NOSIGNAL) !=
      static_cast<ssize_t>(line.size())) {
    return net::Error{"member c0 cannot send the sync line"};
  }
  std::size_t synced = 0;
  for (Member& m : members_) m.synced = false;
  const auto onData = [&](std::size_t index, std::string_view data) {
    Member& m = members_[index];
    splitLines(m.partial, data, [&](std::string_view received) {
      if (!m.synced && received.find(marker) != std::string_view::npos) {
        m.synced = true;
        ++synced;
      }
    });
  };
  while (synced < members_.size()) {
    if (Steady::now() >= until) {
      return net::Error{
          strCat("only ", synced, " of ", members_.size(), " members read everything in time")};
    }
    if (!pollOnce(msUntil(until), onData)) return net::Error{error_};
  }
  return {};
}

void ChatLoad::drain(std::chrono::milliseconds limit) {
  const auto until = Steady::now() + limit;
  while (Steady::now() < until) {
    bool any = false;
    if (!pollOnce(10, [&](std::size_t, std::string_view) { any = true; }) || !any) return;
  }
}

net::Result<FanoutFigures> ChatLoad::fanOut(const FanoutRun& run) {
  if (run.senders == 0 || run.senders > members_.size() || run.window == 0) {
    return net::Error{"fanOut: need 1 <= senders <= members and a window of at least 1"};
  }
  FanoutFigures figures;
  figures.latenciesUs.reserve(1 << 20);
  const auto start = Steady::now();
  const auto t0 = start + run.warmUp;
  const auto t1 = t0 + run.measured;
  bool sending = true;
  bool counting = false;
  std::size_t inflight = 0;
  double cpuAtT0 = 0;
  Steady::time_point now = start;

  const auto send = [&](std::size_t sender) -> bool {
    Member& m = members_[sender];
    const std::string line = strCat("m ", sender, " ", m.nextSeq++, " ", nowNanos(), "\r\n");
    for (std::size_t sent = 0; sent < line.size();) {
      const ssize_t n = ::send(m.fd, line.data() + sent, line.size() - sent, MSG_NOSIGNAL);
      if (n > 0)
        sent += static_cast<std::size_t>(n);
      else if (n < 0 && errno != EAGAIN && errno != EINTR)
        return false;
      if (Steady::now() > t1 + run.drainLimit) return false;
    }
    ++m.inflight;
    ++inflight;
    if (counting) ++figures.messages;
    return true;
  };
  for (std::size_t s = 0; s < run.senders; ++s) {
    for (std::size_t w = 0; w < run.window; ++w) {
      if (!send(s)) return net::Error{strCat("member c", s, " cannot send")};
    }
  }
  bool sendFailed = false;
  const auto onData = [&](std::size_t index, std::string_view data) {
    Member& m = members_[index];
    const bool parsed = index < run.senders || index % run.latencyEvery == 0;
    if (!parsed) {
      std::uint64_t lines = 0;
      for (const char* p = data.data();
           (p = static_cast<const char*>(std::memchr(p, '\n', data.data() + data.size() - p)));
           ++p) {
        ++lines;
      }
      m.lines += lines;
      if (counting) figures.deliveries += lines;
      return;
    }
    const std::int64_t receivedAt = nowNanos();
    splitLines(m.partial, data, [&](std::string_view line) {
      ++m.lines;
      if (counting) ++figures.deliveries;
      std::size_t sender = 0;
      std::int64_t stamp = 0;
      if (!parseMeasurement(line, sender, stamp)) return;
      if (counting && index % run.latencyEvery == 0) {
        figures.latenciesUs.push_back(static_cast<double>(receivedAt - stamp) / 1e3);
      }
      if (sender == index) {
        --m.inflight;
        --inflight;
        if (sending && !send(index)) sendFailed = true;
      }
    });
  };
  while (sending || inflight > 0) {
    now = Steady::now();
    if (!counting && sending && now >= t0) {
      counting = true;
      if (run.windowOpened) run.windowOpened();
      cpuAtT0 = processCpuSeconds();
    }
    if (sending && now >= t1) {
      sending = false;
      counting = false;
      figures.seconds = std::chrono::duration<double>(now - t0).count();
      figures.generatorCpuSeconds = processCpuSeconds() - cpuAtT0;
      if (run.windowClosed) run.windowClosed();
    }
    if (!sending && now >= t1 + run.drainLimit) {
      return net::Error{strCat(inflight, " messages were still unanswered ", run.drainLimit.count(),
                               " ms after sending stopped")};
    }
    if (!pollOnce(1, onData)) return net::Error{error_};
    if (sendFailed) return net::Error{"a sender could not send (the server stopped reading?)"};
  }
  return figures;
}

}  // namespace weft::bench
