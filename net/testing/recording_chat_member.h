// RecordingChatMember: a ChatMember that keeps what the room told it, one short line per
// message ("3 say anna: hi", "- private: Bye!"), so room tests read like the conversation.
// Tests: tests/net/chat/chat_room_test.cpp (and every room test)
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "net/chat/chat_room.h"
#include "net/core/str_cat.h"

namespace weft::testing {

class RecordingChatMember final : public net::ChatMember {
 public:
  struct Welcome {
    std::string name;
    std::uint64_t roomId = 0;
    std::uint64_t lastSeq = 0;
    std::uint64_t oldestSeq = 0;
    std::vector<std::string> others;
  };

  // "SEQ KIND SENDER: TEXT", SEQ "-" for private ones, "(replay) " in front of a replay,
  // " -> NEW" after a rename's sender.
  static std::string describe(const net::ChatMessage& m, bool replay = false) {
    std::string line = replay ? "(replay) " : "";
    line += m.seq == net::kUnsequenced ? std::string("-") : net::strCat(m.seq);
    line += net::strCat(" ", net::describe(m.kind));
    if (!m.sender.empty()) line += net::strCat(" ", m.sender);
    if (!m.renamedTo.empty()) line += net::strCat(" -> ", m.renamedTo);
    return net::strCat(line, ": ", m.text);
  }

  void deliver(const net::ChatDelivery& delivery) override {
    messages.push_back(delivery.message());
    lines.push_back(describe(delivery.message(), delivery.replay()));
  }
  void welcomed(const net::ChatWelcome& w) override {
    welcome = Welcome{std::string(w.name), w.roomId, w.lastSeq, w.oldestSeq, {}};
    w.room.forEachMember([&](std::string_view name) { welcome->others.emplace_back(name); });
  }
  void dismissed(const net::Reason& reason) override { dismissal = reason; }
  std::string describe() const override { return "recording member"; }

  // The lines so far, and forget them.
  std::vector<std::string> take() {
    messages.clear();
    return std::exchange(lines, {});
  }

  std::vector<std::string> lines;
  std::vector<net::ChatMessage> messages;
  std::optional<Welcome> welcome;
  std::optional<net::Reason> dismissal;
};

}  // namespace weft::testing
