#include "game/proto/reasons.h"

namespace weft::game::proto {

std::string_view describeReason(net::ReasonCode code) {
  if (code == kVersionMismatch) {
    return "This server runs another version of the game; both need the same version to play";
  }
  if (code == kServerFull) return "The server is full; try again later, or join as a spectator";
  if (code == kBadPassword) return "Wrong password for this server";
  if (code == kNameRejected) return "That name cannot be used on this server; choose another";
  if (code == kResumeExpired) {
    return "Your place in the match was given up after too long away; join again as a new player";
  }
  if (code == kProtocolViolation) {
    return "The other side sent a message it should not have (garbled or out of turn)";
  }
  if (code == kKicked) return "You were removed from the server";
  return net::describe(code);
}

}  // namespace weft::game::proto
