// Encoders and total decoders for the control channel's messages (messages.h); layout: WIRE.md.
// Tests: tests/game/proto/control_codec_test.cpp, tests/fuzz/arena_control_fuzz.cpp
#pragma once

#include <string>
#include <string_view>

#include "game/proto/messages.h"
#include "game/sim/map.h"
#include "net/core/result.h"

namespace weft::game::proto {

// What we write we trust: a string over its limit, an id out of range or a config that
// sim::validate refuses is a programming error (asserted). What we read is checked: a message
// that ends early, has bytes left over, an unknown type, a flag or id or count out of range, a
// string over its limit, a config sim::validate refuses, a map parseMap refuses or a map text
// not in canonical form is an Error naming the message and the field. A decoder accepts only
// what the encoder writes, byte for byte (a Hello of another version aside: it is read no
// further than its version).
std::string encodeControl(const ClientControl& message);
std::string encodeControl(const ServerControl& message);
net::Result<ClientControl> decodeClientControl(std::string_view bytes);
net::Result<ServerControl> decodeServerControl(std::string_view bytes);

// A map as the wire carries it: `map "NAME"`, then its rows, each line ending in \n, nothing
// else (parseMap reads it back to an equal Map).
std::string canonicalMapText(const sim::Map& map);

}  // namespace weft::game::proto
