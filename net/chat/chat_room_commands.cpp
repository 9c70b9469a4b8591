// ChatRoom's commands: what a joined member's typed line does (chat_room.h has the contract).
#include <algorithm>
#include <charconv>
#include <utility>

#include "net/chat/chat_command.h"
#include "net/chat/chat_room.h"
#include "net/chat/chat_text.h"
#include "net/chat/chat_texts.h"
#include "net/core/assert.h"
#include "net/core/str_cat.h"

namespace weft::net {

namespace {

// /list names this many others at most: ten thousand names would be a 250 KB line.
constexpr std::size_t kMaxListed = 100;

std::string slowDown(const ChatRateLimit& rate) {
  return strCat("Slow down! You may send ", rate.burst, " messages at once, then ",
                rate.perSecond, " per second; that one was not sent.");
}

}  // namespace

void ChatRoom::input(MemberId id, std::string_view line) {
  const Entry entry(*this);
  Member& m = member(id);
  WEFT_ASSERT(m.state == State::Joined, "ChatRoom::input before join(): the first line names");
  const ChatCommand command = parseChatCommand(line);
  if (command.kind == ChatCommand::Kind::Empty) return;
  switch (m.limiter.take(config_.rate, clock_.now())) {
    case ChatRateLimiter::Verdict::Accept: break;
    case ChatRateLimiter::Verdict::SlowDown: return tell(id, slowDown(config_.rate));
    case ChatRateLimiter::Verdict::Refuse: return;
    case ChatRateLimiter::Verdict::Flood:
      tell(id, std::string(kChatFlooding));
      return dismiss(id, {kFlooding, "flooding"}, true);
  }
  using Kind = ChatCommand::Kind;
  switch (command.kind) {
    case Kind::Empty: return;
    case Kind::Say: return say(id, ChatKind::Say, command.arg);
    case Kind::Me:
      if (command.arg.empty()) return tell(id, std::string(kChatWhatDoYouMean));
      return say(id, ChatKind::Me, command.arg);
    case Kind::Nick: return rename(id, command.arg);
    case Kind::List: return list(id);
    case Kind::Help:
      return tell(id, std::string(kChatHelp));
    case Kind::History: return replayHistory(id, command.arg);
    case Kind::Quit:
      tell(id, std::string(kChatBye));
      return dismiss(id, Reason::done("quit"), true);
    case Kind::Unknown:
      return tell(id, std::string(kChatWhatDoYouMean));
  }
}

void ChatRoom::say(MemberId id, ChatKind kind, std::string_view typed) {
  std::string text = sanitizeText(typed);
  // Nothing to see (spaces of any kind, accents on nothing): not sent, so that a member's line
  // always shows something after its "<name>: ".
  if (sanitizeLabel(text).empty()) return;
  if (text.size() > config_.maxMessageBytes) {
    return tell(id, strCat("Your message is ", text.size(), " bytes long, over the ",
                           config_.maxMessageBytes, "-byte limit; it was not sent."));
  }
  ChatMessage message = stamp(kind);
  message.sender = members_[id].name;
  message.text = std::move(text);
  broadcast(std::move(message));
}

void ChatRoom::rename(MemberId id, std::string_view wanted) {
  Member& m = members_[id];
  const SanitizedName clean = sanitizeName(wanted, config_.maxNameCharacters);
  if (clean.name.empty()) {
    return tell(id, strCat("Your nick is ", m.name, ", to change pass a new name!"));
  }
  if (clean.name == m.name) return tell(id, strCat("Your nick is already ", m.name, "!"));
  std::string name = uniqueName(clean.name, id);
  names_.erase(nameKey(m.name));
  names_.emplace(nameKey(name), id);
  ChatMessage message = stamp(ChatKind::Rename);
  message.sender = std::exchange(m.name, std::move(name));
  message.renamedTo = m.name;
  message.text = strCat(message.sender, " renamed to ", message.renamedTo);
  log(message.text);
  broadcast(std::move(message));
  if (clean.truncated) {
    tell(id, strCat("Names are limited to ", config_.maxNameCharacters, " characters; yours is ",
                    members_[id].name, "."));
  }
}

void ChatRoom::list(MemberId id) {
  if (audience_.size() == 1) return tell(id, std::string(kChatAlone));
  std::string others;
  std::size_t listed = 0;
  for (const Audience& a : audience_) {
    if (a.id == id) continue;
    if (listed++ == kMaxListed) break;
    if (!others.empty()) others.push_back(' ');
    others.append(members_[a.id].name);
  }
  const std::size_t unnamed = audience_.size() - 1 - std::min(audience_.size() - 1, kMaxListed);
  if (unnamed > 0) others.append(strCat(", ", unnamed, " more"));
  tell(id, strCat(audience_.size(), " people are currently connected: ", others, " and you"));
}

void ChatRoom::replayHistory(MemberId id, std::string_view count) {
  std::size_t n = 0;
  const auto [end, error] = std::from_chars(count.data(), count.data() + count.size(), n);
  if (error != std::errc() || end != count.data() + count.size() || n == 0) {
    return tell(id, strCat("Usage: /history N, to see the last N messages (the room keeps ",
                           config_.historySize, ")."));
  }
  if (history_.size() == 0) return tell(id, "No messages yet.");
  n = std::min(n, history_.size());
  tell(id, strCat("The last ", n, n == 1 ? " message:" : " messages:"));
  history_.forEachLast(n, [&](const ChatMessage& old) {
    if (!members_[id].sink) return;
    ++deliveries_;
    members_[id].sink->deliver(ChatDelivery(old, true));
  });
  tell(id, "End of history.");
}

}  // namespace weft::net
