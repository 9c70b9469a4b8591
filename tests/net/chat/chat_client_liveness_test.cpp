// ChatClient over framed TCP on loopback when the other end stops answering: a server that
// accepts and never says a word (a bare listening socket) is given up after the welcome timeout
// and tried again; a server that goes silent mid-conversation (its reactor no longer pumped, its
// clock stopped) is noticed by the heartbeat within its timeout, and the reconnect backfills.
// Each side's time is a ManualClock; I/O is pumped until a condition holds, with a deadline.

#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <deque>
#include <string>
#include <vector>

#include "net/chat/chat_client.h"
#include "net/chat/game_chat.h"
#include "net/core/port.h"
#include "net/testing/manual_clock.h"
#include "net/testing/recording_chat_member.h"
#include "tests/net/chat/chat_event_lines.h"
#include "tests/net/core/loopback.h"
#include "tests/support/printers.h"

using namespace weft::net;
using namespace std::chrono_literals;
using weft::testing::ManualClock;
using weft::testing::pumpUntil;
using weft::testing::RecordingChatMember;
using weft::testing::RecordingLogger;
using Lines = std::vector<std::string>;

namespace {

ChatClientConfig clientConfig() {
  ChatClientConfig config;
  config.name = "anna";
  config.reconnect.jitter = 0;
  config.reconnect.seed = 1;
  return config;
}

Lines describe(const std::vector<ChatEvent>& events) {
  return weft::test::describeChatEvents(events);
}

// A TCP port that the kernel completes handshakes on and nobody ever reads: a server that
// accepts and never answers. Connections wait in its backlog; accepted() takes them.
class SilentListener {
 public:
  SilentListener() {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    REQUIRE(fd_ >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    REQUIRE(::listen(fd_, 16) == 0);
    socklen_t length = sizeof address;
    REQUIRE(::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) == 0);
    port_ = ntohs(address.sin_port);
  }
  ~SilentListener() {
    for (int fd : accepted_) ::close(fd);
    ::close(fd_);
  }
  Endpoint endpoint() const { return weft::test::clientFor(Address::loopbackIPv4(port_)); }
  // Connections that reached the backlog so far (accepted now, and held open, still unread).
  std::size_t accepted() {
    for (int fd; (fd = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC)) >= 0;) {
      accepted_.push_back(fd);
    }
    return accepted_.size();
  }

 private:
  int fd_ = -1;
  std::uint16_t port_ = 0;
  std::vector<int> accepted_;
};

const std::string kHint =
    "- private: Use /command to execute commands and /help to get a list of all commands.";

}  // namespace

TEST_CASE(
    "a server that accepts and never answers is dropped after the welcome timeout, and "
    "tried again") {
  ManualClock clock;
  RecordingLogger log;
  SilentListener server;
  Reactor reactor(clock, weft::test::quietConfig(log));
  ChatClient client(reactor, server.endpoint(), clientConfig());
  REQUIRE(pumpUntil(reactor, [&] { return client.state() == ChatState::Joining; }));
  REQUIRE(pumpUntil(reactor, [&] { return server.accepted() == 1; }));
  clock.advance(9s);
  reactor.pump(Duration::max());
  CHECK(client.state() == ChatState::Joining);  // still waiting for the welcome
  clock.advance(1s);
  REQUIRE(pumpUntil(reactor, [&] { return client.state() == ChatState::Reconnecting; }));
  REQUIRE(client.lastProblem().has_value());
  CHECK(client.lastProblem()->sentence() ==
        "Timed out: no welcome from the chat server within 10s");
  CHECK(client.reconnectIn() == 1s);
  clock.advance(1s);
  REQUIRE(pumpUntil(reactor, [&] { return server.accepted() == 2; }));  // it came back
  REQUIRE(pumpUntil(reactor, [&] { return client.state() == ChatState::Joining; }));
  CHECK(describe(client.takeEvents()) ==
        Lines{"disconnected: Timed out: no welcome from the chat server within 10s (retrying)"});
  client.stop();
}

TEST_CASE(
    "a server that goes silent is noticed within the heartbeat timeout; the reconnect "
    "backfills what was said meanwhile") {
  // Two programs in one process: each has its own clock and reactor, so stopping one (no pumps,
  // its clock still) is a server that froze or whose link died without a word.
  ManualClock serverClock;
  RecordingLogger serverLog;
  RecordingChatMember bob;  // at the server's console
  ChatRoomConfig roomConfig;
  roomConfig.rate.perSecond = 0;
  ChatRoom room(serverClock, roomConfig);
  GameChatFactory front(room);
  Reactor server(serverClock, weft::test::quietConfig(serverLog));
  auto port = server.listen(weft::test::tcpServer(), front);
  REQUIRE(port.ok());
  const auto bobId = *room.admit(bob);
  room.join(bobId, "bob");

  ManualClock clientClock;
  RecordingLogger clientLog;
  Reactor clientReactor(clientClock, weft::test::quietConfig(clientLog));
  ChatClient client(clientReactor, weft::test::clientFor((*port)->address()), clientConfig());
  const auto bothUntil = [&](auto&& done) {
    return pumpUntil(clientReactor, [&] {
      server.pump(Duration::max());
      return done();
    });
  };
  REQUIRE(bothUntil([&] { return client.members().size() == 2; }));
  room.input(bobId, "before");  // 3
  REQUIRE(bothUntil([&] { return client.lastSeq() == 3; }));
  client.takeEvents();

  // The server stops. The client hears nothing more, beats on, and gives up in 15 to 20 s.
  Duration silence{};
  while (client.state() == ChatState::Joined && silence < 60s) {
    clientClock.advance(1s);
    silence += 1s;
    clientReactor.pump(Duration::max());
  }
  MESSAGE("a silent server noticed after " << toSeconds(silence) << " s");
  CHECK(silence >= 15s);
  CHECK(silence <= 20s);
  REQUIRE(client.state() == ChatState::Reconnecting);
  REQUIRE(client.lastProblem().has_value());
  CHECK(client.lastProblem()->code == ReasonCode::TimedOut);

  // Meanwhile the room goes on; the server comes back, sees the old connection gone, and the
  // client's next attempt resumes from the last message it had.
  room.input(bobId, "while you were away");                             // 4
  REQUIRE(pumpUntil(server, [&] { return room.memberCount() == 1; }));  // 5: anna's leave
  clientClock.advance(1s);
  REQUIRE(bothUntil([&] { return client.lastSeq() == 6; }));
  CHECK(describe(client.takeEvents()) ==
        Lines{"disconnected: Timed out: nothing heard from the other side for 15s (it stopped "
              "beating) (retrying)",
              "joined as anna", "4 say bob: while you were away",
              "5 leave anna: anna has gone away", "6 join anna: All welcome anna, client no. 3!",
              kHint});
  client.stop();
  REQUIRE(bothUntil([&] { return room.memberCount() == 1; }));
}
