#include "game/proto/sim_wire.h"

#include <memory>
#include <string>

#include "game/proto/control_codec.h"
#include "game/proto/limits.h"
#include "game/sim/map_parser.h"
#include "net/core/assert.h"

namespace weft::game::proto {

std::string canonicalMapText(const sim::Map& map) {
  std::string text = "map \"" + map.name() + "\"\n";
  text.reserve(text.size() + static_cast<std::size_t>(map.height()) * (map.width() + 1));
  for (int y = 0; y < map.height(); ++y) {
    for (int x = 0; x < map.width(); ++x) {
      switch (map.at(x, y)) {
        case sim::Tile::Floor:
          text += '.';
          break;
        case sim::Tile::Wall:
          text += '#';
          break;
        case sim::Tile::Spawn:
          text += 'S';
          break;
        case sim::Tile::Decor:
          text += '~';
          break;
      }
    }
    text += '\n';
  }
  return text;
}

namespace detail {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

void writeVec(net::ByteWriter& w, sim::Vec v) {
  w.svarint(v.x).svarint(v.y);
}
sim::Vec readVec(WireReader& r, std::string_view field) {
  const std::int32_t x = r.int32(field);
  return {x, r.int32(field)};
}
// A vector as its difference from `base`.
void writeOffset(net::ByteWriter& w, sim::Vec v, sim::Vec base) {
  w.svarint(std::int64_t{v.x} - base.x).svarint(std::int64_t{v.y} - base.y);
}
sim::Vec readOffset(WireReader& r, std::string_view field, sim::Vec base) {
  const std::int32_t x = r.int32(field, base.x);
  return {x, r.int32(field, base.y)};
}

sim::Weapon readWeapon(WireReader& r) {
  const std::uint8_t weapon = r.u8("weapon");
  if (weapon > static_cast<std::uint8_t>(sim::Weapon::Rocket)) r.fail("weapon", "is not 0 or 1");
  return static_cast<sim::Weapon>(weapon);
}

}  // namespace

void writeConfig(net::ByteWriter& w, const sim::SimConfig& c) {
  WEFT_ASSERT(sim::validate(c).empty(), "writeConfig: sim::validate the config first");
  for (std::int64_t v : {std::int64_t{c.ticksPerSecond},
                         std::int64_t{c.playerRadiusMilliTiles},
                         std::int64_t{c.maxSpeedMilliTilesPerSecond},
                         std::int64_t{c.accelerationMilliTilesPerSecond2},
                         std::int64_t{c.frictionMilliTilesPerSecond2},
                         std::int64_t{c.health},
                         std::int64_t{c.respawnDelay.count()},
                         std::int64_t{c.laserCooldown.count()},
                         std::int64_t{c.laserDamage},
                         std::int64_t{c.laserRangeMilliTiles},
                         std::int64_t{c.rocketCooldown.count()},
                         std::int64_t{c.rocketSpeedMilliTilesPerSecond},
                         std::int64_t{c.rocketLifetime.count()},
                         std::int64_t{c.rocketRadiusMilliTiles},
                         std::int64_t{c.rocketDamage},
                         std::int64_t{c.rocketSplashDamage},
                         std::int64_t{c.rocketSplashRadiusMilliTiles},
                         std::int64_t{c.playersToStart},
                         std::int64_t{c.scoreLimit},
                         std::int64_t{c.timeLimit.count()},
                         std::int64_t{c.resultsTime.count()},
                         std::int64_t{c.maxRewind.count()}}) {
    w.svarint(v);
  }
}

sim::SimConfig readConfig(WireReader& r) {
  sim::SimConfig c;
  c.ticksPerSecond = r.int32("config.ticksPerSecond");
  c.playerRadiusMilliTiles = r.int32("config.playerRadiusMilliTiles");
  c.maxSpeedMilliTilesPerSecond = r.int32("config.maxSpeedMilliTilesPerSecond");
  c.accelerationMilliTilesPerSecond2 = r.int32("config.accelerationMilliTilesPerSecond2");
  c.frictionMilliTilesPerSecond2 = r.int32("config.frictionMilliTilesPerSecond2");
  c.health = r.int32("config.health");
  c.respawnDelay = milliseconds(r.int32("config.respawnDelay"));
  c.laserCooldown = milliseconds(r.int32("config.laserCooldown"));
  c.laserDamage = r.int32("config.laserDamage");
  c.laserRangeMilliTiles = r.int32("config.laserRangeMilliTiles");
  c.rocketCooldown = milliseconds(r.int32("config.rocketCooldown"));
  c.rocketSpeedMilliTilesPerSecond = r.int32("config.rocketSpeedMilliTilesPerSecond");
  c.rocketLifetime = milliseconds(r.int32("config.rocketLifetime"));
  c.rocketRadiusMilliTiles = r.int32("config.rocketRadiusMilliTiles");
  c.rocketDamage = r.int32("config.rocketDamage");
  c.rocketSplashDamage = r.int32("config.rocketSplashDamage");
  c.rocketSplashRadiusMilliTiles = r.int32("config.rocketSplashRadiusMilliTiles");
  c.playersToStart = r.int32("config.playersToStart");
  c.scoreLimit = r.int32("config.scoreLimit");
  c.timeLimit = seconds(r.int32("config.timeLimit"));
  c.resultsTime = seconds(r.int32("config.resultsTime"));
  c.maxRewind = milliseconds(r.int32("config.maxRewind"));
  if (r.ok()) {
    if (const std::string problem = sim::validate(c); !problem.empty()) {
      r.fail("config", "is refused by the simulation: " + problem);
    }
  }
  return c;
}

void writeMap(net::ByteWriter& w, const sim::SharedMap& map) {
  WEFT_ASSERT(map.pointer() != nullptr, "writeMap: a message needs its map");
  const std::string text = canonicalMapText(*map);
  w.varint(text.size()).bytes(text);
}

sim::SharedMap readMap(WireReader& r) {
  const std::string_view text = r.longString("map", kMaxMapTextBytes);
  if (!r.ok()) return {};
  sim::MapResult map = sim::parseMap(text);
  if (!map) {
    r.fail("map", "does not parse: " + map.error().toString());
    return {};
  }
  if (canonicalMapText(*map) != text) {
    r.fail("map", "is not in canonical form (map \"NAME\", then the rows, each ending in \\n)");
    return {};
  }
  return sim::SharedMap(std::make_shared<const sim::Map>(std::move(*map)));
}

void writeEvent(net::ByteWriter& w, const sim::Event& event) {
  w.u8(static_cast<std::uint8_t>(event.index()));
  std::visit(
      [&w](const auto& e) {
        using T = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<T, sim::PlayerSpawned>) {
          w.u8(e.player);
          writeVec(w, e.position);
        } else if constexpr (std::is_same_v<T, sim::LaserFired>) {
          w.u8(e.shooter);
          writeVec(w, e.from);
          writeOffset(w, e.to, e.from);
        } else if constexpr (std::is_same_v<T, sim::RocketExploded>) {
          w.varint(e.rocket).u8(e.owner);
          writeVec(w, e.position);
        } else if constexpr (std::is_same_v<T, sim::PlayerHit>) {
          w.u8(e.attacker).u8(e.victim).u8(static_cast<std::uint8_t>(e.weapon)).svarint(e.damage);
        } else if constexpr (std::is_same_v<T, sim::PlayerKilled>) {
          w.u8(e.killer).u8(e.victim).u8(static_cast<std::uint8_t>(e.weapon));
        } else {
          static_assert(std::is_same_v<T, sim::PhaseChanged>);
          w.u8(static_cast<std::uint8_t>(e.phase));
        }
      },
      event);
}

sim::Event readEvent(WireReader& r) {
  switch (r.u8("event kind")) {
    case 0: {
      sim::PlayerSpawned e;
      e.player = r.player("PlayerSpawned.player");
      e.position = readVec(r, "PlayerSpawned.position");
      return e;
    }
    case 1: {
      sim::LaserFired e;
      e.shooter = r.player("LaserFired.shooter");
      e.from = readVec(r, "LaserFired.from");
      e.to = readOffset(r, "LaserFired.to", e.from);
      return e;
    }
    case 2: {
      sim::RocketExploded e;
      e.rocket = static_cast<std::uint32_t>(r.count("RocketExploded.rocket", UINT32_MAX));
      e.owner = r.player("RocketExploded.owner");
      e.position = readVec(r, "RocketExploded.position");
      return e;
    }
    case 3: {
      sim::PlayerHit e;
      e.attacker = r.player("PlayerHit.attacker");
      e.victim = r.player("PlayerHit.victim");
      e.weapon = readWeapon(r);
      e.damage = r.int32("PlayerHit.damage");
      return e;
    }
    case 4: {
      sim::PlayerKilled e;
      e.killer = r.player("PlayerKilled.killer");
      e.victim = r.player("PlayerKilled.victim");
      e.weapon = readWeapon(r);
      return e;
    }
    case 5: {
      const std::uint8_t phase = r.u8("PhaseChanged.phase");
      if (phase > static_cast<std::uint8_t>(sim::MatchPhase::NextMap)) {
        r.fail("PhaseChanged.phase", "is not a phase (0..3)");
      }
      return sim::PhaseChanged{static_cast<sim::MatchPhase>(phase)};
    }
    default:
      r.fail("event kind", "is not one of 0..5");
      return sim::PhaseChanged{};
  }
}

}  // namespace detail
}  // namespace weft::game::proto
