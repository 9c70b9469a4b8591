// WireClient: the client end of the game chat protocol for tests — sends hellos and lines, and
// keeps what the server sent as one short line each ("welcome anna last 0 ...", "3 say anna: hi").
#pragma once

#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

#include "net/chat/chat_wire.h"
#include "net/protocols/message_protocol.h"
#include "net/testing/recording_chat_member.h"

namespace weft::test {

using net::ChatClientMessage;
using net::ChatEntry;
using net::ChatGoodbye;
using net::ChatHello;
using net::ChatInput;
using net::ChatResume;
using net::ChatWelcomeMessage;
using net::kChatChannel;
using net::kChatWireVersion;

// The client end: sends client messages, and keeps what the server sent as short lines.
class WireClient final : public net::MessageProtocol {
 public:
  void messageReceived(std::uint8_t channel, std::string_view bytes) override {
    REQUIRE(channel == kChatChannel);
    auto decoded = net::decodeChatServerMessage(bytes);
    INFO((decoded.ok() ? std::string() : decoded.error().message));
    REQUIRE(decoded.ok());
    if (auto* w = std::get_if<ChatWelcomeMessage>(&*decoded)) {
      welcome = *w;
      std::string members;
      for (const auto& m : w->members) members += " " + m;
      lines.push_back("welcome " + w->name + " last " + std::to_string(w->lastSeq) + " oldest " +
                      std::to_string(w->oldestSeq) + " members:" + members);
    } else if (auto* e = std::get_if<ChatEntry>(&*decoded)) {
      entries.push_back(*e);
      lines.push_back(weft::testing::RecordingChatMember::describe(e->message, e->replay));
    } else {
      goodbye = std::get<ChatGoodbye>(*decoded);
      lines.push_back("goodbye " + std::to_string(static_cast<int>(goodbye->code)) +
                      (goodbye->mayRetry ? " retry: " : " final: ") + goodbye->reason);
    }
  }
  void connectionLost(const net::Reason& reason) override { lost = reason; }

  void hello(std::string name, std::optional<ChatResume> resume = {}) {
    send(kChatChannel,
         net::encodeChat(ChatClientMessage(ChatHello{kChatWireVersion, std::move(name), resume})));
  }
  void say(std::string line) {
    send(kChatChannel, net::encodeChat(ChatClientMessage(ChatInput{std::move(line)})));
  }
  std::vector<std::string> take() { return std::exchange(lines, {}); }

  std::vector<std::string> lines;
  std::vector<ChatEntry> entries;  // every message, in arrival order
  std::optional<ChatWelcomeMessage> welcome;
  std::optional<ChatGoodbye> goodbye;
  std::optional<net::Reason> lost;
};

}  // namespace weft::test
