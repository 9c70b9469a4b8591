#include "tools/bench/idle_reactor.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "net/core/str_cat.h"
#include "net/endpoints/builtin_endpoints.h"

namespace weft::bench {

using net::strCat;

namespace {

// Connects at most this many before waiting for them to be accepted: well under the backlog
// below (and the kernel's somaxconn, 4096 by default), so a blocking connect completes in the
// kernel at once and no SYN is dropped.
constexpr std::size_t kConnectBatch = 256;
constexpr int kBacklog = 1024;

// Counts its connection's start and end and does nothing else: an idle game connection.
class CountingProtocol final : public net::Protocol {
 public:
  CountingProtocol(std::size_t& made, std::size_t& lost) : made_(made), lost_(lost) {}
  void connectionMade() override { ++made_; }
  void connectionLost(const net::Reason&) override { ++lost_; }

 private:
  std::size_t& made_;
  std::size_t& lost_;
};

net::ReactorConfig reactorConfig(net::PollerKind poller, net::Logger& logger) {
  net::ReactorConfig config;
  config.poller = poller;
  config.logger = &logger;
  return config;
}

// A plain blocking client socket connected to 127.0.0.1:port, or -1 with errno set.
int connectLoopback(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(port);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    const int error = errno;
    ::close(fd);
    errno = error;
    return -1;
  }
  return fd;
}

}  // namespace

std::unique_ptr<net::Protocol> IdleReactor::Accepting::buildProtocol(const net::Address&) {
  return std::make_unique<CountingProtocol>(counts_.accepted, counts_.lost);
}

IdleReactor::IdleReactor(const IdleLoadConfig& config, FarEndHolder holder)
    : config_(config),
      farEnds_(std::move(holder)),
      reactor_(clock_, reactorConfig(config.poller, logger_)) {}

IdleReactor::~IdleReactor() = default;

net::Result<std::unique_ptr<IdleReactor>> IdleReactor::open(const IdleLoadConfig& config) {
  // The holder forks first, while this process has no sockets of the load yet.
  auto holder = FarEndHolder::start();
  if (!holder) return holder.error();
  std::unique_ptr<IdleReactor> load(new IdleReactor(config, std::move(*holder)));
  if (auto connected = load->connectAll(); !connected) return connected.error();
  load->timers_.reserve(config.timers);
  for (std::size_t i = 0; i < config.timers; ++i) {
    load->timers_.emplace_back(load->reactor_.callLater(config.timerDelay, [] {}));
  }
  load->reactor_.pump(net::Duration::max());
  const std::size_t pending = load->reactor_.scheduler().pendingCount();
  if (pending != config.timers) {
    return net::Error{
        strCat("weft: ", pending, " timers pending after set-up, expected ", config.timers)};
  }
  return load;
}

net::Result<void> IdleReactor::openEnetHost() {
  if (enetPort_) return {};
  auto endpoint = net::parseServerEndpoint("enet:0:interface=127.0.0.1");
  if (!endpoint) return endpoint.error();
  auto port = reactor_.listen(*endpoint, factory_);
  if (!port) return net::Error{strCat("weft: cannot listen on ENet: ", port.error().message)};
  enetPort_ = std::move(*port);
  return {};
}

net::Result<void> IdleReactor::connectAll() {
  auto endpoint = net::parseServerEndpoint(strCat("tcp:0:interface=127.0.0.1:backlog=", kBacklog));
  if (!endpoint) return endpoint.error();
  auto port = reactor_.listen(*endpoint, factory_);
  if (!port) return net::Error{strCat("weft: cannot listen: ", port.error().message)};
  port_ = std::move(*port);

  using Steady = std::chrono::steady_clock;
  const auto deadline = Steady::now() + config_.setupLimit;
  std::vector<int> batch;
  while (farEnds_.held() < config_.connections) {
    batch.clear();
    const std::size_t size = std::min(kConnectBatch, config_.connections - farEnds_.held());
    for (std::size_t i = 0; i < size; ++i) {
      const int fd = connectLoopback(port_->address().port());
      if (fd < 0) {
        const int error = errno;
        for (int open : batch) ::close(open);
        return net::Error{strCat("weft: connection ", farEnds_.held() + i + 1, " of ",
                                 config_.connections, ": connect: ", std::strerror(error))};
      }
      batch.push_back(fd);
    }
    const std::size_t expected = farEnds_.held() + batch.size();
    while (counts_.accepted < expected && counts_.lost == 0 && Steady::now() < deadline) {
      reactor_.pump(net::Duration::max());
      if (counts_.accepted < expected) reactor_.waitForEvents(std::chrono::milliseconds(10));
    }
    if (auto adopted = farEnds_.adopt(batch); !adopted) return adopted.error();
    if (counts_.lost != 0 || counts_.accepted < expected) {
      return net::Error{strCat("weft: ", counts_.accepted, " of ", config_.connections,
                               " connections accepted and ", counts_.lost, " closed after ",
                               net::toSeconds(Steady::now() - (deadline - config_.setupLimit)),
                               " s")};
    }
  }
  return {};
}

}  // namespace weft::bench
