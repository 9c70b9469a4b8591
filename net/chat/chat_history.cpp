#include "net/chat/chat_history.h"

#include "net/core/assert.h"

namespace weft::net {

void ChatHistory::add(ChatMessage message) {
  WEFT_ASSERT(message.seq == lastSeq_ + 1,
              "ChatHistory::add: sequence numbers must follow each other without gaps");
  lastSeq_ = message.seq;
  if (capacity_ == 0) return;
  if (messages_.size() == capacity_) messages_.pop_front();
  messages_.push_back(std::move(message));
}

}  // namespace weft::net
