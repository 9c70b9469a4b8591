// arena-server as a real process: a game client over framed TCP, a telnet user in its chat, a
// LAN browser's query, the status line, Ctrl-C, and flags it refuses.

#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <fstream>
#include <iterator>

#include "game/proto/channels.h"
#include "game/proto/control_codec.h"
#include "game/proto/limits.h"
#include "game/proto/match_record.h"
#include "net/core/byte_reader.h"
#include "net/discovery/discovery_wire.h"
#include "tests/tools/chat/chat_process.h"

using namespace weft::test;
namespace proto = weft::game::proto;

namespace {

struct RunningArena {
  Subprocess process;
  std::uint16_t gamePort = 0;
  std::uint16_t chatPort = 0;
  std::uint16_t discoveryPort = 0;
};

RunningArena startArena(std::vector<std::string> extra) {
  std::vector<std::string> args = {weft::testing::binPath("arena-server"),
                                   "--listen",
                                   "tcp:0:interface=127.0.0.1",
                                   "--listen-chat",
                                   "tcp:0:interface=127.0.0.1",
                                   "--discovery",
                                   "udp:0:interface=127.0.0.1"};
  args.insert(args.end(), extra.begin(), extra.end());
  RunningArena arena{weft::testing::startProgram(std::move(args))};
  const auto game = arena.process.waitForLine("(the game)", kSoon);
  REQUIRE_MESSAGE(game, "arena-server did not listen; stderr: ", arena.process.stderrSoFar());
  arena.gamePort = portIn(*game);
  const auto chat = arena.process.waitForLine("(chat", kSoon);
  REQUIRE(chat);
  arena.chatPort = portIn(*chat);
  const auto discovery = arena.process.waitForLine("answering LAN browsers on", kSoon);
  REQUIRE(discovery);
  arena.discoveryPort = portIn(*discovery);
  return arena;
}

// One framed message: [u32 length][u8 channel][message] (net/protocols/WIRE.md).
std::string frame(std::uint8_t channel, std::string_view message) {
  weft::net::ByteWriter w;
  w.u32(static_cast<std::uint32_t>(message.size() + 1)).u8(channel).bytes(message);
  return w.take();
}
// The next frame on a channel other than the framing's own (heartbeats are skipped).
std::pair<std::uint8_t, std::string> readFrame(TestSocket& socket) {
  for (int i = 0; i < 1000; ++i) {
    const std::string prefix = socket.read(4);
    weft::net::ByteReader head(prefix);
    const std::uint32_t length = head.u32();
    REQUIRE(head.ok());
    const std::string body = socket.read(length);
    REQUIRE(body.size() == length);
    const auto channel = static_cast<std::uint8_t>(body[0]);
    if (channel != 255) return {channel, body.substr(1)};
  }
  FAIL("only heartbeats");
  return {};
}
template <class T>
std::optional<T> readControlUntil(TestSocket& socket) {
  for (int i = 0; i < 2000; ++i) {
    auto [channel, message] = readFrame(socket);
    if (channel != proto::kControlChannel) continue;
    auto decoded = proto::decodeServerControl(message);
    REQUIRE(decoded.ok());
    if (const T* found = std::get_if<T>(&decoded.value())) return *found;
  }
  return std::nullopt;
}

std::optional<weft::net::DiscoveryAnswer> askLan(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(port);
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval wait{1, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
  const std::string query = weft::net::encodeQuery({42, proto::kLanGameId});
  ::sendto(fd, query.data(), query.size(), 0, reinterpret_cast<sockaddr*>(&to), sizeof to);
  char answer[256];
  const ssize_t n = ::recv(fd, answer, sizeof answer, 0);
  ::close(fd);
  if (n <= 0) return std::nullopt;
  auto decoded = weft::net::decodeAnswer(std::string_view(answer, static_cast<std::size_t>(n)));
  if (!decoded.ok()) return std::nullopt;
  return decoded.value();
}

}  // namespace

TEST_CASE("a player over framed TCP, a telnet user in the chat, a LAN browser, then Ctrl-C") {
  RunningArena arena = startArena({"--bots", "2", "--status-interval", "1", "--name", "LAN party"});

  TestSocket player = TestSocket::connectTo(arena.gamePort);
  proto::Hello hello;
  hello.name = "anna";
  player.send(frame(proto::kControlChannel, proto::encodeControl(proto::ClientControl{hello})));
  const auto welcome = readControlUntil<proto::Welcome>(player);
  REQUIRE(welcome);
  CHECK(welcome->server.name == "LAN party");
  CHECK(welcome->server.players == 3);
  CHECK(welcome->player != weft::game::sim::kNoPlayer);
  bool snapshot = false;
  for (int i = 0; i < 200 && !snapshot; ++i)
    snapshot = readFrame(player).first == proto::kSnapshotChannel;
  CHECK(snapshot);

  TestSocket tom = TestSocket::connectTo(arena.chatPort);
  REQUIRE(tom.readLine() == "Whats your name?\r\n");
  tom.send("tom\r\n");
  REQUIRE(tom.readLine() == "{registered as tom}\r\n");
  bool killSeen = false;
  for (int i = 0; i < 500 && !killSeen; ++i) {
    killSeen = tom.readLine(std::chrono::milliseconds(60000)).find(" killed ") != std::string::npos;
  }
  CHECK(killSeen);  // the bots fight, and the kill feed reaches the chat

  std::optional<weft::net::DiscoveryAnswer> answer;
  for (int i = 0; i < 30 && !(answer && answer->info.players == 3); ++i)
    answer = askLan(arena.discoveryPort);
  REQUIRE(answer);
  CHECK(answer->info.name == "LAN party");
  CHECK(answer->info.players == 3);
  CHECK(answer->info.maxPlayers == 16);
  CHECK(answer->info.gamePort == arena.gamePort);
  CHECK(arena.process.waitForLine("status: 3/16 players (2 bots), 0 spectators", kSoon));

  arena.process.signal(SIGINT);
  const auto reject = readControlUntil<proto::Reject>(player);
  REQUIRE(reject);
  CHECK(reject->code == weft::net::ReasonCode::ShuttingDown);
  CHECK(player.waitClosed());
  CHECK(tom.waitClosed());
  CHECK(arena.process.waitExit(kSoon) == 0);
}

TEST_CASE("--record writes a match record that replays to its checksums") {
  const std::string path = "arena_server_test.record";
  {
    RunningArena arena = startArena({"--bots", "3", "--record", path, "--status-interval", "0.5"});
    CHECK(arena.process.waitForLine("recording the match to", kSoon));
    // Two seconds of play: two checksums in the record.
    for (int i = 0; i < 100; ++i) {
      std::ifstream in(path, std::ios::binary);
      const std::string bytes((std::istreambuf_iterator<char>(in)), {});
      auto record = proto::readRecord(bytes);
      if (record.ok() && proto::replay(*record).checksumsMatched >= 2) break;
      arena.process.waitForLine("status:", kSoon);
    }
    arena.process.signal(SIGINT);
    CHECK(arena.process.waitExit(kSoon) == 0);
  }
  std::ifstream in(path, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), {});
  auto record = proto::readRecord(bytes);
  REQUIRE(record.ok());
  CHECK_FALSE(record->truncated);
  const proto::ReplayResult replayed = proto::replay(*record);
  CHECK(replayed.checksumsMatched >= 2);
  CHECK_FALSE(replayed.mismatchAt);
  std::remove(path.c_str());
}

TEST_CASE("flags it cannot run with are refused in one line, exit 2") {
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{"--map", "nosuch"}, "--map no map called \"nosuch\" (looked in "},
      {{"--map", "nosuch"}, "); the maps there: cross, dust"},
      {{"--snapshot-rate", "7"}, "the snapshot rate must divide the tick rate (50 a second)"},
      {{"--bots", "20", "--max-players", "8"}, "bots must be 0 to max players (8), not 20"},
      {{"--listen", "udp:7777"}, "the game runs on enet: or tcp:, not plain udp:"},
      {{"--max-players", "0"}, "--max-players"},
      {{"--status-interval", "nan"}, "--status-interval"},
  };
  for (const Case& c : cases) {
    std::vector<std::string> argv = {weft::testing::binPath("arena-server"), "--discovery", "none"};
    argv.insert(argv.end(), c.args.begin(), c.args.end());
    Subprocess server = weft::testing::startProgram(argv);
    CAPTURE(c.message);
    CHECK(server.waitExit(kSoon) == 2);
    CHECK(server.stderrSoFar().find(c.message) != std::string::npos);
  }
}

TEST_CASE("every flag may come from the environment, as a container passes them") {
  Subprocess::Options options;
  options.env = {{"ARENA_MAX_PLAYERS", "0"}};
  Subprocess server = weft::testing::startProgram(
      {weft::testing::binPath("arena-server"), "--discovery", "none"}, options);
  CHECK(server.waitExit(kSoon) == 2);
  CHECK(server.stderrSoFar().find("--max-players") != std::string::npos);
}
