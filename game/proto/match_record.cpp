#include "game/proto/match_record.h"

#include "game/proto/limits.h"
#include "game/proto/sim_wire.h"
#include "game/proto/wire_reader.h"
#include "game/sim/checksum.h"
#include "game/sim/step.h"
#include "net/core/assert.h"
#include "net/core/overloaded.h"

namespace weft::game::proto {

namespace {

enum class OpKind : std::uint8_t { Join = 1, Leave = 2, Map = 3, Step = 4, Checksum = 5 };

std::string framed(const net::ByteWriter& body) {
  net::ByteWriter frame;
  frame.varint(body.data().size()).bytes(body.data());
  return frame.take();
}

// An input, its view tick as the distance back from the step's own tick (usually a few ticks;
// "now", INT32_MAX, is one long number, written once while it does not change).
void writeInput(net::ByteWriter& w, const sim::Input& input, sim::Tick tick) {
  w.u8(static_cast<std::uint8_t>(input.moveX)).u8(static_cast<std::uint8_t>(input.moveY));
  w.svarint(input.aimX).svarint(input.aimY).u8(input.buttons);
  w.svarint(std::int64_t{tick} - input.viewTick);
}
sim::Input readInput(detail::WireReader& r, sim::Tick tick) {
  sim::Input input;
  input.moveX = static_cast<std::int8_t>(r.u8("moveX"));
  input.moveY = static_cast<std::int8_t>(r.u8("moveY"));
  input.aimX = static_cast<std::int16_t>(r.offset("aimX", 0, INT16_MIN, INT16_MAX));
  input.aimY = static_cast<std::int16_t>(r.offset("aimY", 0, INT16_MIN, INT16_MAX));
  input.buttons = r.u8("buttons");
  input.viewTick =
      static_cast<sim::Tick>(tick - r.offset("viewTick", 0, std::int64_t{tick} - INT32_MAX,
                                             std::int64_t{tick} - INT32_MIN));
  return input;
}

}  // namespace

std::string RecordWriter::begin(const RecordHeader& header) {
  net::ByteWriter body;
  body.shortString(header.serverName).u64(header.seed);
  detail::writeConfig(body, header.config);
  detail::writeMap(body, header.map);
  return std::string(kRecordMagic, sizeof kRecordMagic) + framed(body);
}

std::string RecordWriter::write(const RecordOp& op) {
  net::ByteWriter body;
  std::visit(net::Overloaded{
                 [&](const RecordJoin& j) {
                   WEFT_ASSERT(j.player < sim::kMaxPlayers, "RecordWriter: a player id below 64");
                   body.u8(static_cast<std::uint8_t>(OpKind::Join)).u8(j.player);
                   body.shortString(j.name).u8(j.bot ? 1 : 0);
                   last_[j.player] = sim::Input{};
                 },
                 [&](const RecordLeave& l) {
                   body.u8(static_cast<std::uint8_t>(OpKind::Leave)).u8(l.player);
                 },
                 [&](const RecordMap& m) {
                   body.u8(static_cast<std::uint8_t>(OpKind::Map));
                   detail::writeMap(body, m.map);
                 },
                 [&](const RecordStep& s) {
                   ++steps_;
                   body.u8(static_cast<std::uint8_t>(OpKind::Step)).varint(s.changed.size());
                   for (const auto& [player, input] : s.changed) {
                     body.u8(player);
                     writeInput(body, input, steps_);
                     last_[player] = input;
                   }
                 },
                 [&](const RecordChecksum& c) {
                   body.u8(static_cast<std::uint8_t>(OpKind::Checksum))
                       .varint(static_cast<std::uint64_t>(c.tick));
                   body.u64(c.checksum);
                 },
             },
             op);
  return framed(body);
}

std::string RecordWriter::writeStep(const sim::TickInputs& inputs, std::uint64_t present) {
  RecordStep step;
  for (std::size_t id = 0; id < inputs.size(); ++id) {
    if (((present >> id) & 1) && !(inputs[id] == last_[id])) {
      step.changed.emplace_back(static_cast<sim::PlayerId>(id), inputs[id]);
    }
  }
  return write(step);
}

net::Result<MatchRecord> readRecord(std::string_view bytes) {
  if (bytes.size() < sizeof kRecordMagic ||
      bytes.substr(0, sizeof kRecordMagic) != std::string_view(kRecordMagic, sizeof kRecordMagic)) {
    return net::Error{"not an arena match record (its first bytes are not \"WFTAREC\" and 1)"};
  }
  net::ByteReader frames(bytes.substr(sizeof kRecordMagic));
  MatchRecord record;
  sim::Tick tick = 0;
  bool first = true;
  while (frames.remaining() > 0) {
    const std::uint64_t length = frames.varint();
    if (!frames.ok() || length > frames.remaining()) {
      if (first) return net::Error{"the record's header is cut short"};
      record.truncated = true;  // a server stopped mid-write: keep what is whole
      break;
    }
    const std::string_view body = frames.bytes(static_cast<std::size_t>(length));
    if (first) {
      detail::WireReader r(body, "RecordHeader");
      record.header.serverName = std::string(r.shortString("serverName", kMaxServerNameBytes));
      record.header.seed = r.u64("seed");
      record.header.config = detail::readConfig(r);
      record.header.map = detail::readMap(r);
      if (!r.done()) return r.finish();
      first = false;
      continue;
    }
    detail::WireReader r(body, "RecordOp");
    const auto kind = static_cast<OpKind>(r.u8("kind"));
    switch (kind) {
      case OpKind::Join: {
        RecordJoin join;
        join.player = r.player("player");
        join.name = std::string(r.shortString("name", kMaxNameBytes));
        join.bot = r.count("bot", 1) == 1;
        record.ops.emplace_back(std::move(join));
        break;
      }
      case OpKind::Leave:
        record.ops.emplace_back(RecordLeave{r.player("player")});
        break;
      case OpKind::Map:
        record.ops.emplace_back(RecordMap{detail::readMap(r)});
        break;
      case OpKind::Step: {
        ++tick;
        RecordStep step;
        const auto count = r.count("changed", sim::kMaxPlayers);
        for (std::uint64_t i = 0; i < count && r.ok(); ++i) {
          const sim::PlayerId player = r.player("player");
          step.changed.emplace_back(player, readInput(r, tick));
        }
        record.ops.emplace_back(std::move(step));
        break;
      }
      case OpKind::Checksum: {
        RecordChecksum sum;
        sum.tick = r.tick("tick");
        sum.checksum = r.u64("checksum");
        record.ops.emplace_back(sum);
        break;
      }
      default:
        r.fail("kind", "is not a record operation");
    }
    if (!r.done()) return r.finish();
  }
  if (first) return net::Error{"the record has no header"};
  return record;
}

ReplayResult replay(const MatchRecord& record) {
  ReplayResult result;
  sim::World world =
      sim::makeWorld(record.header.map.pointer(), record.header.config, record.header.seed);
  sim::TickInputs inputs{};
  for (const RecordOp& op : record.ops) {
    std::visit(net::Overloaded{
                   [&](const RecordJoin& j) {
                     if (!sim::findPlayer(world, j.player)) sim::addPlayer(world, j.player);
                     inputs[j.player] = sim::Input{};
                   },
                   [&](const RecordLeave& l) { sim::removePlayer(world, l.player); },
                   [&](const RecordMap& m) { sim::resetForNextMap(world, m.map.pointer()); },
                   [&](const RecordStep& s) {
                     for (const auto& [player, input] : s.changed) inputs[player] = input;
                     (void)sim::step(world, inputs);
                     ++result.ticks;
                   },
                   [&](const RecordChecksum& c) {
                     if (result.mismatchAt) return;
                     if (c.tick == world.tick && c.checksum == sim::checksum(world)) {
                       ++result.checksumsMatched;
                     } else {
                       result.mismatchAt = world.tick;
                     }
                   },
               },
               op);
  }
  return result;
}

}  // namespace weft::game::proto
