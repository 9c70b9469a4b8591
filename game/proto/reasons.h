// The game's ReasonCodes (ReasonBand::Game): why a server refused or dropped a player, in words.
// Tests: tests/game/proto/reasons_test.cpp
#pragma once

#include <string_view>

#include "net/core/reason.h"

namespace weft::game::proto {

// What a Reject carries and what the server's disconnect says (ENet's disconnect data, the
// framed stream's goodbye), so a client shows the same sentence whichever reaches it first.
// Numbers on the wire: a released code keeps its number for ever, never renumber one.
//
// Core has ServerFull (300), VersionMismatch (301) and Kicked (302) too: those are what a
// transport says on its own (an ENet port whose peer slots are all taken refuses before any
// Hello). The game's own are about the game: its player slots, its protocol version, its
// operator. describeReason() gives both families a sentence a player can read.
inline constexpr net::ReasonCode kVersionMismatch = net::reasonCode(net::ReasonBand::Game, 1);
inline constexpr net::ReasonCode kServerFull = net::reasonCode(net::ReasonBand::Game, 2);
inline constexpr net::ReasonCode kBadPassword = net::reasonCode(net::ReasonBand::Game, 3);
inline constexpr net::ReasonCode kNameRejected = net::reasonCode(net::ReasonBand::Game, 4);
inline constexpr net::ReasonCode kResumeExpired = net::reasonCode(net::ReasonBand::Game, 5);
// A message that does not decode, or one out of turn (input before the Welcome, a second Hello).
inline constexpr net::ReasonCode kProtocolViolation = net::reasonCode(net::ReasonBand::Game, 6);
inline constexpr net::ReasonCode kKicked = net::reasonCode(net::ReasonBand::Game, 7);

// One sentence for a player ("The server is full; try again later, or join as a spectator"),
// no trailing period, for the game's codes above; any other code reads as net::describe has it.
// (Not an overload of net::describe: argument-dependent lookup would make every unqualified
// call ambiguous.)
std::string_view describeReason(net::ReasonCode code);

}  // namespace weft::game::proto
