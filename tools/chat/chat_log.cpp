#include "tools/chat/chat_log.h"

#include <cerrno>
#include <cstring>

#include "net/chat/chat_text.h"
#include "net/core/str_cat.h"
#include "tools/chat/chat_tool.h"

namespace weft::chat_tools {

using net::ChatEvent;
using net::ChatKind;
using net::strCat;

namespace {
constexpr std::string_view kNewRoom =
    " to a new room: the server restarted; anything said between the line above and the "
    "restart is lost";
}  // namespace

std::optional<std::string> logLine(const ChatEvent& event, net::ChatTime now) {
  const auto stamp = [](net::ChatTime t) { return strCat("[", clockTime(t), "] "); };
  switch (event.type) {
    case ChatEvent::Type::Joined:
      if (event.newRoom) {
        return strCat(stamp(now), "[connected at ", asctimeOf(now), kNewRoom, "]");
      }
      return strCat(stamp(now), "[connected at ", asctimeOf(now), "]");
    case ChatEvent::Type::Disconnected:
      return strCat(stamp(now), "[disconnected at ", asctimeOf(now), "]");
    case ChatEvent::Type::Missed:
      return strCat(stamp(now), "[", event.missed,
                    " messages missed: the server's history did not reach back that far]");
    case ChatEvent::Type::Failed:
      return std::nullopt;
    case ChatEvent::Type::Message:
      break;
  }
  if (event.replay) return std::nullopt;
  const net::ChatMessage& m = event.message;
  // The server sanitises; the log does again, so no file viewer can be fooled by one.
  const std::string sender = net::sanitizeText(m.sender);
  const std::string text = net::sanitizeText(m.text);
  // Members' lines start "<" or "* ", the room's "[": no name or text can make one the other.
  switch (m.kind) {
    case ChatKind::Say:
      return strCat(stamp(m.time), "<", sender, "> ", text);
    case ChatKind::Me:
      return strCat(stamp(m.time), "* ", sender, " ", text);
    case ChatKind::Join:
      return strCat(stamp(m.time), "[", sender, " has joined]");
    case ChatKind::Leave:
      return strCat(stamp(m.time), "[", sender, " has gone away]");
    case ChatKind::Rename:
      return strCat(stamp(m.time), "[", sender, " is now known as ", net::sanitizeText(m.renamedTo),
                    "]");
    case ChatKind::Notice:
      return strCat(stamp(m.time), "[", text, "]");
    case ChatKind::Private:
      return std::nullopt;
  }
  return std::nullopt;
}

net::Result<ChatLog> ChatLog::open(const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "a");
  if (!file) return net::Error{strCat(path, ": ", std::strerror(errno))};
  return ChatLog(file);
}

ChatLog::~ChatLog() {
  if (file_) std::fclose(file_);
}

bool ChatLog::write(const std::string& line) {
  return std::fputs(line.c_str(), file_) >= 0 && std::fputc('\n', file_) != EOF &&
         std::fflush(file_) == 0;
}

}  // namespace weft::chat_tools
