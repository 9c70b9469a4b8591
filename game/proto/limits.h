// The wire's limits: the protocol version, the longest string and the largest count a decoder
// takes. Tests: tests/game/proto/control_codec_test.cpp, tests/game/proto/snapshot_codec_test.cpp
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "game/sim/config.h"
#include "game/sim/map_parser.h"
#include "game/sim/units.h"

namespace weft::game::proto {

// The Hello opens with these bytes for ever, whatever the version (WIRE.md, "The version rule"):
// a server reads them and the version, and answers another version with a Reject it can read.
inline constexpr char kHelloMagic[4] = {'W', 'F', 'T', 'A'};
inline constexpr std::uint16_t kProtocolVersion = 1;
// What an arena server says it is in its LAN discovery answers (LanServerInfo::gameId), so a
// browser lists arena servers and no other game's: "ARNA".
inline constexpr std::uint32_t kLanGameId = 0x41524E41;

// A player's name: one scoreboard column, one kill-feed line. 32 bytes is 32 ASCII letters or
// 10 to 16 accented or CJK ones; the server's own name rules (UTF-8, no control characters,
// net/text) come on top, proto checks only the length. The same as a map's name.
inline constexpr std::size_t kMaxNameBytes = 32;
inline constexpr std::size_t kMaxPasswordBytes = 64;
inline constexpr std::size_t kMaxServerNameBytes = 64;  // a LAN browser's line
inline constexpr std::size_t kMaxDetailBytes = 255;     // a Reject's detail, one line
inline constexpr std::size_t kResumeTokenBytes = 16;    // random, from the server's generator
// A map travels as its canonical text (WIRE.md): the header and 64 rows of 64 tiles each.
inline constexpr std::size_t kMaxMapTextBytes =
    sizeof("map \"\"\n") - 1 + sim::kMaxMapNameLength +
    static_cast<std::size_t>(sim::kMaxMapTiles) * (sim::kMaxMapTiles + 1);

// Inputs: the newest and up to 7 before it that the server has not yet acknowledged. At 50 Hz
// that covers 140 ms of lost packets in a row.
inline constexpr int kMaxInputsPerPacket = 8;
// One step's events. A step of 64 players makes at most a few hundred; a server with more
// splits them over several TickEvents of the same tick.
inline constexpr std::size_t kMaxEventsPerMessage = 4096;
// Rockets alive at once in a snapshot: players × (lifetime / cooldown + 1), which is 48 for 16
// players and 192 for 64 with the default rules. wireConfigProblem() holds a server to it.
inline constexpr std::size_t kMaxProjectiles = 1024;
// Snapshot positions and velocities: units.h's ranges (a centre is in [0, 65535] on a map of
// at most 64 tiles; a speed is under 2^15 Coords per tick).
inline constexpr sim::Coord kMinPosition = 0;
inline constexpr sim::Coord kMaxPosition = sim::kMaxMapTiles * sim::kUnitsPerTile - 1;
inline constexpr sim::Coord kMaxSpeed = 32767;

// The longest message each side sends (WIRE.md adds them up): what a server's port and a
// client's connection take (MessageProtocolConfig::maxMessageBytes, ServerFactory's).
inline constexpr std::size_t kMaxClientMessageBytes = 512;
inline constexpr std::size_t kMaxServerMessageBytes = 256 * 1024;

// The empty string when a server running `config` with up to `maxPlayers` players stays within
// the wire's limits (its rockets fit a snapshot), else a sentence naming the field. The server
// checks it beside sim::validate; a decoder checks sim::validate on every config it reads.
std::string wireConfigProblem(const sim::SimConfig& config, int maxPlayers);

}  // namespace weft::game::proto
