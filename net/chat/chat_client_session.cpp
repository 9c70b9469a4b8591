#include "net/chat/chat_client_session.h"

#include <algorithm>
#include <utility>

#include "net/core/assert.h"
#include "net/core/str_cat.h"
#include "net/text/display_text.h"

namespace weft::net {

namespace {
ChatEvent event(ChatEvent::Type type) {
  ChatEvent e;
  e.type = type;
  return e;
}

// What the server says reaches a player's screen, a terminal, a log file. A weft room has
// sanitised it already; a server that is not one (or not honest) must not put escape sequences,
// bidi overrides or invisible characters there, so every string is sanitised again on the way in.
void sanitize(ChatMessage& m) {
  m.sender = sanitizeText(m.sender);
  m.text = sanitizeText(m.text);
  m.renamedTo = sanitizeText(m.renamedTo);
}
void sanitize(ChatWelcomeMessage& w) {
  w.name = sanitizeText(w.name);
  for (std::string& member : w.members) member = sanitizeText(member);
}
}  // namespace

ChatClientSession::ChatClientSession(ChatClientOwner& owner, Logger& logger,
                                     ChatSessionConfig config)
    : owner_(owner),
      logger_(logger),
      maxEvents_(config.maxEvents),
      welcomeTimeout_(config.welcomeTimeout),
      name_(std::move(config.name)) {
  WEFT_ASSERT(welcomeTimeout_ > Duration::zero(),
              "ChatSessionConfig::welcomeTimeout must be positive");
  if (config.resume) {
    roomId_ = config.resume->roomId;
    lastSeq_ = config.resume->lastSeq;
  }
}

// --- The owner's connections -----------------------------------------------------------------

void ChatClientSession::attach(MessageTransport& out, std::uint8_t channel) {
  WEFT_ASSERT(out_ == nullptr, "ChatClientSession::attach: detach() the previous connection first");
  WEFT_ASSERT(channel < out.channelCount(), "ChatClientSession::attach: no such channel");
  out_ = &out;
  channel_ = channel;
  ending_.reset();
  if (stopped_) return;
  ChatHello hello;
  hello.name = name_.substr(0, kChatMaxNameBytes);  // the room sanitises what is cut
  if (roomId_) hello.resume = ChatResume{*roomId_, lastSeq_};
  if (Scheduler* timers = out.scheduler()) {
    welcomeTimer_ = timers->callLater(welcomeTimeout_, [this] { welcomeOverdue(); });
  }
  sendMessage(ChatClientMessage(std::move(hello)));
}

void ChatClientSession::welcomeOverdue() {
  if (!out_ || joined_ || ending_) return;
  end({Reason::timedOut(strCat("no welcome from the chat server within ", welcomeTimeout_)), true,
       false});
}

void ChatClientSession::messageReceived(std::string_view bytes) {
  if (!out_ || ending_) return;  // chat on this connection is over: the rest does not matter
  auto decoded = decodeChatServerMessage(bytes);
  if (!decoded) {
    // The server is ours to trust less than ourselves: a message we cannot read is dropped,
    // and logged, as every decoder does with what it reads.
    logger_.warning(strCat("chat: dropped a message from the server: ", decoded.error().message));
    return;
  }
  if (auto* w = std::get_if<ChatWelcomeMessage>(&*decoded)) {
    sanitize(*w);
    return welcome(*w);
  }
  if (auto* e = std::get_if<ChatEntry>(&*decoded)) {
    sanitize(e->message);
    return entry(*e);
  }
  auto& goodbye = std::get<ChatGoodbye>(*decoded);
  end({Reason{goodbye.code, sanitizeText(goodbye.reason)}, goodbye.mayRetry, true});
}

void ChatClientSession::end(ChatEnding ending) {
  welcomeTimer_.cancel();
  ending_ = ending.reason;
  lastProblem_ = ending.reason;
  owner_.chatEnded(ending);  // last: the owner may detach or disconnect here
}

void ChatClientSession::detach(const Reason& reason, bool willRetry) {
  if (!out_) return;
  welcomeTimer_.cancel();
  out_ = nullptr;
  joined_ = false;
  const Reason why = ending_ ? *std::exchange(ending_, std::nullopt) : reason;
  lastProblem_ = why;
  ChatEvent gone = event(ChatEvent::Type::Disconnected);
  gone.reason = why;
  gone.willRetry = willRetry && !stopped_;
  push(std::move(gone));
}

void ChatClientSession::connectionFailed(const Reason& reason, bool willRetry) {
  lastProblem_ = reason;
  ChatEvent failure = event(ChatEvent::Type::Failed);
  failure.reason = reason;
  failure.willRetry = willRetry;
  push(std::move(failure));
}

void ChatClientSession::stop() {
  stopped_ = true;
}

// --- What the server says --------------------------------------------------------------------

void ChatClientSession::welcome(ChatWelcomeMessage& w) {
  if (w.version != kChatWireVersion) {
    return end({Reason::protocolError(strCat("the server speaks chat protocol version ", w.version,
                                             ", this client ", kChatWireVersion)),
                false, false});
  }
  // The first number history still holds (oldestSeq, at most lastSeq + 1), computed so that
  // no number the server sends can wrap: what is read from the wire is not trusted.
  const std::uint64_t kept =
      w.lastSeq == UINT64_MAX ? w.oldestSeq : std::min(w.oldestSeq, w.lastSeq + 1);
  const bool newRoom = roomId_ && *roomId_ != w.roomId;
  std::uint64_t missed = 0;
  if (roomId_ && !newRoom) {
    // We asked for everything after lastSeq_ (a number beyond the room's newest, from a
    // resume point kept by hand, is the newest); history starts at oldestSeq.
    lastSeq_ = std::min(lastSeq_, w.lastSeq);
    if (kept > 0 && kept - 1 > lastSeq_) missed = kept - 1 - lastSeq_;
  } else if (newRoom) {
    // A new room (the server restarted): it sends all it kept, numbered from 1.
    lastSeq_ = 0;
    missed = kept > 0 ? kept - 1 : 0;
  } else {
    lastSeq_ = w.lastSeq;  // a first join asks for no backfill: older messages are not news
  }
  welcomeTimer_.cancel();
  roomId_ = w.roomId;
  welcomeSeq_ = w.lastSeq;
  name_ = w.name;
  members_ = std::move(w.members);
  joined_ = true;
  owner_.chatJoined();
  ChatEvent joinedEvent = event(ChatEvent::Type::Joined);
  joinedEvent.name = name_;
  joinedEvent.newRoom = newRoom;
  push(std::move(joinedEvent));
  if (missed > 0) {
    ChatEvent gap = event(ChatEvent::Type::Missed);
    gap.missed = missed;
    push(std::move(gap));
  }
}

void ChatClientSession::entry(ChatEntry& e) {
  const ChatMessage& m = e.message;
  if (m.seq != kUnsequenced && !e.replay) {
    if (m.seq <= lastSeq_) return;  // seen already (a resend after a reconnect)
    lastSeq_ = m.seq;
    if (m.seq > welcomeSeq_) track(m);
  }
  ChatEvent message = event(ChatEvent::Type::Message);
  message.message = std::move(e.message);
  message.replay = e.replay;
  push(std::move(message));
}

// Keeps the member list (and our own name) from the room's join, leave and rename messages.
void ChatClientSession::track(const ChatMessage& m) {
  switch (m.kind) {
    case ChatKind::Join:
      members_.push_back(m.sender);
      break;
    case ChatKind::Leave:
      if (auto it = std::find(members_.begin(), members_.end(), m.sender); it != members_.end()) {
        members_.erase(it);
      }
      break;
    case ChatKind::Rename:
      std::replace(members_.begin(), members_.end(), m.sender, m.renamedTo);
      if (m.sender == name_) name_ = m.renamedTo;
      break;
    default:
      break;
  }
}

void ChatClientSession::push(ChatEvent event) {
  if (stopped_ && event.type != ChatEvent::Type::Disconnected) return;
  if (events_.size() >= maxEvents_) {
    events_.pop_front();
    ++droppedEvents_;
  }
  events_.push_back(std::move(event));
  if (onEvent_) onEvent_();
}

// --- What the overlay calls ------------------------------------------------------------------

void ChatClientSession::sendMessage(const ChatClientMessage& message) {
  out_->send(channel_, encodeChat(message), Delivery::Reliable);
}

bool ChatClientSession::send(std::string_view line) {
  if (state() != ChatState::Joined) return false;
  line = line.substr(0, kChatMaxTextBytes);  // far over the room's limit: it says so
  sendMessage(ChatClientMessage(ChatInput{std::string(line)}));
  return true;
}

std::vector<ChatEvent> ChatClientSession::takeEvents() {
  std::vector<ChatEvent> out(std::make_move_iterator(events_.begin()),
                             std::make_move_iterator(events_.end()));
  events_.clear();
  return out;
}

ChatState ChatClientSession::state() const {
  if (stopped_) return ChatState::Stopped;
  if (out_ && !ending_) return joined_ ? ChatState::Joined : ChatState::Joining;
  return owner_.connectionState();
}

std::optional<Duration> ChatClientSession::reconnectIn() const {
  if (state() != ChatState::Reconnecting) return std::nullopt;
  return owner_.nextAttemptIn();
}

std::optional<NetStats> ChatClientSession::connectionStats() const {
  if (!out_) return std::nullopt;
  return out_->stats();
}

std::string ChatClientSession::status() const {
  const std::string problem = lastProblem_ ? strCat(": ", lastProblem_->sentence()) : "";
  switch (state()) {
    case ChatState::Connecting:
      return "connecting";
    case ChatState::Joining:
      return "connected, joining the room";
    case ChatState::Joined:
      return strCat("in the room as ", name_, " (", members_.size(),
                    members_.size() == 1 ? " member)" : " members)");
    case ChatState::Reconnecting: {
      const auto in = reconnectIn();
      if (!in) return strCat("reconnecting", problem);
      const auto seconds = std::chrono::ceil<std::chrono::seconds>(*in).count();
      return strCat("reconnecting in ", seconds, " s", problem);
    }
    case ChatState::Stopped:
      return strCat("disconnected", problem);
  }
  return "";
}

std::string_view describe(ChatState state) {
  switch (state) {
    case ChatState::Connecting:
      return "connecting";
    case ChatState::Joining:
      return "joining";
    case ChatState::Joined:
      return "joined";
    case ChatState::Reconnecting:
      return "reconnecting";
    case ChatState::Stopped:
      return "stopped";
  }
  return "unknown";
}

}  // namespace weft::net
