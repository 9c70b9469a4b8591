#include "engine/overlays/chat_log.h"

#include <algorithm>

#include "net/core/assert.h"

namespace weft::engine {

ChatLine formatMessage(const net::ChatMessage& message) {
  ChatLine line;
  switch (message.kind) {
    case net::ChatKind::Say:
      line.kind = ChatLineKind::Say;
      line.text = message.sender + ": " + message.text;
      break;
    case net::ChatKind::Me:
      line.kind = ChatLineKind::Me;
      line.text = "* " + message.sender + " " + message.text;
      break;
    case net::ChatKind::Private:
      line.kind = ChatLineKind::Private;
      line.text = message.text;
      break;
    case net::ChatKind::Join:
    case net::ChatKind::Leave:
    case net::ChatKind::Rename:
    case net::ChatKind::Notice:
      line.kind = ChatLineKind::System;
      line.text = message.text;
      break;
  }
  return line;
}

ChatLog::ChatLog(ChatLogConfig config) : config_(config) {
  WEFT_ASSERT(config_.maxLines > 0, "ChatLogConfig::maxLines must keep at least one line");
  WEFT_ASSERT(config_.showFor >= net::Duration::zero() && config_.fadeFor >= net::Duration::zero(),
              "ChatLogConfig: fade times cannot be negative");
}

void ChatLog::add(const net::ChatEvent& event, std::string_view ownName, net::TimePoint now) {
  using Type = net::ChatEvent::Type;
  switch (event.type) {
    case Type::Joined:
      // The room announces the join itself ("All welcome anna"): nothing to add.
      return;
    case Type::Message: {
      ChatLine line = formatMessage(event.message);
      line.at = now;
      const bool ours =
          event.message.sender == ownName && event.message.kind != net::ChatKind::Private;
      push(std::move(line), !event.replay && !ours);
      return;
    }
    case Type::Missed:
      addLocal(std::to_string(event.missed) + (event.missed == 1 ? " message" : " messages") +
                   " went by while we were away (older than the room keeps)",
               now);
      return;
    case Type::Disconnected:
      addLocal(
          "disconnected: " + event.reason.sentence() + (event.willRetry ? " (reconnecting)" : ""),
          now);
      return;
    case Type::Failed:
      addLocal("could not connect: " + event.reason.sentence() +
                   (event.willRetry ? " (trying again)" : ""),
               now);
      return;
  }
}

void ChatLog::addLocal(std::string text, net::TimePoint now) {
  push(ChatLine{ChatLineKind::Local, std::move(text), now}, false);
}

void ChatLog::push(ChatLine line, bool news) {
  lines_.push_back(std::move(line));
  ++added_;
  while (lines_.size() > config_.maxLines) lines_.pop_front();
  if (news && !open_) ++unread_;
}

void ChatLog::setOpen(bool open) {
  open_ = open;
  if (open_) unread_ = 0;
}

float ChatLog::alpha(const ChatLine& line, net::TimePoint now) const {
  const net::Duration age = now - line.at;
  if (age <= config_.showFor) return 1.0f;
  if (age >= config_.showFor + config_.fadeFor) return 0.0f;
  const double fading = net::toSeconds(age - config_.showFor) / net::toSeconds(config_.fadeFor);
  return static_cast<float>(std::clamp(1.0 - fading, 0.0, 1.0));
}

}  // namespace weft::engine
