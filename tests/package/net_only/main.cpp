// net_only: an outside program on the installed weft::net — a SteadyClock Reactor whose
// callLater and deferToThread chain ends run(), and weft::testing's ManualClock stepping a timer.
// Exits 0 when every step happened; check.sh runs it.
#include <cstdio>

#include "net/core/clock.h"
#include "net/core/reactor.h"
#include "net/testing/manual_clock.h"

using namespace std::chrono_literals;
using namespace weft;

namespace {

// Reactor::run() ends when a timer, then a worker thread's answer, arrive; a guard timer ends
// it after 5 s so a broken build fails instead of hanging.
bool runsTimersAndThreads() {
  net::SteadyClock clock;
  net::Reactor reactor(clock);
  int answer = 0;
  bool timedOut = false;
  auto guard = reactor.callLater(5s, [&] {
    timedOut = true;
    reactor.stop();
  });
  auto first = reactor.callLater(1ms, [&] {
    reactor.deferToThread([] { return 6 * 7; }).then([&](int value) {
      answer = value;
      reactor.stop();
    });
  });
  reactor.run();
  std::printf("net_only: run() ended, answer %d%s\n", answer, timedOut ? " (timed out)" : "");
  return answer == 42 && !timedOut;
}

// A ManualClock moves only when told: the call fires at exactly its deadline.
bool manualClockStepsTimers() {
  testing::ManualClock clock;
  net::Reactor reactor(clock);
  int fired = 0;
  auto call = reactor.callLater(100ms, [&] { ++fired; });
  clock.advance(99ms);
  const int before = fired;
  clock.advance(1ms);
  std::printf("net_only: ManualClock fired %d before the deadline, %d at it\n", before, fired);
  return before == 0 && fired == 1;
}

}  // namespace

int main() {
  const bool ok = runsTimersAndThreads() && manualClockStepsTimers();
  std::printf("net_only: %s\n", ok ? "ok" : "FAILED");
  return ok ? 0 : 1;
}
