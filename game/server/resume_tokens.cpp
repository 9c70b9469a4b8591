#include "game/server/resume_tokens.h"

#include <algorithm>

namespace weft::game::server {

namespace {
// Compared without an early exit, so the time a wrong guess takes says nothing about how much
// of it was right.
bool sameToken(const ResumeToken& a, const ResumeToken& b) {
  std::uint8_t difference = 0;
  for (std::size_t i = 0; i < a.size(); ++i) difference |= a[i] ^ b[i];
  return difference == 0;
}
}  // namespace

void ResumeTokens::hold(sim::PlayerId player, const ResumeToken& token, net::TimePoint now) {
  std::erase_if(held_, [&](const Held& h) { return h.player == player; });
  held_.push_back({player, token, now + grace_});
}

std::optional<sim::PlayerId> ResumeTokens::claim(const ResumeToken& token, net::TimePoint now) {
  const auto found = std::find_if(held_.begin(), held_.end(),
                                  [&](const Held& h) { return sameToken(h.token, token); });
  if (found == held_.end() || found->until <= now) return std::nullopt;
  const sim::PlayerId player = found->player;
  held_.erase(found);
  return player;
}

std::vector<sim::PlayerId> ResumeTokens::expire(net::TimePoint now) {
  std::vector<sim::PlayerId> expired;
  std::erase_if(held_, [&](const Held& h) {
    if (h.until > now) return false;
    expired.push_back(h.player);
    return true;
  });
  return expired;
}

bool ResumeTokens::holds(sim::PlayerId player) const {
  return std::any_of(held_.begin(), held_.end(), [&](const Held& h) { return h.player == player; });
}

}  // namespace weft::game::server
