// StreamHeartbeat on a ManualClock: when it beats, when it gives up on a silent peer, and that a
// peer which never beat is never held to the timeout.

#include "net/protocols/stream_heartbeat.h"

#include <doctest/doctest.h>

#include <optional>
#include <vector>

#include "net/testing/manual_clock.h"
#include "net/testing/recording_logger.h"
#include "tests/support/death_test.h"

using namespace std::chrono_literals;
using weft::net::Duration;
using weft::net::HeartbeatConfig;
using weft::net::Scheduler;
using weft::net::StreamHeartbeat;
using weft::net::TimePoint;

namespace {

// Records when it was asked to beat and when it timed out.
struct Sink final : weft::net::HeartbeatSink {
  explicit Sink(weft::testing::ManualClock& clock) : clock_(clock) {}
  void sendHeartbeat() override { beats.push_back(clock_.now() - TimePoint{}); }
  void heartbeatTimedOut(Duration silentFor) override {
    timedOutAt = clock_.now() - TimePoint{};
    silence = silentFor;
  }

  std::vector<Duration> beats;
  std::optional<Duration> timedOutAt;
  std::optional<Duration> silence;

 private:
  weft::testing::ManualClock& clock_;
};

struct Fixture {
  weft::testing::ManualClock clock;
  weft::testing::RecordingLogger log;
  Scheduler scheduler{clock, log};
  Sink sink{clock};
  StreamHeartbeat heartbeat{scheduler, HeartbeatConfig{.interval = 5s, .timeout = 15s}, sink};
};

}  // namespace

TEST_CASE("a quiet side beats at once, then at the end of every interval it sent nothing in") {
  Fixture f;
  f.heartbeat.start();
  f.clock.advance(10s);
  CHECK(f.sink.beats == std::vector<Duration>{0s, 5s, 10s});
  f.clock.advance(2s);
  f.heartbeat.sent();  // a message went out in the interval that ends at 15 s
  f.clock.advance(8s);
  CHECK(f.sink.beats == std::vector<Duration>{0s, 5s, 10s, 20s});
}

TEST_CASE("a peer that beats and then falls silent times out between timeout and timeout + 1") {
  Fixture f;
  f.heartbeat.start();
  f.heartbeat.peerBeats();
  f.clock.advance(3s);
  f.heartbeat.received();  // the last word, at 3 s: heard in the interval that ends at 5 s
  f.clock.advance(16s);    // 19 s: three silent intervals end at 10, 15 and 20 s
  CHECK_FALSE(f.sink.timedOutAt);
  f.clock.advance(1s);
  REQUIRE(f.sink.timedOutAt);
  CHECK(*f.sink.timedOutAt == 20s);  // 17 s after the last word: within [15 s, 20 s)
  CHECK(*f.sink.silence == 15s);
  f.clock.advance(60s);  // nothing more: no beats, no second timeout
  CHECK(f.sink.beats.back() == 15s);
  CHECK(f.scheduler.pendingCount() == 0);
}

TEST_CASE("a live peer beating every other interval is never timed out") {
  Fixture f;
  f.heartbeat.start();
  f.heartbeat.peerBeats();
  for (int i = 0; i < 100; ++i) {
    f.clock.advance(9s);  // a peer's worst case: just under two of its intervals between words
    f.heartbeat.received();
  }
  CHECK_FALSE(f.sink.timedOutAt);
}

TEST_CASE("a peer that never beat is not held to the timeout, however long it is quiet") {
  Fixture f;
  f.heartbeat.start();
  f.clock.advance(10min);
  CHECK_FALSE(f.sink.timedOutAt);
  CHECK(f.sink.beats.size() == 121);  // this side still beats, every 5 s
  f.heartbeat.peerBeats();            // once it has beaten, silence counts
  f.clock.advance(20s);
  CHECK(f.sink.timedOutAt);
}

TEST_CASE("stop() ends the beats and the watch") {
  Fixture f;
  f.heartbeat.start();
  f.heartbeat.peerBeats();
  f.heartbeat.stop();
  f.clock.advance(1min);
  CHECK(f.sink.beats.size() == 1);
  CHECK_FALSE(f.sink.timedOutAt);
}

TEST_CASE("a timeout that is not more than twice the interval is refused with the fix") {
  auto death = weft::testing::expectDeath([] {
    weft::testing::ManualClock clock;
    weft::testing::RecordingLogger log;
    Scheduler scheduler(clock, log);
    Sink sink(clock);
    StreamHeartbeat heartbeat(scheduler, HeartbeatConfig{.interval = 5s, .timeout = 10s}, sink);
  });
  CHECK(death.aborted);
  CHECK(death.stderrText.find("timeout more than twice") != std::string::npos);
}
