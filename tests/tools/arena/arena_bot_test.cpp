// arena-bot as a real process against a real arena-server over ENet on loopback.

#include <doctest/doctest.h>

#include <csignal>

#include "tests/tools/chat/chat_process.h"

using namespace weft::test;

namespace {

struct RunningArenaServer {
  Subprocess process;
  std::uint16_t port = 0;
};

RunningArenaServer startArenaServer(std::vector<std::string> extra) {
  std::vector<std::string> args = {weft::testing::binPath("arena-server"), "--listen",
                                   "enet:0:interface=127.0.0.1", "--discovery", "none"};
  args.insert(args.end(), extra.begin(), extra.end());
  RunningArenaServer server{weft::testing::startProgram(std::move(args))};
  const auto line = server.process.waitForLine("(the game)", kSoon);
  REQUIRE_MESSAGE(line, "arena-server did not listen: ", server.process.stderrSoFar());
  server.port = portIn(*line);
  return server;
}

Subprocess startBots(std::uint16_t port, std::vector<std::string> extra) {
  std::vector<std::string> args = {weft::testing::binPath("arena-bot"), "--connect",
                                   "enet:127.0.0.1:" + std::to_string(port)};
  args.insert(args.end(), extra.begin(), extra.end());
  return weft::testing::startProgram(std::move(args));
}

}  // namespace

TEST_CASE("bots join over ENet, play, and report their traffic, then exit 0") {
  RunningArenaServer server = startArenaServer({"--bots", "1"});
  Subprocess bots = startBots(server.port, {"--count", "4", "--seconds", "2"});
  CHECK(bots.waitExit(kSoon) == 0);
  const std::string& out = bots.stdoutSoFar();
  CHECK(out.find("total: 4 of 4 bots in the game") != std::string::npos);
  CHECK(out.find("botty4 ") != std::string::npos);
  CHECK(server.process.waitForLine("botty1 entered the arena", kSoon));
  // They quit cleanly: the server does not hold their places for a resume.
  for (int i = 0; i < 4; ++i) CHECK(server.process.waitForLine(" left the arena", kSoon));
  server.process.signal(SIGINT);
  CHECK(server.process.waitExit(kSoon) == 0);
  CHECK(server.process.stdoutSoFar().find("shutting down (0 players") != std::string::npos);
}

TEST_CASE("bots refused by the server say why, and exit 1") {
  RunningArenaServer server = startArenaServer({"--password", "sesame"});
  Subprocess bots = startBots(server.port, {"--count", "1", "--seconds", "1"});
  CHECK(bots.waitExit(kSoon) == 1);
  CHECK(bots.stdoutSoFar().find("not in the game: ") != std::string::npos);
  CHECK(bots.stdoutSoFar().find("this server needs a password") != std::string::npos);
}
