// One line per ChatEvent, as the chat client tests compare them: "joined as anna", a message as
// RecordingChatMember writes it, "missed N", "disconnected: <sentence> (retrying)".
#pragma once

#include <string>
#include <vector>

#include "net/chat/chat_event.h"
#include "net/testing/recording_chat_member.h"

namespace weft::test {

inline std::vector<std::string> describeChatEvents(
    const std::vector<weft::net::ChatEvent>& events) {
  using weft::net::ChatEvent;
  std::vector<std::string> out;
  for (const ChatEvent& e : events) {
    const std::string retrying = e.willRetry ? " (retrying)" : "";
    switch (e.type) {
      case ChatEvent::Type::Joined:
        out.push_back("joined as " + e.name);
        break;
      case ChatEvent::Type::Message:
        out.push_back(weft::testing::RecordingChatMember::describe(e.message, e.replay));
        break;
      case ChatEvent::Type::Missed:
        out.push_back("missed " + std::to_string(e.missed));
        break;
      case ChatEvent::Type::Disconnected:
        out.push_back("disconnected: " + e.reason.sentence() + retrying);
        break;
      case ChatEvent::Type::Failed:
        out.push_back("failed: " + e.reason.sentence() + retrying);
        break;
    }
  }
  return out;
}

}  // namespace weft::test
