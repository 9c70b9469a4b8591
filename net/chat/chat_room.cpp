#include "net/chat/chat_room.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "net/chat/chat_text.h"
#include "net/chat/chat_texts.h"
#include "net/core/assert.h"
#include "net/core/str_cat.h"

namespace weft::net {

namespace {

constexpr std::size_t kMaxMessageBytesLimit = 60000;  // the game wire's u16 string length

}  // namespace

ChatRoom::ChatRoom(Clock& clock, ChatRoomConfig config)
    : clock_(clock),
      config_(config),
      history_(config.historySize),
      addressQuota_(config.maxPerAddress) {
  WEFT_ASSERT(config_.maxMembers >= 1, "ChatRoomConfig::maxMembers must be at least 1");
  WEFT_ASSERT(config_.maxNameCharacters >= 1 && config_.maxNameCharacters <= 200,
              "ChatRoomConfig::maxNameCharacters must be 1 to 200");
  WEFT_ASSERT(config_.maxMessageBytes >= 1 && config_.maxMessageBytes <= kMaxMessageBytesLimit,
              "ChatRoomConfig::maxMessageBytes must be 1 to 60000 (the wire's string limit)");
  WEFT_ASSERT(config_.rate.burst >= 1 && config_.rate.floodStrikes >= 1 &&
                  config_.rate.perSecond >= 0 && std::isfinite(config_.rate.perSecond),
              "ChatRoomConfig::rate: burst and floodStrikes must be at least 1, perSecond a "
              "finite number >= 0");
  WEFT_ASSERT(config_.nameTimeout >= Duration::zero(),
              "ChatRoomConfig::nameTimeout must not be negative");
}

ChatTime ChatRoom::wallTime() const {
  return config_.wallClock.wall +
         std::chrono::floor<std::chrono::milliseconds>(clock_.now() - config_.wallClock.steady);
}

// --- Re-entrance (see Entry in the header) ------------------------------------------------

void ChatRoom::leaveDeferred() {
  // leave() takes the entry off the list (removeNow).
  while (!deferredLeaves_.empty()) leave(deferredLeaves_.front().id);
}

std::string ChatRoom::takeDeferredLeave(MemberId id) {
  std::string describedAs;
  std::erase_if(deferredLeaves_, [&](DeferredLeave& leave) {
    if (leave.id != id) return false;
    describedAs = std::move(leave.describedAs);
    return true;
  });
  return describedAs;
}

// --- Places ------------------------------------------------------------------------------

void ChatRoom::log(std::string_view line) const {
  if (config_.logger) config_.logger->info(line);
}

ChatRoom::Admission ChatRoom::admit(ChatMember& sink, const Address& from) {
  const Entry entry(*this);
  Admission admission;
  const AddressQuota::Host host = AddressQuota::hostOf(from);
  // The address first: a host at its limit gets no place, not even a silent newcomer's.
  if (!addressQuota_.allows(host)) {
    // Logged once per host until it holds fewer places again: a flood of refusals is one line.
    if (addressQuota_.refuse(host) && config_.logger) {
      log(strCat("too many connections from ", from.host(), " (", config_.maxPerAddress,
                 "): refused ", sink.describe(),
                 "; more refusals of it go unlogged while it stays at the limit"));
    }
    admission.refusal = {kTooManyFromAddressCode, std::string(kTooManyFromAddress)};
    return admission;
  }
  if (placesTaken_ >= config_.maxMembers && !evictSilentNewcomer()) {
    if (config_.logger)
      log(strCat("room full (", config_.maxMembers, "): refused ", sink.describe()));
    admission.refusal = {kRoomFullCode, std::string(kRoomFull)};
    return admission;
  }
  const MemberId id = newSlot();
  Member& m = members_[id];
  m.sink = &sink;
  m.state = State::Pending;
  m.admittedAt = clock_.now();
  m.limiter = ChatRateLimiter(config_.rate, m.admittedAt);
  m.host = host;
  addressQuota_.take(host);
  ++placesTaken_;
  admission.emplace(id);
  return admission;
}

// A full room looks for one connection that has sat at the name prompt past nameTimeout, so
// idle half-open connections cannot keep everyone else out.
bool ChatRoom::evictSilentNewcomer() {
  const TimePoint now = clock_.now();
  for (MemberId id = 0; id < members_.size(); ++id) {
    const Member& m = members_[id];
    if (m.state == State::Pending && now - m.admittedAt >= config_.nameTimeout) {
      expire(id);
      return true;
    }
  }
  return false;
}

void ChatRoom::expire(MemberId id) {
  const Entry entry(*this);
  if (member(id).state != State::Pending) return;
  tell(id, std::string(kChatNameTimeout));
  dismiss(id, {kNameTimeout, "no name given in time"}, false);
}

ChatRoom::MemberId ChatRoom::newSlot() {
  if (!freeSlots_.empty()) {
    const MemberId id = freeSlots_.back();
    freeSlots_.pop_back();
    return id;
  }
  members_.emplace_back();
  return static_cast<MemberId>(members_.size() - 1);
}

void ChatRoom::freeSlot(MemberId id) {
  Member& m = members_[id];
  m.sink = nullptr;
  m.state = State::Free;
  m.audienceIndex = kNotListening;
  std::string().swap(m.name);
  addressQuota_.release(std::exchange(m.host, {}));
  freeSlots_.push_back(id);
  --placesTaken_;
}

ChatRoom::Member& ChatRoom::member(MemberId id) {
  WEFT_ASSERT(id < members_.size() && members_[id].state != State::Free,
              "ChatRoom: unknown member id (used after leave() or dismissed()?)");
  return members_[id];
}

const ChatRoom::Member& ChatRoom::member(MemberId id) const {
  WEFT_ASSERT(id < members_.size() && members_[id].state != State::Free,
              "ChatRoom: unknown member id (used after leave() or dismissed()?)");
  return members_[id];
}

bool ChatRoom::joined(MemberId id) const {
  return member(id).state == State::Joined;
}
const std::string& ChatRoom::nameOf(MemberId id) const {
  return member(id).name;
}

void ChatRoom::removeFromAudience(Member& m) {
  names_.erase(nameKey(m.name));
  const std::uint32_t index = std::exchange(m.audienceIndex, kNotListening);
  if (index == kNotListening) return;  // it left while still catching up
  audience_[index] = audience_.back();
  members_[audience_[index].id].audienceIndex = index;
  audience_.pop_back();
}

// --- Joining and leaving -------------------------------------------------------------------

std::string ChatRoom::uniqueName(std::string_view wanted, MemberId self) const {
  const auto freeFor = [&](const std::string& name) {
    const auto it = names_.find(nameKey(name));
    return it == names_.end() || it->second == self;
  };
  std::string name(wanted);
  // A taken name gets 2, 3, ... appended; the base is cut so the result fits the limit.
  for (std::uint64_t n = 2; !freeFor(name); ++n) {
    const std::string suffix = strCat(n);
    const std::size_t room =
        config_.maxNameCharacters > suffix.size() ? config_.maxNameCharacters - suffix.size() : 0;
    name = strCat(firstCharacters(wanted, room), suffix);
  }
  return name;
}

void ChatRoom::join(MemberId id, std::string_view wanted, std::optional<ChatResume> resume) {
  const Entry entry(*this);
  Member& m = member(id);
  WEFT_ASSERT(m.state == State::Pending, "ChatRoom::join: this member has joined already");
  const SanitizedName clean = sanitizeName(wanted, config_.maxNameCharacters);
  const std::uint64_t number = ++joins_;
  m.name = uniqueName(clean.name.empty() ? strCat(kChatGuest, number) : clean.name, id);
  m.state = State::Joined;
  names_.emplace(nameKey(m.name), id);
  if (config_.logger) {
    log(strCat(m.name, " joined (", m.sink->describe(), "), ", audience_.size() + 1, " members"));
  }

  m.sink->welcomed({m.name, config_.roomId, history_.lastSeq(), history_.oldestSeq(), *this});
  if (resume) {
    // Another room (this server restarted) numbered its messages afresh: all of ours are news.
    const std::uint64_t seen = resume->roomId == config_.roomId ? resume->lastSeq : 0;
    history_.forEachSince(seen, [&](const ChatMessage& old) {
      if (!m.sink) return;
      ++deliveries_;
      m.sink->deliver(ChatDelivery(old, false));
    });
  }
  if (!m.sink) return;  // its connection closed while catching up; its leave follows
  m.audienceIndex = static_cast<std::uint32_t>(audience_.size());
  audience_.push_back({m.sink, id});

  ChatMessage hello = stamp(ChatKind::Join);
  hello.sender = m.name;
  hello.text = strCat("All welcome ", m.name, ", client no. ", number, "!");
  broadcast(std::move(hello));
  tell(id, std::string(kChatHint));
  if (clean.truncated) {
    tell(id, strCat("Names are limited to ", config_.maxNameCharacters, " characters; yours is ",
                    members_[id].name, "."));
  }
}

void ChatRoom::leave(MemberId id) {
  Member& m = member(id);
  if (depth_ > 0) {
    // From inside a delivery: stop delivering to it now, announce it once the room is done.
    if (m.audienceIndex != kNotListening) audience_[m.audienceIndex].sink = nullptr;
    deferredLeaves_.push_back({id, config_.logger && m.sink ? m.sink->describe() : std::string()});
    m.sink = nullptr;
    return;
  }
  const Entry entry(*this);
  removeNow(id);
}

void ChatRoom::removeNow(MemberId id) {
  Member& m = members_[id];
  const std::string describedAs = takeDeferredLeave(id);
  if (m.state != State::Joined) return freeSlot(id);
  if (m.audienceIndex == kNotListening) {
    // Gone while still catching up: nobody heard it join, so nobody hears it leave.
    removeFromAudience(m);
    return freeSlot(id);
  }
  removeFromAudience(m);
  ChatMessage bye = stamp(ChatKind::Leave);
  bye.sender = std::move(m.name);
  bye.text = strCat(bye.sender, " has gone away");
  if (config_.logger) {
    log(strCat(bye.sender, " left (", m.sink ? m.sink->describe() : describedAs, "), ",
               audience_.size(), " members"));
  }
  freeSlot(id);
  broadcast(std::move(bye));
}

void ChatRoom::dismiss(MemberId id, Reason reason, bool announce) {
  ChatMember* sink = member(id).sink;
  if (config_.logger && reason.code != ReasonCode::ShuttingDown && !reason.clean()) {
    const std::string& name = members_[id].name;
    log(strCat("dismissed ", name.empty() && sink ? sink->describe() : name, ": ",
               reason.sentence()));
  }
  if (announce) {
    removeNow(id);
  } else {
    Member& m = members_[id];
    takeDeferredLeave(id);
    if (m.state == State::Joined) removeFromAudience(m);
    freeSlot(id);
  }
  if (sink) sink->dismissed(reason);  // none: its connection is already gone
}

void ChatRoom::shutdown(std::string_view notice) {
  const Entry entry(*this);
  if (config_.logger) log(strCat("shutting down: telling ", placesTaken_, " connections"));
  if (!audience_.empty()) {
    ChatMessage last = stamp(ChatKind::Notice);
    last.text = sanitizeNotice(notice);
    broadcast(std::move(last));
  }
  for (MemberId id = 0; id < members_.size(); ++id) {
    if (members_[id].state != State::Free) {
      dismiss(id, {ReasonCode::ShuttingDown, std::string(notice)}, false);
    }
  }
}

// --- Messages ------------------------------------------------------------------------------

ChatMessage ChatRoom::stamp(ChatKind kind) const {
  ChatMessage message;
  message.kind = kind;
  message.time = wallTime();
  if (kind != ChatKind::Private) message.seq = history_.lastSeq() + 1;
  return message;
}

void ChatRoom::broadcast(ChatMessage message) {
  {
    const ChatDelivery delivery(message, false);
    // By index: a member that leaves during the loop is only marked (see Entry).
    for (std::size_t i = 0; i < audience_.size(); ++i) {
      if (ChatMember* sink = audience_[i].sink) {
        sink->deliver(delivery);
        ++deliveries_;
      }
    }
  }
  history_.add(std::move(message));
}

void ChatRoom::tell(MemberId id, std::string text) {
  if (!members_[id].sink) return;  // leaving
  ChatMessage message = stamp(ChatKind::Private);
  message.text = std::move(text);
  ++deliveries_;
  members_[id].sink->deliver(ChatDelivery(message, false));
}

}  // namespace weft::net
