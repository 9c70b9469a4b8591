// ChatInput: the chat overlay's input line without ImGui — UTF-8 text with a cursor that moves
// and erases whole characters, an IME composition in progress, and the history of sent lines
// recalled with Up/Down as in a shell; so typing is tested without a window.
// Tests: tests/engine/overlays/chat_input_test.cpp
#pragma once

#include <cstddef>
#include <deque>
#include <string>
#include <string_view>

namespace weft::engine {

struct ChatInputConfig {
  std::size_t maxCharacters = 400;  // typing stops here (the room cuts longer lines anyway)
  std::size_t historySize = 50;     // sent lines kept for Up/Down
};

class ChatInput {
 public:
  explicit ChatInput(ChatInputConfig config = {});

  const std::string& text() const { return text_; }
  // Byte offset of the cursor in text(), always on a character boundary.
  std::size_t cursor() const { return cursor_; }
  bool empty() const { return text_.empty(); }

  // Inserts typed or pasted text at the cursor: invalid UTF-8 becomes U+FFFD, control
  // characters go (a pasted newline included), and what passes maxCharacters is cut off.
  void insert(std::string_view utf8);
  void eraseBefore();  // Backspace: the character before the cursor
  void eraseAfter();   // Delete: the character after the cursor
  void moveLeft();
  void moveRight();
  void moveHome();
  void moveEnd();
  void clear();

  // An input method's text being composed (CJK), shown at the cursor until it is committed as
  // an insert; empty when none.
  void setComposition(std::string_view utf8) { composition_ = utf8; }
  const std::string& composition() const { return composition_; }

  // Enter: returns the line, clears the input and remembers the line for Up (not an empty one,
  // nor the same line twice in a row).
  std::string submit();
  // Up: the previous sent line (keeping what was being typed, for Down to bring back).
  void older();
  // Down: the next sent line, or back to what was being typed.
  void newer();
  const std::deque<std::string>& history() const { return history_; }

 private:
  void replace(std::string text);

  ChatInputConfig config_;
  std::string text_;
  std::size_t cursor_ = 0;
  std::string composition_;
  std::deque<std::string> history_;  // oldest first
  std::size_t browsing_ = 0;         // index into history_; history_.size() when not browsing
  std::string draft_;                // what was typed before Up
};

}  // namespace weft::engine
