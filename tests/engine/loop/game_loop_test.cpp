#include "engine/loop/game_loop.h"

#include <doctest/doctest.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "net/testing/manual_clock.h"
#include "net/testing/recording_logger.h"

namespace {

using namespace std::chrono_literals;
using weft::engine::FramePacing;
using weft::engine::GameLoop;
using weft::engine::GameLoopConfig;
using weft::net::Duration;
using weft::net::Reactor;
using weft::testing::ManualClock;
using weft::testing::RecordingLogger;

// A game whose every stage takes a scripted time on the ManualClock and is logged in order.
class ScriptedGame final : public weft::engine::Game {
 public:
  explicit ScriptedGame(ManualClock& clock) : clock_(clock) {}

  bool processInput() override {
    log.push_back("input");
    clock_.spend(inputTime);
    return ++inputs != quitAtInput;
  }
  void update(Duration step) override {
    log.push_back("update");
    steps.push_back(step);
    clock_.spend(updateTime);
  }
  void render(double alpha) override {
    log.push_back("render");
    alphas.push_back(alpha);
    clock_.spend(renderTime);
  }

  Duration inputTime{}, updateTime{}, renderTime{};
  int inputs = 0;
  int quitAtInput = -1;
  std::vector<std::string> log;
  std::vector<Duration> steps;
  std::vector<double> alphas;

 private:
  ManualClock& clock_;
};

weft::net::ReactorConfig quiet(RecordingLogger& log) {
  weft::net::ReactorConfig config;
  config.logger = &log;
  return config;
}

GameLoopConfig tenMsSteps(FramePacing pacing = FramePacing::Unlimited) {
  GameLoopConfig config;
  config.timestep.step = 10ms;
  config.timestep.maxCatchUpSteps = 4;
  config.pacing = pacing;
  return config;
}

TEST_CASE("the game updates once per whole step of the scripted frame times and renders the rest") {
  ManualClock clock;
  RecordingLogger log;
  Reactor reactor(clock, quiet(log));
  GameLoop loop(reactor, tenMsSteps());
  ScriptedGame game(clock);

  struct Expect {
    Duration before;  // time between the previous frame's start and this one's
    int updates;
    double alpha;
  };
  // The first frame has nothing to measure from; then 15 ms (1 step, .5 left), 4 ms (.9 left),
  // 31 ms (4 steps), 100 ms (4 run, 6 dropped).
  const std::vector<Expect> script = {
      {0ms, 0, 0.0}, {15ms, 1, 0.5}, {4ms, 0, 0.9}, {31ms, 4, 0.0}, {100ms, 4, 0.0}};
  std::size_t updatesBefore = 0;
  for (const auto& expect : script) {
    clock.spend(expect.before);
    REQUIRE(loop.runFrame(game));
    CAPTURE(loop.lastFrame().frame);
    CHECK(game.steps.size() - updatesBefore == static_cast<std::size_t>(expect.updates));
    CHECK(loop.lastFrame().updateSteps == expect.updates);
    CHECK(game.alphas.back() == doctest::Approx(expect.alpha));
    CHECK(loop.lastFrame().alpha == doctest::Approx(expect.alpha));
    updatesBefore = game.steps.size();
  }
  CHECK(loop.lastFrame().droppedSteps == 6);
  for (Duration step : game.steps) CHECK(step == 10ms);
  CHECK(loop.frames() == script.size());
}

TEST_CASE("the network is pumped once per frame, before the updates, within the pump budget") {
  ManualClock clock;
  RecordingLogger log;
  Reactor reactor(clock, quiet(log));
  GameLoopConfig config = tenMsSteps();
  config.pumpBudget = 3ms;
  GameLoop loop(reactor, config);
  ScriptedGame game(clock);

  loop.runFrame(game);
  clock.spend(10ms);
  // Five network callbacks of 2 ms each: a 3 ms budget serves two per frame.
  for (int i = 0; i < 5; ++i) {
    reactor.callLater(0s, [&] {
      game.log.push_back("net");
      clock.spend(2ms);
    });
  }
  game.log.clear();
  loop.runFrame(game);
  CHECK(game.log == std::vector<std::string>{"input", "net", "net", "update", "render"});
  CHECK(loop.lastFrame().pump.timersRun == 2);
  CHECK(loop.lastFrame().pump.budgetSpent);
  CHECK(loop.lastFrame().pumpTime == 4ms);

  game.log.clear();
  clock.spend(10ms);
  loop.runFrame(game);
  CHECK(game.log == std::vector<std::string>{"input", "net", "net", "update", "render"});
  game.log.clear();
  loop.runFrame(game);
  CHECK(game.log == std::vector<std::string>{"input", "net", "render"});
  CHECK_FALSE(loop.lastFrame().pump.budgetSpent);
}

TEST_CASE("frame stats record each stage's time from the injected clock, every frame") {
  ManualClock clock;
  RecordingLogger log;
  Reactor reactor(clock, quiet(log));
  GameLoop loop(reactor, tenMsSteps());
  ScriptedGame game(clock);
  game.inputTime = 1ms;
  game.updateTime = 2ms;
  game.renderTime = 3ms;

  for (std::uint64_t frame = 0; frame < 4; ++frame) {
    const auto start = clock.now();
    reactor.callLater(0s, [&] { clock.spend(1500us); });
    REQUIRE(loop.runFrame(game));
    const auto& stats = loop.lastFrame();
    CHECK(stats.frame == frame);
    CHECK(stats.start == start);
    CHECK(stats.pumpTime == 1500us);
    CHECK(stats.longestPump == 1500us);
    CHECK(stats.pump.timersRun == 1);
    CHECK(stats.updateTime == 2ms * stats.updateSteps);
    CHECK(stats.renderTime == 3ms);
    CHECK(stats.waitTime == 0ms);
    CHECK(stats.frameTime == 1ms + 1500us + stats.updateTime + 3ms);
    CHECK(clock.now() - start == stats.frameTime);
  }
  // Frames take 5.5 ms, or 7.5 ms with an update; each simulates the previous one's time:
  // 0, 5.5 (none), 11 (one, 1 left), 1 + 7.5 (none).
  CHECK(game.steps.size() == 1);
}

TEST_CASE("without vsync the limiter waits out the frame interval in the reactor, not spinning") {
  ManualClock clock;
  RecordingLogger log;
  Reactor reactor(clock, quiet(log));
  GameLoopConfig config = tenMsSteps(FramePacing::Limit);
  config.frameInterval = 16ms;
  std::vector<Duration> waits;
  std::optional<weft::net::TimePoint> wakeAt;  // a socket becoming ready, as the poller sees it
  config.wait = [&](Duration d) {
    waits.push_back(d);
    if (wakeAt && *wakeAt - clock.now() < d) {
      clock.spend(*wakeAt - clock.now());
      wakeAt.reset();
    } else {
      clock.spend(d);
    }
  };
  GameLoop loop(reactor, config);
  ScriptedGame game(clock);
  game.renderTime = 5ms;

  SUBCASE("one wait for the rest of the frame") {
    loop.runFrame(game);
    CHECK(waits == std::vector<Duration>{11ms});
    CHECK(loop.lastFrame().waitTime == 11ms);
    CHECK(loop.lastFrame().frameTime == 16ms);
  }
  SUBCASE("woken early, it serves the network and waits again") {
    bool served = false;
    reactor.callLater(8ms, [&] {
      served = true;
      clock.spend(1ms);
    });
    wakeAt = clock.now() + 8ms;
    loop.runFrame(game);
    CHECK(served);
    CHECK(waits == std::vector<Duration>{11ms, 7ms});  // woken at 8 ms, served until 9
    CHECK(loop.lastFrame().pump.timersRun == 1);
    CHECK(loop.lastFrame().longestPump == 1ms);
    CHECK(loop.lastFrame().pumpTime == 0ms);
    CHECK(loop.lastFrame().frameTime == 16ms);
  }
  SUBCASE("a frame longer than the interval does not wait; the next one keeps the cadence") {
    game.renderTime = 20ms;
    loop.runFrame(game);
    CHECK(waits.empty());
    CHECK(loop.lastFrame().frameTime == 20ms);
    game.renderTime = 5ms;
    loop.runFrame(game);  // from 20 ms to the second deadline, 32 ms
    CHECK(loop.lastFrame().frameTime == 12ms);
    game.renderTime = 40ms;
    loop.runFrame(game);  // 32..72 ms: two deadlines missed
    loop.runFrame(game);  // so the cadence starts afresh: 72 + 40, no wait
    game.renderTime = 5ms;
    loop.runFrame(game);  // 112 ms + 16
    CHECK(loop.lastFrame().frameTime == 16ms);
  }
  SUBCASE("waits that wake late are made up, so the frame rate holds on average") {
    config.wait = [&](Duration d) { clock.spend(d + 1ms); };  // every wait 1 ms late
    GameLoop late(reactor, config);
    const auto start = clock.now();
    late.run(game, 10);
    // Nine frames end on the 16 ms cadence despite each wait's lateness; the last is 1 ms late.
    CHECK(clock.now() - start == 10 * 16ms + 1ms);
  }
  SUBCASE("a wait that keeps waking at once gives up after maxWakeups") {
    config.wait = [&](Duration d) { waits.push_back(d); };  // returns at once, time stands still
    GameLoop spinning(reactor, config);
    spinning.runFrame(game);
    CHECK(waits.size() == static_cast<std::size_t>(config.maxWakeups) + 1);
    CHECK(spinning.lastFrame().frameTime == 5ms);
  }
}

TEST_CASE("with vsync or unlimited pacing the loop never waits") {
  ManualClock clock;
  RecordingLogger log;
  Reactor reactor(clock, quiet(log));
  for (FramePacing pacing : {FramePacing::Vsync, FramePacing::Unlimited}) {
    GameLoopConfig config = tenMsSteps(pacing);
    int waits = 0;
    config.wait = [&](Duration) { ++waits; };
    GameLoop loop(reactor, config);
    ScriptedGame game(clock);
    CHECK(loop.run(game, 3) == 3);
    CHECK(waits == 0);
    CHECK(loop.lastFrame().waitTime == 0ms);
  }
}

TEST_CASE("processInput returning false ends the frame and run(), which counts frames") {
  ManualClock clock;
  RecordingLogger log;
  Reactor reactor(clock, quiet(log));
  GameLoop loop(reactor, tenMsSteps());
  ScriptedGame game(clock);
  SUBCASE("quit") {
    game.quitAtInput = 4;
    CHECK(loop.run(game) == 4);
    CHECK(game.alphas.size() == 3);  // the quitting frame renders nothing
  }
  SUBCASE("frame limit") {
    CHECK(loop.run(game, 7) == 7);
    CHECK(game.alphas.size() == 7);
    CHECK(loop.frames() == 7);
  }
}

}  // namespace
