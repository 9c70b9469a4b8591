#include "game/server/arena_server_config.h"

#include "game/proto/limits.h"
#include "net/core/str_cat.h"

namespace weft::game::server {

std::string validate(const ArenaServerConfig& config) {
  using net::strCat;
  if (config.name.empty() || config.name.size() > proto::kMaxServerNameBytes) {
    return strCat("the server name must be 1 to ", proto::kMaxServerNameBytes, " bytes");
  }
  if (config.maxPlayers < 1 || config.maxPlayers > sim::kMaxPlayers) {
    return strCat("max players must be 1 to ", sim::kMaxPlayers, ", not ", config.maxPlayers);
  }
  if (config.maxSpectators < 0 || config.maxSpectators > sim::kMaxPlayers) {
    return strCat("max spectators must be 0 to ", sim::kMaxPlayers);
  }
  if (config.bots < 0 || config.bots > config.maxPlayers) {
    return strCat("bots must be 0 to max players (", config.maxPlayers, "), not ", config.bots);
  }
  if (config.password && config.password->size() > proto::kMaxPasswordBytes) {
    return strCat("the password must be at most ", proto::kMaxPasswordBytes, " bytes");
  }
  if (std::string problem = sim::validate(config.sim); !problem.empty()) return problem;
  if (std::string problem = proto::wireConfigProblem(config.sim, config.maxPlayers);
      !problem.empty()) {
    return problem;
  }
  const int ticks = config.sim.ticksPerSecond;
  if (config.snapshotRate < 1 || config.snapshotRate > ticks || ticks % config.snapshotRate != 0) {
    return strCat("the snapshot rate must divide the tick rate (", ticks, " a second), not ",
                  config.snapshotRate);
  }
  if (config.maps.empty()) return "the map rotation needs at least one map";
  for (const auto& map : config.maps) {
    if (!map) return "the map rotation holds an empty map";
  }
  if (config.resumeGrace < net::Duration::zero()) return "the resume grace must not be negative";
  if (config.helloTimeout <= net::Duration::zero()) return "the hello timeout must be positive";
  return {};
}

}  // namespace weft::game::server
