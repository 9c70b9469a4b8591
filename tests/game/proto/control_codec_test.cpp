#include "game/proto/control_codec.h"

#include <doctest/doctest.h>

#include <limits>
#include <string>
#include <vector>

#include "game/proto/limits.h"
#include "net/core/byte_reader.h"
#include "tests/game/proto/proto_support.h"

using namespace weft::game;
using namespace weft::game::proto;
using namespace weft::game::proto::testing;

namespace {

std::vector<ClientControl> everyClientMessage() {
  Hello bare;
  bare.name = "anna";
  Hello full;
  full.name = std::string(kMaxNameBytes, 'n');
  full.password = std::string(kMaxPasswordBytes, 'p');
  full.resume = sampleToken();
  full.spectator = true;
  Hello emptyPassword = bare;
  emptyPassword.password = "";
  Hello spectator;
  spectator.spectator = true;
  return {bare, full, emptyPassword, spectator, Follow{3}, Follow{sim::kNoPlayer}};
}

std::vector<ServerControl> everyServerMessage() {
  Welcome spectatorWelcome = sampleWelcome();
  spectatorWelcome.player = sim::kNoPlayer;
  spectatorWelcome.resumeToken = {};
  spectatorWelcome.config = sim::SimConfig{};
  spectatorWelcome.map = shippedSharedMap("cross");
  spectatorWelcome.server = {std::string(kMaxServerNameBytes, 's'), 64, 64};
  spectatorWelcome.snapshotRate = 50;
  TickEvents events{
      4321,
      {sim::PlayerSpawned{1, {1536, 2560}}, sim::LaserFired{1, {100, 200}, {9000, 50}},
       sim::RocketExploded{77, 2, {3000, 3100}}, sim::PlayerHit{1, 2, sim::Weapon::Laser, 34},
       sim::PlayerHit{2, 2, sim::Weapon::Rocket, 12}, sim::PlayerKilled{1, 2, sim::Weapon::Rocket},
       sim::PhaseChanged{sim::MatchPhase::Results}}};
  return {sampleWelcome(),
          spectatorWelcome,
          Reject{kServerFull, "16 of 16 players"},
          Reject{kVersionMismatch, ""},
          Reject{weft::net::ReasonCode::ShuttingDown, std::string(kMaxDetailBytes, 'd')},
          events,
          TickEvents{0, {}},
          PlayerJoined{0, "anna", false},
          PlayerJoined{63, std::string(kMaxNameBytes, 'b'), true},
          PlayerJoined{4, "", false},
          PlayerLeft{9},
          MapChanged{9000, unusualConfig(), shippedSharedMap("cross")}};
}

template <typename Message>
std::string describeIndex(const Message& m) {
  return std::to_string(m.index());
}

}  // namespace

TEST_CASE(
    "every client control message, with each optional field present and absent, round-trips") {
  for (const ClientControl& message : everyClientMessage()) {
    CAPTURE(describeIndex(message));
    const std::string bytes = encodeControl(message);
    auto decoded = decodeClientControl(bytes);
    REQUIRE_MESSAGE(decoded.ok(), decoded.error().message);
    CHECK(*decoded == message);
    CHECK(encodeControl(*decoded) == bytes);
    CHECK(bytes.size() <= kMaxClientMessageBytes);
  }
}

TEST_CASE("every server control message round-trips, the map and the rules by content") {
  for (const ServerControl& message : everyServerMessage()) {
    CAPTURE(describeIndex(message));
    const std::string bytes = encodeControl(message);
    auto decoded = decodeServerControl(bytes);
    REQUIRE_MESSAGE(decoded.ok(), decoded.error().message);
    CHECK(*decoded == message);
    CHECK(encodeControl(*decoded) == bytes);
    CHECK(bytes.size() <= kMaxServerMessageBytes);
  }
}

TEST_CASE("every truncation of every control message is an error, and so is a byte more") {
  for (const ClientControl& message : everyClientMessage()) {
    CAPTURE(describeIndex(message));
    checkPrefixesAndTrailingFail(encodeControl(message), decodeClientControl);
  }
  for (const ServerControl& message : everyServerMessage()) {
    CAPTURE(describeIndex(message));
    checkPrefixesAndTrailingFail(encodeControl(message), decodeServerControl);
  }
}

TEST_CASE("the Hello opens with the magic and the version, for ever") {
  Hello hello;
  hello.name = "anna";
  const std::string bytes = encodeControl(ClientControl(hello));
  CHECK(bytes.substr(0, 6) == std::string("WFTA\x00\x01", 6));
  CHECK(bytes == std::string("WFTA\x00\x01\x00\x04"
                             "anna",
                             12));  // WIRE.md's example
}

TEST_CASE("a Hello of another version is read up to its version, whatever follows") {
  for (std::string rest : {std::string(), std::string("\xff\xff garbage of version 2")}) {
    const std::string bytes = std::string("WFTA\x00\x02", 6) + rest;
    auto decoded = decodeClientControl(bytes);
    REQUIRE(decoded.ok());
    const Hello* hello = std::get_if<Hello>(&*decoded);
    REQUIRE(hello != nullptr);
    CHECK(hello->version == 2);
    CHECK(hello->name.empty());
  }
  CHECK_FALSE(decodeClientControl(std::string("WFTA\x00", 5)).ok());
  auto wrongMagic = decodeClientControl(std::string("WFTB\x00\x01\x00\x00", 8));
  REQUIRE_FALSE(wrongMagic.ok());
  CHECK(wrongMagic.error().message.find("magic") != std::string::npos);
}

TEST_CASE("the Reject's layout is fixed: type, a u32 code, a short string") {
  const std::string bytes = encodeControl(ServerControl(Reject{kVersionMismatch, "v2"}));
  CHECK(bytes == std::string("\x82\x00\x00\x0b\xb9\x02v2", 8));
}

TEST_CASE("unknown types, flags and ids out of range are errors that name what was wrong") {
  struct Case {
    std::string bytes;
    const char* names;
  };
  const Case clientCases[] = {
      {std::string("\x03", 1), "unknown type 3"},
      {std::string("WFTA\x00\x01\x08\x00", 8), "flags"},
      {std::string("\x02\x40", 2), "player"},  // 64
      {std::string("\x02\xfe", 2), "player"},
  };
  for (const Case& c : clientCases) {
    CAPTURE(c.names);
    auto decoded = decodeClientControl(c.bytes);
    REQUIRE_FALSE(decoded.ok());
    CHECK(decoded.error().message.find(c.names) != std::string::npos);
  }
  const Case serverCases[] = {
      {std::string("\x80", 1), "unknown type 128"},
      {std::string("\x85\x40", 2), "player"},
      {std::string("\x85\xff", 2), "player"},  // kNoPlayer is no player that left
      {std::string("\x84\x01\x02\x00", 4), "flags"},
      {std::string("\x83\x01\x01\x06", 4), "event kind"},
      {std::string("\x83\x01\x01\x00\x40\x00\x00", 7), "PlayerSpawned.player"},
      {std::string("\x83\x01\x01\x03\x01\x02\x02\x00", 8), "weapon"},
      {std::string("\x83\x01\x01\x05\x04", 5), "phase"},
      {std::string("\x83\x01\x81\x20", 4), "count"},      // 4097 events
      {std::string("\x83\x01\x10\x05\x00", 5), "count"},  // 16 events in 2 bytes
  };
  for (const Case& c : serverCases) {
    CAPTURE(c.names);
    auto decoded = decodeServerControl(c.bytes);
    REQUIRE_FALSE(decoded.ok());
    CHECK(decoded.error().message.find(c.names) != std::string::npos);
  }
}

TEST_CASE("strings over their limits are errors, though a u8 length could say more") {
  std::string longName = std::string("WFTA\x00\x01\x00", 7) + char(kMaxNameBytes + 1) +
                         std::string(kMaxNameBytes + 1, 'n');
  auto decoded = decodeClientControl(longName);
  REQUIRE_FALSE(decoded.ok());
  CHECK(decoded.error().message == "Hello: name is 33 bytes; at most 32");

  std::string joined = std::string("\x84\x01\x00", 3) + char(33) + std::string(33, 'n');
  CHECK_FALSE(decodeServerControl(joined).ok());
}

TEST_CASE("a Welcome whose rules the simulation refuses is an error, never a World that asserts") {
  Welcome welcome = sampleWelcome();
  std::string bytes = encodeControl(ServerControl(welcome));
  // The config follows the token; ticksPerSecond (60, zigzag 120) is its first byte.
  const std::size_t at = bytes.find(std::string(reinterpret_cast<const char*>(sampleToken().data()),
                                                kResumeTokenBytes)) +
                         kResumeTokenBytes;
  REQUIRE(static_cast<std::uint8_t>(bytes[at]) == 120);
  bytes[at] = 2;  // 1 Hz
  auto decoded = decodeServerControl(bytes);
  REQUIRE_FALSE(decoded.ok());
  CHECK(decoded.error().message.find("config") != std::string::npos);
  CHECK(decoded.error().message.find("ticksPerSecond") != std::string::npos);
}

TEST_CASE(
    "a Welcome's snapshot rate is 1..the tick rate, and its player count at most its places") {
  Welcome welcome = sampleWelcome();
  std::string bytes = encodeControl(ServerControl(welcome));
  // type, player, serverTick (3 bytes), then the rate.
  REQUIRE(static_cast<std::uint8_t>(bytes[5]) == 25);
  bytes[5] = 61;
  CHECK_FALSE(decodeServerControl(bytes).ok());
  bytes[5] = 0;
  CHECK_FALSE(decodeServerControl(bytes).ok());
  bytes[5] = 25;
  const std::size_t places = 6 + 1 + welcome.server.name.size();
  REQUIRE(static_cast<std::uint8_t>(bytes[places]) == 16);
  bytes[places + 1] = 17;
  CHECK_FALSE(decodeServerControl(bytes).ok());
  bytes[places] = 65;
  CHECK_FALSE(decodeServerControl(bytes).ok());
}

TEST_CASE("a map the parser refuses, or one not in canonical form, is an error naming the map") {
  auto withMap = [](const std::string& text) {
    weft::net::ByteWriter w;
    w.u8(0x86).varint(1);
    std::string bytes = w.take();
    std::string tail = encodeControl(ServerControl(MapChanged{1, {}, shippedSharedMap("dust")}));
    // Keep the config of an encoded MapChanged and put `text` where its map was.
    const std::string canonical = canonicalMapText(*shippedSharedMap("dust"));
    const std::string config = tail.substr(2, tail.size() - 2 - canonical.size() - 2);
    weft::net::ByteWriter m;
    m.varint(text.size()).bytes(text);
    return bytes + config + m.take();
  };
  const std::string canonical = canonicalMapText(*shippedSharedMap("dust"));
  REQUIRE(decodeServerControl(withMap(canonical)).ok());
  for (const std::string& bad : {std::string("map \"x\"\n#S.x\n"), canonical + "\n",
                                 "map \"Dust\"\r\n" + canonical.substr(11), std::string()}) {
    auto decoded = decodeServerControl(withMap(bad));
    REQUIRE_FALSE(decoded.ok());
    CHECK(decoded.error().message.find("map") != std::string::npos);
  }
  // Longer than the largest map could be: refused before it is read.
  auto decoded = decodeServerControl(withMap(std::string(kMaxMapTextBytes + 1, '#')));
  REQUIRE_FALSE(decoded.ok());
  CHECK(decoded.error().message.find("at most 4199") != std::string::npos);
}

TEST_CASE("the canonical map text parses back to the same map, for both shipped maps") {
  for (const char* name : {"dust", "cross"}) {
    const sim::SharedMap map = shippedSharedMap(name);
    auto again = sim::parseMap(canonicalMapText(*map));
    REQUIRE(again.ok());
    CHECK(*again == *map);
  }
}

TEST_CASE("the largest map and the wire's own message limits agree") {
  std::string rows;
  for (int y = 0; y < sim::kMaxMapTiles; ++y) {
    std::string row(sim::kMaxMapTiles, '.');
    if (y == 0) row[0] = row[1] = 'S';
    rows += row + "\n";
  }
  auto map = sim::parseMap("map \"" + std::string(sim::kMaxMapNameLength, 'm') + "\"\n" + rows);
  REQUIRE(map.ok());
  Welcome welcome = sampleWelcome();
  welcome.map = sim::SharedMap(std::make_shared<const sim::Map>(std::move(*map)));
  CHECK(canonicalMapText(*welcome.map).size() == kMaxMapTextBytes);
  const std::string bytes = encodeControl(ServerControl(welcome));
  CHECK(bytes.size() < kMaxServerMessageBytes);
  auto decoded = decodeServerControl(bytes);
  REQUIRE(decoded.ok());
  CHECK(*decoded == ServerControl(welcome));
}

TEST_CASE("wireConfigProblem holds a server's rockets to what a snapshot carries") {
  CHECK(wireConfigProblem(sim::SimConfig{}, 64).empty());
  sim::SimConfig spammy;
  spammy.rocketCooldown = std::chrono::milliseconds(20);
  spammy.rocketLifetime = std::chrono::milliseconds(10000);
  CHECK(wireConfigProblem(spammy, 2).empty());  // 501 rockets each
  CHECK(wireConfigProblem(spammy, 3).find("1503 rockets") != std::string::npos);
  CHECK_FALSE(wireConfigProblem(sim::SimConfig{}, 0).empty());
  CHECK_FALSE(wireConfigProblem(sim::SimConfig{}, 65).empty());
}

TEST_CASE(
    "the most events a TickEvents holds, each as long as an event gets, fit a server message") {
  TickEvents events;
  events.tick = std::numeric_limits<sim::Tick>::max();
  for (std::size_t i = 0; i < kMaxEventsPerMessage; ++i) {
    constexpr std::int32_t lo = std::numeric_limits<std::int32_t>::min();
    constexpr std::int32_t hi = std::numeric_limits<std::int32_t>::max();
    events.events.push_back(sim::LaserFired{63, {lo, hi}, {hi, lo}});
  }
  const std::string bytes = encodeControl(ServerControl(events));
  CHECK(bytes.size() <= kMaxServerMessageBytes);
  auto decoded = decodeServerControl(bytes);
  REQUIRE(decoded.ok());
  CHECK(*decoded == ServerControl(events));
}
