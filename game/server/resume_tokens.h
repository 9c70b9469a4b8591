// ResumeTokens: the players whose connection dropped, held for a grace period under a secret
// token, so a client that reconnects with it gets the same player back (entity, score and all).
// Tests: tests/game/server/resume_tokens_test.cpp
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "game/sim/units.h"
#include "net/core/clock.h"

namespace weft::game::server {

// 16 bytes the server draws at random for each player and sends only to that player's client
// (in its Welcome): knowing a player's id or name is not enough to take their place.
using ResumeToken = std::array<std::uint8_t, 16>;

// DDNet keeps a timed-out player's tee for a while and gives it back to the client that
// reconnects with the same token; no other anchor game does. The server calls hold() when a
// player's connection ends, claim() when a Hello carries a token, and expire() each tick to
// learn whose grace ran out (it then removes those players from the world).
class ResumeTokens {
 public:
  // How long a dropped player keeps their place: long enough for a Wi-Fi hiccup or a restarted
  // client, short enough that an abandoned player does not hold a slot for the rest of a match.
  static constexpr net::Duration kDefaultGrace = std::chrono::seconds(60);

  explicit ResumeTokens(net::Duration grace = kDefaultGrace) : grace_(grace) {}

  // `player` (whose token is `token`) lost its connection at `now`: held until now + grace.
  // Holding a player already held restarts its grace.
  void hold(sim::PlayerId player, const ResumeToken& token, net::TimePoint now);
  // The held player whose token this is, released from the hold; none for an unknown token or
  // one whose grace has run out (even if expire() has not been called since).
  std::optional<sim::PlayerId> claim(const ResumeToken& token, net::TimePoint now);
  // The players whose grace ran out by `now`, released: the server removes them.
  std::vector<sim::PlayerId> expire(net::TimePoint now);

  bool holds(sim::PlayerId player) const;
  std::size_t size() const { return held_.size(); }
  net::Duration grace() const { return grace_; }

 private:
  struct Held {
    sim::PlayerId player;
    ResumeToken token;
    net::TimePoint until;
  };

  net::Duration grace_;
  std::vector<Held> held_;  // a few at a time (at most the server's players): a scan is cheapest
};

}  // namespace weft::game::server
