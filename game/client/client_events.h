// ClientEvent: what an arena client's session tells its game (welcomed, refused, dropped,
// resumed, players coming and going, kills, the match's phases, a new map), oldest first.
// Tests: tests/game/client/arena_session_test.cpp, tests/game/client/arena_reject_test.cpp
#pragma once

#include <string>
#include <variant>

#include "game/proto/messages.h"
#include "game/sim/events.h"
#include "game/sim/units.h"
#include "net/core/reason.h"

namespace weft::game::client {

// The server let this client in. `resumed`: it showed the resume token of its last connection
// and got the same player back (score and all); a player whose grace ran out comes back as a
// newcomer, resumed false and another id maybe.
struct Welcomed {
  sim::PlayerId player = sim::kNoPlayer;  // kNoPlayer: a spectator
  bool resumed = false;
  proto::ServerInfo server;
};
// The server said no (before a Welcome) or no more (a kick, a shutdown).
struct Rejected {
  net::ReasonCode code = proto::kProtocolViolation;
  std::string sentence;  // proto::describeReason(code): for the player
  std::string detail;    // the server's words, as it sent them
};
// The connection is gone. `willRetry`: the owner will connect again (and resume).
struct Disconnected {
  net::Reason reason;
  bool willRetry = false;
};
struct PlayerJoined {
  sim::PlayerId player = sim::kNoPlayer;
  std::string name;
  bool bot = false;
};
struct PlayerLeft {
  sim::PlayerId player = sim::kNoPlayer;
  std::string name;  // as it joined; empty when this client never heard it join
};
struct Kill {
  sim::Tick tick = 0;
  sim::PlayerKilled kill;
};
struct PhaseChanged {
  sim::Tick tick = 0;
  sim::MatchPhase phase = sim::MatchPhase::Warmup;
};
struct MapChanged {
  sim::Tick tick = 0;
  std::string map;  // the map's own name
};

using ClientEvent = std::variant<Welcomed, Rejected, Disconnected, PlayerJoined, PlayerLeft, Kill,
                                 PhaseChanged, MapChanged>;

}  // namespace weft::game::client
