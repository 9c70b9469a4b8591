#include "net/chat/chat_command.h"

#include <doctest/doctest.h>

using weft::net::ChatCommand;
using weft::net::parseChatCommand;
using Kind = ChatCommand::Kind;

TEST_CASE("a line without a leading slash is said, trailing white space removed") {
  const ChatCommand c = parseChatCommand("hello there  \r");
  CHECK(c.kind == Kind::Say);
  CHECK(c.arg == "hello there");
  CHECK(parseChatCommand("  indented").arg == "  indented");
}

TEST_CASE("an empty or blank line asks for nothing") {
  CHECK(parseChatCommand("").kind == Kind::Empty);
  CHECK(parseChatCommand("   \t ").kind == Kind::Empty);
}

TEST_CASE("every command word and alias, in any ASCII case") {
  struct Case {
    const char* line;
    Kind kind;
    const char* arg;
  };
  const Case cases[] = {
      {"/me waves", Kind::Me, "waves"},
      {"/nick bob", Kind::Nick, "bob"},
      {"/rename bob", Kind::Nick, "bob"},
      {"/NAME bob", Kind::Nick, "bob"},  // any case
      {"/nick", Kind::Nick, ""},
      {"/list", Kind::List, ""},
      {"/clients", Kind::List, ""},
      {"/all", Kind::List, ""},
      {"/help", Kind::Help, ""},
      {"/HELP", Kind::Help, ""},
      {"/quit", Kind::Quit, ""},
      {"/EXIT", Kind::Quit, ""},
      {"/history 20", Kind::History, "20"},
      {"/history", Kind::History, ""},
  };
  for (const Case& c : cases) {
    INFO(c.line);
    const ChatCommand parsed = parseChatCommand(c.line);
    CHECK(parsed.kind == c.kind);
    CHECK(parsed.arg == c.arg);
  }
}

TEST_CASE("the argument keeps its inner spaces and loses trailing ones") {
  CHECK(parseChatCommand("/me waves at  everyone  ").arg == "waves at  everyone");
  CHECK(parseChatCommand("/nick anna maria\r\n").arg == "anna maria");
}

TEST_CASE("an unknown command names its word; a double slash says a line starting with one") {
  const ChatCommand unknown = parseChatCommand("/dance wildly");
  CHECK(unknown.kind == Kind::Unknown);
  CHECK(unknown.arg == "dance");
  CHECK(parseChatCommand("/").kind == Kind::Unknown);
  CHECK(parseChatCommand("/nickname x").kind == Kind::Unknown);  // whole words only

  const ChatCommand slashes = parseChatCommand("//help is not a command here");
  CHECK(slashes.kind == Kind::Say);
  CHECK(slashes.arg == "/help is not a command here");
}
