// The simulation's values on the wire (SimConfig, maps, events), shared by the control codecs.
// Tests: tests/game/proto/control_codec_test.cpp
#pragma once

#include "game/proto/wire_reader.h"
#include "game/sim/config.h"
#include "game/sim/events.h"
#include "game/sim/world.h"
#include "net/core/byte_reader.h"

namespace weft::game::proto::detail {

// The 22 fields of SimConfig in declaration order, each a zigzag varint (durations in their
// own unit: milliseconds, or seconds for timeLimit and resultsTime). Reading checks
// sim::validate, so a config off the wire never trips makeWorld's assert.
void writeConfig(net::ByteWriter& w, const sim::SimConfig& config);
sim::SimConfig readConfig(WireReader& r);

// A varint byte count and the canonical text; reading parses it (errors name its line) and
// insists on the canonical form, so what decodes encodes back to the same bytes.
void writeMap(net::ByteWriter& w, const sim::SharedMap& map);
sim::SharedMap readMap(WireReader& r);

void writeEvent(net::ByteWriter& w, const sim::Event& event);
sim::Event readEvent(WireReader& r);

}  // namespace weft::game::proto::detail
