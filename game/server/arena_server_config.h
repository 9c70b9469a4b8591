// ArenaServerConfig: what an arena server runs (name, slots, bots, password, maps, rates) and
// the one check that tells a person which setting is wrong.
// Tests: tests/game/server/arena_server_test.cpp
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "game/sim/config.h"
#include "game/sim/map.h"
#include "net/core/clock.h"

namespace weft::game::server {

struct ArenaServerConfig {
  std::string name = "weft arena";  // what LAN browsers and the Welcome show
  int maxPlayers = 16;              // humans and bots together: 1..sim::kMaxPlayers
  // Watchers beyond maxPlayers: a full server still takes a few, who see every snapshot.
  int maxSpectators = 4;
  // Bots that play whenever there is room: a human who finds the server full takes a bot's
  // place, and the bot comes back when a place frees up.
  int bots = 0;
  std::optional<std::string> password;  // none: anyone may join
  int snapshotRate = 25;                // a second; must divide the tick rate (50: every tick)
  sim::SimConfig sim;
  // The rotation, played in order and round again; at least one.
  std::vector<std::shared_ptr<const sim::Map>> maps;
  // How long a player whose connection dropped keeps their place for a resume.
  net::Duration resumeGrace = std::chrono::seconds(60);
  // A connection that has not said Hello this long after it opened is closed, so connections
  // that never speak cannot hold the port's slots.
  net::Duration helloTimeout = std::chrono::seconds(10);
  std::uint64_t seed = 1;  // the world's and the bots' randomness; resume tokens mix in more
};

// The empty string when `config` is usable, else one sentence naming the bad setting.
std::string validate(const ArenaServerConfig& config);

}  // namespace weft::game::server
