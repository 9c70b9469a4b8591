// GameChatSession: one game client's chat on one channel of a connection the game owns — the
// server side of WIRE.md's game messages as a ChatRoom member, fed the channel's messages by
// the game's own MessageProtocol, so chat rides on the game's connection beside its traffic.
// Tests: tests/net/chat/game_chat_session_test.cpp, tests/net/chat/chat_on_game_channel_test.cpp,
// tests/net/chat/chat_hello_timeout_test.cpp
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "net/chat/chat_room.h"
#include "net/chat/chat_wire.h"
#include "net/core/address.h"
#include "net/core/clock.h"
#include "net/core/message_transport.h"
#include "net/core/scheduler.h"

namespace weft::net {

struct GameChatConfig {
  // A client this far behind (bytes queued and not yet taken by the transport) is cut off, so
  // one that stops reading cannot make the server hold the room's chatter for it forever.
  std::size_t maxBufferedBytes = 1 << 20;
  // A client that has not said hello this long after connecting is expired from the room
  // (ChatRoom::expire: a Goodbye with kNameTimeout, which allows a retry) and GameChatProtocol
  // closes its connection, so connections that never speak cannot hold room places or a
  // front's slots (an ENet port's peers). A weft client says hello at once: 10 s leaves room
  // for a lossy link's retransmits. Needs the transport's scheduler (every reactor's has one).
  Duration helloTimeout = std::chrono::seconds(10);
};

// What the game front has seen go wrong, across its connections.
struct GameChatStats {
  std::uint64_t badMessages = 0;  // undecodable, on a wrong channel, or out of turn: dropped
  std::uint64_t tooSlow = 0;      // clients cut off for falling too far behind
};

// What a GameChatSession asks of the object that owns its connection (the game's
// MessageProtocol, or GameChatProtocol) beyond the MessageTransport it sends on.
class GameChatOwner {
 public:
  // Bytes the connection has accepted and not yet handed to the network: its Transport's
  // bufferedBytes(). Read before every delivery, so it must be cheap.
  virtual std::size_t chatBacklog() const = 0;
  // The other end, naming the session in the room's log.
  virtual Address chatPeer() const = 0;
  // Chat on this connection is over, for `reason`: the room was full, the client said no hello
  // within helloTimeout (ChatRoom::kNameTimeout), flooded, typed /quit, speaks another chat
  // version, fell more than maxBufferedBytes behind (ChatRoom::kTooSlow), or the room shut
  // down. The session has queued a Goodbye saying so on its channel, is out of the room, and
  // ignores whatever else arrives for it. The owner decides what becomes of the connection:
  // GameChatProtocol disconnects it with reason.code (aborts it, when too slow); a game may
  // keep playing without chat, or drop the player too. Called from inside the session's calls
  // (connectionMade, messageReceived, its hello timer) or the room's; the owner may disconnect
  // or abort there, and must not destroy the session.
  virtual void chatEnded(const Reason& reason) = 0;

 protected:
  ~GameChatOwner() = default;
};

class GameChatSession final : public ChatMember {
 public:
  // `room`, `owner` and `stats` must outlive the session.
  GameChatSession(ChatRoom& room, GameChatOwner& owner, GameChatStats& stats,
                  const GameChatConfig& config = {});
  // Leaves the room if still in it.
  ~GameChatSession();
  GameChatSession(const GameChatSession&) = delete;
  GameChatSession& operator=(const GameChatSession&) = delete;

  // The connection is up: takes a place in the room and sends on `channel` of `out` from now on
  // (a full room ends the chat at once), and gives the client helloTimeout to say hello, on
  // out.scheduler()'s timers. Once per session. `out` must stay valid until connectionLost.
  void connectionMade(MessageTransport& out, std::uint8_t channel = kChatChannel);
  // One message that arrived on the chat channel.
  void messageReceived(std::string_view message);
  // The connection is gone (or its owner is closing it): leaves the room, sends nothing more.
  void connectionLost();

  // In the room, or waiting for the client's hello: between connectionMade and the end of
  // chat or of the connection.
  bool active() const { return id_.has_value(); }

  // ChatMember
  void deliver(const ChatDelivery& delivery) override;
  void welcomed(const ChatWelcome& welcome) override;
  void dismissed(const Reason& reason) override;
  std::string describe() const override;

 private:
  // Says why (a Goodbye), then lets the owner decide about the connection.
  void end(const Reason& reason);
  void send(std::string_view message);
  void helloOverdue();

  ChatRoom& room_;
  GameChatOwner& owner_;
  GameChatStats& stats_;
  std::size_t maxBufferedBytes_;
  Duration helloTimeout_;
  ScopedCall helloTimer_;            // from connectionMade until the hello or the end
  MessageTransport* out_ = nullptr;  // from connectionMade until connectionLost
  std::uint8_t channel_ = kChatChannel;
  std::optional<ChatRoom::MemberId> id_;  // while the room knows this session
  bool helloed_ = false;
};

}  // namespace weft::net
