#include <doctest/doctest.h>

#include "game/proto/reasons.h"
#include "net/core/byte_reader.h"
#include "tests/game/server/server_support.h"

using namespace weft::game;
using namespace weft::game::server;
using namespace weft::game::server::testing;

TEST_CASE("a Hello gets a Welcome with the player's id, the rules, the map and a resume token") {
  ServerRig rig;
  Client anna(rig.server, "anna");
  REQUIRE(anna.welcome);
  CHECK(anna.welcome->player == 0);
  CHECK(anna.welcome->serverTick == rig.server.world().tick);
  CHECK(anna.welcome->snapshotRate == 25);
  CHECK(anna.welcome->server.name == "weft arena");
  CHECK(anna.welcome->server.maxPlayers == 4);
  CHECK(anna.welcome->server.players == 1);
  CHECK(*anna.welcome->map == *rig.server.world().map);
  CHECK(anna.welcome->config == rig.server.config().sim);
  CHECK(anna.welcome->resumeToken != proto::ResumeToken{});
  CHECK(rig.server.nameOf(0) == "anna");

  // A second player hears of the first, and the first of the second.
  Client ben(rig.server, "ben");
  REQUIRE(ben.welcome);
  CHECK(ben.welcome->player == 1);
  CHECK(ben.welcome->resumeToken != anna.welcome->resumeToken);
  const auto benHears = ben.link.takeControl();
  (void)benHears;
  const auto annaHears = anna.link.takeControl();
  const auto* joined = findMessage<proto::PlayerJoined>(annaHears);
  REQUIRE(joined);
  CHECK(joined->player == 1);
  CHECK(joined->name == "ben");
  CHECK_FALSE(joined->bot);
}

TEST_CASE(
    "another protocol version gets its own reason, in words, and the disconnect says it too") {
  ServerRig rig;
  FakeLink link(rig.server);
  weft::net::ByteWriter hello;
  hello.bytes(std::string_view(proto::kHelloMagic, sizeof proto::kHelloMagic)).u16(2);
  hello.u8(9).u8(9).u8(9);  // what version 2 might say next: read no further
  link.toServer(proto::kControlChannel, hello.data());
  const auto reject = takeMessage<proto::Reject>(link);
  REQUIRE(reject);
  CHECK(reject->code == proto::kVersionMismatch);
  CHECK(reject->detail.find("version 1") != std::string::npos);
  CHECK(link.disconnectedWith == proto::kVersionMismatch);
  CHECK(rig.server.playerCount() == 0);
  CHECK(rig.server.stats().rejected == 1);
  CHECK(rig.server.stats().badMessages == 0);
}

TEST_CASE("a password server refuses a Hello without it or with a wrong one, each with a reason") {
  ArenaServerConfig config = smallConfig();
  config.password = "sesame";
  ServerRig rig(config);
  Client none(rig.server, "anna");
  REQUIRE(none.reject);
  CHECK(none.reject->code == proto::kBadPassword);
  CHECK(none.reject->detail == "this server needs a password");
  CHECK(none.link.disconnectedWith == proto::kBadPassword);

  for (const auto& attempt : {std::pair{"sesam", false}, std::pair{"sesame", true}}) {
    const char* given = attempt.first;
    const bool welcome = attempt.second;
    FakeLink link(rig.server);
    proto::Hello hello;
    hello.name = "ben";
    hello.password = given;
    link.toServer(proto::kControlChannel, proto::encodeControl(proto::ClientControl{hello}));
    const auto messages = link.takeControl();
    CAPTURE(given);
    CHECK((findMessage<proto::Welcome>(messages) != nullptr) == welcome);
    if (!welcome) CHECK(findMessage<proto::Reject>(messages)->detail == "wrong password");
  }
}

TEST_CASE(
    "a full server refuses a player with ServerFull but takes a spectator, until those are full") {
  ArenaServerConfig config = smallConfig(2);
  config.maxSpectators = 1;
  ServerRig rig(config);
  Client anna(rig.server, "anna");
  Client ben(rig.server, "ben");
  Client cy(rig.server, "cy");
  REQUIRE(cy.reject);
  CHECK(cy.reject->code == proto::kServerFull);
  CHECK(cy.reject->detail == "all 2 places are taken; join as a spectator to watch");
  CHECK(cy.link.disconnectedWith == proto::kServerFull);

  Client watcher(rig.server, "dee", true);
  REQUIRE(watcher.welcome);
  CHECK(watcher.welcome->player == sim::kNoPlayer);
  CHECK(watcher.welcome->resumeToken == proto::ResumeToken{});
  CHECK(rig.server.spectatorCount() == 1);
  Client second(rig.server, "eli", true);
  REQUIRE(second.reject);
  CHECK(second.reject->code == proto::kServerFull);
  CHECK(rig.server.playerCount() == 2);

  // The spectator sees the world as the players do.
  rig.ticks(2);
  CHECK(watcher.readSnapshots() == 1);
  CHECK(watcher.latest->state.players[0].has_value());
  CHECK(watcher.latest->appliedInputTick == proto::kNoInput);
}

TEST_CASE("bots fill the empty places, give theirs to a human, and come back when one frees up") {
  ArenaServerConfig config = smallConfig(3);
  config.bots = 2;
  config.resumeGrace = 0s;
  ServerRig rig(config);
  rig.server.start();
  CHECK(rig.server.botCount() == 2);
  Client anna(rig.server, "anna");
  Client ben(rig.server, "ben");  // the server was full: a bot makes room
  REQUIRE(ben.welcome);
  CHECK(rig.server.botCount() == 1);
  CHECK(rig.server.playerCount() == 3);
  const auto annaHears = anna.link.takeControl();
  CHECK(findMessage<proto::PlayerLeft>(annaHears) != nullptr);

  ben.link.close();
  rig.ticks(1);
  CHECK(rig.server.botCount() == 2);
  CHECK(rig.server.playerCount() == 3);
}

TEST_CASE("names are cleaned and unique by what a reader sees") {
  ServerRig rig;
  Client a(rig.server, "anna");
  Client b(rig.server, "An\u200Bna");    // reads as "Anna"
  Client c(rig.server, "\u202E\u200B");  // nothing visible at all
  REQUIRE(b.welcome);
  REQUIRE(c.welcome);
  CHECK(rig.server.nameOf(b.welcome->player) == "Anna2");
  CHECK(rig.server.nameOf(c.welcome->player) == "player");
}

TEST_CASE(
    "garbage, a truncated message or a second Hello drops that client, and the others play on") {
  ServerRig rig;
  Client anna(rig.server, "anna");
  const std::string hello = helloBytes("ben");
  const std::vector<std::pair<std::uint8_t, std::string>> attacks = {
      {proto::kControlChannel, "\xFF\x00garbage"},
      {proto::kControlChannel, hello.substr(0, hello.size() - 1)},
      {proto::kInputChannel, "\x01"},
      {proto::kSnapshotChannel, "a client sends no snapshots"},
      {9, "no such channel"},
  };
  for (const auto& attack : attacks) {
    const std::uint8_t channel = attack.first;
    const std::string& bytes = attack.second;
    CAPTURE(static_cast<int>(channel));
    Client ben(rig.server, "ben");
    REQUIRE(ben.welcome);
    ben.link.toServer(channel, bytes);
    CHECK(ben.link.disconnectedWith == proto::kProtocolViolation);
    CHECK(takeMessage<proto::Reject>(ben.link).has_value());
    rig.ticks(2);
  }
  Client twice(rig.server, "cy");
  twice.link.toServer(proto::kControlChannel, helloBytes("cy"));
  CHECK(twice.link.disconnectedWith == proto::kProtocolViolation);
  CHECK(rig.server.stats().badMessages == attacks.size() + 1);

  CHECK(anna.link.disconnectedWith == std::nullopt);
  CHECK(rig.server.playerCount() == 1);
  rig.ticks(2);
  CHECK(anna.readSnapshots() > 0);
}

TEST_CASE("inputs before the Hello are dropped and counted, not held against the client") {
  ServerRig rig;
  FakeLink link(rig.server);
  proto::InputPacket packet{5, {sim::Input{}}, proto::kNoSnapshot};
  link.toServer(proto::kInputChannel, proto::encodeInputPacket(packet));
  CHECK(rig.server.stats().ignoredInputs == 1);
  CHECK_FALSE(link.disconnectedWith);
  link.toServer(proto::kControlChannel, helloBytes("anna"));
  CHECK(takeMessage<proto::Welcome>(link).has_value());
}

TEST_CASE("a connection that says no Hello within the timeout is closed") {
  ServerRig rig;
  FakeLink silent(rig.server);
  rig.clock.advance(9s);
  rig.ticks(1);
  CHECK_FALSE(silent.disconnectedWith);
  rig.clock.advance(1s);
  rig.ticks(1);
  CHECK(silent.disconnectedWith == weft::net::ReasonCode::TimedOut);
  const auto reject = takeMessage<proto::Reject>(silent);
  REQUIRE(reject);
  CHECK(reject->detail == "no Hello within 10s");
}

TEST_CASE("a shutdown tells every client why") {
  ServerRig rig;
  Client anna(rig.server, "anna");
  Client watcher(rig.server, "ben", true);
  rig.server.shutdown();
  for (Client* client : {&anna, &watcher}) {
    CHECK(client->link.disconnectedWith == weft::net::ReasonCode::ShuttingDown);
    const auto reject = takeMessage<proto::Reject>(client->link);
    REQUIRE(reject);
    CHECK(reject->code == weft::net::ReasonCode::ShuttingDown);
  }
  FakeLink late(rig.server);
  CHECK(late.disconnectedWith == weft::net::ReasonCode::ShuttingDown);
}
