// ImpairmentModel: the seeded rule that decides, packet by packet, whether a simulated network
// drops, duplicates or delays it, and when each copy arrives — the one model behind SimLink and
// UdpRelay, sans-I/O (time is passed in). Tests: tests/net/netsim/impairment_model_test.cpp
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>

#include "net/core/clock.h"
#include "net/netsim/link_conditions.h"
#include "net/netsim/sim_random.h"

namespace weft::net {

struct PacketFate {
  enum class Outcome : std::uint8_t {
    Delivered,  // `copies` copies arrive, at arrivals[0..copies)
    Lost,       // dropped by the loss rate
    QueueFull,  // dropped at the tail of the bandwidth queue (queueLimitBytes)
  };
  Outcome outcome = Outcome::Delivered;
  int copies = 0;
  std::array<TimePoint, 2> arrivals{};
  // When its last byte left a capped link's queue (the send time without a cap): until then it
  // counts in queuedBytes().
  TimePoint departure{};
  bool reordered = false;  // the first copy was held back by reorderDelay
};

// What the model did since it was made: a relay's counters, a test's measurements.
struct ImpairmentCounters {
  std::uint64_t packets = 0;     // decided
  std::uint64_t lost = 0;        // Outcome::Lost
  std::uint64_t queueDrops = 0;  // Outcome::QueueFull
  std::uint64_t duplicated = 0;  // delivered twice
  std::uint64_t reordered = 0;
};

// One direction of a link. Under a bandwidth cap packets leave one after another, each taking
// bytes/cap seconds on the wire (so a burst spreads out and queues), then travel with latency
// ± jitter; a lost packet still used its slot on the wire, as it would on a real link.
class ImpairmentModel {
 public:
  // `conditions` must be valid (LinkConditions::validate: asserted).
  ImpairmentModel(const LinkConditions& conditions, std::uint64_t seed);

  // Applies to packets decided from now on; ones already decided keep their fate.
  void setConditions(const LinkConditions& conditions);
  const LinkConditions& conditions() const { return conditions_; }
  std::uint64_t seed() const { return seed_; }

  // The fate of one packet of `bytes` bytes sent at `now`. `now` must not go backwards.
  PacketFate decide(TimePoint now, std::size_t bytes);

  // Bytes waiting for their turn on a capped link at `now` (0 without a cap).
  std::size_t queuedBytes(TimePoint now);
  const ImpairmentCounters& counters() const { return counters_; }

 private:
  Duration travelTime();
  void leaveQueue(TimePoint now);

  LinkConditions conditions_;
  std::uint64_t seed_;
  SimRandom random_;
  ImpairmentCounters counters_;
  struct Queued {
    TimePoint departure;
    std::size_t bytes;
  };
  std::deque<Queued> queue_;  // departure times ascending
  std::size_t queuedBytes_ = 0;
  TimePoint wireFreeAt_{};  // when the last queued packet has left
};

}  // namespace weft::net
