#include "net/chat/chat_message.h"

namespace weft::net {

std::string_view describe(ChatKind kind) {
  switch (kind) {
    case ChatKind::Say:
      return "say";
    case ChatKind::Me:
      return "me";
    case ChatKind::Join:
      return "join";
    case ChatKind::Leave:
      return "leave";
    case ChatKind::Rename:
      return "rename";
    case ChatKind::Notice:
      return "notice";
    case ChatKind::Private:
      return "private";
  }
  return "unknown";
}

}  // namespace weft::net
