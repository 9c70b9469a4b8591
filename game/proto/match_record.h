// Match records: what a server did between and in its steps (joins, leaves, maps, each tick's
// inputs) and the world's checksum now and then, so a replay through the simulation reproduces
// the match bit for bit — the oracle for tests, and the demo a client plays back.
// Tests: tests/game/server/match_record_test.cpp
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "game/sim/config.h"
#include "game/sim/input.h"
#include "game/sim/world.h"
#include "net/core/result.h"

namespace weft::game::proto {

// Like DDNet's teehistorian, a record holds inputs, not snapshots: the simulation is
// deterministic, so the world at every tick follows from the first one and what happened since.
// The file: the magic "WFTAREC" and a version byte, then frames of [varint length][bytes]: the
// header first, then one frame per operation. A server that dies mid-match leaves a record
// whose last frame may be cut short; a reader stops there and says so (WIRE.md, "Match
// records").
inline constexpr char kRecordMagic[8] = {'W', 'F', 'T', 'A', 'R', 'E', 'C', 1};

struct RecordHeader {
  std::string serverName;
  std::uint64_t seed = 0;  // makeWorld's
  sim::SimConfig config;
  sim::SharedMap map;  // the first map
  friend bool operator==(const RecordHeader&, const RecordHeader&) = default;
};

// Between steps: sim::addPlayer / removePlayer / resetForNextMap, in the order the server
// called them.
struct RecordJoin {
  sim::PlayerId player = 0;
  std::string name;
  bool bot = false;
  friend bool operator==(const RecordJoin&, const RecordJoin&) = default;
};
struct RecordLeave {
  sim::PlayerId player = 0;
  friend bool operator==(const RecordLeave&, const RecordLeave&) = default;
};
struct RecordMap {
  sim::SharedMap map;
  friend bool operator==(const RecordMap&, const RecordMap&) = default;
};
// One sim::step with these inputs (a player not listed repeats its input of the step before;
// one who just joined starts from Input{}).
struct RecordStep {
  std::vector<std::pair<sim::PlayerId, sim::Input>> changed;
  friend bool operator==(const RecordStep&, const RecordStep&) = default;
};
// The world's sim::checksum after the steps so far.
struct RecordChecksum {
  sim::Tick tick = 0;
  std::uint64_t checksum = 0;
  friend bool operator==(const RecordChecksum&, const RecordChecksum&) = default;
};
using RecordOp = std::variant<RecordJoin, RecordLeave, RecordMap, RecordStep, RecordChecksum>;

// Writes a record as the server goes: begin() once, then each operation as it happens. The
// record starts with the world at tick 0, so the n-th step written makes tick n.
class RecordWriter {
 public:
  // The file's first bytes: the magic and the header frame.
  static std::string begin(const RecordHeader& header);
  // The frame of a join, leave, map or checksum.
  std::string write(const RecordOp& op);
  // The frame of one step with `inputs`, of which only the players in `present` (bit i: player
  // i) count: it carries the inputs that changed since the step before.
  std::string writeStep(const sim::TickInputs& inputs, std::uint64_t present);

 private:
  sim::TickInputs last_{};
  sim::Tick steps_ = 0;
};

// A whole record read back: the header, every complete operation, and whether it ended cleanly
// (a cut-short last frame is not an error: `truncated` says so).
struct MatchRecord {
  RecordHeader header;
  std::vector<RecordOp> ops;
  bool truncated = false;
};
net::Result<MatchRecord> readRecord(std::string_view bytes);

// Replays `record` through the simulation: every checksum it holds must match.
struct ReplayResult {
  sim::Tick ticks = 0;                  // steps replayed
  std::size_t checksumsMatched = 0;     // all of them, when mismatchAt is none
  std::optional<sim::Tick> mismatchAt;  // the first tick whose checksum differed
};
ReplayResult replay(const MatchRecord& record);

}  // namespace weft::game::proto
