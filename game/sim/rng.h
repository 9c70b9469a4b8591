// Rng: a seeded SplitMix64 generator whose whole state is one integer, copied with the world.
// Tests: tests/game/sim/rng_test.cpp
#pragma once

#include <cstdint>

namespace weft::game::sim {

// The same seed gives the same numbers on every machine (no std:: distributions, whose output
// the standard leaves to each library). Its state is one uint64, so a snapshot can carry it.
class Rng {
 public:
  explicit constexpr Rng(std::uint64_t seed = 0) : state_(seed) {}

  constexpr std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform in [0, bound), bound > 0, without modulo bias (rejects the short last bucket).
  constexpr std::uint64_t below(std::uint64_t bound) {
    const std::uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
    std::uint64_t value = next();
    while (value >= limit) value = next();
    return value % bound;
  }
  // Uniform in [low, high], low <= high.
  constexpr std::int32_t between(std::int32_t low, std::int32_t high) {
    const auto span = static_cast<std::uint64_t>(std::int64_t{high} - low) + 1;
    return static_cast<std::int32_t>(low + static_cast<std::int64_t>(below(span)));
  }
  // True with probability numerator / denominator.
  constexpr bool chance(std::uint32_t numerator, std::uint32_t denominator) {
    return below(denominator) < numerator;
  }

  constexpr std::uint64_t state() const { return state_; }
  friend constexpr bool operator==(const Rng&, const Rng&) = default;

 private:
  std::uint64_t state_;
};

}  // namespace weft::game::sim
