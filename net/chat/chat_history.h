// ChatHistory: the room's last N sequenced messages, so a member who reconnects can ask for what
// it missed since a sequence number and get exactly that, in order.
// Tests: tests/net/chat/chat_history_test.cpp
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <span>

#include "net/chat/chat_message.h"

namespace weft::net {

class ChatHistory {
 public:
  // Keeps at most `capacity` messages (0 keeps none; backfill then has nothing to give).
  explicit ChatHistory(std::size_t capacity) : capacity_(capacity) {}

  // `message.seq` must follow the last one added (asserted): the room numbers without gaps.
  void add(ChatMessage message);

  // The sequence number of the newest message added (kept or not), 0 before the first.
  std::uint64_t lastSeq() const { return lastSeq_; }
  // The oldest kept message's number, or lastSeq() + 1 when none is kept: what a reconnecting
  // member missed beyond history is every number below this one and above its own last.
  std::uint64_t oldestSeq() const {
    return messages_.empty() ? lastSeq_ + 1 : messages_.front().seq;
  }
  std::size_t size() const { return messages_.size(); }
  std::size_t capacity() const { return capacity_; }

  // Calls `visit(const ChatMessage&)` for each kept message with seq > `seen`, oldest first.
  // A `seen` at or past lastSeq() (UINT64_MAX included, from a client) gets nothing.
  template <typename Visit>
  void forEachSince(std::uint64_t seen, Visit&& visit) const {
    if (seen >= lastSeq_) return;  // and seen + 1 below cannot wrap to 0
    const std::uint64_t first = std::max(seen + 1, oldestSeq());
    for (std::uint64_t seq = first; seq <= lastSeq_ && !messages_.empty(); ++seq) {
      visit(messages_[static_cast<std::size_t>(seq - messages_.front().seq)]);
    }
  }
  // The newest `count` kept messages (fewer if fewer are kept), oldest first.
  template <typename Visit>
  void forEachLast(std::size_t count, Visit&& visit) const {
    const std::size_t skip = messages_.size() > count ? messages_.size() - count : 0;
    for (std::size_t i = skip; i < messages_.size(); ++i) visit(messages_[i]);
  }

 private:
  std::size_t capacity_;
  std::deque<ChatMessage> messages_;
  std::uint64_t lastSeq_ = 0;
};

}  // namespace weft::net
