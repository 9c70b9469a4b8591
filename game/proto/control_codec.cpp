#include "game/proto/control_codec.h"

#include <algorithm>

#include "game/proto/sim_wire.h"
#include "game/proto/wire_reader.h"
#include "net/core/assert.h"

namespace weft::game::proto {
namespace {

using detail::WireReader;

// The message types (WIRE.md). Hello has none of its own: it opens with kHelloMagic, whose
// first byte no other client message starts with.
enum : std::uint8_t {
  kFollowType = 0x02,
  kWelcomeType = 0x81,
  kRejectType = 0x82,
  kTickEventsType = 0x83,
  kPlayerJoinedType = 0x84,
  kPlayerLeftType = 0x85,
  kMapChangedType = 0x86,
};
static_assert(static_cast<std::uint8_t>(kHelloMagic[0]) != kFollowType);

enum : std::uint8_t { kHelloPassword = 1, kHelloResume = 2, kHelloSpectator = 4 };
enum : std::uint8_t { kJoinedBot = 1 };

void writeString(net::ByteWriter& w, std::string_view s, std::size_t maxBytes, const char* what) {
  WEFT_ASSERT(s.size() <= maxBytes, what);
  w.shortString(s);
}

void writePlayer(net::ByteWriter& w, sim::PlayerId id, bool noneAllowed) {
  WEFT_ASSERT(id < sim::kMaxPlayers || (noneAllowed && id == sim::kNoPlayer),
              "encodeControl: a player id is 0..kMaxPlayers-1 (kNoPlayer only where it may be)");
  w.u8(id);
}

void writeTick(net::ByteWriter& w, sim::Tick tick) {
  WEFT_ASSERT(tick >= 0, "encodeControl: a tick is never negative");
  w.varint(static_cast<std::uint64_t>(tick));
}

// --- Client ----------------------------------------------------------------------------------

// All zero when the message ends early (the reader has failed then: the bytes view is empty).
ResumeToken readToken(WireReader& r) {
  const std::string_view bytes = r.bytes(kResumeTokenBytes, "resume token");
  ResumeToken token{};
  std::copy(bytes.begin(), bytes.end(), token.begin());
  return token;
}

void encode(net::ByteWriter& w, const Hello& m) {
  WEFT_ASSERT(m.version == kProtocolVersion, "encodeControl: Hello speaks kProtocolVersion only");
  w.bytes(std::string_view(kHelloMagic, sizeof kHelloMagic)).u16(m.version);
  w.u8(static_cast<std::uint8_t>((m.password ? kHelloPassword : 0) | (m.resume ? kHelloResume : 0) |
                                 (m.spectator ? kHelloSpectator : 0)));
  writeString(w, m.name, kMaxNameBytes, "encodeControl: a Hello's name is at most kMaxNameBytes");
  if (m.password) {
    writeString(w, *m.password, kMaxPasswordBytes,
                "encodeControl: a password is at most kMaxPasswordBytes");
  }
  if (m.resume) w.bytes(std::string_view(reinterpret_cast<const char*>(m.resume->data()), 16));
}

void encode(net::ByteWriter& w, const Follow& m) {
  w.u8(kFollowType);
  writePlayer(w, m.player, true);
}

Hello readHello(WireReader& r) {
  Hello m;
  if (r.bytes(sizeof kHelloMagic, "magic") != std::string_view(kHelloMagic, sizeof kHelloMagic)) {
    r.fail("magic", "is not \"WFTA\": not an arena client");
    return m;
  }
  m.version = r.u16("version");
  if (m.version != kProtocolVersion) return m;  // another version's: read no further
  const std::uint8_t flags = r.u8("flags");
  if (flags & ~(kHelloPassword | kHelloResume | kHelloSpectator)) {
    r.fail("flags", "has unknown bits set");
  }
  m.name = r.shortString("name", kMaxNameBytes);
  if (flags & kHelloPassword)
    m.password = std::string(r.shortString("password", kMaxPasswordBytes));
  if (flags & kHelloResume) {
    m.resume = readToken(r);
  }
  m.spectator = (flags & kHelloSpectator) != 0;
  return m;
}

// --- Server ----------------------------------------------------------------------------------

void encode(net::ByteWriter& w, const Welcome& m) {
  WEFT_ASSERT(m.snapshotRate >= 1 && m.snapshotRate <= m.config.ticksPerSecond,
              "encodeControl: a Welcome's snapshotRate is 1..config.ticksPerSecond");
  WEFT_ASSERT(m.server.maxPlayers >= 1 && m.server.maxPlayers <= sim::kMaxPlayers &&
                  m.server.players <= m.server.maxPlayers,
              "encodeControl: ServerInfo has 1..kMaxPlayers places and no more players");
  w.u8(kWelcomeType);
  writePlayer(w, m.player, true);
  writeTick(w, m.serverTick);
  w.u8(static_cast<std::uint8_t>(m.snapshotRate));
  writeString(w, m.server.name, kMaxServerNameBytes,
              "encodeControl: a server's name is at most kMaxServerNameBytes");
  w.u8(m.server.maxPlayers).u8(m.server.players);
  w.bytes(std::string_view(reinterpret_cast<const char*>(m.resumeToken.data()), kResumeTokenBytes));
  detail::writeConfig(w, m.config);
  detail::writeMap(w, m.map);
}

void encode(net::ByteWriter& w, const Reject& m) {
  w.u8(kRejectType).u32(static_cast<std::uint32_t>(m.code));
  writeString(w, m.detail, kMaxDetailBytes,
              "encodeControl: a Reject's detail is at most kMaxDetailBytes");
}

void encode(net::ByteWriter& w, const TickEvents& m) {
  WEFT_ASSERT(m.events.size() <= kMaxEventsPerMessage,
              "encodeControl: split a step's events into TickEvents of kMaxEventsPerMessage");
  w.u8(kTickEventsType);
  writeTick(w, m.tick);
  w.varint(m.events.size());
  for (const sim::Event& event : m.events) detail::writeEvent(w, event);
}

void encode(net::ByteWriter& w, const PlayerJoined& m) {
  w.u8(kPlayerJoinedType);
  writePlayer(w, m.player, false);
  w.u8(m.bot ? kJoinedBot : 0);
  writeString(w, m.name, kMaxNameBytes, "encodeControl: a player's name is at most kMaxNameBytes");
}

void encode(net::ByteWriter& w, const PlayerLeft& m) {
  w.u8(kPlayerLeftType);
  writePlayer(w, m.player, false);
}

void encode(net::ByteWriter& w, const MapChanged& m) {
  w.u8(kMapChangedType);
  writeTick(w, m.tick);
  detail::writeConfig(w, m.config);
  detail::writeMap(w, m.map);
}

Welcome readWelcome(WireReader& r) {
  Welcome m;
  m.player = r.player("player", true);
  m.serverTick = r.tick("serverTick");
  m.snapshotRate = r.u8("snapshotRate");
  m.server.name = r.shortString("server name", kMaxServerNameBytes);
  m.server.maxPlayers = r.u8("maxPlayers");
  m.server.players = r.u8("players");
  if (m.server.maxPlayers < 1 || m.server.maxPlayers > sim::kMaxPlayers) {
    r.fail("maxPlayers", "is not 1..64");
  } else if (m.server.players > m.server.maxPlayers) {
    r.fail("players", "is more than maxPlayers");
  }
  m.resumeToken = readToken(r);
  m.config = detail::readConfig(r);
  if (r.ok() && (m.snapshotRate < 1 || m.snapshotRate > m.config.ticksPerSecond)) {
    r.fail("snapshotRate", "is not 1..config.ticksPerSecond");
  }
  m.map = detail::readMap(r);
  return m;
}

}  // namespace

std::string encodeControl(const ClientControl& message) {
  net::ByteWriter w;
  std::visit([&w](const auto& m) { encode(w, m); }, message);
  return w.take();
}

std::string encodeControl(const ServerControl& message) {
  net::ByteWriter w;
  std::visit([&w](const auto& m) { encode(w, m); }, message);
  return w.take();
}

net::Result<ClientControl> decodeClientControl(std::string_view bytes) {
  if (bytes.empty()) return net::Error{"client control message: empty"};
  const auto type = static_cast<std::uint8_t>(bytes[0]);
  if (type == static_cast<std::uint8_t>(kHelloMagic[0])) {
    WireReader r(bytes, "Hello");
    Hello hello = readHello(r);
    if (r.ok() && hello.version != kProtocolVersion) return ClientControl(std::move(hello));
    if (!r.done()) return r.finish();
    return ClientControl(std::move(hello));
  }
  if (type == kFollowType) {
    WireReader r(bytes.substr(1), "Follow");
    Follow follow{r.player("player", true)};
    if (!r.done()) return r.finish();
    return ClientControl(follow);
  }
  return net::Error{"client control message: unknown type " + std::to_string(type)};
}

net::Result<ServerControl> decodeServerControl(std::string_view bytes) {
  if (bytes.empty()) return net::Error{"server control message: empty"};
  const auto type = static_cast<std::uint8_t>(bytes[0]);
  const std::string_view body = bytes.substr(1);
  auto finish = [](WireReader& r, auto&& message) -> net::Result<ServerControl> {
    if (!r.done()) return r.finish();
    return ServerControl(std::move(message));
  };
  switch (type) {
    case kWelcomeType: {
      WireReader r(body, "Welcome");
      return finish(r, readWelcome(r));
    }
    case kRejectType: {
      WireReader r(body, "Reject");
      Reject m;
      m.code = static_cast<net::ReasonCode>(r.u32("code"));
      m.detail = r.shortString("detail", kMaxDetailBytes);
      return finish(r, std::move(m));
    }
    case kTickEventsType: {
      WireReader r(body, "TickEvents");
      TickEvents m;
      m.tick = r.tick("tick");
      const auto count = r.count("count", kMaxEventsPerMessage);
      // Each event takes at least two bytes: a count the rest cannot hold is refused at once.
      if (r.ok() && count * 2 > body.size()) r.fail("count", "is more than the message holds");
      for (std::uint64_t i = 0; i < count && r.ok(); ++i) m.events.push_back(detail::readEvent(r));
      return finish(r, std::move(m));
    }
    case kPlayerJoinedType: {
      WireReader r(body, "PlayerJoined");
      PlayerJoined m;
      m.player = r.player("player");
      const std::uint8_t flags = r.u8("flags");
      if (flags & ~kJoinedBot) r.fail("flags", "has unknown bits set");
      m.bot = (flags & kJoinedBot) != 0;
      m.name = r.shortString("name", kMaxNameBytes);
      return finish(r, std::move(m));
    }
    case kPlayerLeftType: {
      WireReader r(body, "PlayerLeft");
      PlayerLeft m{r.player("player")};
      return finish(r, m);
    }
    case kMapChangedType: {
      WireReader r(body, "MapChanged");
      MapChanged m;
      m.tick = r.tick("tick");
      m.config = detail::readConfig(r);
      if (r.ok()) m.map = detail::readMap(r);
      return finish(r, std::move(m));
    }
    default:
      return net::Error{"server control message: unknown type " + std::to_string(type)};
  }
}

}  // namespace weft::game::proto
