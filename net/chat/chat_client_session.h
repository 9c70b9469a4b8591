// ChatClientSession: a game client's chat, on one channel of whichever connection its owner has
// — what an overlay binds to (send a line, take events, state, members, name). It outlives
// connections: attached to each new one it says hello, resuming after the last message it saw,
// so a reconnect backfills without duplicates. ChatClient owns one; so can a game's client.
// Tests: tests/net/chat/chat_client_session_test.cpp, tests/net/chat/chat_on_game_channel_test.cpp
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "net/chat/chat_event.h"
#include "net/chat/chat_wire.h"
#include "net/core/clock.h"
#include "net/core/logger.h"
#include "net/core/message_transport.h"
#include "net/core/net_stats.h"
#include "net/core/scheduler.h"

namespace weft::net {

enum class ChatState : std::uint8_t {
  Connecting,    // the first attempt is under way
  Joining,       // connected, waiting for the welcome
  Joined,        // in the room: send() works
  Reconnecting,  // waiting to retry: reconnectIn() says how long
  Stopped,       // stopped, the server said not to come back, or no connection will come
};

std::string_view describe(ChatState state);

// Why the chat on an attached connection is over.
struct ChatEnding {
  Reason reason;          // the server's Goodbye (sanitised), or what this side found wrong
  bool mayRetry = false;  // the server allows coming back later (a full room, a restart)
  // The server said Goodbye, and closes the connection if it is chat's alone. False: this side
  // gave up (the server speaks another chat version) and the server does not know.
  bool byServer = true;
};

// What a ChatClientSession asks of the object that owns its connections: ChatClient, or a
// game's client. Each call comes from inside one of the session's own calls.
class ChatClientOwner {
 public:
  // Where chat stands while the session cannot use a connection (none attached, or the chat on
  // the attached one ended): Connecting (a first attempt under way), Reconnecting (a retry
  // scheduled or under way) or Stopped (no connection will bring chat back). The session says
  // Joining and Joined itself.
  virtual ChatState connectionState() const = 0;
  // While Reconnecting: how long until the next attempt, when one is scheduled.
  virtual std::optional<Duration> nextAttemptIn() const { return std::nullopt; }
  // The room welcomed the session on the attached connection (ChatClient resets its backoff).
  virtual void chatJoined() {}
  // Chat on the attached connection is over; the session sends nothing more on it and ignores
  // its chat messages until detach(). The owner decides about the connection: ChatClient lets
  // the server close it (closes it itself when !byServer) and stops retrying unless mayRetry;
  // a game may keep playing on it, and calls detach() so the player reads why chat stopped.
  // The owner may detach or disconnect here, and must not destroy the session.
  virtual void chatEnded(const ChatEnding& ending) = 0;

 protected:
  ~ChatClientOwner() = default;
};

struct ChatSessionConfig {
  std::string name;              // asked for; the room may append a number or pick a guest name
  std::size_t maxEvents = 1000;  // kept until taken; beyond, the oldest are dropped (counted)
  // Where an earlier run of this client left off (roomId() and lastSeq() as it stopped, kept by
  // its owner: weft-chatlog keeps them beside its log). The first hello then resumes from
  // there, so what was said meanwhile is backfilled, as far as the room's history reaches;
  // a room with another id is a new one (Joined says newRoom). None: the first join asks for
  // no backfill.
  std::optional<ChatResume> resume = std::nullopt;
  // A connection whose server has not welcomed us this long after the hello is given up
  // (a server that accepts and never answers, or one too busy to): chat on it ends with
  // TimedOut, which allows a retry (ChatClient drops the connection and reconnects). Runs on
  // the attached transport's scheduler (every reactor's has one).
  Duration welcomeTimeout = std::chrono::seconds(10);
};

class ChatClientSession {
 public:
  // `owner` and `logger` (undecodable messages from the server) must outlive the session.
  ChatClientSession(ChatClientOwner& owner, Logger& logger, ChatSessionConfig config);
  ChatClientSession(const ChatClientSession&) = delete;
  ChatClientSession& operator=(const ChatClientSession&) = delete;

  // --- For the owner, one connection at a time ---------------------------------------------
  // A connection is up: says hello on `channel` of `out` (asking for what it missed, after a
  // first join), and waits welcomeTimeout for the welcome. `out` must stay valid until detach().
  void attach(MessageTransport& out, std::uint8_t channel = kChatChannel);
  // A message that arrived on the attached connection's chat channel.
  void messageReceived(std::string_view message);
  // The attached connection is gone, or no longer chat's: queues Disconnected for `reason`, or
  // for the server's Goodbye when it gave one. `willRetry`: the owner will connect again.
  void detach(const Reason& reason, bool willRetry);
  // An attempt to connect failed: queues Failed.
  void connectionFailed(const Reason& reason, bool willRetry);
  // For good: Stopped from now on, send() refuses, and the only event still queued is the
  // attached connection's Disconnected. The owner closes that connection (or keeps it).
  void stop();
  bool attached() const { return out_ != nullptr; }

  // --- For the overlay and the player ------------------------------------------------------
  // Sends a typed line (text, or a command such as "/nick bob"). False unless Joined: the
  // line is not kept for later, so a UI can say "not sent".
  bool send(std::string_view line);
  // The events queued since the last call, oldest first. Every string in them that came from
  // the server (names, texts, a Goodbye's reason) has been through sanitizeText, whoever the
  // server is: safe to print on a terminal or draw.
  std::vector<ChatEvent> takeEvents();
  // Called each time an event is queued (inside the owner's call that caused it: the reactor's
  // pump); may call takeEvents, must not destroy the session or its owner.
  void setOnEvent(std::function<void()> onEvent) { onEvent_ = std::move(onEvent); }

  ChatState state() const;
  // While Reconnecting: how long until the next attempt (the owner's word).
  std::optional<Duration> reconnectIn() const;
  // Why the last connection's chat ended or the last attempt failed; none before the first.
  const std::optional<Reason>& lastProblem() const { return lastProblem_; }
  // One line for a status bar: "in the room as anna (12 members)", "reconnecting in 3 s: ...".
  std::string status() const;

  // The name the room knows us by, after renames; the configured one before the first join.
  const std::string& name() const { return name_; }
  // Everyone in the room, us included, in the order they joined (as far as we saw).
  const std::vector<std::string>& members() const { return members_; }
  // The newest room message received; the next hello asks for everything after it.
  std::uint64_t lastSeq() const { return lastSeq_; }
  // The room that numbered it: the one last welcomed by (or the resume point's, until then).
  std::optional<std::uint64_t> roomId() const { return roomId_; }
  std::uint64_t droppedEvents() const { return droppedEvents_; }
  // The attached connection's health (RTT, loss, rates: a net graph plots it), from its
  // transport; none while none is attached. Each call samples the transport's rate meter.
  std::optional<NetStats> connectionStats() const;

 private:
  void push(ChatEvent event);
  void sendMessage(const ChatClientMessage& message);
  void welcome(ChatWelcomeMessage& welcome);
  void entry(ChatEntry& entry);
  void track(const ChatMessage& message);
  void end(ChatEnding ending);
  void welcomeOverdue();

  ChatClientOwner& owner_;
  Logger& logger_;
  std::size_t maxEvents_;
  Duration welcomeTimeout_;
  ScopedCall welcomeTimer_;  // from the hello until the welcome or the end of the connection
  std::function<void()> onEvent_;
  std::deque<ChatEvent> events_;
  std::uint64_t droppedEvents_ = 0;
  std::string name_;
  std::vector<std::string> members_;
  std::optional<std::uint64_t> roomId_;  // the room we were last welcomed by
  std::uint64_t lastSeq_ = 0;
  std::uint64_t welcomeSeq_ = 0;  // messages up to here predate our join: members_ has them
  std::optional<Reason> lastProblem_;
  std::optional<Reason> ending_;  // why chat on the attached connection ended, if it did
  MessageTransport* out_ = nullptr;
  std::uint8_t channel_ = kChatChannel;
  bool joined_ = false;
  bool stopped_ = false;
};

}  // namespace weft::net
