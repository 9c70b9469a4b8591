#include "net/core/signal_watcher.h"

#include <doctest/doctest.h>

#include <csignal>
#include <vector>

#include "net/core/reactor.h"
#include "net/testing/pump_until.h"
#include "net/testing/recording_logger.h"

using weft::net::Reactor;
using weft::net::SignalWatcher;
using weft::net::SteadyClock;
using weft::testing::pumpUntil;

TEST_CASE("a signal becomes a callback on the reactor thread, not inside the handler") {
  SteadyClock clock;
  weft::testing::RecordingLogger log;
  weft::net::ReactorConfig config;
  config.logger = &log;
  Reactor reactor(clock, config);
  std::vector<int> seen;
  {
    SignalWatcher watcher(reactor, {SIGUSR1, SIGUSR2}, [&](int signo) { seen.push_back(signo); });
    ::raise(SIGUSR1);
    CHECK(seen.empty());  // nothing runs until the reactor is pumped
    ::raise(SIGUSR2);
    CHECK(pumpUntil(reactor, [&] { return seen.size() == 2; }));
    CHECK(seen == std::vector<int>{SIGUSR1, SIGUSR2});
  }
  // The previous disposition is back: SIGUSR1 ignored now would otherwise kill the test.
  std::signal(SIGUSR1, SIG_IGN);
  ::raise(SIGUSR1);
  reactor.pump(weft::net::Duration::max());
  CHECK(seen.size() == 2);
  std::signal(SIGUSR1, SIG_DFL);
  CHECK(reactor.openHandles() == 0);
}
