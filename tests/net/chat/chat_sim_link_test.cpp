// The room over lossy simulated links (SimLink under a ManualClock): 20% loss, jitter,
// duplication and reordering, and still every room message reaches every game client exactly
// once and in order, and a telnet user on an equally bad link reads the same conversation.

#include <doctest/doctest.h>

#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "net/chat/chat_room.h"
#include "net/chat/game_chat.h"
#include "net/chat/telnet_chat.h"
#include "net/netsim/sim_link.h"
#include "net/protocols/line_receiver.h"
#include "net/testing/manual_clock.h"
#include "net/testing/recording_logger.h"
#include "tests/support/printers.h"
#include "tests/net/chat/wire_client.h"

using namespace std::chrono_literals;
using weft::test::WireClient;
namespace net = weft::net;

namespace {

constexpr std::uint64_t kSeed = 20240307;
constexpr int kGameClients = 4;
constexpr int kLinesEach = 150;

net::LinkConditions badNetwork() {
  net::LinkConditions bad;
  bad.latency = 30ms;
  bad.jitter = 15ms;
  bad.lossPercent = 20;
  bad.duplicatePercent = 5;
  bad.reorderPercent = 10;
  return bad;
}

// A telnet user's terminal: the lines it reads.
class Terminal final : public net::LineReceiver {
 public:
  Terminal() : LineReceiver({.lenient = true}) {}
  void lineReceived(std::string_view line) override { lines.emplace_back(line); }
  std::vector<std::string> lines;
};

template <typename Client, typename Server>
struct Seat {
  template <typename... ServerArgs>
  Seat(net::Scheduler& scheduler, std::uint64_t seed, ServerArgs&&... args)
      : server(std::forward<ServerArgs>(args)...) {
    net::SimLinkConfig config;
    config.seed = seed;
    link = std::make_unique<net::SimLink>(scheduler, badNetwork(), config);
    link->connect(client, server);
  }
  Client client;
  Server server;
  std::unique_ptr<net::SimLink> link;
};

struct Sim {
  weft::testing::ManualClock clock;
  weft::testing::RecordingLogger log;
  net::Scheduler scheduler{clock, log};
  net::ChatRoom room{clock, freeTalk()};
  net::GameChatStats stats;
  std::deque<std::unique_ptr<Seat<WireClient, net::GameChatProtocol>>> games;
  std::unique_ptr<Seat<Terminal, net::TelnetChatProtocol>> telnet;

  static net::ChatRoomConfig freeTalk() {
    net::ChatRoomConfig config;
    config.rate.perSecond = 0;
    return config;
  }
  ~Sim() {
    // Links first (their ends hear connectionLost while the room and protocols exist).
    if (telnet) telnet->link.reset();
    for (auto& seat : games) seat->link.reset();
  }
  template <typename Done>
  bool settle(Done&& done, net::Duration limit = 120s) {
    for (net::Duration spent{}; spent <= limit; spent += 5ms) {
      if (done()) return true;
      clock.advance(5ms);
    }
    return done();
  }
};

}  // namespace

TEST_CASE("over 20% loss, jitter, duplication and reordering every client gets every room "
          "message exactly once, in order") {
  Sim sim;
  for (int i = 0; i < kGameClients; ++i) {
    sim.games.push_back(std::make_unique<Seat<WireClient, net::GameChatProtocol>>(
        sim.scheduler, kSeed + i, sim.room, sim.stats));
    sim.games.back()->client.hello("c" + std::to_string(i));
  }
  sim.telnet = std::make_unique<Seat<Terminal, net::TelnetChatProtocol>>(
      sim.scheduler, kSeed + 99, sim.room, net::TelnetChatConfig{});
  sim.telnet->client.sendLine("tom");
  REQUIRE(sim.settle([&] { return sim.room.memberCount() == kGameClients + 1; }));

  for (int k = 0; k < kLinesEach; ++k) {
    for (int i = 0; i < kGameClients; ++i) {
      sim.games[i]->client.say("c" + std::to_string(i) + " line " + std::to_string(k));
    }
    if (k % 10 == 9) sim.clock.advance(16ms);
  }
  const std::uint64_t last = kGameClients + 1 + kGameClients * kLinesEach;
  REQUIRE(sim.settle([&] {
    if (sim.room.history().lastSeq() != last) return false;
    for (auto& seat : sim.games) {
      if (seat->client.entries.empty() || seat->client.entries.back().message.seq != last) return false;
    }
    return sim.telnet->client.lines.size() >= 5 + kGameClients * kLinesEach;
  }));

  std::vector<std::string> says;  // the room's order, as the first client saw it
  for (int i = 0; i < kGameClients; ++i) {
    CAPTURE(i);
    CAPTURE(sim.games[i]->link->seed());
    std::uint64_t expected = 0;
    std::vector<std::string> mine, seen;
    for (const net::ChatEntry& e : sim.games[i]->client.entries) {
      if (e.message.seq == net::kUnsequenced) continue;
      if (expected == 0) expected = e.message.seq;
      REQUIRE(e.message.seq == expected);  // no gap, no duplicate, no reordering
      ++expected;
      if (e.message.kind != net::ChatKind::Say) continue;
      seen.push_back("<" + e.message.sender + ">: " + e.message.text);
      if (e.message.sender == "c" + std::to_string(i)) mine.push_back(e.message.text);
    }
    CHECK(expected == last + 1);
    REQUIRE(mine.size() == kLinesEach);
    for (int k = 0; k < kLinesEach; ++k) CHECK(mine[k] == "c" + std::to_string(i) + " line " + std::to_string(k));
    if (i == 0) says = seen;
    CHECK(seen == says);
  }
  // Tom's screen: the same conversation, in the same order.
  std::vector<std::string> tomSays;
  for (const std::string& line : sim.telnet->client.lines) {
    if (line.starts_with("<c") && line.find(">: ") != std::string::npos) tomSays.push_back(line);
  }
  CHECK(tomSays == says);
  CHECK(sim.stats.badMessages == 0);
  const auto& counters = sim.games[0]->link->counters(net::SimLink::Direction::ServerToClient);
  CHECK(counters.lost > 0);  // the network really was bad
  CHECK(counters.duplicated > 0);
  CHECK(counters.reordered > 0);
}
