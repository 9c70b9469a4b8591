// What the chat tool tests share: weft-chatd started as a process on ports the system picked,
// read from its "listening on 127.0.0.1:PORT (telnet|game" lines; nc-like sockets come from the
// examples' TestSocket; and a hostile game server that says what it likes.
#pragma once

#include <doctest/doctest.h>

#include <charconv>
#include <cstdint>
#include <string>
#include <vector>

#include "net/chat/chat_wire.h"
#include "tests/net/examples/example_support.h"

namespace weft::test {

struct RunningChatd {
  Subprocess process;
  std::uint16_t telnetPort = 0;
  std::uint16_t gamePort = 0;  // framed TCP
  std::uint16_t enetPort = 0;  // with ChatdOptions::enet
  std::string telnet() const { return "tcp:127.0.0.1:" + std::to_string(telnetPort); }
  std::string game() const { return "tcp:127.0.0.1:" + std::to_string(gamePort); }
  std::string enet() const { return "enet:127.0.0.1:" + std::to_string(enetPort); }
};

struct ChatdOptions {
  std::vector<std::string> extra;  // more arguments
  std::uint16_t telnetPort = 0;
  std::uint16_t gamePort = 0;
  bool enet = false;  // also --listen enet:0
};

inline std::uint16_t portIn(const std::string& line) {
  const std::size_t colon = line.find("127.0.0.1:");
  REQUIRE(colon != std::string::npos);
  std::uint16_t port = 0;
  const char* start = line.data() + colon + 10;
  REQUIRE(std::from_chars(start, line.data() + line.size(), port).ec == std::errc{});
  return port;
}

// weft-chatd with a telnet and a framed game endpoint (and an ENet one if asked), on ports the
// system picks unless given. It prints them in that order.
inline RunningChatd startChatd(const ChatdOptions& options) {
  std::vector<std::string> args = {
      weft::testing::binPath("weft-chatd"), "--listen",
      "tcp:" + std::to_string(options.telnetPort) + ":interface=127.0.0.1", "--listen-game",
      "tcp:" + std::to_string(options.gamePort) + ":interface=127.0.0.1"};
  if (options.enet) args.insert(args.end(), {"--listen", "enet:0:interface=127.0.0.1"});
  args.insert(args.end(), options.extra.begin(), options.extra.end());
  RunningChatd chatd{weft::testing::startProgram(std::move(args))};
  const auto telnet = chatd.process.waitForLine("(telnet", kSoon);
  REQUIRE_MESSAGE(telnet, "weft-chatd did not listen; stderr: ", chatd.process.stderrSoFar());
  chatd.telnetPort = portIn(*telnet);
  if (options.enet) {
    const auto enet = chatd.process.waitForLine("--connect enet:", kSoon);
    REQUIRE(enet);
    chatd.enetPort = portIn(*enet);
  }
  const auto game = chatd.process.waitForLine("(game: weft-chat --game", kSoon);
  REQUIRE(game);
  chatd.gamePort = portIn(*game);
  return chatd;
}

inline RunningChatd startChatd(std::vector<std::string> extra = {}) {
  ChatdOptions options;
  options.extra = std::move(extra);
  return startChatd(options);
}

// A telnet user: connected, named, and past the welcome lines.
inline TestSocket telnetUser(const RunningChatd& chatd, const std::string& name) {
  TestSocket socket = TestSocket::connectTo(chatd.telnetPort);
  REQUIRE(socket.readLine() == "Whats your name?\r\n");
  socket.send(name + "\r\n");
  REQUIRE(socket.readLine() == "{registered as " + name + "}\r\n");
  REQUIRE(socket.readLine().starts_with("<All welcome " + name));
  REQUIRE(socket.readLine().starts_with("<Use /command"));
  return socket;
}

// Strings a hostile server puts in everything it says: a window title, a screen clear, a
// right-to-left override and a zero-width space around the word "evil".
inline const std::string kHostileText = "\x1b]0;owned\x07\x1b[2J\u202Eevil\u200B";

// True if `out` holds none of kHostileText's tricks.
inline bool tamed(const std::string& out) {
  return out.find('\x1b') == std::string::npos && out.find('\x07') == std::string::npos &&
         out.find("\u202E") == std::string::npos && out.find("\u200B") == std::string::npos;
}

// A game chat server that is not weft's, on 127.0.0.1: it speaks the framed wire
// (net/protocols/WIRE.md: u32 length, u8 channel, message; net/chat/WIRE.md for the message)
// and fills every string with kHostileText.
class HostileGameServer {
 public:
  std::string endpoint() const { return listener_.endpoint(); }

  // Accepts the client and reads its Hello; then welcomes it, says one line, and says goodbye
  // for good with `kHostileText` as the reason, and hangs up.
  void greetAndDismiss() {
    auto client = listener_.accept();
    REQUIRE(client);
    for (;;) {  // frames up to the Hello; heartbeats (channel 255) come first
      const std::string prefix = client->read(4);
      REQUIRE(prefix.size() == 4);
      const std::size_t length = (std::size_t(std::uint8_t(prefix[0])) << 24) |
                                 (std::size_t(std::uint8_t(prefix[1])) << 16) |
                                 (std::size_t(std::uint8_t(prefix[2])) << 8) |
                                 std::uint8_t(prefix[3]);
      const std::string body = client->read(length);
      REQUIRE(body.size() == length);
      if (std::uint8_t(body[0]) != 255) break;
    }
    net::ChatWelcomeMessage welcome;
    welcome.name = "anna" + kHostileText;
    welcome.roomId = 1;
    welcome.oldestSeq = 1;
    welcome.members = {"bob" + kHostileText};
    net::ChatEntry entry;
    entry.message.seq = 1;
    entry.message.kind = net::ChatKind::Say;
    entry.message.sender = "bob" + kHostileText;
    entry.message.text = kHostileText;
    net::ChatGoodbye goodbye;
    goodbye.code = net::reasonCode(net::ReasonBand::Chat, 1);  // flooding
    goodbye.reason = kHostileText;
    client->send(frame(welcome) + frame(entry) + frame(goodbye));
    client->close();
  }

 private:
  static std::string frame(const net::ChatServerMessage& message) {
    const std::string payload = net::encodeChat(message);
    const auto length = static_cast<std::uint32_t>(payload.size() + 1);
    std::string out;
    for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>(length >> shift));
    out.push_back(static_cast<char>(net::kChatChannel));
    return out + payload;
  }

  TestListener listener_;
};

}  // namespace weft::test
