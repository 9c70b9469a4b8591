// checksum: a 64-bit FNV-1a of every field of a World, the oracle of determinism and replays.
// Tests: tests/game/sim/checksum_test.cpp, tests/game/sim/determinism_test.cpp
#pragma once

#include <cstdint>
#include <string_view>

namespace weft::game::sim {

struct World;
class Map;

// FNV-1a over values fed one by one as fixed-width little-endian integers: the same on every
// machine and independent of struct padding and layout.
class Fnv1a {
 public:
  void add(std::uint64_t value, int bytes) {
    for (int i = 0; i < bytes; ++i) {
      hash_ = (hash_ ^ ((value >> (8 * i)) & 0xFF)) * 0x100000001B3ull;
    }
  }
  void add8(std::uint8_t v) { add(v, 1); }
  void add16(std::int16_t v) { add(static_cast<std::uint16_t>(v), 2); }
  void add32(std::int32_t v) { add(static_cast<std::uint32_t>(v), 4); }
  void addU32(std::uint32_t v) { add(v, 4); }
  void add64(std::uint64_t v) { add(v, 8); }
  void addText(std::string_view text) {
    add64(text.size());
    for (char c : text) add8(static_cast<std::uint8_t>(c));
  }
  std::uint64_t value() const { return hash_; }

 private:
  std::uint64_t hash_ = 0xCBF29CE484222325ull;
};

// Every field of the world in a fixed order: the map (by content), the tuning, the tick, the
// match, each player slot (empty or not), each rocket, the Rng and the history. Two worlds with
// equal checksums are, but for a 2^-64 chance, equal.
std::uint64_t checksum(const World& world);
std::uint64_t checksum(const Map& map);

}  // namespace weft::game::sim
