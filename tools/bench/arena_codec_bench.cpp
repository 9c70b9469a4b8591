// weft-bench arena-codec: the arena's snapshot and input bytes per client, from bot matches run
// in process through game/proto's codecs, beside a naive encoding of the same state.
// Run: weft-bench arena-codec --help; how to read it: tools/bench/README.md

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "game/proto/input_codec.h"
#include "game/proto/snapshot_codec.h"
#include "game/proto/snapshot_ring.h"
#include "game/sim/bot.h"
#include "game/sim/map_parser.h"
#include "game/sim/step.h"
#include "tools/bench/command.h"
#include "tools/bench/stats.h"

namespace weft::bench {
namespace {

namespace proto = game::proto;
namespace sim = game::sim;

struct Options {
  std::vector<int> players{8, 16, 32};
  int seconds = 60;
  int baselineAge = 1;
  std::vector<int> redundancy{1, 3, 8};
  std::string map = std::string(WEFT_SOURCE_DIR) + "/assets/maps/dust.txt";
  std::uint64_t seed = 1;
};

// The yardstick the codec is held to: the same snapshot as plain fixed-width fields, floats
// for positions, velocities and aims, 32-bit integers for the rest, and no delta. A header of
// tick, phase, phase start, next rocket id, Rng state, the two counts and the applied input
// (28 bytes); per player an id and alive byte, six floats and six int32s (50); per rocket its
// id, owner, four floats and its explode tick (25).
std::size_t naiveSnapshotBytes(const proto::Snapshot& s) {
  std::size_t players = 0;
  for (const auto& slot : s.players) players += slot ? 1 : 0;
  return 28 + players * 50 + s.projectiles.size() * 25;
}
// And an input: a tick, the ack, then per input two int8 moves, two float aims, the buttons
// and the view tick (16).
std::size_t naiveInputBytes(std::size_t inputs) {
  return 8 + inputs * 16;
}

struct RateFigures {
  std::vector<double> bytes;       // per snapshot, per client
  std::vector<double> naiveBytes;  // the same snapshots, naive
};

struct MatchFigures {
  RateFigures at25;
  RateFigures at50;
  std::vector<std::vector<double>> inputBytes;  // per redundancy, per packet
  int fullSnapshots = 0;
};

MatchFigures runMatch(const Options& options, std::shared_ptr<const sim::Map> map, int players) {
  sim::World world = sim::makeWorld(map, sim::SimConfig{}, options.seed);
  std::vector<sim::BotState> bots;
  for (int id = 0; id < players; ++id) {
    sim::addPlayer(world, static_cast<sim::PlayerId>(id));
    bots.emplace_back(options.seed * 1000 + static_cast<std::uint64_t>(id));
  }
  const int tps = world.tuning.ticksPerSecond;
  MatchFigures figures;
  figures.inputBytes.resize(options.redundancy.size());
  proto::SnapshotRing ring25;
  proto::SnapshotRing ring50;
  // Every client's recent inputs, newest last, for its input packets.
  std::vector<std::vector<sim::Input>> history(static_cast<std::size_t>(players));

  auto snapshotAt = [&](proto::SnapshotRing& ring, int interval, RateFigures& out) {
    if (world.tick % interval != 0) return;
    const proto::Snapshot state = proto::snapshotOf(world);
    const proto::Snapshot* baseline = ring.find(state.tick - options.baselineAge * interval);
    if (!baseline) ++figures.fullSnapshots;
    const std::string bytes = proto::encodeSnapshot(state, baseline, state.tick);
    out.bytes.push_back(static_cast<double>(bytes.size()));
    out.naiveBytes.push_back(static_cast<double>(naiveSnapshotBytes(state)));
    ring.put(state);
  };

  const int ticks = options.seconds * tps;
  for (int t = 0; t < ticks; ++t) {
    sim::TickInputs inputs{};
    for (int id = 0; id < players; ++id) {
      const auto i = static_cast<std::size_t>(id);
      inputs[i] = sim::botInput(world, static_cast<sim::PlayerId>(id), bots[i]);
      history[i].push_back(inputs[i]);
      if (history[i].size() > proto::kMaxInputsPerPacket) history[i].erase(history[i].begin());
      for (std::size_t r = 0; r < options.redundancy.size(); ++r) {
        const std::size_t count =
            std::min(history[i].size(), static_cast<std::size_t>(options.redundancy[r]));
        proto::InputPacket packet;
        packet.newestTick = world.tick + 1;
        packet.inputs.assign(history[i].end() - static_cast<std::ptrdiff_t>(count),
                             history[i].end());
        packet.ackedSnapshot = world.tick - (world.tick % 2);
        figures.inputBytes[r].push_back(
            static_cast<double>(proto::encodeInputPacket(packet).size()));
      }
    }
    (void)sim::step(world, inputs);
    if (world.match.phase == sim::MatchPhase::NextMap) sim::resetForNextMap(world, map);
    snapshotAt(ring25, tps / 25, figures.at25);
    snapshotAt(ring50, tps / 50, figures.at50);
  }
  return figures;
}

int runArenaCodec(const Options& options) {
  auto loaded = sim::loadMapFile(options.map);
  if (!loaded) {
    std::cerr << "weft-bench arena-codec: " << loaded.error().toString() << '\n';
    return 1;
  }
  auto map = std::make_shared<const sim::Map>(std::move(*loaded));
  std::cout << "weft-bench arena-codec: bots only on " << map->name() << ", " << options.seconds
            << " s of play at 50 Hz per match, baselines " << options.baselineAge
            << " snapshot(s) old; payload bytes (no ENet or UDP headers)\n"
            << buildDescription() << "\n\n";

  // Row labels name the match ("16 players 25 Hz"), so every row has its own.
  Table down({{"match", Table::Align::Left},
              {"mean B"},
              {"p99 B"},
              {"B/s per client"},
              {"naive mean B"},
              {"naive B/s"},
              {"weft/naive"}});
  Table up({{"match", Table::Align::Left},
            {"mean B"},
            {"p99 B"},
            {"B/s at 50 Hz"},
            {"naive B"},
            {"weft/naive"}});
  for (int players : options.players) {
    const MatchFigures f = runMatch(options, map, players);
    for (const auto& [rate, figures] : {std::pair{25, &f.at25}, std::pair{50, &f.at50}}) {
      const Summary s = summarize(figures->bytes);
      const Summary n = summarize(figures->naiveBytes);
      down.addRow({std::to_string(players) + " players " + std::to_string(rate) + " Hz",
                   fixed(s.mean, 1), fixed(s.p99, 0), fixed(s.mean * rate, 0), fixed(n.mean, 1),
                   fixed(n.mean * rate, 0), fixed(100 * s.mean / n.mean, 1) + " %"});
    }
    for (std::size_t r = 0; r < options.redundancy.size(); ++r) {
      const Summary s = summarize(f.inputBytes[r]);
      const auto naive =
          static_cast<double>(naiveInputBytes(static_cast<std::size_t>(options.redundancy[r])));
      up.addRow({std::to_string(players) + " players " +
                     counted(static_cast<std::size_t>(options.redundancy[r]), "input"),
                 fixed(s.mean, 1), fixed(s.p99, 0), fixed(s.mean * 50, 0), fixed(naive, 0),
                 fixed(100 * s.mean / naive, 1) + " %"});
    }
  }
  std::cout << "Snapshots, server to each client\n";
  down.print(std::cout);
  std::cout << "\nInputs, each client to the server (one packet a tick)\n";
  up.print(std::cout);
  return 0;
}

}  // namespace

Command arenaCodecCommand(CLI::App& parent) {
  auto options = std::make_shared<Options>();
  CLI::App* cli = parent.add_subcommand(
      "arena-codec",
      "Snapshot and input bytes per client of the arena's wire protocol, from bot matches run in "
      "process at 25 and 50 Hz, beside a naive encoding (full state as floats, no delta)");
  cli->footer(
      "A row per player count and snapshot rate: mean and p99 bytes of a snapshot, bytes/s per "
      "client, the naive encoding's mean and bytes/s, and the ratio. Then the input packets "
      "with 1, 3 and 8 inputs each. Payload only: ENet adds its headers. See "
      "tools/bench/README.md.");
  cli->add_option("--players", options->players, "Player counts, one match each (bots all)")
      ->delimiter(',')
      ->check(CLI::Range(2, sim::kMaxPlayers))
      ->capture_default_str();
  cli->add_option("--seconds", options->seconds, "Seconds of play per match (50 ticks each)")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  cli->add_option("--baseline-age", options->baselineAge,
                  "How many snapshots old each client's acknowledged baseline is (1: the one "
                  "before, as on a LAN)")
      ->check(CLI::Range(1, 31))
      ->capture_default_str();
  cli->add_option("--inputs", options->redundancy, "Inputs per input packet, one row each")
      ->delimiter(',')
      ->check(CLI::Range(1, proto::kMaxInputsPerPacket))
      ->capture_default_str();
  cli->add_option("--map", options->map, "The map file the matches are played on")
      ->capture_default_str();
  cli->add_option("--seed", options->seed, "The world's and the bots' seed")->capture_default_str();
  return {cli, [options] { return runArenaCodec(*options); }};
}

}  // namespace weft::bench
