// ChatRoom's commands: /nick (/rename, /NAME), /list (/clients, /all), /me, /help and "Hu?"
// for the rest, /quit (/EXIT) and /history, in the words of chat_texts.h.

#include "net/chat/chat_room.h"

#include "tests/net/chat/chat_room_support.h"

using namespace weft::test;
using weft::net::ReasonCode;

TEST_CASE("/nick, /rename and /NAME rename and announce it to everyone") {
  RoomFixture f;
  auto [anna, annaId] = f.join("anna");
  auto [bob, bobId] = f.join("bob");
  f.quiet();
  f.room.input(annaId, "/nick annie");
  CHECK(bob->take() == Lines{"3 rename anna -> annie: anna renamed to annie"});
  CHECK(f.room.nameOf(annaId) == "annie");
  f.room.input(annaId, "/rename ann");
  f.room.input(annaId, "/NAME anna");
  CHECK(bob->take() == Lines{"4 rename annie -> ann: annie renamed to ann",
                             "5 rename ann -> anna: ann renamed to anna"});
  f.room.input(annaId, "hi");
  CHECK(bob->take() == Lines{"6 say anna: hi"});
}

TEST_CASE("/nick without a name, or with the same one, only answers the asker") {
  RoomFixture f;
  auto [anna, annaId] = f.join("anna");
  auto [bob, bobId] = f.join("bob");
  f.quiet();
  f.room.input(annaId, "/nick");
  f.room.input(annaId, "/nick   ");
  f.room.input(annaId, "/nick anna");
  CHECK(anna->take() == Lines{"- private: Your nick is anna, to change pass a new name!",
                              "- private: Your nick is anna, to change pass a new name!",
                              "- private: Your nick is already anna!"});
  CHECK(bob->take().empty());
}

TEST_CASE("renaming to a taken name appends a number; a change of case alone is allowed") {
  RoomFixture f;
  auto [anna, annaId] = f.join("anna");
  auto [bob, bobId] = f.join("bob");
  f.room.input(bobId, "/nick ANNA");
  CHECK(f.room.nameOf(bobId) == "ANNA2");
  f.room.input(annaId, "/nick Anna");
  CHECK(f.room.nameOf(annaId) == "Anna");
  // The old name is free at once.
  f.room.input(bobId, "/nick bob");
  f.room.input(annaId, "/nick ANNA2");
  CHECK(f.room.nameOf(annaId) == "ANNA2");
}

TEST_CASE("/nick to a name that only looks like a taken one appends a number too") {
  RoomFixture f;
  auto [anna, annaId] = f.join("anna");
  auto [bob, bobId] = f.join("bob");
  f.room.input(bobId, "/nick an\u200Bna");
  CHECK(f.room.nameOf(bobId) == "anna2");
  f.room.input(bobId, "/nick \u2066ANNA\u00A0");
  CHECK(f.room.nameOf(bobId) == "ANNA2");
  // anna renaming to herself with an invisible character is no change at all.
  f.quiet();
  f.room.input(annaId, "/nick anna\u2060");
  CHECK(f.room.nameOf(annaId) == "anna");
  CHECK(anna->take() == Lines{"- private: Your nick is already anna!"});
}

TEST_CASE("a new name is sanitised and cut like a joining one") {
  RoomFixture f;
  auto [anna, annaId] = f.join("anna");
  f.quiet();
  f.room.input(annaId, "/nick <\x1b[31mred>  one abcdefghijklmnopqrstuvwxyz");
  CHECK(f.room.nameOf(annaId) == "red one abcdefghijklmnop");
  CHECK(anna->take().back() ==
        "- private: Names are limited to 24 characters; yours is red one abcdefghijklmnop.");
}

TEST_CASE("/list, /clients and /all list the others, then you") {
  RoomFixture f;
  auto [anna, annaId] = f.join("anna");
  f.quiet();
  f.room.input(annaId, "/list");
  CHECK(anna->take() ==
        Lines{"- private: You are alone on this server. Totally lost. Be nice!"});
  f.join("bob");
  f.join("carl");
  anna->take();
  f.room.input(annaId, "/list");
  f.room.input(annaId, "/clients");
  f.room.input(annaId, "/all");
  const std::string list = "- private: 3 people are currently connected: bob carl and you";
  CHECK(anna->take() == Lines{list, list, list});
}

TEST_CASE("/list names a hundred others at most") {
  RoomFixture f;
  auto [anna, annaId] = f.join("anna");
  for (int i = 0; i < 150; ++i) f.join("m" + std::to_string(i));
  anna->take();
  f.room.input(annaId, "/list");
  const std::string line = anna->take().back();
  CHECK(line.starts_with("- private: 151 people are currently connected: m0 m1 m2 "));
  CHECK(line.find(" m99, 50 more and you") != std::string::npos);
  CHECK(line.find("m100") == std::string::npos);
}

TEST_CASE("/me announces an action; /me alone is not understood") {
  RoomFixture f;
  auto [anna, annaId] = f.join("anna");
  f.room.input(annaId, "/me waves at everyone");
  f.room.input(annaId, "/me");
  CHECK(anna->take() == Lines{"2 me anna: waves at everyone",
                              "- private: Hu? What do you mean? Try /help"});
}

TEST_CASE("/help lists every command, one per line") {
  RoomFixture f;
  auto [anna, annaId] = f.join("anna");
  f.room.input(annaId, "/help");
  REQUIRE(anna->messages.size() == 1);
  CHECK(anna->messages[0].text ==
        "Currently, the following commands are supported: \n"
        "/list - get a list of all connected people \n"
        "/rename newName - rename yourself \n"
        "/nick newName - the same as /rename \n"
        "/me action - do sth. (this will produce a \"* username action\" line \n"
        "/history N - show the last N messages again \n"
        "/quit - leave the chat \n"
        "/help - print this help message ");
}

TEST_CASE("an unknown command gets a hint to try /help; // says a line starting with /") {
  RoomFixture f;
  auto [anna, annaId] = f.join("anna");
  f.room.input(annaId, "/dance");
  f.room.input(annaId, "//dance is not a command");
  CHECK(anna->take() == Lines{"- private: Hu? What do you mean? Try /help",
                              "2 say anna: /dance is not a command"});
}

TEST_CASE("/quit and /EXIT say goodbye, dismiss cleanly and tell the others") {
  for (const char* command : {"/quit", "/EXIT"}) {
    CAPTURE(command);
    RoomFixture f;
    auto [anna, annaId] = f.join("anna");
    auto [bob, bobId] = f.join("bob");
    f.quiet();
    f.room.input(bobId, command);
    CHECK(bob->take() == Lines{"- private: Bye!"});
    REQUIRE(bob->dismissal.has_value());
    CHECK(bob->dismissal->code == ReasonCode::Done);
    CHECK(anna->take() == Lines{"3 leave bob: bob has gone away"});
    CHECK(f.room.memberCount() == 1);
  }
}

TEST_CASE("/history N shows the last N messages again, marked as replays, to the asker only") {
  RoomFixture f(configured([](ChatRoomConfig& c) { c.historySize = 4; }));
  auto [anna, annaId] = f.join("anna");
  auto [bob, bobId] = f.join("bob");
  for (int i = 1; i <= 3; ++i) f.room.input(annaId, "m" + std::to_string(i));
  f.quiet();
  f.room.input(bobId, "/history 2");
  CHECK(bob->take() == Lines{"- private: The last 2 messages:", "(replay) 4 say anna: m2",
                             "(replay) 5 say anna: m3", "- private: End of history."});
  CHECK(anna->take().empty());
  f.room.input(bobId, "/history 100");  // as many as are kept
  CHECK(bob->take().size() == 4 + 2);
  f.room.input(bobId, "/history 1");
  CHECK(bob->take()[0] == "- private: The last 1 message:");
}

TEST_CASE("/history without a usable count explains itself") {
  RoomFixture f;
  auto [anna, annaId] = f.join("anna");
  anna->take();
  for (const char* bad : {"/history", "/history x", "/history 0", "/history -3", "/history 5x"}) {
    CAPTURE(bad);
    f.room.input(annaId, bad);
    CHECK(anna->take() == Lines{"- private: Usage: /history N, to see the last N messages (the "
                                "room keeps 500)."});
  }
}

TEST_CASE("/history in an empty room says so") {
  RoomFixture f(configured([](ChatRoomConfig& c) { c.historySize = 0; }));
  auto [anna, annaId] = f.join("anna");
  anna->take();
  f.room.input(annaId, "/history 5");
  CHECK(anna->take() == Lines{"- private: No messages yet."});
}

TEST_CASE("an empty line does nothing at all") {
  RoomFixture f;
  auto [anna, annaId] = f.join("anna");
  anna->take();
  f.room.input(annaId, "");
  f.room.input(annaId, "   ");
  CHECK(anna->take().empty());
  CHECK(f.room.history().lastSeq() == 1);
}
