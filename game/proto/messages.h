// The control channel's messages: the handshake, the simulation's events, joins, leaves, maps.
// Tests: tests/game/proto/control_codec_test.cpp
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "game/proto/limits.h"
#include "game/proto/reasons.h"
#include "game/sim/config.h"
#include "game/sim/events.h"
#include "game/sim/units.h"
#include "game/sim/world.h"
#include "net/core/reason.h"

namespace weft::game::proto {

// 16 bytes the server drew from its own random generator for this player; proto only carries
// them. Whoever shows it again within the server's grace period gets the same player back.
using ResumeToken = std::array<std::uint8_t, kResumeTokenBytes>;

// --- Client to server ----------------------------------------------------------------------
// The first message on the control channel. A Hello of another version decodes with only
// `version` set (the rest is that version's business): the server answers it with a Reject
// kVersionMismatch, whose layout is fixed for ever too.
struct Hello {
  std::uint16_t version = kProtocolVersion;
  std::string name;                     // at most kMaxNameBytes; the server checks the rest
  std::optional<std::string> password;  // at most kMaxPasswordBytes
  std::optional<ResumeToken> resume;    // "I played here before: give me my player back"
  bool spectator = false;               // no entity: watch, follow anyone
  friend bool operator==(const Hello&, const Hello&) = default;
};
// A spectator's camera: the player to follow, or kNoPlayer for a free view. A player may send
// it too (whom to watch while dead); the server keeps it and answers nothing.
struct Follow {
  sim::PlayerId player = sim::kNoPlayer;
  friend bool operator==(const Follow&, const Follow&) = default;
};
using ClientControl = std::variant<Hello, Follow>;

// --- Server to client ----------------------------------------------------------------------
struct ServerInfo {
  std::string name;             // at most kMaxServerNameBytes ("LAN party")
  std::uint8_t maxPlayers = 0;  // 1..kMaxPlayers
  std::uint8_t players = 0;     // now, bots included; at most maxPlayers
  friend bool operator==(const ServerInfo&, const ServerInfo&) = default;
};
// The answer to a Hello that was let in. Everything a client needs to build its own sim::World
// as the server runs it (the map by content, the rules) and to run its clock.
struct Welcome {
  sim::PlayerId player = sim::kNoPlayer;  // this client's player; kNoPlayer for a spectator
  sim::Tick serverTick = 0;               // the server's world tick as it sent this
  int snapshotRate = 25;                  // snapshots a second: 1..config.ticksPerSecond
  ServerInfo server;                      // the map's name is the map's own: map->name()
  ResumeToken resumeToken{};              // all zero for a spectator, who has nothing to resume
  sim::SimConfig config;                  // the tick rate is config.ticksPerSecond
  sim::SharedMap map;
  friend bool operator==(const Welcome&, const Welcome&) = default;
};
// No (before a Welcome) or no more (after it: a kick, a shutdown). The server disconnects
// with the same code right after, so a client that misses this still reads the code.
struct Reject {
  net::ReasonCode code = kProtocolViolation;  // the game's band (reasons.h), or core's
  std::string detail;                         // at most kMaxDetailBytes, for the player
  friend bool operator==(const Reject&, const Reject&) = default;
};
// One step's events, all at `tick` (the world's tick after that step), in the order they
// happened; at most kMaxEventsPerMessage (a server with more sends several of the same tick).
struct TickEvents {
  sim::Tick tick = 0;
  sim::Events events;
  friend bool operator==(const TickEvents&, const TickEvents&) = default;
};
// A player entered (after the Welcome, one for each player already in, then as they come).
struct PlayerJoined {
  sim::PlayerId player = 0;
  std::string name;  // as the server accepted it
  bool bot = false;
  friend bool operator==(const PlayerJoined&, const PlayerJoined&) = default;
};
struct PlayerLeft {
  sim::PlayerId player = 0;
  friend bool operator==(const PlayerLeft&, const PlayerLeft&) = default;
};
// The server called resetForNextMap: the same players on another map, maybe other rules.
// Snapshots travel on another channel and may come first: those of `tick` and later are of
// the new map (their deltas need nothing of the map, a world rebuilt from them does).
struct MapChanged {
  sim::Tick tick = 0;  // the world's tick when the new map took over
  sim::SimConfig config;
  sim::SharedMap map;
  friend bool operator==(const MapChanged&, const MapChanged&) = default;
};
using ServerControl =
    std::variant<Welcome, Reject, TickEvents, PlayerJoined, PlayerLeft, MapChanged>;

}  // namespace weft::game::proto
