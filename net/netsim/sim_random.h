// SimRandom: the network simulator's own small seeded generator (xoshiro256**, seeded through
// splitmix64), so a failing run replays bit for bit from its printed seed on any platform —
// std::uniform_*_distribution may differ between standard libraries.
// Tests: tests/net/netsim/impairment_model_test.cpp
#pragma once

#include <cstdint>

namespace weft::net {

class SimRandom {
 public:
  explicit SimRandom(std::uint64_t seed) { reseed(seed); }

  void reseed(std::uint64_t seed) {
    std::uint64_t x = seed;
    for (auto& word : state_) word = splitMix64(x);
  }

  std::uint64_t next() {
    const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
    const std::uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotl(state_[3], 45);
    return result;
  }

  // Uniform in [0, 1), from the top 53 bits.
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  // True with probability `percent` / 100 (0 never draws true, 100 always).
  bool chance(double percent) { return percent > 0 && unit() * 100.0 < percent; }

  // Advances `x` and returns the next splitmix64 output: how seeds are spread into state, and
  // how one seed is turned into independent seeds for several streams.
  static std::uint64_t splitMix64(std::uint64_t& x) {
    std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t state_[4];
};

}  // namespace weft::net
