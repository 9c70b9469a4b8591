// SimLink under ManualClock: delivery rules, the headline (reliable messages exactly once and in
// order over a bad network), disconnect and abort, timeouts, stats, backpressure.

#include "net/netsim/sim_link.h"

#include <doctest/doctest.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "net/core/message_receiver.h"
#include "tests/net/messages/message_recorder.h"
#include "net/testing/manual_clock.h"
#include "net/testing/recording_logger.h"

using namespace std::chrono_literals;
using weft::net::Delivery;
using weft::net::Duration;
using weft::net::LinkConditions;
using weft::net::ReasonCode;
using weft::net::SimLink;
using weft::net::SimLinkConfig;
using weft::test::MessageRecorder;

namespace {

constexpr std::uint64_t kSeed = 424242;

struct Sim {
  weft::testing::ManualClock clock;
  weft::testing::RecordingLogger log;
  weft::net::Scheduler scheduler{clock, log};
  MessageRecorder client;
  MessageRecorder server;
  std::unique_ptr<SimLink> link;

  explicit Sim(const LinkConditions& conditions = {}, SimLinkConfig config = {}) {
    if (!config.seed) config.seed = kSeed;
    link = std::make_unique<SimLink>(scheduler, conditions, config);
    link->connect(client, server);
  }
  ~Sim() { link.reset(); }  // before the protocols and the scheduler

  // Advances in steps of `step` until `done` holds, for at most `limit` of simulated time.
  template <typename Done>
  bool settle(Done&& done, Duration limit = 60s, Duration step = 1ms) {
    for (Duration spent{}; spent <= limit; spent += step) {
      if (done()) return true;
      clock.advance(step);
    }
    return done();
  }
};

std::string numbered(int i) { return "m" + std::to_string(i); }

}  // namespace

TEST_CASE("both ends are connected, server first, and a message arrives whole on its channel") {
  Sim sim;
  std::vector<std::string> order;
  CHECK(sim.client.made == 1);
  CHECK(sim.server.made == 1);
  CHECK(sim.link->client().host() == sim.link->server().peer());
  sim.client.send(3, "hello", Delivery::Reliable);
  CHECK(sim.server.received.empty());  // never inside send()
  sim.clock.runDue();
  REQUIRE(sim.server.received.size() == 1);
  CHECK(sim.server.received[0] == weft::test::ReceivedMessage{3, "hello"});
}

TEST_CASE("a message takes the link's latency to arrive") {
  LinkConditions conditions;
  conditions.latency = 40ms;
  Sim sim(conditions);
  sim.server.send(0, "x");
  sim.clock.advance(39ms);
  CHECK(sim.client.received.empty());
  sim.clock.advance(1ms);
  CHECK(sim.client.received.size() == 1);
}

TEST_CASE("over 20% loss with jitter, duplication and reordering every reliable message arrives "
          "exactly once and in order, both ways") {
  LinkConditions bad;
  bad.latency = 30ms;
  bad.jitter = 15ms;
  bad.lossPercent = 20;
  bad.duplicatePercent = 5;
  bad.reorderPercent = 10;
  Sim sim(bad);
  CAPTURE(sim.link->seed());
  constexpr int kPerChannel = 1500;
  for (int i = 0; i < kPerChannel; ++i) {
    for (std::uint8_t channel = 0; channel < 3; ++channel) {
      sim.client.send(channel, numbered(i));
      sim.server.send(channel, numbered(i));
    }
    if (i % 100 == 99) sim.clock.advance(16ms);  // a game sends a few hundred per frame at most
  }
  REQUIRE(sim.settle([&] {
    return sim.server.received.size() == 3 * kPerChannel &&
           sim.client.received.size() == 3 * kPerChannel;
  }));
  std::vector<std::string> expected;
  for (int i = 0; i < kPerChannel; ++i) expected.push_back(numbered(i));
  for (std::uint8_t channel = 0; channel < 3; ++channel) {
    CHECK(sim.server.on(channel) == expected);
    CHECK(sim.client.on(channel) == expected);
  }
  // Nothing more turns up later: no duplicate was waiting on the wire.
  sim.clock.advance(5s);
  CHECK(sim.server.received.size() == 3 * kPerChannel);
  const auto& toServer = sim.link->counters(SimLink::Direction::ClientToServer);
  CHECK(toServer.lost > 0);  // the link really was bad
  CHECK(toServer.duplicated > 0);
  CHECK(toServer.reordered > 0);
  CHECK(sim.client.lostCount == 0);
  CHECK(sim.server.lostCount == 0);
}

TEST_CASE("unreliable messages are sequenced: lost or dropped, but never older than one seen") {
  LinkConditions bad;
  bad.latency = 20ms;
  bad.jitter = 3ms;
  bad.lossPercent = 10;
  bad.duplicatePercent = 10;
  bad.reorderPercent = 10;
  Sim sim(bad);
  for (int i = 0; i < 2000; ++i) {
    sim.client.send(1, std::to_string(i), Delivery::Unreliable);
    sim.clock.advance(1ms);
  }
  sim.clock.advance(1s);
  const auto got = sim.server.on(1);
  // Lost (10%), or overtaken by a newer one and dropped on arrival (jitter spans 6 sends).
  CHECK(got.size() < 1700);
  CHECK(got.size() > 600);
  for (std::size_t i = 1; i < got.size(); ++i) CHECK(std::stoi(got[i - 1]) < std::stoi(got[i]));
}

TEST_CASE("unsequenced messages may be lost or reordered but never arrive twice") {
  LinkConditions bad;
  bad.latency = 20ms;
  bad.jitter = 15ms;
  bad.lossPercent = 10;
  bad.duplicatePercent = 30;
  Sim sim(bad);
  for (int i = 0; i < 2000; ++i) {
    sim.client.send(2, std::to_string(i), Delivery::Unsequenced);
    sim.clock.advance(1ms);
  }
  sim.clock.advance(1s);
  std::map<int, int> seen;
  bool reordered = false;
  int previous = -1;
  for (const auto& m : sim.server.on(2)) {
    const int n = std::stoi(m);
    ++seen[n];
    if (n < previous) reordered = true;
    previous = n;
  }
  for (auto [n, count] : seen) CHECK(count == 1);
  CHECK(seen.size() < 2000);
  CHECK(seen.size() > 1600);
  CHECK(reordered);
}

TEST_CASE("reliable delivery takes longer as loss grows, like retransmission on a real network") {
  auto meanDelay = [](double loss) {
    LinkConditions conditions;
    conditions.latency = 25ms;
    conditions.lossPercent = loss;
    Sim sim(conditions);
    std::vector<weft::net::TimePoint> sentAt;
    double total = 0;
    sim.server.onMessage = [&](MessageRecorder&, std::uint8_t, std::string_view m) {
      total += std::chrono::duration<double, std::milli>(sim.clock.now() -
                                                         sentAt[std::stoul(std::string(m))])
                   .count();
    };
    for (int i = 0; i < 500; ++i) {
      sentAt.push_back(sim.clock.now());
      sim.client.send(0, std::to_string(i));
      sim.clock.advance(10ms);
    }
    REQUIRE(sim.settle([&] { return sim.server.received.size() == 500; }));
    return total / 500;
  };
  const double clean = meanDelay(0);
  const double lossy = meanDelay(10);
  const double worse = meanDelay(30);
  MESSAGE("mean reliable delivery: 0% loss ", clean, " ms, 10% ", lossy, " ms, 30% ", worse, " ms");
  CHECK(clean == doctest::Approx(25.0));
  CHECK(lossy > clean * 1.5);
  CHECK(worse > lossy);
}

TEST_CASE("stats: RTT from acknowledgements, loss the link dropped, rates, totals") {
  LinkConditions conditions;
  conditions.latency = 50ms;
  conditions.jitter = 5ms;
  conditions.lossPercent = 10;
  Sim sim(conditions);
  CHECK(sim.link->client().stats().rtt == Duration::zero());  // nothing measured yet
  for (int i = 0; i < 3000; ++i) {
    sim.client.send(0, std::string(100, 'x'));
    sim.clock.advance(1ms);
  }
  const auto stats = sim.link->client().stats();
  MESSAGE("rtt ", std::chrono::duration<double, std::milli>(stats.rtt).count(), " ms, variance ",
          std::chrono::duration<double, std::milli>(stats.rttVariance).count(), " ms, loss ",
          stats.lossPercent, "%, ", stats.bytesSentPerSecond, " B/s");
  CHECK(stats.rtt >= 90ms);
  CHECK(stats.rtt <= 110ms);
  CHECK(stats.rttVariance > Duration::zero());
  CHECK(stats.rttVariance < 10ms);
  CHECK(stats.lossPercent > 5);
  CHECK(stats.lossPercent < 15);
  CHECK(stats.bytesSentPerSecond == doctest::Approx(100'000).epsilon(0.05));
  CHECK(stats.packetsSentPerSecond == doctest::Approx(1000).epsilon(0.05));
  CHECK(stats.totals.packetsSent == 3000);
  CHECK(stats.totals.bytesSent == 300'000);
  REQUIRE(sim.settle([&] { return sim.server.received.size() == 3000; }));
  const auto received = sim.link->server().stats();
  CHECK(received.totals.packetsReceived == 3000);
  CHECK(received.totals.bytesReceived == 300'000);
  CHECK(sim.settle([&] { return sim.link->client().stats().queuedBytes == 0; }, 5s));
}

TEST_CASE("disconnect(code) delivers the queued reliable messages, then both sides hear it") {
  LinkConditions conditions;
  conditions.latency = 20ms;
  conditions.lossPercent = 20;
  Sim sim(conditions);
  for (int i = 0; i < 200; ++i) sim.server.send(0, numbered(i));
  sim.server.messages().disconnect(ReasonCode::ProtocolError);
  sim.server.send(0, "after");  // ignored: the server is disconnecting
  int receivedWhenLost = -1;
  sim.client.onMessage = nullptr;
  REQUIRE(sim.settle([&] {
    if (sim.client.lost && receivedWhenLost < 0) {
      receivedWhenLost = static_cast<int>(sim.client.received.size());
    }
    return sim.client.lostCount == 1 && sim.server.lostCount == 1;
  }));
  CHECK(receivedWhenLost == 200);
  CHECK(sim.client.received.back().bytes == numbered(199));
  CHECK(sim.client.lost->code == ReasonCode::ProtocolError);
  CHECK(sim.server.lost->code == ReasonCode::ProtocolError);
  sim.clock.advance(30s);
  CHECK(sim.client.lostCount == 1);
  CHECK(sim.server.lostCount == 1);
}

TEST_CASE("abort closes this side at once; the peer times out like an ENet peer") {
  SimLinkConfig config;
  config.timeout = 5s;
  Sim sim({}, config);
  sim.client.messages().abort();
  CHECK(sim.client.lostCount == 1);
  CHECK(sim.client.lost->code == ReasonCode::Aborted);
  sim.clock.advance(4s);
  CHECK(sim.server.lostCount == 0);
  REQUIRE(sim.settle([&] { return sim.server.lostCount == 1; }, 10s, 100ms));
  CHECK(sim.server.lost->code == ReasonCode::TimedOut);
  CHECK(sim.clock.now().time_since_epoch() < 7s);
  sim.link->client().send(0, "ignored");  // a closed end ignores sends
  CHECK(sim.client.lostCount == 1);
}

TEST_CASE("a link that stops carrying anything ends both sides with TimedOut") {
  SimLinkConfig config;
  config.timeout = 3s;
  Sim sim({}, config);
  LinkConditions cut;
  cut.lossPercent = 100;
  sim.link->setConditions(cut);
  REQUIRE(sim.settle([&] { return sim.client.lostCount == 1 && sim.server.lostCount == 1; }, 10s,
                     50ms));
  CHECK(sim.client.lost->code == ReasonCode::TimedOut);
  CHECK(sim.server.lost->code == ReasonCode::TimedOut);
}

TEST_CASE("conditions switch live, per direction") {
  Sim sim;
  LinkConditions slow;
  slow.latency = 100ms;
  sim.link->setConditions(SimLink::Direction::ServerToClient, slow);
  CHECK(sim.link->conditions(SimLink::Direction::ClientToServer).latency == Duration::zero());
  sim.client.send(0, "fast");
  sim.server.send(0, "slow");
  sim.clock.advance(1ms);
  CHECK(sim.server.received.size() == 1);
  CHECK(sim.client.received.empty());
  sim.clock.advance(99ms);
  CHECK(sim.client.received.size() == 1);
}

namespace {
struct CountingProducer : weft::net::Producer {
  int paused = 0;
  int resumed = 0;
  int stopped = 0;
  void pauseProducing() override { ++paused; }
  void resumeProducing() override { ++resumed; }
  void stopProducing() override { ++stopped; }
};
}  // namespace

TEST_CASE("a producer is paused above the high-water mark and resumed as the link drains") {
  LinkConditions capped;
  capped.latency = 10ms;
  capped.bandwidthBytesPerSecond = 100'000;
  SimLinkConfig config;
  config.highWaterMark = 32 * 1024;
  config.lowWaterMark = 8 * 1024;
  Sim sim(capped, config);
  CountingProducer producer;
  auto& end = sim.link->client();
  end.registerProducer(producer);
  int sent = 0;
  while (producer.paused == 0 && sent < 1000) {
    sim.client.send(0, std::string(1000, 'x'));
    ++sent;
  }
  // The 33rd kilobyte pushes the queue past 32 KiB.
  CHECK(sent == 33);
  CHECK(end.bufferedBytes() > 32 * 1024);
  REQUIRE(sim.settle([&] { return producer.resumed == 1; }, 5s));
  CHECK(end.bufferedBytes() <= 8 * 1024);
  CHECK(sim.clock.now().time_since_epoch() >= 250ms);  // about 25 kB had to leave at 100 kB/s
  REQUIRE(sim.settle([&] { return sim.server.received.size() == 33; }, 5s));
  end.unregisterProducer();
}

namespace {
// A plain byte-stream protocol: what it writes rides channel 0 reliably.
struct Bytes : weft::net::Protocol {
  std::string received;
  std::optional<weft::net::Reason> lost;
  void dataReceived(std::string_view data) override { received.append(data); }
  void connectionLost(const weft::net::Reason& reason) override { lost = reason; }
};

// A Protocol of its own that takes whole messages: any MessageReceiver does, not only a
// MessageProtocol.
struct ChannelReceiver : weft::net::Protocol, weft::net::MessageReceiver {
  std::vector<weft::test::ReceivedMessage> received;
  std::string bytes;
  void messageReceived(std::uint8_t channel, std::string_view message) override {
    received.push_back({channel, std::string(message)});
  }
  void dataReceived(std::string_view data) override { bytes.append(data); }
};
}  // namespace

TEST_CASE("a plain Protocol's writes ride channel 0 reliably, even over a lossy link") {
  weft::testing::ManualClock clock;
  weft::testing::RecordingLogger log;
  weft::net::Scheduler scheduler(clock, log);
  Bytes plain;
  MessageRecorder messages;
  LinkConditions lossy;
  lossy.lossPercent = 30;
  SimLinkConfig config;
  config.seed = kSeed;
  {
    SimLink link(scheduler, lossy, config);
    link.connect(plain, messages);
    for (int i = 0; i < 100; ++i) plain.transport().write(numbered(i));
    const std::string_view pieces[] = {"a", "b", "c"};
    plain.transport().writeSequence(pieces);
    messages.send(5, "to the plain side");
    clock.advance(10s);
    REQUIRE(messages.received.size() == 101);
    for (int i = 0; i < 100; ++i) CHECK(messages.received[static_cast<std::size_t>(i)] ==
                                        weft::test::ReceivedMessage{0, numbered(i)});
    CHECK(messages.received.back() == weft::test::ReceivedMessage{0, "abc"});
    CHECK(plain.received == "to the plain side");
    plain.transport().loseConnection(weft::net::Reason::done("bye"));
    clock.advance(10s);
    CHECK(plain.lost == weft::net::Reason::done("bye"));
    REQUIRE(messages.lost);
    CHECK(messages.lost->code == ReasonCode::Done);
  }
}

TEST_CASE("a protocol that is a MessageReceiver gets whole messages on their channels") {
  weft::testing::ManualClock clock;
  weft::testing::RecordingLogger log;
  weft::net::Scheduler scheduler(clock, log);
  ChannelReceiver receiver;
  MessageRecorder messages;
  SimLinkConfig config;
  config.seed = kSeed;
  {
    SimLink link(scheduler, {}, config);
    link.connect(receiver, messages);
    messages.send(2, "snapshot", Delivery::Unreliable);
    messages.send(0, "chat", Delivery::Reliable);
    clock.advance(1s);
  }
  CHECK(receiver.received ==
        std::vector<weft::test::ReceivedMessage>{{2, "snapshot"}, {0, "chat"}});
  CHECK(receiver.bytes.empty());
}

TEST_CASE("pauseReading holds messages back until resumeReading, in order") {
  Sim sim;
  sim.link->server().pauseReading();
  for (int i = 0; i < 5; ++i) sim.client.send(0, numbered(i));
  sim.clock.advance(1s);
  CHECK(sim.server.received.empty());
  sim.link->server().resumeReading();
  REQUIRE(sim.server.received.size() == 5);
  CHECK(sim.server.received[4].bytes == numbered(4));
}

TEST_CASE("a protocol that throws closes only its own end, with CallbackError") {
  Sim sim;
  sim.server.onMessage = [](MessageRecorder&, std::uint8_t, std::string_view m) {
    if (m == "boom") throw std::runtime_error("bad message");
  };
  sim.client.send(0, "boom");
  sim.clock.advance(1ms);
  REQUIRE(sim.server.lost);
  CHECK(sim.server.lost->code == ReasonCode::CallbackError);
  CHECK(sim.server.lost->detail == "bad message");
  CHECK(sim.log.contains("bad message", weft::net::LogLevel::Error));
  CHECK(sim.client.lostCount == 0);  // until its pings go unanswered
}

TEST_CASE("destroying the link ends open connections with ShuttingDown, exactly once") {
  Sim sim;
  sim.client.messages().abort();
  sim.link.reset();
  CHECK(sim.client.lostCount == 1);
  CHECK(sim.client.lost->code == ReasonCode::Aborted);
  CHECK(sim.server.lostCount == 1);
  CHECK(sim.server.lost->code == ReasonCode::ShuttingDown);
}

TEST_CASE("the seed is logged when none was given, so a run can be replayed") {
  weft::testing::ManualClock clock;
  weft::testing::RecordingLogger log;
  weft::net::Scheduler scheduler(clock, log);
  SimLink link(scheduler);
  CHECK(log.contains("SimLink: seed " + std::to_string(link.seed())));
  SimLinkConfig config;
  config.seed = 99;
  SimLink seeded(scheduler, {}, config);
  CHECK(seeded.seed() == 99);
}
