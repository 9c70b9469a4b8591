// ChatRoom: the one chat room every front (telnet, game clients, the log bot) talks to — members
// join, leave and rename, every command, sequenced history with backfill, sanitised and limited
// text, per-member rate limits, a member quota and a per-address one. Sans-I/O: fronts call in
// with what their connection said and the room calls back through ChatMember; time comes from
// the injected Clock. Tests: tests/net/chat/chat_room_test.cpp, chat_room_commands_test.cpp,
// chat_room_address_test.cpp, chat_room_backfill_test.cpp
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "net/chat/address_quota.h"
#include "net/chat/chat_history.h"
#include "net/chat/chat_message.h"
#include "net/chat/chat_rate_limit.h"
#include "net/chat/chat_texts.h"
#include "net/core/address.h"
#include "net/core/clock.h"
#include "net/core/logger.h"
#include "net/core/reason.h"

namespace weft::net {

class ChatRoom;

// Maps the room's Clock to wall time: `steady` on the clock is `wall` on the calendar. A
// program sets it from the system clock once at start; tests leave the epoch.
struct WallClockAnchor {
  TimePoint steady{};
  ChatTime wall{};
};

struct ChatRoomConfig {
  std::size_t maxMembers = 1000;  // members at once, those still choosing a name included
  // Places one remote host (an IPv4 or IPv6 address) may hold at once, those still choosing a
  // name included, so one machine cannot lock everyone else out; 0: no limit. A LAN party's
  // machine holds a few (a game, a terminal client, a log bot): 32 leaves room for a household
  // behind one NAT address or a bot swarm under test, and is 3% of the default maxMembers.
  // Unix-socket and address-less (in-process) connections are not counted.
  std::size_t maxPerAddress = 32;
  std::size_t historySize = 500;       // messages kept for backfill and /history
  std::size_t maxNameCharacters = 24;  // longer names are cut, with a notice
  std::size_t maxMessageBytes = 400;   // longer messages are refused, with a notice (<= 60000)
  // When the room is full, a connection that has not named itself for this long gives its
  // place to a newcomer. Full or not, each front also expire()s a connection that has not said
  // hello (a game client) or given a name (telnet) within its own hello timeout
  // (GameChatConfig::helloTimeout, TelnetChatConfig::helloTimeout).
  Duration nameTimeout = std::chrono::seconds(60);
  ChatRateLimit rate;        // per member, for every line (commands too)
  std::uint64_t roomId = 1;  // tells a restarted room from the one a client knew
  WallClockAnchor wallClock;
  Logger* logger = nullptr;  // joins, leaves, renames and dismissals; null: silent
};

// Each front renders a message its own way, once per message however many members receive it:
// deliveries to many members share one ChatDelivery and so one cached encoding per front.
enum class ChatEncoding : std::uint8_t { Telnet, Game };
inline constexpr std::size_t kChatEncodings = 2;

class ChatDelivery {
 public:
  ChatDelivery(const ChatMessage& message, bool replay) : message_(message), replay_(replay) {}
  ChatDelivery(const ChatDelivery&) = delete;
  ChatDelivery& operator=(const ChatDelivery&) = delete;

  const ChatMessage& message() const { return message_; }
  // True for /history's answer: old messages shown again, which a client must not count as new.
  bool replay() const { return replay_; }

  // The message as `encoding` renders it: `encode(const ChatDelivery&)` runs for the first
  // member of that front only. The reference is valid while the delivery is.
  template <typename Encode>
  const std::string& encoded(ChatEncoding encoding, Encode&& encode) const {
    auto& slot = cache_[static_cast<std::size_t>(encoding)];
    if (!slot) slot.emplace(encode(*this));
    return *slot;
  }

 private:
  const ChatMessage& message_;
  bool replay_;
  mutable std::array<std::optional<std::string>, kChatEncodings> cache_;
};

// What a member learns when its join is accepted, before anything is delivered to it.
struct ChatWelcome {
  std::string_view name;    // the name it got (a guest name, or with a number appended)
  std::uint64_t roomId;     // to send back when resuming
  std::uint64_t lastSeq;    // the room's newest message before this member's own join
  std::uint64_t oldestSeq;  // the oldest message history still holds (lastSeq + 1 if none)
  const ChatRoom& room;     // forEachMember: who else is here (self not yet counted)
};

// A member that was in this room before asks for what it missed.
struct ChatResume {
  std::uint64_t roomId = 0;
  std::uint64_t lastSeq = 0;  // the last sequence number it received
  friend bool operator==(const ChatResume&, const ChatResume&) = default;
};

// The room's view of one connection; each front implements it. The room calls these during
// the front's own calls into the room, or another member's.
class ChatMember {
 public:
  // A message for this member (a broadcast, or private to it).
  virtual void deliver(const ChatDelivery& delivery) = 0;
  // join() accepted the member under welcome.name; comes before its first delivery.
  virtual void welcomed(const ChatWelcome& welcome) = 0;
  // The room removed the member (it quit, flooded, the room closed) and forgot its id: the
  // front closes the connection once what was delivered is sent, and calls no more into the
  // room for it.
  virtual void dismissed(const Reason& reason) = 0;
  // Who this is, for the room's log: "telnet 127.0.0.1:40000".
  virtual std::string describe() const = 0;

 protected:
  ~ChatMember() = default;
};

class ChatRoom {
 public:
  using MemberId = std::uint32_t;

  static constexpr std::string_view kRoomFull = kChatRoomFull;
  static constexpr std::string_view kTooManyFromAddress = kChatTooManyFromAddress;
  static constexpr std::string_view kShuttingDown = kChatShuttingDown;
  // Chat's codes (ReasonBand::Chat, 2001-2005): what a dismissed game client reads in its
  // Goodbye, and every front's connectionLost. Numbers on the wire: never renumber one.
  static constexpr ReasonCode kFlooding = reasonCode(ReasonBand::Chat, 1);
  static constexpr ReasonCode kRoomFullCode = reasonCode(ReasonBand::Chat, 2);
  static constexpr ReasonCode kNameTimeout = reasonCode(ReasonBand::Chat, 3);
  static constexpr ReasonCode kTooSlow = reasonCode(ReasonBand::Chat, 4);  // (set by the fronts)
  static constexpr ReasonCode kTooManyFromAddressCode = reasonCode(ReasonBand::Chat, 5);

  // admit()'s answer: the new member's id, or none and why — `refusal` is {kRoomFullCode,
  // kRoomFull} or {kTooManyFromAddressCode, kTooManyFromAddress}, the code the front's
  // connection ends with and the sentence it says first.
  struct Admission : std::optional<MemberId> {
    Reason refusal;
  };

  // `clock` must outlive the room, and the room every member (fronts refer to it).
  explicit ChatRoom(Clock& clock, ChatRoomConfig config = {});
  ChatRoom(const ChatRoom&) = delete;
  ChatRoom& operator=(const ChatRoom&) = delete;

  // A new connection from `from` (its peer address) asks for a place. None: the room is full,
  // or `from` holds maxPerAddress places already; the front says the refusal's sentence and
  // closes. An Address() (an in-process link) is never refused for its address. `member` must
  // stay valid until leave() or its dismissed().
  Admission admit(ChatMember& member, const Address& from = {});
  // The admitted member names itself (an empty or unusable name gets a guest name). With
  // `resume`, it first receives what it missed: every kept message after resume.lastSeq if
  // the room is the one it knew, else every kept message. Then its join is announced.
  void join(MemberId id, std::string_view name, std::optional<ChatResume> resume = {});
  // A line the joined member typed: a command or something to say.
  void input(MemberId id, std::string_view line);
  // The member's front gave up waiting for its name (its hello timeout): a member that has not
  // joined is told kChatNameTimeout and dismissed with kNameTimeout, as a full room dismisses
  // one that sat past nameTimeout. Nothing happens to a member that has joined.
  void expire(MemberId id);
  // The connection is gone; announced if the member had joined. Called from inside one of this
  // member's deliveries (a transport that closes at once), it takes effect right after the
  // room's current call: nothing more is delivered to the member meanwhile.
  void leave(MemberId id);
  // Announces `notice` to everyone (sanitizeNotice: no room line holds '<' or '>'), then
  // dismisses every member (ShuttingDown).
  void shutdown(std::string_view notice = kShuttingDown);

  bool joined(MemberId id) const;
  const std::string& nameOf(MemberId id) const;
  // Joined members, and all who hold a place (joined or still choosing a name).
  std::size_t memberCount() const { return audience_.size(); }
  std::size_t placesTaken() const { return placesTaken_; }
  // Places `from`'s host holds (0 for an address that is not counted).
  std::size_t placesHeldBy(const Address& from) const {
    return addressQuota_.held(AddressQuota::hostOf(from));
  }
  // Calls `visit(std::string_view name)` for each joined member.
  template <typename Visit>
  void forEachMember(Visit&& visit) const {
    for (const Audience& a : audience_) visit(std::string_view(members_[a.id].name));
  }

  const ChatHistory& history() const { return history_; }
  const ChatRoomConfig& config() const { return config_; }
  ChatTime wallTime() const;
  // Messages handed to members so far, private ones and replays included.
  std::uint64_t deliveries() const { return deliveries_; }

 private:
  enum class State : std::uint8_t { Free, Pending, Joined };
  static constexpr std::uint32_t kNotListening = UINT32_MAX;
  struct Member {
    ChatMember* sink = nullptr;  // null once its leave is waiting (see Entry)
    std::string name;            // Joined only
    ChatRateLimiter limiter;
    TimePoint admittedAt;
    AddressQuota::Host host{};                    // the peer's, for the per-address quota
    std::uint32_t audienceIndex = kNotListening;  // where it is in audience_, if there
    State state = State::Free;
  };
  // The joined members, packed for the broadcast loop (order is not join order after a leave).
  struct Audience {
    ChatMember* sink;  // null while its leave waits
    MemberId id;
  };
  // Every public call runs inside one. A front's connection may close at once while the room
  // is handing it a message (a write that fails, a link that aborts), and the front then calls
  // leave() from inside that delivery: such a leave waits until the outermost call is done, and
  // nothing more is delivered to the member meanwhile. So no loop over members ever sees one
  // vanish under it, and each leave is announced after the message that was being delivered.
  class Entry {
   public:
    explicit Entry(ChatRoom& room) : room_(room) { ++room_.depth_; }
    ~Entry() {
      if (--room_.depth_ == 0) room_.leaveDeferred();
    }
    Entry(const Entry&) = delete;
    Entry& operator=(const Entry&) = delete;

   private:
    ChatRoom& room_;
  };

  Member& member(MemberId id);
  const Member& member(MemberId id) const;
  MemberId newSlot();
  void freeSlot(MemberId id);
  bool evictSilentNewcomer();
  void removeFromAudience(Member& m);
  std::string uniqueName(std::string_view wanted, MemberId self) const;
  ChatMessage stamp(ChatKind kind) const;
  void broadcast(ChatMessage message);
  void tell(MemberId id, std::string text);
  void dismiss(MemberId id, Reason reason, bool announce);
  void removeNow(MemberId id);
  void leaveDeferred();
  void log(std::string_view line) const;

  void say(MemberId id, ChatKind kind, std::string_view text);
  void rename(MemberId id, std::string_view wanted);
  void list(MemberId id);
  void replayHistory(MemberId id, std::string_view count);

  Clock& clock_;
  ChatRoomConfig config_;
  ChatHistory history_;
  std::vector<Member> members_;  // indexed by MemberId
  std::vector<MemberId> freeSlots_;
  std::vector<Audience> audience_;
  std::unordered_map<std::string, MemberId> names_;  // nameKey(name) -> joined member
  std::size_t placesTaken_ = 0;
  AddressQuota addressQuota_;
  std::uint64_t joins_ = 0;  // joins so far, for "client no. N"
  std::uint64_t deliveries_ = 0;
  int depth_ = 0;  // public calls under way (see Entry)
  // Leaves asked for from inside a delivery, with the member's describe() for the log (kept
  // here, not in every Member: ten thousand members would each carry an empty string for it).
  struct DeferredLeave {
    MemberId id;
    std::string describedAs;
  };
  std::string takeDeferredLeave(MemberId id);
  std::vector<DeferredLeave> deferredLeaves_;
};

}  // namespace weft::net
