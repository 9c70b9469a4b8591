// Shared by the chat session tests: a MessageTransport that records what is sent on which
// channel, and the game chat messages as short lines ("welcome anna last 0 oldest 1 members:",
// "3 say anna: hi", "goodbye 2001 final: flooding") and as bytes.
#pragma once

#include <doctest/doctest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "net/chat/chat_wire.h"
#include "net/core/message_transport.h"
#include "net/core/scheduler.h"
#include "net/testing/recording_chat_member.h"

namespace weft::test {

// One line for a server message: what a player would read, as WireClient writes it.
inline std::string serverLine(std::string_view bytes) {
  auto decoded = net::decodeChatServerMessage(bytes);
  if (!decoded) return "undecodable: " + decoded.error().message;
  if (auto* w = std::get_if<net::ChatWelcomeMessage>(&*decoded)) {
    std::string members;
    for (const auto& m : w->members) members += " " + m;
    return "welcome " + w->name + " last " + std::to_string(w->lastSeq) + " oldest " +
           std::to_string(w->oldestSeq) + " members:" + members;
  }
  if (auto* e = std::get_if<net::ChatEntry>(&*decoded)) {
    return weft::testing::RecordingChatMember::describe(e->message, e->replay);
  }
  const auto& goodbye = std::get<net::ChatGoodbye>(*decoded);
  return "goodbye " + std::to_string(static_cast<std::uint32_t>(goodbye.code)) +
         (goodbye.mayRetry ? " retry: " : " final: ") + goodbye.reason;
}

inline std::string helloBytes(std::string name, std::optional<net::ChatResume> resume = {}) {
  return net::encodeChat(
      net::ChatClientMessage(net::ChatHello{net::kChatWireVersion, std::move(name), resume}));
}
inline std::string inputBytes(std::string line) {
  return net::encodeChat(net::ChatClientMessage(net::ChatInput{std::move(line)}));
}

// A connection's message side as a test sees it: what was sent on each channel, and whether it
// was disconnected (with which code) or aborted. Sends after either are dropped, as the real
// transports drop them. Its scheduler() is `timers`, for the sessions' own timeouts.
class RecordingMessageTransport final : public net::MessageTransport {
 public:
  struct Sent {
    std::uint8_t channel;
    std::string message;
  };
  explicit RecordingMessageTransport(std::uint8_t channels = 3) : channels_(channels) {}

  void send(std::uint8_t channel, std::string_view message, net::Delivery) override {
    REQUIRE(channel < channels_);
    if (disconnected || aborted) return;
    sent.push_back({channel, std::string(message)});
  }
  void disconnect(net::ReasonCode code) override {
    if (!disconnected && !aborted) disconnected = code;
  }
  void abort() override { aborted = true; }
  std::uint8_t channelCount() const override { return channels_; }
  net::NetStats stats() const override {
    net::NetStats stats;
    stats.queuedBytes = backlog;
    return stats;
  }
  net::Scheduler* scheduler() const override { return timers; }

  // What was sent on `channel`, as serverLine reads it, and forget everything sent.
  std::vector<std::string> takeLines(std::uint8_t channel) {
    std::vector<std::string> lines;
    for (const Sent& s : sent) {
      lines.push_back(s.channel == channel ? serverLine(s.message)
                                           : "on channel " + std::to_string(s.channel));
    }
    sent.clear();
    return lines;
  }
  // The client messages sent, decoded (for a client session's hellos and lines).
  std::vector<net::ChatClientMessage> takeClientMessages(std::uint8_t channel) {
    std::vector<net::ChatClientMessage> out;
    for (const Sent& s : sent) {
      REQUIRE(s.channel == channel);
      auto decoded = net::decodeChatClientMessage(s.message);
      REQUIRE(decoded.ok());
      out.push_back(*decoded);
    }
    sent.clear();
    return out;
  }

  std::vector<Sent> sent;
  std::optional<net::ReasonCode> disconnected;
  bool aborted = false;
  std::size_t backlog = 0;           // stats().queuedBytes
  net::Scheduler* timers = nullptr;  // scheduler(): none unless a test gives one

 private:
  std::uint8_t channels_;
};

}  // namespace weft::test
