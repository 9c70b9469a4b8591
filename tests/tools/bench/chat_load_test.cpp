// ChatLoad, the chat-fanout load generator, against a real weft-chatd; and the port of the
// Twisted chat tutorial's server it is compared with, checked against the tutorial's dialogue.

#include "tools/bench/chat_load.h"

#include <doctest/doctest.h>

#include <algorithm>

#include "tests/net/examples/example_support.h"
#include "tests/tools/chat/chat_process.h"

using namespace weft::test;
using weft::bench::ChatLoad;
using weft::bench::FanoutRun;
using namespace std::chrono_literals;

TEST_CASE("members join, senders keep their window, and every message reaches every member") {
  RunningChatd chatd = startChatd({"--quiet", "--rate", "0"});
  auto load = ChatLoad::join(chatd.telnetPort, 20, 20000ms);
  REQUIRE_MESSAGE(load.ok(), (load.ok() ? "" : load.error().message));
  CHECK(load->members() == 20);

  FanoutRun run;
  run.senders = 3;
  run.window = 2;
  run.warmUp = 0ms;
  run.measured = 300ms;
  run.latencyEvery = 5;
  int opened = 0, closed = 0;
  run.windowOpened = [&] { ++opened; };
  run.windowClosed = [&] { ++closed; };
  auto figures = load->fanOut(run);
  REQUIRE_MESSAGE(figures.ok(), (figures.ok() ? "" : figures.error().message));
  CHECK(opened == 1);
  CHECK(closed == 1);
  CHECK(figures->seconds >= 0.3);
  CHECK(figures->messages > 0);
  // Deliveries counted in the window are messages x members, give or take those that crossed
  // its edges: at most the window's worth in flight at each end.
  const double perMessage = static_cast<double>(figures->deliveries) / static_cast<double>(figures->messages);
  CHECK(perMessage > 15);
  CHECK(perMessage < 25);
  REQUIRE_FALSE(figures->latenciesUs.empty());
  CHECK(*std::min_element(figures->latenciesUs.begin(), figures->latenciesUs.end()) > 0);
}

TEST_CASE("a server that refuses members is reported, not waited for") {
  RunningChatd chatd = startChatd({"--quiet", "--max-members", "5"});
  auto load = ChatLoad::join(chatd.telnetPort, 10, 20000ms);
  REQUIRE_FALSE(load.ok());
  INFO(load.error().message);
  // The sixth is refused: closed, or reset since its name was never read.
  CHECK(load.error().message.starts_with("member c5: "));
}

TEST_CASE("the Twisted peer speaks the chat tutorial's dialogue") {
  Subprocess server = weft::testing::startProgram(
      {"/usr/bin/python3", WEFT_SOURCE_DIR "/tools/bench/twisted_chat_server.py", "--port", "0"});
  const auto listening = server.waitForLine("", kSoon);
  REQUIRE(listening);
  // tools/dev installs python3-twisted, so a peer that cannot import it is a broken set-up.
  REQUIRE_MESSAGE(listening->starts_with("listening "), *listening);
  const auto port = static_cast<std::uint16_t>(std::stoi(listening->substr(10)));
  TestSocket anna = TestSocket::connectTo(port);
  CHECK(anna.readLine() == "Whats your name?\r\n");
  anna.send("anna\r\n");
  CHECK(anna.readLine() == "{registered as anna}\r\n");
  CHECK(anna.readLine() == "<All welcome anna, client no. 1!>\r\n");
  CHECK(anna.readLine() ==
        "<Use /command to execute commands and /help to get a list of all commands.>\r\n");
  TestSocket anna2 = TestSocket::connectTo(port);
  CHECK(anna2.readLine() == "Whats your name?\r\n");
  anna2.send("anna\r\n");
  CHECK(anna2.readLine() == "{registered as anna2}\r\n");
  CHECK(anna.readLine() == "<All welcome anna2, client no. 2!>\r\n");
  anna.send("hi\r\n/me waves\r\n/list\r\n");
  CHECK(anna2.readLine() == "<All welcome anna2, client no. 2!>\r\n");
  CHECK(anna2.readLine().starts_with("<Use /command"));
  CHECK(anna2.readLine() == "<anna>: hi\r\n");
  CHECK(anna2.readLine() == "<anna waves>\r\n");
}
