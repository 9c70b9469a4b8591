// What the chat tool tests share: weft-chatd started as a process on ports the system picked,
// read from its "listening on 127.0.0.1:PORT (telnet|game" lines; nc-like sockets come from the
// examples' TestSocket.
#pragma once

#include <doctest/doctest.h>

#include <charconv>
#include <cstdint>
#include <string>
#include <vector>

#include "net/examples/example_support.h"

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
      weft::testing::binPath("weft-chatd"),
      "--listen", "tcp:" + std::to_string(options.telnetPort) + ":interface=127.0.0.1",
      "--listen-game", "tcp:" + std::to_string(options.gamePort) + ":interface=127.0.0.1"};
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

}  // namespace weft::test
