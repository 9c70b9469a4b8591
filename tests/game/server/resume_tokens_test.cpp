#include "game/server/resume_tokens.h"

#include <doctest/doctest.h>

using weft::game::server::ResumeToken;
using weft::game::server::ResumeTokens;
using namespace std::chrono_literals;

namespace {
ResumeToken tokenOf(std::uint8_t seed) {
  ResumeToken token{};
  for (std::size_t i = 0; i < token.size(); ++i) token[i] = static_cast<std::uint8_t>(seed + i);
  return token;
}
const weft::net::TimePoint kStart{std::chrono::seconds(1000)};
}  // namespace

TEST_CASE("a dropped player is given back to the token within the grace, once") {
  ResumeTokens tokens;
  CHECK(tokens.grace() == 60s);
  tokens.hold(7, tokenOf(1), kStart);
  CHECK(tokens.holds(7));
  CHECK(tokens.claim(tokenOf(1), kStart + 59s) == 7);
  CHECK_FALSE(tokens.holds(7));
  CHECK_FALSE(tokens.claim(tokenOf(1), kStart + 59s));  // claimed: nobody else gets it
}

TEST_CASE("a wrong token, or one a single byte off, claims nothing") {
  ResumeTokens tokens;
  tokens.hold(3, tokenOf(1), kStart);
  ResumeToken almost = tokenOf(1);
  almost[15] ^= 1;
  CHECK_FALSE(tokens.claim(almost, kStart));
  CHECK_FALSE(tokens.claim(tokenOf(2), kStart));
  CHECK(tokens.holds(3));
}

TEST_CASE("when the grace runs out the player is the server's to remove, and the token is void") {
  ResumeTokens tokens(10s);
  tokens.hold(1, tokenOf(1), kStart);
  tokens.hold(2, tokenOf(2), kStart + 5s);
  CHECK(tokens.expire(kStart + 9s).empty());
  CHECK_FALSE(tokens.claim(tokenOf(1), kStart + 10s));  // out of grace, even before expire()
  CHECK(tokens.expire(kStart + 10s) == std::vector<weft::game::sim::PlayerId>{1});
  CHECK(tokens.size() == 1);
  CHECK(tokens.claim(tokenOf(2), kStart + 14s) == 2);
  CHECK(tokens.expire(kStart + 100s).empty());
}

TEST_CASE("holding a player again restarts its grace under the newest token") {
  ResumeTokens tokens(10s);
  tokens.hold(4, tokenOf(1), kStart);
  tokens.hold(4, tokenOf(9), kStart + 8s);  // resumed, dropped again
  CHECK(tokens.size() == 1);
  CHECK_FALSE(tokens.claim(tokenOf(1), kStart + 9s));
  CHECK(tokens.expire(kStart + 12s).empty());
  CHECK(tokens.claim(tokenOf(9), kStart + 17s) == 4);
}
