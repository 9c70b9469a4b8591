// Reactor: the one object a game pumps once per frame (or a server runs): due timers, then
// ready sockets, round-robin within a time budget, never sleeping — Twisted's reactor as a
// value the caller owns. Tests: tests/net/core/reactor_test.cpp
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "net/core/clock.h"
#include "net/core/deferred.h"
#include "net/core/endpoint.h"
#include "net/core/logger.h"
#include "net/core/poller.h"
#include "net/core/result.h"
#include "net/core/scheduler.h"
#include "net/core/transport_settings.h"
#include "net/core/unique_function.h"

namespace weft::net {

class ClientFactory;
class Connector;
class Port;
class ServerFactory;

namespace detail {
class EventLoop;
class ReactorLink;
class ThreadPool;
class ThreadCalls;
struct ReactorAccess;
}  // namespace detail

// Turns a host name into addresses; runs on a worker thread, so it may block but must be
// thread-safe. The default is getaddrinfo.
using Resolver = std::function<Result<std::vector<Address>>(const std::string& host,
                                                            std::uint16_t port,
                                                            Address::Family family)>;

struct ReactorConfig {
  PollerKind poller = PollerKind::Default;  // epoll on Linux, poll() elsewhere or when asked
  bool idleDoorbell = true;                 // idle pumps make no system call (io_uring, Linux)
  Logger* logger = nullptr;                 // where caught errors go; null: stderr
  std::size_t readChunkBytes = 64 * 1024;   // one recv() at most this big, into a shared buffer
  int readsPerConnection = 4;               // per pump: a flooding peer cannot starve the rest
  int acceptsPerPump = 64;                  // per listening socket per pump
  int datagramsPerPump = 64;                // per UDP port per pump
  std::size_t writeHighWater = 64 * 1024;   // buffered bytes that pause a registered producer
  std::size_t writeLowWater = 16 * 1024;    // ...and that resume it
  int threadPoolSize = 2;                   // deferToThread workers, started on first use
  Resolver resolver;                        // null: getaddrinfo (tests inject a fake one)
  // Settings of transports outside core, by type: transports.set(EnetConfig{...}) (see
  // net/enet/enet_config.h); a transport not given any uses its defaults.
  TransportSettings transports;
};

// What one pump did, for frame statistics and tests.
struct PumpResult {
  std::size_t timersRun = 0;
  std::size_t socketsServed = 0;
  bool budgetSpent = false;  // work was left for the next pump
};

class Reactor {
 public:
  // `clock` (and config.logger) must outlive the reactor. Everything the reactor owns —
  // connections, timers, threads — is closed and joined by the destructor; connections'
  // protocols get connectionLost(ShuttingDown) and factories their stopFactory.
  explicit Reactor(Clock& clock, ReactorConfig config = {});
  ~Reactor();
  Reactor(const Reactor&) = delete;
  Reactor& operator=(const Reactor&) = delete;

  // --- Driving ---------------------------------------------------------------------------
  // Runs due timers, then serves ready sockets in FIFO order until `budget` is spent; what is
  // left waits, first in line, for the next pump. Never sleeps. Returns within the budget plus
  // at most the one callback running when it ran out. Calling it from a callback is refused.
  PumpResult pump(Duration budget);
  // For servers: pumps until stop(), sleeping in the poller until the next socket event or
  // timer, without busy-waiting.
  void run();
  // Makes run() return after the current iteration (or, called before run(), makes the next
  // run() return at once). From another thread: callFromThread([&] { reactor.stop(); }).
  void stop();
  bool running() const { return running_; }
  // Sleeps until a socket is ready, another thread calls in, the next timer is due, or
  // `maxWait` passes; runs nothing. For programs that drive pump() themselves and would
  // rather sleep than spin when idle (tools, tests, a game's pause menu).
  void waitForEvents(Duration maxWait);

  // --- Time ------------------------------------------------------------------------------
  DelayedCall callLater(Duration delay, Callback fn) {
    return scheduler_.callLater(delay, std::move(fn));
  }
  Scheduler& scheduler() { return scheduler_; }
  Clock& clock() const { return clock_; }
  Logger& logger() const { return logger_; }
  const ReactorConfig& config() const { return config_; }

  // --- Threads: the only thread-safe entry points ------------------------------------------
  // Runs `fn` on the reactor thread during the next pump (waking run() if it sleeps).
  void callFromThread(Callback fn);
  // Runs `fn` on a worker thread and fires the Deferred with its result on the reactor
  // thread. An exception from `fn` fails it with CallbackError.
  template <typename F>
  auto deferToThread(F fn) -> Deferred<std::invoke_result_t<F&>>;

  // --- Networking --------------------------------------------------------------------------
  // Listens on a server endpoint through its kind's transport (tcp, tcp6, unix, enet...); the
  // factory must outlive the Port. Errors name the cause: "tcp:8007: address already in use".
  Result<std::unique_ptr<Port>> listen(const Endpoint& endpoint, ServerFactory& factory);
  // Starts connecting to a client endpoint; outcomes reach `factory` (which must outlive the
  // Connector). Host names resolve on a worker thread, so this never blocks a frame.
  std::unique_ptr<Connector> connect(const Endpoint& endpoint, ClientFactory& factory);

  // Open sockets of every kind (connections, listeners, attempts): a test's teardown checks 0.
  std::size_t openHandles() const;

 private:
  friend struct detail::ReactorAccess;  // weft's own components reach the internals through it

  // Keeps `owned` alive until the reactor is destroyed or it is given back with disown():
  // how fire-and-forget helpers such as connectProtocol live without a caller holding them.
  void adopt(std::shared_ptr<void> owned);
  void disown(const void* owned);
  void postToPool(Callback task);

  Clock& clock_;
  ReactorConfig config_;
  Logger& logger_;
  Scheduler scheduler_;
  std::unique_ptr<detail::EventLoop> loop_;
  std::unique_ptr<detail::ThreadCalls> threadCalls_;
  std::unique_ptr<detail::ThreadPool> pool_;
  std::vector<std::shared_ptr<void>> adopted_;
  // Ports, connectors, UDP ports: told when the reactor goes before them.
  std::vector<detail::ReactorLink*> links_;
  bool running_ = false;
  bool stopRequested_ = false;
  bool ioFirst_ = false;  // the last pump spent its budget on timers: serve sockets first
};

template <typename F>
auto Reactor::deferToThread(F fn) -> Deferred<std::invoke_result_t<F&>> {
  using R = std::invoke_result_t<F&>;
  using Value = typename Deferred<R>::Value;
  Deferred<R> result;
  postToPool([this, result, fn = std::move(fn)]() mutable {
    // On a worker: compute, then hand everything back to the reactor thread. The Deferred is
    // moved along so the worker keeps no reference once it has posted.
    std::optional<Value> value;
    std::optional<Reason> failure;
    try {
      if constexpr (std::is_void_v<R>) {
        fn();
        value.emplace();
      } else {
        value.emplace(fn());
      }
    } catch (const std::exception& e) {
      failure = Reason::callbackError(e.what());
    } catch (...) {
      failure = Reason::callbackError("a deferToThread function threw a non-standard exception");
    }
    callFromThread([result = std::move(result), value = std::move(value),
                    failure = std::move(failure)]() mutable {
      if (failure) {
        result.reject(std::move(*failure));
      } else {
        result.resolve(std::move(*value));
      }
    });
  });
  return result;
}

}  // namespace weft::net
