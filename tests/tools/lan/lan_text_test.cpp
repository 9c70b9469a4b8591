#include "tools/lan/lan_text.h"

#include <doctest/doctest.h>

using weft::lan::formatGameId;
using weft::lan::parseGameId;

TEST_CASE("game ids read as four letters or as a number, and print back the same way") {
  CHECK(*parseGameId("ARNA") == 0x41524e41);
  CHECK(*parseGameId("0x41524e41") == 0x41524e41);
  CHECK(*parseGameId("42") == 42);
  CHECK(*parseGameId("4294967295") == 0xffffffff);
  CHECK(*parseGameId("1234") == 1234);  // digits are a number, not a tag
  CHECK(formatGameId(0x41524e41) == "ARNA");
  CHECK(formatGameId(42) == "0x0000002a");
  CHECK(formatGameId(*parseGameId("my-g")) == "my-g");
}

TEST_CASE("a game id that is neither is refused, naming the text") {
  for (const char* text : {"", "ARN", "ARENA", "4294967296", "0x", "0xfffffffff", "-1", "A B!",
                           "0x1g"}) {
    CAPTURE(text);
    auto id = parseGameId(text);
    REQUIRE_FALSE(id.ok());
    CHECK(id.error().message.starts_with(std::string("game id '") + text + "'"));
  }
}

TEST_CASE("a found server prints on one line with its game address, players and RTT") {
  weft::net::DiscoveredServer server;
  server.info.name = "Zoë's room";
  server.info.players = 3;
  server.info.maxPlayers = 8;
  server.info.protocolVersion = 2;
  server.info.gamePort = 7777;
  server.gameAddress = weft::net::Address::loopbackIPv4(7777);
  server.rtt = std::chrono::microseconds(250);
  CHECK(weft::lan::describeServer('+', server) ==
        "+ \"Zoë's room\" at 127.0.0.1:7777, 3/8 players, protocol 2, rtt 0.25 ms");
}

TEST_CASE("a found server's name prints without what a reader cannot see, whatever it holds") {
  weft::net::DiscoveredServer server;
  server.info.name = "\u202Eytrap\u200B NAL\x1b]0;owned\x07\u2066";
  server.info.maxPlayers = 8;
  server.info.gamePort = 7777;
  server.gameAddress = weft::net::Address::loopbackIPv4(7777);
  CHECK(weft::lan::describeServer('+', server).starts_with("+ \"ytrap NAL\" at 127.0.0.1:7777"));
}
