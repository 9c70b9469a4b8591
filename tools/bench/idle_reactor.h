// IdleReactor: a weft Reactor holding N open, idle TCP connections on loopback and M timers an
// hour away, with nothing ready: the load `weft-bench pump` measures an idle pump under.
// Tests: tests/tools/bench/idle_load_test.cpp
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

#include "net/core/clock.h"
#include "net/core/factory.h"
#include "net/core/logger.h"
#include "net/core/port.h"
#include "net/core/reactor.h"
#include "net/core/result.h"
#include "net/core/scheduler.h"
#include "tools/bench/far_end_holder.h"

namespace weft::bench {

struct IdleLoadConfig {
  std::size_t connections = 0;                       // idle TCP connections
  std::size_t timers = 0;                            // callLater calls pending, none due
  net::Duration timerDelay = std::chrono::hours(1);  // how far away they are
  net::PollerKind poller = net::PollerKind::Epoll;
  net::Duration setupLimit = std::chrono::seconds(60);  // opening all of them, at most
};

// The reactor listens on 127.0.0.1:0 and accepts the connections, so it watches the listener
// and the server end of each (N + 1 sockets, and its own wake-up descriptor). The client ends
// are plain sockets handed to a FarEndHolder process: with both ends here, 10,000 connections
// would need more than a 20,000-descriptor limit.
class IdleReactor {
 public:
  // Connects in batches (so the listen queue never overflows into SYN retries 1 s later) and
  // waits until every connection is accepted. The error says how far it got.
  static net::Result<std::unique_ptr<IdleReactor>> open(const IdleLoadConfig& config);

  ~IdleReactor();
  IdleReactor(const IdleReactor&) = delete;
  IdleReactor& operator=(const IdleReactor&) = delete;

  net::Reactor& reactor() { return reactor_; }
  // Sockets the reactor watches: the listener and the server end of each connection (and the
  // ENet host's, while it is open).
  std::size_t sockets() const { return reactor_.openHandles(); }

  // Adds (or removes) one ENet host listening on 127.0.0.1:0 that no peer ever connects to, as a
  // game server's idle ENet port: `weft-bench pump --enet-host` measures the same load with and
  // without it. Opening an open host does nothing; the error says why it could not listen.
  net::Result<void> openEnetHost();
  void closeEnetHost() { enetPort_.reset(); }
  bool hasEnetHost() const { return enetPort_ != nullptr; }
  // Connections that closed since open(); an idle load keeps this at 0.
  std::size_t lost() const { return counts_.lost; }

 private:
  struct Counts {
    std::size_t accepted = 0;
    std::size_t lost = 0;
  };
  class Accepting final : public net::ServerFactory {
   public:
    explicit Accepting(Counts& counts) : counts_(counts) {}
    std::unique_ptr<net::Protocol> buildProtocol(const net::Address&) override;

   private:
    Counts& counts_;
  };

  IdleReactor(const IdleLoadConfig& config, FarEndHolder holder);
  net::Result<void> connectAll();

  IdleLoadConfig config_;
  FarEndHolder farEnds_;
  net::SteadyClock clock_;
  net::StderrLogger logger_{net::LogLevel::Warning};
  Counts counts_;
  Accepting factory_{counts_};
  // Declared after the factory, which must outlive it, and before what it hands out.
  net::Reactor reactor_;
  std::unique_ptr<net::Port> port_;
  std::unique_ptr<net::Port> enetPort_;
  std::vector<net::ScopedCall> timers_;
};

}  // namespace weft::bench
