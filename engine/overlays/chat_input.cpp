#include "engine/overlays/chat_input.h"

#include "net/chat/chat_text.h"
#include "net/core/assert.h"

namespace weft::engine {
namespace {

bool continuation(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

}  // namespace

ChatInput::ChatInput(ChatInputConfig config) : config_(config) {
  WEFT_ASSERT(config_.maxCharacters > 0, "ChatInputConfig::maxCharacters must allow some text");
}

void ChatInput::insert(std::string_view utf8) {
  std::string clean = net::sanitizeText(utf8);
  const std::size_t have = net::countCharacters(text_);
  if (have >= config_.maxCharacters) return;
  clean.resize(net::firstCharacters(clean, config_.maxCharacters - have).size());
  text_.insert(cursor_, clean);
  cursor_ += clean.size();
}

void ChatInput::eraseBefore() {
  if (cursor_ == 0) return;
  const std::size_t end = cursor_;
  moveLeft();
  text_.erase(cursor_, end - cursor_);
}

void ChatInput::eraseAfter() {
  if (cursor_ == text_.size()) return;
  const std::size_t start = cursor_;
  moveRight();
  text_.erase(start, cursor_ - start);
  cursor_ = start;
}

void ChatInput::moveLeft() {
  while (cursor_ > 0) {
    --cursor_;
    if (!continuation(text_[cursor_])) break;
  }
}

void ChatInput::moveRight() {
  if (cursor_ == text_.size()) return;
  ++cursor_;
  while (cursor_ < text_.size() && continuation(text_[cursor_])) ++cursor_;
}

void ChatInput::moveHome() {
  cursor_ = 0;
}
void ChatInput::moveEnd() {
  cursor_ = text_.size();
}

void ChatInput::clear() {
  text_.clear();
  cursor_ = 0;
  composition_.clear();
  browsing_ = history_.size();
  draft_.clear();
}

void ChatInput::replace(std::string text) {
  text_ = std::move(text);
  cursor_ = text_.size();
}

std::string ChatInput::submit() {
  std::string line = std::move(text_);
  if (!line.empty() && (history_.empty() || history_.back() != line) && config_.historySize > 0) {
    history_.push_back(line);
    while (history_.size() > config_.historySize) history_.pop_front();
  }
  clear();
  return line;
}

void ChatInput::older() {
  if (browsing_ == 0) return;
  if (browsing_ == history_.size()) draft_ = text_;
  --browsing_;
  replace(history_[browsing_]);
}

void ChatInput::newer() {
  if (browsing_ >= history_.size()) return;
  ++browsing_;
  replace(browsing_ == history_.size() ? std::move(draft_) : history_[browsing_]);
  if (browsing_ == history_.size()) draft_.clear();
}

}  // namespace weft::engine
