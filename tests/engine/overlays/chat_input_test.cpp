// ChatInput without ImGui: UTF-8 typing and editing by whole characters, what a paste may not
// bring in, the length cap, and the shell-like history behind Up/Down.

#include "engine/overlays/chat_input.h"

#include <doctest/doctest.h>

#include <string>

using weft::engine::ChatInput;
using weft::engine::ChatInputConfig;

TEST_CASE("German, Russian and Chinese text goes in, and Backspace takes whole characters") {
  ChatInput input;
  input.insert("Grüße ");
  input.insert("Привет ");
  input.insert("你好");
  CHECK(input.text() == "Grüße Привет 你好");
  CHECK(input.cursor() == input.text().size());
  input.eraseBefore();
  CHECK(input.text() == "Grüße Привет 你");
  input.moveHome();
  input.moveRight();
  input.moveRight();
  input.eraseAfter();  // ü: two bytes
  CHECK(input.text() == "Grße Привет 你");
  input.moveEnd();
  input.moveLeft();  // before 你
  input.insert("в ");
  CHECK(input.text() == "Grße Привет в 你");
}

TEST_CASE("editing at the ends does nothing rather than break the text") {
  ChatInput input;
  input.eraseBefore();
  input.eraseAfter();
  input.moveLeft();
  input.moveRight();
  CHECK(input.text().empty());
  input.insert("ж");
  input.moveRight();
  input.eraseAfter();
  CHECK(input.text() == "ж");
  input.moveHome();
  input.eraseBefore();
  CHECK(input.text() == "ж");
  CHECK(input.cursor() == 0);
}

TEST_CASE("pasted control characters and escapes go, invalid UTF-8 becomes U+FFFD") {
  ChatInput input;
  input.insert("a\nb\x1b[2Jc\xff");
  CHECK(input.text() == "abc\xEF\xBF\xBD");
}

TEST_CASE("typing stops at maxCharacters, counted in characters, not bytes") {
  ChatInput input(ChatInputConfig{.maxCharacters = 4});
  input.insert("你好");
  input.insert("世界和平");
  CHECK(input.text() == "你好世界");
  input.insert("x");
  CHECK(input.text() == "你好世界");
}

TEST_CASE("Up and Down walk the sent lines and bring back what was being typed") {
  ChatInput input;
  input.insert("/nick anna");
  CHECK(input.submit() == "/nick anna");
  CHECK(input.text().empty());
  input.insert("hello");
  input.submit();
  input.insert("hello");
  input.submit();                 // the same line twice is kept once
  CHECK(input.submit().empty());  // an empty line is not kept
  CHECK(input.history() == std::deque<std::string>{"/nick anna", "hello"});

  input.insert("draft");
  input.older();
  CHECK(input.text() == "hello");
  input.older();
  CHECK(input.text() == "/nick anna");
  input.older();  // the oldest stays
  CHECK(input.text() == "/nick anna");
  CHECK(input.cursor() == input.text().size());
  input.newer();
  CHECK(input.text() == "hello");
  input.newer();
  CHECK(input.text() == "draft");
  input.newer();
  CHECK(input.text() == "draft");
}

TEST_CASE("history keeps historySize lines, the newest") {
  ChatInput input(ChatInputConfig{.maxCharacters = 100, .historySize = 2});
  for (const char* line : {"one", "two", "three"}) {
    input.insert(line);
    input.submit();
  }
  CHECK(input.history() == std::deque<std::string>{"two", "three"});
}
