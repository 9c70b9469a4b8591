// weft-chatd as a real process, talked to over loopback sockets as nc would.

#include <doctest/doctest.h>
#include <poll.h>

#include <csignal>

#include "net/core/address.h"
#include "net/core/byte_reader.h"
#include "net/core/message_transport.h"
#include "tests/net/enet/forged_connects.h"
#include "tests/tools/chat/chat_process.h"

using namespace weft::test;

TEST_CASE(
    "an nc user is asked a name, welcomed and answered, and the server logs the join and leave") {
  RunningChatd chatd = startChatd();
  TestSocket anna = TestSocket::connectTo(chatd.telnetPort);
  CHECK(anna.readLine() == "Whats your name?\r\n");
  anna.send("anna\n");
  CHECK(anna.readLine() == "{registered as anna}\r\n");
  CHECK(anna.readLine() == "<All welcome anna, client no. 1!>\r\n");
  CHECK(anna.readLine() ==
        "<Use /command to execute commands and /help to get a list of all commands.>\r\n");
  const auto joined = chatd.process.waitForLine("anna joined", kSoon);
  REQUIRE(joined);
  CHECK(joined->find("anna joined (telnet 127.0.0.1:") != std::string::npos);

  TestSocket bob = telnetUser(chatd, "bob");
  CHECK(anna.readLine() == "<All welcome bob, client no. 2!>\r\n");
  bob.send("hi anna\r\n");
  CHECK(anna.readLine() == "<bob>: hi anna\r\n");
  CHECK(bob.readLine() == "<bob>: hi anna\r\n");
  bob.close();
  CHECK(anna.readLine() == "<bob has gone away>\r\n");
  CHECK(chatd.process.waitForLine("bob left", kSoon));
}

TEST_CASE("Ctrl-C tells every member the server is shutting down, then exits cleanly") {
  RunningChatd chatd = startChatd();
  TestSocket anna = telnetUser(chatd, "anna");
  TestSocket naming = TestSocket::connectTo(chatd.telnetPort);
  REQUIRE(naming.readLine() == "Whats your name?\r\n");
  chatd.process.signal(SIGINT);
  CHECK(anna.readLine() == "<The server is shutting down. Bye!>\r\n");
  CHECK(anna.waitClosed());
  CHECK(naming.waitClosed());
  CHECK(chatd.process.waitExit(kSoon) == 0);
  CHECK(chatd.process.stdoutSoFar().find("shutting down (1 members)") != std::string::npos);
}

TEST_CASE("past --max-members a newcomer reads 'Too many connections, try later'") {
  RunningChatd chatd = startChatd({"--max-members", "1"});
  TestSocket anna = telnetUser(chatd, "anna");
  TestSocket late = TestSocket::connectTo(chatd.telnetPort);
  CHECK(late.readLine() == "Too many connections, try later\r\n");
  CHECK(late.waitClosed());
  anna.close();
  REQUIRE(chatd.process.waitForLine("anna left", kSoon));
  TestSocket next = TestSocket::connectTo(chatd.telnetPort);  // the place is free again
  CHECK(next.readLine() == "Whats your name?\r\n");
}

TEST_CASE("past --max-per-address an address reads 'Too many connections from your address'") {
  RunningChatd chatd = startChatd({"--max-per-address", "2"});
  TestSocket anna = telnetUser(chatd, "anna");
  TestSocket naming = TestSocket::connectTo(chatd.telnetPort);
  REQUIRE(naming.readLine() == "Whats your name?\r\n");  // still naming: it holds a place
  TestSocket third = TestSocket::connectTo(chatd.telnetPort);
  CHECK(third.readLine() == "Too many connections from your address, try later\r\n");
  CHECK(third.waitClosed());
  const auto logged = chatd.process.waitForLine("too many connections from 127.0.0.1", kSoon);
  REQUIRE(logged);
  CHECK(logged->find("too many connections from 127.0.0.1 (2): refused telnet 127.0.0.1:") !=
        std::string::npos);
  // Another address of the same LAN still gets in.
  TestSocket other = TestSocket::connectFrom("127.0.0.2", chatd.telnetPort);
  CHECK(other.readLine() == "Whats your name?\r\n");
  anna.close();
  REQUIRE(chatd.process.waitForLine("anna left", kSoon));
  TestSocket again = TestSocket::connectTo(chatd.telnetPort);  // anna's place is free again
  CHECK(again.readLine() == "Whats your name?\r\n");
}

TEST_CASE("bad command lines are refused with a message naming the problem") {
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  const Case cases[] = {
      {{}, "give at least one --listen or --listen-game ENDPOINT"},
      {{"--listen", "tcp:77x7"}, "--listen tcp:77x7: port '77x7' is not a number"},
      {{"--listen", "udp:5555"}, "udp:5555: chat runs over tcp, tcp6, unix or enet, not udp"},
      {{"--listen-game", "nonsense"}, "--listen-game nonsense"},
      {{"--listen", "tcp:0", "--max-members", "0"}, "--max-members"},
  };
  for (const Case& c : cases) {
    std::vector<std::string> argv = {weft::testing::binPath("weft-chatd")};
    argv.insert(argv.end(), c.args.begin(), c.args.end());
    Subprocess chatd = weft::testing::startProgram(argv);
    CAPTURE(c.message);
    CHECK(chatd.waitExit(kSoon) == 2);
    CHECK(chatd.stderrSoFar().find(c.message) != std::string::npos);
  }
}

TEST_CASE("a game client announcing a first message longer than a hello is told and cut off") {
  RunningChatd chatd = startChatd();
  TestSocket game = TestSocket::connectTo(chatd.gamePort);
  // 2 KiB announced (a frame's length counts its channel byte), over a hello's 1,046 bytes, and
  // never sent: the server holds none of it.
  game.send(std::string("\x00\x00\x08\x01\x00", 5));
  // The server's first heartbeat (net/protocols/WIRE.md, Liveness), then its goodbye.
  weft::net::ByteWriter expected;
  expected.u32(2).u8(255).u8(2);
  expected.u32(6).u8(255).u8(1).u32(weft::net::toWireCode(weft::net::ReasonCode::MessageTooLarge));
  CHECK(game.read(16) == expected.data());
  CHECK(game.waitClosed());
}

TEST_CASE("a port already in use stops the server with exit 1, naming the endpoint") {
  RunningChatd first = startChatd();
  Subprocess second = weft::testing::startProgram(
      {weft::testing::binPath("weft-chatd"), "--listen",
       "tcp:" + std::to_string(first.telnetPort) + ":interface=127.0.0.1"});
  CHECK(second.waitExit(kSoon) == 1);
  CHECK(second.stderrSoFar().find("cannot listen") != std::string::npos);
  CHECK(second.stderrSoFar().find("in use") != std::string::npos);
}

TEST_CASE("--help says which endpoints speak telnet and which the game protocol") {
  Subprocess help = weft::testing::startProgram({weft::testing::binPath("weft-chatd"), "--help"});
  CHECK(help.waitExit(kSoon) == 0);
  const std::string& text = help.stdoutSoFar();
  CHECK(text.find("--listen tcp:, tcp6: and unix: endpoints speak telnet") != std::string::npos);
  CHECK(text.find("--listen-game") != std::string::npos);
}

TEST_CASE("a connection that says no hello within its front's timeout is told why and closed") {
  RunningChatd chatd = startChatd({"--hello-timeout", "0.3", "--telnet-hello-timeout", "0.5"});
  TestSocket game = TestSocket::connectTo(chatd.gamePort);  // framed, and never a word from it
  TestSocket telnet = TestSocket::connectTo(chatd.telnetPort);
  CHECK(telnet.readLine() == "Whats your name?\r\n");
  CHECK(game.waitClosed());
  // Among what it was sent before the close: a Goodbye, code 2003, retry allowed.
  const std::string said = game.read(4096, std::chrono::milliseconds(0));
  CHECK(said.find(std::string("\x83\x00\x00\x07\xd3\x01", 6)) != std::string::npos);
  CHECK(telnet.readLine() == "<You took too long to choose a name; try again later.>\r\n");
  CHECK(telnet.waitClosed());
  const auto logged = chatd.process.waitForLine("dismissed game 127.0.0.1:", kSoon);
  REQUIRE(logged);
  CHECK(logged->find("no name given in time") != std::string::npos);
  TestSocket next = TestSocket::connectTo(chatd.telnetPort);  // the server is fine
  CHECK(next.readLine() == "Whats your name?\r\n");
}

TEST_CASE("--help documents the hello timeouts; they refuse nan and zero") {
  Subprocess help = weft::testing::startProgram({weft::testing::binPath("weft-chatd"), "--help"});
  CHECK(help.waitExit(kSoon) == 0);
  CHECK(help.stdoutSoFar().find("--hello-timeout") != std::string::npos);
  CHECK(help.stdoutSoFar().find("--telnet-hello-timeout") != std::string::npos);
  for (const char* bad : {"nan", "0", "-1"}) {
    CAPTURE(bad);
    Subprocess chatd = weft::testing::startProgram(
        {weft::testing::binPath("weft-chatd"), "--listen", "tcp:0", "--hello-timeout", bad});
    CHECK(chatd.waitExit(kSoon) == 2);
    CHECK(chatd.stderrSoFar().find("--hello-timeout") != std::string::npos);
  }
}

TEST_CASE("--help documents the ENet handshake limits; they refuse values out of range") {
  Subprocess help = weft::testing::startProgram({weft::testing::binPath("weft-chatd"), "--help"});
  CHECK(help.waitExit(kSoon) == 0);
  for (const char* option :
       {"--enet-handshakes ", "--enet-handshakes-per-address", "--enet-handshake-timeout"}) {
    CHECK(help.stdoutSoFar().find(option) != std::string::npos);
  }
  for (const auto& bad : {std::pair{"--enet-handshakes", "0"},
                          {"--enet-handshakes-per-address", "4095"},
                          {"--enet-handshake-timeout", "nan"}}) {
    const char* const option = bad.first;
    CAPTURE(option);
    Subprocess chatd = weft::testing::startProgram(
        {weft::testing::binPath("weft-chatd"), "--listen", "tcp:0", option, bad.second});
    CHECK(chatd.waitExit(kSoon) == 2);
    CHECK(chatd.stderrSoFar().find(option) != std::string::npos);
  }
}

TEST_CASE("an enet: port keeps to --enet-handshakes-per-address") {
  // Five CONNECTs from one address, which may have two handshakes: two are answered.
  ChatdOptions options;
  options.enet = true;
  options.extra = {"--enet-handshakes-per-address", "2"};
  RunningChatd chatd = startChatd(options);
  ForgedConnects one(1, 5, /*firstHost=*/2);
  const auto server = weft::net::Address::fromNumeric("127.0.0.1", chatd.enetPort);
  REQUIRE(server);
  REQUIRE(one.sendRound(*server) == 5);
  // Waits up to `ms` for a datagram on a source not yet heard from; which, if any.
  std::vector<bool> heard(one.sources());
  auto next = [&](int ms) -> std::optional<std::size_t> {
    std::vector<pollfd> waiting;
    std::vector<std::size_t> index;
    for (std::size_t i = 0; i < one.sources(); ++i) {
      if (heard[i]) continue;
      waiting.push_back({one.socket(i), POLLIN, 0});
      index.push_back(i);
    }
    if (::poll(waiting.data(), waiting.size(), ms) <= 0) return std::nullopt;
    for (std::size_t k = 0; k < waiting.size(); ++k) {
      if ((waiting[k].revents & POLLIN) == 0) continue;
      heard[index[k]] = true;
      return index[k];
    }
    return std::nullopt;
  };
  std::size_t answered = 0;
  while (answered < 2 && next(static_cast<int>(kSoon.count()))) ++answered;
  CHECK(answered == 2);
  // The other three stay unanswered, while the server answers the first two again.
  CHECK_FALSE(next(300).has_value());
}
