// ArenaClient on a real reactor over framed TCP on loopback: it connects, joins and plays
// (inputs move its player on the server), reports its state, and a refusal stops it for good.

#include "game/client/arena_client.h"

#include <doctest/doctest.h>

#include "game/server/arena_protocol.h"
#include "net/core/port.h"
#include "net/testing/manual_clock.h"
#include "net/testing/pump_until.h"
#include "tests/game/sim/sim_support.h"
#include "tests/net/core/loopback.h"

using namespace weft::game;
using namespace weft::game::client;
namespace net = weft::net;
using namespace std::chrono_literals;
using weft::testing::pumpUntil;

namespace {
server::ArenaServerConfig config(std::optional<std::string> password = std::nullopt) {
  server::ArenaServerConfig c;
  c.maxPlayers = 4;
  c.maps = {sim::testing::shippedMap("dust")};
  c.password = std::move(password);
  return c;
}

struct Fixture {
  explicit Fixture(server::ArenaServerConfig c)
      : server(reactor.scheduler(), std::move(c)), factory(server, nullptr) {
    auto listening = reactor.listen(weft::test::tcpServer(), factory);
    REQUIRE(listening.ok());
    port = std::move(*listening);
    server.start();
  }
  net::Endpoint endpoint() const { return weft::test::clientFor(port->address()); }
  // Lets 4 ms of game time pass per pump, a frame every 16.
  bool play(ArenaClient& client, const std::function<bool()>& done) {
    int ms = 0;
    return pumpUntil(reactor, [&] {
      clock.advance(4ms);
      if (++ms % 4 == 0) client.update();
      return done();
    });
  }

  weft::testing::ManualClock clock;
  weft::testing::RecordingLogger log;
  net::Reactor reactor{clock, weft::test::quietConfig(log)};
  server::ArenaServer server;
  server::ArenaFactory factory;
  std::unique_ptr<net::Port> port;
};
}  // namespace

TEST_CASE("an ArenaClient connects over TCP, plays, and closes when stopped") {
  Fixture f(config());
  ArenaClient client(f.reactor, f.endpoint(), {.session = {.name = "anna"}});
  CHECK(client.state() == ArenaClientState::Connecting);
  REQUIRE(f.play(client, [&] { return client.state() == ArenaClientState::Playing; }));
  const sim::PlayerId me = client.session().player();
  REQUIRE(f.play(client, [&] { return f.server.world().players[me]->alive; }));
  const sim::Coord startX = f.server.world().players[me]->position.x;
  sim::Input right;
  right.moveX = 127;
  client.setInput(right);
  REQUIRE(f.play(client, [&] { return f.server.world().players[me]->position.x != startX; }));
  REQUIRE(f.play(client, [&] { return client.stats().session.snapshots > 20; }));
  const ArenaClientStats stats = client.stats();
  CHECK(stats.connections == 1);
  CHECK(stats.session.inputPackets > 0);
  CHECK(stats.session.corrections.ownInputs == 0);
  client.stop();
  CHECK(client.state() == ArenaClientState::Closed);
  REQUIRE(f.play(client, [&] { return f.server.playerCount() == 1; }));  // held for a resume
}

TEST_CASE("a refused ArenaClient says why and does not come back") {
  Fixture f(config("sesame"));
  ArenaClient client(f.reactor, f.endpoint(), {.session = {.name = "anna", .password = "nope"}});
  REQUIRE(f.play(client, [&] { return client.state() == ArenaClientState::Refused; }));
  bool sawReason = false;
  for (const ClientEvent& event : client.takeEvents()) {
    if (const auto* r = std::get_if<Rejected>(&event)) sawReason = r->code == proto::kBadPassword;
  }
  CHECK(sawReason);
  // Past the first retry's delay (about a second): no second connection was made.
  const auto began = f.clock.now();
  REQUIRE(f.play(client, [&] { return f.clock.now() - began > 2s; }));
  CHECK(client.stats().connections == 1);
  CHECK(client.state() == ArenaClientState::Refused);
}
