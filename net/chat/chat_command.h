// ChatCommand: what a typed line asks the room to do — say it, or a slash command: /nick
// (/rename, /name), /list (/clients, /all), /me, /help, /quit (/exit) and /history.
// Tests: tests/net/chat/chat_command_test.cpp
#pragma once

#include <cstdint>
#include <string_view>

namespace weft::net {

struct ChatCommand {
  enum class Kind : std::uint8_t {
    Empty,    // nothing but spaces: ignored
    Say,      // arg: the text ("//x" says "/x")
    Me,       // /me ACTION
    Nick,     // /nick NAME, /rename NAME, /name NAME (arg may be empty: "what is my name?")
    List,     // /list, /clients, /all
    Help,     // /help
    Quit,     // /quit, /exit
    History,  // /history N (arg unparsed)
    Unknown,  // any other /word: arg is the word
  };
  Kind kind = Kind::Empty;
  std::string_view arg;  // a view into the line; trailing white space removed
};

// Command words are matched without regard to ASCII case ("/NAME" is /name, "/EXIT" /exit).
// The argument is what follows the first space after the word, with the line's trailing white
// space removed (every line is stripped on the right: "/nick bob " renames to "bob").
ChatCommand parseChatCommand(std::string_view line);

}  // namespace weft::net
