#include "game/proto/snapshot_codec.h"

#include <algorithm>
#include <cstdint>
#include <limits>

#include "game/proto/limits.h"
#include "game/proto/wire_reader.h"
#include "net/core/assert.h"
#include "net/core/byte_reader.h"

namespace weft::game::proto {
namespace {

using detail::WireReader;
using sim::Player;
using sim::Projectile;
using sim::Tick;

// The match and the world's counters: which changed.
enum : std::uint8_t {
  kPhase = 1 << 0,
  kPhaseStart = 1 << 1,
  kNextProjectileId = 1 << 2,
  kRngState = 1 << 3,
  kAllGlobals = (1 << 4) - 1,
};

// A player's fields in the order their values follow the mask; the ones that change every
// tick while moving first, so a moving player's mask is one varint byte.
enum : std::uint16_t {
  kVelX = 1 << 0,
  kVelY = 1 << 1,
  kPosX = 1 << 2,
  kPosY = 1 << 3,
  kAimX = 1 << 4,
  kAimY = 1 << 5,
  kLaserReady = 1 << 6,
  kRocketReady = 1 << 7,
  kHealth = 1 << 8,
  kAlive = 1 << 9,  // no value: the flag flips
  kRespawn = 1 << 10,
  kScore = 1 << 11,
  kDeaths = 1 << 12,
  kAllPlayerFields = (1 << 13) - 1,
};

// A kept rocket's fields (it rarely has any: it flies straight, which the prediction knows).
enum : std::uint8_t {
  kRocketVelX = 1 << 0,
  kRocketVelY = 1 << 1,
  kRocketPosX = 1 << 2,
  kRocketPosY = 1 << 3,
  kRocketExplode = 1 << 4,
  kRocketOwner = 1 << 5,
  kAllRocketFields = (1 << 6) - 1,
};

// Where something at `base` moving at `vBase` is expected after `dt` ticks, given its velocity
// there is `vNow`: the velocity is taken to change evenly from one to the other, and the
// position moves by each tick's velocity (units.h). Exact for steady motion (vNow == vBase).
// Integers only, the same on both sides. `dt` 0 means no baseline: expect 0.
std::int64_t expected(std::int64_t base, std::int64_t vBase, std::int64_t vNow, std::int64_t dt) {
  if (dt == 0) return 0;
  return base + dt * vBase + (vNow - vBase) * (dt + 1) / 2;
}

std::uint64_t presence(const Snapshot& s) {
  std::uint64_t mask = 0;
  for (int id = 0; id < sim::kMaxPlayers; ++id) {
    if (s.players[static_cast<std::size_t>(id)]) mask |= std::uint64_t{1} << id;
  }
  return mask;
}

Player freshPlayer(sim::PlayerId id) {
  Player p;
  p.id = id;
  return p;
}

void checkWritable(sim::Vec position, sim::Vec velocity) {
  WEFT_ASSERT(position.x >= kMinPosition && position.x <= kMaxPosition &&
                  position.y >= kMinPosition && position.y <= kMaxPosition,
              "encodeSnapshot: a position outside the map's range (limits.h)");
  WEFT_ASSERT(velocity.x >= -kMaxSpeed && velocity.x <= kMaxSpeed && velocity.y >= -kMaxSpeed &&
                  velocity.y <= kMaxSpeed,
              "encodeSnapshot: a velocity of 2^15 Coords per tick or more (limits.h)");
}

// --- Writing ---------------------------------------------------------------------------------

class Writer {
 public:
  Writer(const Snapshot& s, const Snapshot& b, Tick dt) : s_(s), b_(b), dt_(dt) {}

  void globals() {
    const std::uint8_t mask = static_cast<std::uint8_t>(
        (s_.match.phase != b_.match.phase ? kPhase : 0) |
        (s_.match.phaseStartTick != b_.match.phaseStartTick ? kPhaseStart : 0) |
        (s_.nextProjectileId != b_.nextProjectileId ? kNextProjectileId : 0) |
        (s_.rngState != b_.rngState ? kRngState : 0));
    w_.u8(mask);
    if (mask & kPhase) w_.u8(static_cast<std::uint8_t>(s_.match.phase));
    if (mask & kPhaseStart)
      w_.svarint(std::int64_t{s_.match.phaseStartTick} - b_.match.phaseStartTick);
    if (mask & kNextProjectileId) {
      w_.svarint(std::int64_t{s_.nextProjectileId} - std::int64_t{b_.nextProjectileId});
    }
    if (mask & kRngState) w_.u64(s_.rngState);
  }

  void players() {
    const std::uint64_t present = presence(s_);
    const std::uint64_t basePresent = presence(b_);
    w_.varint(present ^ basePresent);
    std::uint64_t changed = 0;
    std::array<std::uint16_t, sim::kMaxPlayers> masks{};
    for (int id = 0; id < sim::kMaxPlayers; ++id) {
      const auto i = static_cast<std::size_t>(id);
      if (!s_.players[i]) continue;
      const Player& p = *s_.players[i];
      WEFT_ASSERT(p.id == id, "encodeSnapshot: a player's id is its slot in Snapshot::players");
      checkWritable(p.position, p.velocity);
      const bool hasBase = b_.players[i].has_value();
      masks[i] = playerMask(p, hasBase ? *b_.players[i] : freshPlayer(p.id), hasBase ? dt_ : 0);
      if (masks[i] != 0) changed |= std::uint64_t{1} << id;
    }
    w_.varint(changed);
    for (int id = 0; id < sim::kMaxPlayers; ++id) {
      const auto i = static_cast<std::size_t>(id);
      if (!((changed >> id) & 1)) continue;
      const bool hasBase = b_.players[i].has_value();
      writePlayer(*s_.players[i], hasBase ? *b_.players[i] : freshPlayer(s_.players[i]->id),
                  hasBase ? dt_ : 0, masks[i]);
    }
  }

  void projectiles() {
    WEFT_ASSERT(s_.projectiles.size() <= kMaxProjectiles,
                "encodeSnapshot: more rockets than kMaxProjectiles (see wireConfigProblem)");
    // Both lists are in id order: walk them side by side.
    std::vector<std::size_t> removed;                             // indices into the baseline's
    std::vector<std::pair<std::size_t, const Projectile*>> kept;  // baseline index, now
    std::vector<const Projectile*> added;
    std::size_t bi = 0;
    for (const Projectile& p : s_.projectiles) {
      checkWritable(p.position, p.velocity);
      while (bi < b_.projectiles.size() && b_.projectiles[bi].id < p.id) removed.push_back(bi++);
      if (bi < b_.projectiles.size() && b_.projectiles[bi].id == p.id) {
        kept.emplace_back(bi++, &p);
      } else {
        added.push_back(&p);
      }
    }
    while (bi < b_.projectiles.size()) removed.push_back(bi++);

    w_.varint(removed.size());
    std::size_t next = 0;
    for (std::size_t index : removed) {
      w_.varint(index - next);
      next = index + 1;
    }
    std::vector<std::pair<std::size_t, std::uint8_t>> changed;  // kept index, mask
    for (std::size_t k = 0; k < kept.size(); ++k) {
      const std::uint8_t mask = rocketMask(*kept[k].second, b_.projectiles[kept[k].first]);
      if (mask != 0) changed.emplace_back(k, mask);
    }
    w_.varint(changed.size());
    next = 0;
    for (const auto& [k, mask] : changed) {
      w_.varint(k - next);
      next = k + 1;
      w_.u8(mask);
      writeRocket(*kept[k].second, b_.projectiles[kept[k].first], mask);
    }
    w_.varint(added.size());
    std::int64_t expectedId = b_.nextProjectileId;
    for (const Projectile* p : added) {
      w_.svarint(std::int64_t{p->id} - expectedId);
      expectedId = std::int64_t{p->id} + 1;
      WEFT_ASSERT(p->owner < sim::kMaxPlayers, "encodeSnapshot: a rocket's owner is a player id");
      w_.u8(p->owner);
      const sim::Vec origin = ownerOrigin(s_, p->owner);
      w_.svarint(std::int64_t{p->position.x} - origin.x)
          .svarint(std::int64_t{p->position.y} - origin.y);
      w_.svarint(p->velocity.x).svarint(p->velocity.y);
      w_.svarint(std::int64_t{p->explodeTick} - s_.tick);
    }
  }

  std::string take() { return w_.take(); }
  net::ByteWriter& out() { return w_; }

  // Where a new rocket of `owner` is coded from: the owner's position now, or (0, 0).
  static sim::Vec ownerOrigin(const Snapshot& s, sim::PlayerId owner) {
    const auto& slot = s.players[owner];
    return slot ? slot->position : sim::Vec{};
  }

 private:
  std::uint16_t playerMask(const Player& p, const Player& base, Tick dt) const {
    return static_cast<std::uint16_t>(
        (p.velocity.x != base.velocity.x ? kVelX : 0) |
        (p.velocity.y != base.velocity.y ? kVelY : 0) |
        (p.position.x != expected(base.position.x, base.velocity.x, p.velocity.x, dt) ? kPosX : 0) |
        (p.position.y != expected(base.position.y, base.velocity.y, p.velocity.y, dt) ? kPosY : 0) |
        (p.aimX != base.aimX ? kAimX : 0) | (p.aimY != base.aimY ? kAimY : 0) |
        (p.laserReadyTick != base.laserReadyTick ? kLaserReady : 0) |
        (p.rocketReadyTick != base.rocketReadyTick ? kRocketReady : 0) |
        (p.health != base.health ? kHealth : 0) | (p.alive != base.alive ? kAlive : 0) |
        (p.respawnTick != base.respawnTick ? kRespawn : 0) | (p.score != base.score ? kScore : 0) |
        (p.deaths != base.deaths ? kDeaths : 0));
  }

  void writePlayer(const Player& p, const Player& base, Tick dt, std::uint16_t mask) {
    auto diff = [this](std::int64_t now, std::int64_t was) { w_.svarint(now - was); };
    w_.varint(mask);
    if (mask & kVelX) diff(p.velocity.x, base.velocity.x);
    if (mask & kVelY) diff(p.velocity.y, base.velocity.y);
    if (mask & kPosX)
      diff(p.position.x, expected(base.position.x, base.velocity.x, p.velocity.x, dt));
    if (mask & kPosY)
      diff(p.position.y, expected(base.position.y, base.velocity.y, p.velocity.y, dt));
    if (mask & kAimX) diff(p.aimX, base.aimX);
    if (mask & kAimY) diff(p.aimY, base.aimY);
    if (mask & kLaserReady) diff(p.laserReadyTick, base.laserReadyTick);
    if (mask & kRocketReady) diff(p.rocketReadyTick, base.rocketReadyTick);
    if (mask & kHealth) diff(p.health, base.health);
    if (mask & kRespawn) diff(p.respawnTick, base.respawnTick);
    if (mask & kScore) diff(p.score, base.score);
    if (mask & kDeaths) diff(p.deaths, base.deaths);
  }

  std::uint8_t rocketMask(const Projectile& p, const Projectile& base) const {
    return static_cast<std::uint8_t>(
        (p.velocity.x != base.velocity.x ? kRocketVelX : 0) |
        (p.velocity.y != base.velocity.y ? kRocketVelY : 0) |
        (p.position.x != expected(base.position.x, base.velocity.x, p.velocity.x, dt_) ? kRocketPosX
                                                                                       : 0) |
        (p.position.y != expected(base.position.y, base.velocity.y, p.velocity.y, dt_) ? kRocketPosY
                                                                                       : 0) |
        (p.explodeTick != base.explodeTick ? kRocketExplode : 0) |
        (p.owner != base.owner ? kRocketOwner : 0));
  }

  void writeRocket(const Projectile& p, const Projectile& base, std::uint8_t mask) {
    auto diff = [this](std::int64_t now, std::int64_t was) { w_.svarint(now - was); };
    if (mask & kRocketVelX) diff(p.velocity.x, base.velocity.x);
    if (mask & kRocketVelY) diff(p.velocity.y, base.velocity.y);
    if (mask & kRocketPosX)
      diff(p.position.x, expected(base.position.x, base.velocity.x, p.velocity.x, dt_));
    if (mask & kRocketPosY)
      diff(p.position.y, expected(base.position.y, base.velocity.y, p.velocity.y, dt_));
    if (mask & kRocketExplode) diff(p.explodeTick, base.explodeTick);
    if (mask & kRocketOwner) {
      WEFT_ASSERT(p.owner < sim::kMaxPlayers, "encodeSnapshot: a rocket's owner is a player id");
      w_.u8(p.owner);
    }
  }

  const Snapshot& s_;
  const Snapshot& b_;
  Tick dt_;
  net::ByteWriter w_;
};

// --- Reading ---------------------------------------------------------------------------------

class Reader {
 public:
  Reader(WireReader& r, Snapshot& s, const Snapshot& b, Tick dt) : r_(r), s_(s), b_(b), dt_(dt) {}

  void globals() {
    const std::uint8_t mask = r_.u8("globals mask");
    if (mask & ~kAllGlobals) r_.fail("globals mask", "has unknown bits set");
    s_.match = b_.match;
    s_.nextProjectileId = b_.nextProjectileId;
    s_.rngState = b_.rngState;
    if (mask & kPhase) {
      const std::uint8_t phase = r_.u8("phase");
      if (phase > static_cast<std::uint8_t>(sim::MatchPhase::NextMap))
        r_.fail("phase", "is not 0..3");
      s_.match.phase = static_cast<sim::MatchPhase>(phase);
      changed(s_.match.phase != b_.match.phase, "phase");
    }
    if (mask & kPhaseStart) {
      s_.match.phaseStartTick = r_.int32("phaseStartTick", b_.match.phaseStartTick);
      changed(s_.match.phaseStartTick != b_.match.phaseStartTick, "phaseStartTick");
    }
    if (mask & kNextProjectileId) {
      s_.nextProjectileId = static_cast<std::uint32_t>(
          r_.offset("nextProjectileId", b_.nextProjectileId, 0, UINT32_MAX));
      changed(s_.nextProjectileId != b_.nextProjectileId, "nextProjectileId");
    }
    if (mask & kRngState) {
      s_.rngState = r_.u64("rngState");
      changed(s_.rngState != b_.rngState, "rngState");
    }
  }

  void players() {
    const std::uint64_t basePresent = presence(b_);
    const std::uint64_t present = basePresent ^ r_.varint("presence");
    const std::uint64_t changedPlayers = r_.varint("changed players");
    if (changedPlayers & ~present) r_.fail("changed players", "names a player who is not there");
    for (int id = 0; id < sim::kMaxPlayers && r_.ok(); ++id) {
      const auto i = static_cast<std::size_t>(id);
      if (!((present >> id) & 1)) continue;
      const bool hasBase = b_.players[i].has_value();
      const Player base = hasBase ? *b_.players[i] : freshPlayer(static_cast<sim::PlayerId>(id));
      s_.players[i] = (changedPlayers >> id) & 1 ? readPlayer(base, hasBase ? dt_ : 0)
                                                 : coasted(base, hasBase ? dt_ : 0);
    }
  }

  void projectiles() {
    const std::size_t baseCount = b_.projectiles.size();
    const auto removedCount = static_cast<std::size_t>(r_.count("removed rockets", baseCount));
    std::vector<bool> gone(baseCount, false);
    std::size_t next = 0;
    for (std::size_t k = 0; k < removedCount && r_.ok(); ++k) {
      const auto gap = r_.count("removed rocket", baseCount);
      if (next + gap >= baseCount) {
        r_.fail("removed rocket", "is past the baseline's rockets");
        break;
      }
      gone[next + gap] = true;
      next += gap + 1;
    }
    std::vector<Projectile> kept;  // unchanged: as predicted from the baseline
    std::vector<std::size_t> keptIndex;
    for (std::size_t bi = 0; bi < baseCount; ++bi) {
      if (gone[bi]) continue;
      kept.push_back(coasted(b_.projectiles[bi], dt_));
      keptIndex.push_back(bi);
    }
    const auto changedCount = static_cast<std::size_t>(r_.count("changed rockets", kept.size()));
    next = 0;
    for (std::size_t k = 0; k < changedCount && r_.ok(); ++k) {
      const auto gap = r_.count("changed rocket", kept.size());
      if (next + gap >= kept.size()) {
        r_.fail("changed rocket", "is past the rockets kept");
        break;
      }
      Projectile& p = kept[next + gap];
      p = readRocket(b_.projectiles[keptIndex[next + gap]]);
      next += gap + 1;
    }
    const auto addedCount =
        static_cast<std::size_t>(r_.count("new rockets", kMaxProjectiles - kept.size()));
    std::vector<Projectile> added;
    std::int64_t expectedId = b_.nextProjectileId;
    for (std::size_t k = 0; k < addedCount && r_.ok(); ++k) {
      Projectile p;
      const std::int64_t id = r_.offset("rocket id", expectedId, 0, UINT32_MAX);
      if (k > 0 && id < expectedId) r_.fail("rocket id", "is not above the one before");
      p.id = static_cast<std::uint32_t>(id);
      expectedId = id + 1;
      p.owner = r_.player("rocket owner");
      const sim::Vec origin = Writer::ownerOrigin(s_, p.owner);
      p.position.x = position("rocket position", origin.x);
      p.position.y = position("rocket position", origin.y);
      p.velocity.x = velocity("rocket velocity", 0);
      p.velocity.y = velocity("rocket velocity", 0);
      p.explodeTick = r_.int32("rocket explodeTick", s_.tick);
      added.push_back(p);
    }
    // Kept ids are the baseline's, in order; new ones must fall between none of them twice.
    s_.projectiles.clear();
    std::merge(kept.begin(), kept.end(), added.begin(), added.end(),
               std::back_inserter(s_.projectiles),
               [](const Projectile& a, const Projectile& b) { return a.id < b.id; });
    for (std::size_t k = 1; k < s_.projectiles.size() && r_.ok(); ++k) {
      if (s_.projectiles[k].id == s_.projectiles[k - 1].id) {
        r_.fail("rocket id", "is one a kept rocket has");
      }
    }
  }

 private:
  // Something unchanged but for its position, which moved as predicted: by its velocity.
  template <typename Entity>
  Entity coasted(Entity e, Tick dt) {
    const std::int64_t x = expected(e.position.x, e.velocity.x, e.velocity.x, dt);
    const std::int64_t y = expected(e.position.y, e.velocity.y, e.velocity.y, dt);
    if (x < kMinPosition || x > kMaxPosition || y < kMinPosition || y > kMaxPosition) {
      r_.fail("position", "coasts out of range");
      return e;
    }
    if (dt > 0) e.position = {static_cast<sim::Coord>(x), static_cast<sim::Coord>(y)};
    return e;
  }

  void changed(bool differs, std::string_view field) {
    if (!differs) r_.fail(field, "is marked as changed and is not");
  }
  sim::Coord position(std::string_view field, std::int64_t base) {
    return static_cast<sim::Coord>(r_.offset(field, base, kMinPosition, kMaxPosition));
  }
  sim::Coord velocity(std::string_view field, std::int64_t base) {
    return static_cast<sim::Coord>(r_.offset(field, base, -kMaxSpeed, kMaxSpeed));
  }

  Player readPlayer(const Player& base, Tick dt) {
    const auto mask = r_.count("player mask", kAllPlayerFields);
    if (mask == 0) r_.fail("player mask", "is empty for a player listed as changed");
    Player p = base;
    if (mask & kVelX) p.velocity.x = velocity("velocity", base.velocity.x);
    if (mask & kVelY) p.velocity.y = velocity("velocity", base.velocity.y);
    const std::int64_t ex = expected(base.position.x, base.velocity.x, p.velocity.x, dt);
    const std::int64_t ey = expected(base.position.y, base.velocity.y, p.velocity.y, dt);
    p.position.x = (mask & kPosX) ? position("position", ex) : static_cast<sim::Coord>(ex);
    p.position.y = (mask & kPosY) ? position("position", ey) : static_cast<sim::Coord>(ey);
    if (!(mask & kPosX) && (ex < kMinPosition || ex > kMaxPosition))
      r_.fail("position", "is out of range");
    if (!(mask & kPosY) && (ey < kMinPosition || ey > kMaxPosition))
      r_.fail("position", "is out of range");
    if (mask & kAimX)
      p.aimX = static_cast<std::int16_t>(r_.offset("aimX", base.aimX, INT16_MIN, INT16_MAX));
    if (mask & kAimY)
      p.aimY = static_cast<std::int16_t>(r_.offset("aimY", base.aimY, INT16_MIN, INT16_MAX));
    if (mask & kLaserReady) p.laserReadyTick = r_.int32("laserReadyTick", base.laserReadyTick);
    if (mask & kRocketReady) p.rocketReadyTick = r_.int32("rocketReadyTick", base.rocketReadyTick);
    if (mask & kHealth) p.health = r_.int32("health", base.health);
    if (mask & kAlive) p.alive = !base.alive;
    if (mask & kRespawn) p.respawnTick = r_.int32("respawnTick", base.respawnTick);
    if (mask & kScore) p.score = r_.int32("score", base.score);
    if (mask & kDeaths) p.deaths = r_.int32("deaths", base.deaths);
    // One encoding per state: every field marked must differ from what was expected of it.
    if (r_.ok()) {
      const bool same =
          ((mask & kVelX) && p.velocity.x == base.velocity.x) ||
          ((mask & kVelY) && p.velocity.y == base.velocity.y) ||
          ((mask & kPosX) && p.position.x == ex) || ((mask & kPosY) && p.position.y == ey) ||
          ((mask & kAimX) && p.aimX == base.aimX) || ((mask & kAimY) && p.aimY == base.aimY) ||
          ((mask & kLaserReady) && p.laserReadyTick == base.laserReadyTick) ||
          ((mask & kRocketReady) && p.rocketReadyTick == base.rocketReadyTick) ||
          ((mask & kHealth) && p.health == base.health) ||
          ((mask & kRespawn) && p.respawnTick == base.respawnTick) ||
          ((mask & kScore) && p.score == base.score) ||
          ((mask & kDeaths) && p.deaths == base.deaths);
      if (same) r_.fail("player mask", "marks a field that did not change");
    }
    return p;
  }

  Projectile readRocket(const Projectile& base) {
    const std::uint8_t mask = r_.u8("rocket mask");
    if (mask == 0 || (mask & ~kAllRocketFields))
      r_.fail("rocket mask", "is empty or has unknown bits");
    Projectile p = base;
    if (mask & kRocketVelX) p.velocity.x = velocity("rocket velocity", base.velocity.x);
    if (mask & kRocketVelY) p.velocity.y = velocity("rocket velocity", base.velocity.y);
    const std::int64_t ex = expected(base.position.x, base.velocity.x, p.velocity.x, dt_);
    const std::int64_t ey = expected(base.position.y, base.velocity.y, p.velocity.y, dt_);
    p.position.x =
        (mask & kRocketPosX) ? position("rocket position", ex) : static_cast<sim::Coord>(ex);
    p.position.y =
        (mask & kRocketPosY) ? position("rocket position", ey) : static_cast<sim::Coord>(ey);
    if (!(mask & kRocketPosX) && (ex < kMinPosition || ex > kMaxPosition))
      r_.fail("rocket position", "is out of range");
    if (!(mask & kRocketPosY) && (ey < kMinPosition || ey > kMaxPosition))
      r_.fail("rocket position", "is out of range");
    if (mask & kRocketExplode) p.explodeTick = r_.int32("rocket explodeTick", base.explodeTick);
    if (mask & kRocketOwner) p.owner = r_.player("rocket owner");
    if (r_.ok()) {
      const bool same = ((mask & kRocketVelX) && p.velocity.x == base.velocity.x) ||
                        ((mask & kRocketVelY) && p.velocity.y == base.velocity.y) ||
                        ((mask & kRocketPosX) && p.position.x == ex) ||
                        ((mask & kRocketPosY) && p.position.y == ey) ||
                        ((mask & kRocketExplode) && p.explodeTick == base.explodeTick) ||
                        ((mask & kRocketOwner) && p.owner == base.owner);
      if (same) r_.fail("rocket mask", "marks a field that did not change");
    }
    return p;
  }

  WireReader& r_;
  Snapshot& s_;
  const Snapshot& b_;
  Tick dt_;
};

const Snapshot& emptyBaseline() {
  static const Snapshot kEmpty{};
  return kEmpty;
}

}  // namespace

std::string encodeSnapshot(const Snapshot& state, const Snapshot* baseline, Tick appliedInputTick) {
  WEFT_ASSERT(state.tick >= 0, "encodeSnapshot: a tick is never negative");
  WEFT_ASSERT(!baseline || (baseline->tick >= 0 && baseline->tick < state.tick),
              "encodeSnapshot: a baseline is of an earlier tick");
  WEFT_ASSERT(appliedInputTick >= kNoInput && appliedInputTick <= state.tick,
              "encodeSnapshot: an applied input is of a tick up to the snapshot's, or kNoInput");
  const Snapshot& b = baseline ? *baseline : emptyBaseline();
  Writer w(state, b, baseline ? state.tick - baseline->tick : 0);
  w.out()
      .varint(static_cast<std::uint64_t>(state.tick))
      .varint(baseline ? static_cast<std::uint64_t>(state.tick - baseline->tick) : 0)
      .varint(static_cast<std::uint64_t>(std::int64_t{state.tick} - appliedInputTick));
  w.globals();
  w.players();
  w.projectiles();
  return w.take();
}

SnapshotResult decodeSnapshot(std::string_view bytes, const SnapshotRing& ring) {
  WireReader r(bytes, "Snapshot");
  ReceivedSnapshot out;
  out.state.tick = r.tick("tick");
  const auto age =
      static_cast<Tick>(r.count("baseline age", static_cast<std::uint64_t>(out.state.tick)));
  const auto sinceInput =
      r.count("applied input", std::uint64_t{static_cast<std::uint32_t>(out.state.tick)} + 1);
  out.appliedInputTick =
      static_cast<Tick>(std::int64_t{out.state.tick} - static_cast<std::int64_t>(sinceInput));
  if (!r.ok()) return SnapshotError{false, r.finish().message};
  const Snapshot* baseline = nullptr;
  if (age > 0) {
    out.baseline = out.state.tick - age;
    baseline = ring.find(out.baseline);
    if (!baseline) {
      return SnapshotError{true, "Snapshot: its baseline, tick " + std::to_string(out.baseline) +
                                     ", is not in the ring (too old, or never received)"};
    }
  }
  Reader reader(r, out.state, baseline ? *baseline : emptyBaseline(), age);
  reader.globals();
  reader.players();
  reader.projectiles();
  if (!r.done()) return SnapshotError{false, r.finish().message};
  return out;
}

}  // namespace weft::game::proto
