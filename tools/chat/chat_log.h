// ChatLog: the log bot's file, in the format of Twisted's ircLogBot example — "[HH:MM:SS]
// <name> text", "[HH:MM:SS] * name action", "[connected at ...]", "[disconnected at ...]" — one
// line per room event, flushed as written; "[connected at ... to a new room: ...]" when the
// server restarted, since then the old room's last words are gone. Internal to weft-chatlog.
// Tests: tests/tools/chat/chat_tool_test.cpp
#pragma once

#include <cstdio>
#include <optional>
#include <string>

#include "net/chat/chat_client.h"
#include "net/core/result.h"

namespace weft::chat_tools {

// The line an event adds to the log (no newline), or nothing for what the log leaves out
// (private answers to the bot, replays). `now` stamps connection events; messages carry their
// own time, so backfilled ones keep the time they were said. What members say and do reads
// "<name> text" and "* name action"; all the room says is in brackets: "[anna has joined]",
// "[anna has gone away]", "[anna is now known as annie]", "[notice]". (ircLogBot writes a nick
// change bare; here a name may start with "* ", and its bare line would read as an action.)
std::optional<std::string> logLine(const net::ChatEvent& event, net::ChatTime now);

class ChatLog {
 public:
  // Opens `path` for appending, as ircLogBot does, creating it if needed.
  static net::Result<ChatLog> open(const std::string& path);
  ChatLog(ChatLog&& other) noexcept : file_(std::exchange(other.file_, nullptr)) {}
  ChatLog& operator=(ChatLog&&) = delete;
  ~ChatLog();

  // Appends `line` and a newline, and flushes. False if the write failed (disk full...).
  bool write(const std::string& line);

 private:
  explicit ChatLog(std::FILE* file) : file_(file) {}
  std::FILE* file_;
};

}  // namespace weft::chat_tools
