// What weft-chatd, weft-chat and weft-chatlog share: which protocol an endpoint speaks, local
// time in the formats of Twisted's ircLogBot example, a console logger, and a check that keeps
// nan and inf out of numeric options. Internal to tools/chat.
// Tests: tests/tools/chat/chat_tool_test.cpp
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <string_view>

#include "net/chat/chat_message.h"
#include "net/core/endpoint.h"
#include "net/core/logger.h"
#include "net/core/result.h"

namespace weft::chat_tools {

// The two ways to speak to the room: telnet lines, or the game clients' messages (WIRE.md).
enum class Front { Telnet, Game };
std::string_view describe(Front front);

// enet: endpoints carry game messages natively; tcp, tcp6 and unix carry telnet lines unless
// `game` asks for the game protocol in length-prefixed frames. UDP carries no chat: an Error
// naming `text`, the endpoint as typed.
net::Result<Front> frontFor(const net::Endpoint& endpoint, std::string_view text, bool game);

// Parses a --listen or --connect value (the endpoint parser's own error names the bad part),
// refusing kinds no chat front runs on.
net::Result<net::Endpoint> parseChatEndpoint(std::string_view text, net::Endpoint::Role role);

// `range` (CLI11's Range on a floating-point option) that also refuses nan and inf, with the
// same help text: Range lets nan through, as every comparison with it is false.
CLI::Validator finite(CLI::Validator range);

// Tools may read the system clock; the library may not (DESIGN.md, "Time").
net::ChatTime wallNow();
// "14:03:59" in local time, as ircLogBot stamps its lines.
std::string clockTime(net::ChatTime time);
// "Thu Mar  7 14:03:59 2024" in local time: Python's time.asctime, for [connected at ...].
std::string asctimeOf(net::ChatTime time);

// "[14:03:59] message" lines on stdout, flushed at once (scripts and tests read them live). The
// message goes through sanitizeText: log lines carry names and a server's words.
class ConsoleLogger final : public net::Logger {
 public:
  explicit ConsoleLogger(net::LogLevel minimum = net::LogLevel::Info) : minimum_(minimum) {}
  void write(net::LogLevel level, std::string_view message) override;

 private:
  net::LogLevel minimum_;
};

}  // namespace weft::chat_tools
