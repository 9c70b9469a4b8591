// ChatEvent: what a game client's chat hands its UI, one per thing that happened — joined,
// a message, a gap in the backfill, a dropped connection, a failed attempt — queued by
// ChatClientSession and taken each frame by an overlay, a log bot or a terminal.
// Tests: tests/net/chat/chat_client_session_test.cpp, tests/net/chat/chat_client_test.cpp
#pragma once

#include <cstdint>
#include <string>

#include "net/chat/chat_message.h"
#include "net/core/reason.h"

namespace weft::net {

struct ChatEvent {
  enum class Type : std::uint8_t {
    Joined,        // in the room as `name`: members() is fresh; backfill follows
    Message,       // `message`: a room message (in sequence order) or a private one
    Missed,        // `missed` messages were lost: the room's history did not reach back so far
    Disconnected,  // a connection ended, for `reason` (the server's words when it gave them)
    Failed,        // a connection attempt failed, for `reason`
  };
  Type type = Type::Message;
  ChatMessage message;
  bool replay = false;  // Message: an answer to /history (old news, not counted as seen)
  std::string name;     // Joined
  // Joined: the room is not the one this client knew (the server restarted): its numbers
  // start afresh, and what the old room said after the last message seen is lost.
  bool newRoom = false;
  std::uint64_t missed = 0;
  Reason reason;
  bool willRetry = false;  // Disconnected, Failed: a reconnect is scheduled
};

}  // namespace weft::net
