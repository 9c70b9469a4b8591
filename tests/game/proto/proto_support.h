// Helpers for the wire protocol's tests: sample messages with every field set, and the check
// that every strict prefix of an encoded message fails to decode.
#pragma once

#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <string_view>

#include "game/proto/messages.h"
#include "tests/game/sim/sim_support.h"

namespace weft::game::proto::testing {

inline sim::SharedMap shippedSharedMap(std::string_view name) {
  return sim::SharedMap(sim::testing::shippedMap(name));
}

inline ResumeToken sampleToken() {
  ResumeToken token{};
  for (std::size_t i = 0; i < token.size(); ++i) token[i] = static_cast<std::uint8_t>(0xA0 + i);
  return token;
}

inline sim::SimConfig unusualConfig() {
  sim::SimConfig config;
  config.ticksPerSecond = 60;
  config.laserCooldown = std::chrono::milliseconds(350);
  config.scoreLimit = 0;
  config.timeLimit = std::chrono::seconds(600);
  return config;
}

inline Welcome sampleWelcome() {
  Welcome w;
  w.player = 5;
  w.serverTick = 123456;
  w.snapshotRate = 25;
  w.server = {"LAN party", 16, 7};
  w.resumeToken = sampleToken();
  w.config = unusualConfig();
  w.map = shippedSharedMap("dust");
  return w;
}

// Every strict prefix of `bytes` is an error for `decode` (a callable returning something with
// ok()), and so is `bytes` with one more byte.
template <typename Decode>
void checkPrefixesAndTrailingFail(const std::string& bytes, Decode decode) {
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    CAPTURE(n);
    CHECK_FALSE(decode(std::string_view(bytes).substr(0, n)).ok());
  }
  CHECK_FALSE(decode(bytes + '\0').ok());
  CHECK_FALSE(decode(bytes + '\x7f').ok());
}

}  // namespace weft::game::proto::testing
