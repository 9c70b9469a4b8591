// weft-chat as a real process: fed through a pipe, against weft-chatd over telnet lines and the
// game protocol, and against a hostile fake server.

#include <doctest/doctest.h>

#include <csignal>

#include "tests/tools/chat/chat_process.h"

using namespace weft::test;

namespace {
Subprocess startChat(std::vector<std::string> args) {
  args.insert(args.begin(), weft::testing::binPath("weft-chat"));
  return weft::testing::startProgram(std::move(args));
}
}  // namespace

TEST_CASE(
    "from a pipe: lines are said in order, then /quit, and it exits once the server said bye") {
  RunningChatd chatd = startChatd();
  TestSocket anna = telnetUser(chatd, "anna");
  Subprocess bob = startChat({"--connect", chatd.telnet(), "--name", "bob"});
  REQUIRE(bob.writeStdin("hi anna\n/me waves\n/list\n"));
  bob.closeStdin();
  CHECK(bob.waitExit(kSoon) == 0);
  CHECK(anna.readLine() == "<All welcome bob, client no. 2!>\r\n");
  CHECK(anna.readLine() == "<bob>: hi anna\r\n");
  CHECK(anna.readLine() == "* bob waves\r\n");
  CHECK(anna.readLine() == "<bob has gone away>\r\n");
  const std::string& out = bob.stdoutSoFar();
  CHECK(out.find("Whats your name?") == std::string::npos);  // --name answered it
  CHECK(out.find("{registered as bob}\n") != std::string::npos);
  CHECK(out.find("<bob>: hi anna\n") != std::string::npos);
  CHECK(out.find("<2 people are currently connected: anna and you>\n") != std::string::npos);
  CHECK(out.ends_with("<Bye!>\n"));
}

TEST_CASE("what others say is printed as it arrives") {
  RunningChatd chatd = startChatd();
  Subprocess bob = startChat({"--connect", chatd.telnet(), "--name", "bob"});
  REQUIRE(bob.waitForLine("{registered as bob}", kSoon));
  TestSocket anna = telnetUser(chatd, "anna");
  anna.send("hello bob\r\n");
  CHECK(bob.waitForLine("<anna>: hello bob", kSoon));
  bob.closeStdin();
  CHECK(bob.waitExit(kSoon) == 0);
}

TEST_CASE("--game speaks the game protocol to weft-chatd's game port") {
  RunningChatd chatd = startChatd();
  TestSocket anna = telnetUser(chatd, "anna");
  Subprocess gamer = startChat({"--connect", chatd.game(), "--game", "--name", "gamer"});
  REQUIRE(gamer.waitForLine("in the room as gamer", kSoon, Subprocess::Stream::Stderr));
  CHECK(anna.readLine() == "<All welcome gamer, client no. 2!>\r\n");
  anna.send("welcome, gamer\r\n");
  CHECK(anna.readLine() == "<anna>: welcome, gamer\r\n");
  CHECK(gamer.waitForLine("<anna>: welcome, gamer", kSoon));
  REQUIRE(gamer.writeStdin("thanks\n"));
  CHECK(anna.readLine() == "<gamer>: thanks\r\n");
  gamer.closeStdin();
  CHECK(gamer.waitExit(kSoon) == 0);
  CHECK(anna.readLine() == "<gamer has gone away>\r\n");
}

TEST_CASE("--game prints a member's action as \"* name action\", never as a room line") {
  RunningChatd chatd = startChatd();
  Subprocess gamer = startChat({"--connect", chatd.game(), "--game", "--name", "gamer"});
  REQUIRE(gamer.waitForLine("in the room as gamer", kSoon, Subprocess::Stream::Stderr));
  TestSocket forger = telnetUser(chatd, "anna has");
  forger.send("/me gone away\r\n");
  CHECK(gamer.waitForLine("* anna has gone away", kSoon) == "* anna has gone away");
  CHECK(gamer.stdoutSoFar().find("<anna has gone away>") == std::string::npos);
  gamer.closeStdin();
  CHECK(gamer.waitExit(kSoon) == 0);
}

TEST_CASE("an enet: endpoint speaks the game protocol over ENet, no flag needed") {
  ChatdOptions withEnet;
  withEnet.enet = true;
  RunningChatd chatd = startChatd(withEnet);
  TestSocket anna = telnetUser(chatd, "anna");
  Subprocess gamer = startChat({"--connect", chatd.enet(), "--name", "gamer"});
  REQUIRE(gamer.waitForLine("in the room as gamer", kSoon, Subprocess::Stream::Stderr));
  CHECK(anna.readLine() == "<All welcome gamer, client no. 2!>\r\n");
  REQUIRE(gamer.writeStdin("hello over ENet\n"));
  CHECK(anna.readLine() == "<gamer>: hello over ENet\r\n");
  gamer.closeStdin();
  CHECK(gamer.waitExit(kSoon) == 0);
  CHECK(anna.readLine() == "<gamer has gone away>\r\n");
}

TEST_CASE("a server's escape sequences never reach the terminal") {
  TestListener fake;
  Subprocess chat = startChat({"--connect", fake.endpoint(), "--name", "anna"});
  auto server = fake.accept();
  REQUIRE(server);
  CHECK(server->readLine() == "anna\r\n");
  server->send("Whats your name?\r\n\x1b[2J\x1b]0;owned\x07<evil>: \x1b[31mred\r\n");
  CHECK(chat.waitForLine("<evil>", kSoon) == "<evil>: red");
  server->close();
  CHECK(chat.waitExit(kSoon) == 0);
  CHECK(chat.stdoutSoFar().find('\x1b') == std::string::npos);
}

TEST_CASE("--game: a hostile server's names, text and goodbye reach the terminal sanitised") {
  HostileGameServer fake;
  Subprocess chat = startChat({"--connect", fake.endpoint(), "--game", "--name", "anna"});
  fake.greetAndDismiss();
  CHECK(chat.waitExit(kSoon) == 1);  // dismissed for flooding: not a clean end
  const std::string out = chat.stdoutSoFar(), err = chat.stderrSoFar();
  INFO("stdout: ", out, "stderr: ", err);
  CHECK(out.find("<bobevil>: evil\r\n") != std::string::npos);
  CHECK(err.find("weft-chat: in the room as annaevil\n") != std::string::npos);
  CHECK(err.find(": evil\n") != std::string::npos);  // the goodbye's reason, last
  CHECK(tamed(out));
  CHECK(tamed(err));
}

TEST_CASE("nothing listening: it says so and exits 1, in either protocol") {
  const std::uint16_t port = unusedPort();
  for (const bool game : {false, true}) {
    CAPTURE(game);
    std::vector<std::string> args = {"--connect", "tcp:127.0.0.1:" + std::to_string(port), "--name",
                                     "anna"};
    if (game) args.push_back("--game");
    Subprocess chat = startChat(args);
    CHECK(chat.waitExit(kSoon) == 1);
    CHECK(chat.stderrSoFar().find("cannot connect: Connection refused") != std::string::npos);
  }
}

TEST_CASE("an address over --max-per-address reads why, in either protocol") {
  RunningChatd chatd = startChatd({"--max-per-address", "1"});
  TestSocket anna = telnetUser(chatd, "anna");  // the one place 127.0.0.1 may hold
  Subprocess telnet = startChat({"--connect", chatd.telnet(), "--name", "bob"});
  CHECK(telnet.waitForLine("Too many connections from your address, try later", kSoon));
  CHECK(telnet.waitExit(kSoon) >= 0);
  // The game protocol's client hears it in a Goodbye that allows retrying later, and says so.
  Subprocess game = startChat({"--connect", chatd.game(), "--game", "--name", "bob"});
  const auto told = game.waitForLine("from your address", kSoon, Subprocess::Stream::Stderr);
  REQUIRE(told);
  CHECK(told->find("weft-chat: Closed by the chat room: Too many connections from your address, "
                   "try later; reconnecting") == 0);
  game.signal(SIGINT);
  CHECK(game.waitExit(kSoon) == 0);
}

TEST_CASE("the server shutting down ends the client cleanly, after printing why") {
  RunningChatd chatd = startChatd();
  Subprocess bob = startChat({"--connect", chatd.telnet(), "--name", "bob"});
  REQUIRE(bob.waitForLine("{registered as bob}", kSoon));
  chatd.process.signal(SIGINT);
  CHECK(bob.waitForLine("<The server is shutting down. Bye!>", kSoon));
  CHECK(bob.waitExit(kSoon) == 0);
}
