#include "game/proto/limits.h"

#include <algorithm>
#include <cstdint>

namespace weft::game::proto {

std::string wireConfigProblem(const sim::SimConfig& config, int maxPlayers) {
  if (maxPlayers < 1 || maxPlayers > sim::kMaxPlayers) {
    return "maxPlayers is " + std::to_string(maxPlayers) + "; it must be 1.." +
           std::to_string(sim::kMaxPlayers);
  }
  const std::int64_t cooldown = std::max<std::int64_t>(1, config.rocketCooldown.count());
  const std::int64_t perPlayer = config.rocketLifetime.count() / cooldown + 1;
  if (perPlayer * maxPlayers > static_cast<std::int64_t>(kMaxProjectiles)) {
    return "rocketLifetime / rocketCooldown lets " + std::to_string(maxPlayers) + " players keep " +
           std::to_string(perPlayer * maxPlayers) +
           " rockets in the air; a snapshot carries at most " + std::to_string(kMaxProjectiles);
  }
  return {};
}

}  // namespace weft::game::proto
