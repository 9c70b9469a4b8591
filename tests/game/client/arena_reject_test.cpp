// A server's refusals reach ArenaClientSession::takeEvents() as their own reason, with the
// sentence a player reads, and leave the session refused (no reconnecting into a wall).

#include <doctest/doctest.h>

#include "game/client/arena_client_session.h"
#include "game/proto/reasons.h"
#include "tests/game/client/client_support.h"

using namespace weft::game;
using namespace weft::game::client;
using namespace weft::game::client::testing;
namespace net = weft::net;

namespace {
Rejected refusedWith(Arena& arena, ArenaClientSession& session) {
  REQUIRE(arena.runUntil([&] { return !session.attached(); }));
  const auto events = session.takeEvents();
  const auto rejected = eventsOf<Rejected>(events);
  REQUIRE(rejected.size() == 1);
  const auto disconnected = eventsOf<Disconnected>(events);
  REQUIRE(disconnected.size() == 1);
  CHECK_FALSE(disconnected[0].willRetry);
  CHECK(eventsOf<Welcomed>(events).empty());
  CHECK(session.refused());
  return rejected[0];
}
}  // namespace

TEST_CASE("another protocol version is refused as a version mismatch") {
  Arena arena(smallConfig());
  arena.server.start();
  ArenaClientSession& old =
      arena.join({.name = "old", .version = proto::kProtocolVersion + 1}, {}, 1);
  const Rejected rejected = refusedWith(arena, old);
  CHECK(rejected.code == proto::kVersionMismatch);
  CHECK(rejected.sentence == proto::describeReason(proto::kVersionMismatch));
  CHECK(rejected.detail.find("version") != std::string::npos);
}

TEST_CASE("a full server refuses a player as full") {
  server::ArenaServerConfig config = smallConfig(1);
  config.maxSpectators = 0;
  Arena arena(config);
  arena.server.start();
  ArenaClientSession& first = arena.join({.name = "first"}, {}, 1);
  REQUIRE(arena.runUntil([&] { return first.phase() == SessionPhase::Playing; }));
  ArenaClientSession& second = arena.join({.name = "second"}, {}, 2);
  const Rejected rejected = refusedWith(arena, second);
  CHECK(rejected.code == proto::kServerFull);
  CHECK(rejected.sentence == proto::describeReason(proto::kServerFull));
  CHECK(first.phase() == SessionPhase::Playing);
}

TEST_CASE("a wrong or missing password is refused as a bad password") {
  server::ArenaServerConfig config = smallConfig();
  config.password = "sesame";
  Arena arena(config);
  arena.server.start();
  ArenaClientSession& wrong = arena.join({.name = "wrong", .password = "open"}, {}, 1);
  CHECK(refusedWith(arena, wrong).code == proto::kBadPassword);
  ArenaClientSession& none = arena.join({.name = "none"}, {}, 2);
  CHECK(refusedWith(arena, none).code == proto::kBadPassword);
  ArenaClientSession& right = arena.join({.name = "right", .password = "sesame"}, {}, 3);
  REQUIRE(arena.runUntil([&] { return right.phase() == SessionPhase::Playing; }));
}

TEST_CASE("a spectator is welcomed without a player and still sees the game") {
  Arena arena(smallConfig());
  arena.server.start();
  ArenaClientSession& watcher = arena.join({.name = "eye", .spectator = true}, {}, 1);
  ArenaClientSession& anna = arena.join({.name = "anna"}, {}, 2);
  REQUIRE(arena.runUntil([&] { return watcher.stats().snapshots > 10; }));
  CHECK(watcher.phase() == SessionPhase::Spectating);
  CHECK(watcher.player() == sim::kNoPlayer);
  CHECK_FALSE(watcher.resumeToken().has_value());
  arena.run(200ms);
  bool sawAnna = false;
  for (const RenderPlayer& p : watcher.view().others.players) sawAnna |= p.id == anna.player();
  CHECK(sawAnna);
  CHECK(watcher.stats().inputPackets == 0);
}
