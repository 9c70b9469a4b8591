// ChatRoom: joining, names, messages and their order, text rules, rate limits, the member quota
// and shutdown, all under a ManualClock. Commands: chat_room_commands_test; the per-address
// cap: chat_room_address_test; history and backfill: chat_room_backfill_test.

#include "net/chat/chat_room.h"

#include <algorithm>

#include "net/testing/recording_logger.h"
#include "tests/net/chat/chat_room_support.h"

using namespace weft::test;
using weft::net::ChatKind;
using weft::net::ChatResume;
using weft::net::ChatTime;
using weft::net::ReasonCode;

TEST_CASE("a join is welcomed, announced to everyone with its client number, then hinted") {
  RoomFixture f;
  auto [anna, annaId] = f.join("anna");
  RecordingChatMember& bob = f.members.emplace_back();
  const auto bobId = f.admit(bob);
  CHECK(f.room.placesTaken() == 2);
  CHECK(f.room.memberCount() == 1);  // bob is still choosing a name
  f.room.join(bobId, "bob");

  REQUIRE(bob.welcome.has_value());
  CHECK(bob.welcome->name == "bob");
  CHECK(bob.welcome->lastSeq == 1);  // anna's join
  CHECK(bob.welcome->others == Lines{"anna"});
  CHECK(bob.take() == Lines{
                          "2 join bob: All welcome bob, client no. 2!",
                          "- private: Use /command to execute commands and /help to get a list "
                          "of all commands.",
                      });
  CHECK(anna->take() == Lines{"2 join bob: All welcome bob, client no. 2!"});
  CHECK(f.room.memberCount() == 2);
  CHECK(f.room.nameOf(bobId) == "bob");
  CHECK(f.room.joined(annaId));
}

TEST_CASE("a taken name gets a number appended, whatever its ASCII case") {
  RoomFixture f;
  CHECK(f.room.nameOf(f.join("anna").second) == "anna");
  CHECK(f.room.nameOf(f.join("anna").second) == "anna2");
  CHECK(f.room.nameOf(f.join("Anna").second) == "Anna3");
  CHECK(f.room.nameOf(f.join("anna2").second) == "anna22");
}

// One lookalike per kind of character that a reader cannot see, or does not tell apart: each
// would let its owner talk as anna while she is here.
TEST_CASE(
    "a name that reads like a present member's gets a number appended, whatever hides in it") {
  const std::pair<const char*, const char*> lookalikes[] = {
      {"an\u200Bna", "ZERO WIDTH SPACE"},
      {"an\u200Cna", "ZERO WIDTH NON-JOINER"},
      {"an\u200Dna", "ZERO WIDTH JOINER"},
      {"an\u2060na", "WORD JOINER"},
      {"\uFEFFanna", "ZERO WIDTH NO-BREAK SPACE"},
      {"an\u00ADna", "SOFT HYPHEN"},
      {"an\u2062na", "INVISIBLE TIMES"},
      {"anna\u200E", "LEFT-TO-RIGHT MARK"},
      {"\u202Eanna\u202C", "RIGHT-TO-LEFT OVERRIDE (a palindrome reads the same)"},
      {"\u2066anna\u2069", "LEFT-TO-RIGHT ISOLATE"},
      {"an\u034Fna", "COMBINING GRAPHEME JOINER"},
      {"anna\uFE0F", "VARIATION SELECTOR-16"},
      {"anna\U000E0041", "TAG LATIN CAPITAL LETTER A"},
      {"an\u3164na", "HANGUL FILLER"},
      {"anna\u00A0", "a trailing NO-BREAK SPACE"},
      {"\u3000anna", "a leading IDEOGRAPHIC SPACE"},
      {"anna\u2800", "a trailing BRAILLE PATTERN BLANK"},
      {"an\u0338na", "a combining accent (U+0338)"},
      {"ANNA", "ASCII case"},
  };
  for (const auto& lookalike : lookalikes) {
    const std::string hidden = lookalike.second;
    INFO("the newcomer's name holds ", hidden);
    RoomFixture f;
    f.join("anna");
    const std::string& given = f.room.nameOf(f.join(lookalike.first).second);
    CHECK((given == "anna2" || given == "ANNA2"));
  }
}

TEST_CASE("case beyond ASCII does not tell names apart either; spaces inside a name do") {
  RoomFixture f;
  f.join("\u00C9mile");                                                // Émile
  CHECK(f.room.nameOf(f.join("\u00E9mile").second) == "\u00E9mile2");  // émile
  f.join("\u0410\u043D\u043D\u0430");                                  // Анна
  CHECK(f.room.nameOf(f.join("\u0430\u041D\u041D\u0410").second) == "\u0430\u041D\u041D\u04102");
  f.join("anna maria");
  CHECK(f.room.nameOf(f.join("anna\u00A0\u2003maria").second) == "anna maria2");
  CHECK(f.room.nameOf(f.join("annamaria").second) == "annamaria");
}

TEST_CASE("an empty or unusable name falls back to a guest name") {
  RoomFixture f;
  f.join("anna");
  CHECK(f.room.nameOf(f.join("").second) == "guest2");
  CHECK(f.room.nameOf(f.join("  <>\x1b[2J ").second) == "guest3");
  CHECK(f.room.nameOf(f.join("guest5").second) == "guest5");  // client no. 4 takes guest5
  CHECK(f.room.nameOf(f.join("").second) == "guest52");       // so client no. 5 is guest52
}

TEST_CASE("a long name is cut to 24 characters with a notice, numbers included") {
  RoomFixture f;
  const std::string longName = "abcdefghijklmnopqrstuvwxyz0123";
  f.join("x");
  RecordingChatMember& member = f.members.emplace_back();
  const auto id = f.admit(member);
  f.room.join(id, longName);
  CHECK(f.room.nameOf(id) == "abcdefghijklmnopqrstuvwx");
  CHECK(member.take().back() ==
        "- private: Names are limited to 24 characters; yours is abcdefghijklmnopqrstuvwx.");
  // The same name again: the base is cut further so the number fits.
  CHECK(f.room.nameOf(f.join(longName).second) == "abcdefghijklmnopqrstuvw2");
}

TEST_CASE("everything said reaches every member, the sender included, numbered in one order") {
  RoomFixture f;
  auto [anna, annaId] = f.join("anna");
  auto [bob, bobId] = f.join("bob");
  auto [carl, carlId] = f.join("carl");
  f.quiet();
  f.room.input(annaId, "hello");
  f.room.input(bobId, "/me waves");
  f.room.input(carlId, "hi all");
  const Lines expected = {"4 say anna: hello", "5 me bob: waves", "6 say carl: hi all"};
  CHECK(anna->take() == expected);
  CHECK(bob->take() == expected);
  CHECK(carl->take() == expected);
  CHECK(f.room.history().lastSeq() == 6);
}

TEST_CASE("every message carries the wall time of the room's clock") {
  ChatRoomConfig config = unlimited();
  const auto wall = ChatTime{std::chrono::milliseconds(1'700'000'000'000)};
  config.wallClock = {weft::net::TimePoint{} + 5s, wall};
  RoomFixture f(config);
  f.clock.advance(7s);
  auto [anna, annaId] = f.join("anna");
  f.clock.advance(1500ms);
  f.room.input(annaId, "now");
  REQUIRE(anna->messages.size() == 1);
  CHECK(anna->messages[0].time == wall + 3500ms);  // 8.5 s on the clock, anchored at 5 s
}

TEST_CASE("leaving is announced to everyone; a connection that never named itself leaves quietly") {
  RoomFixture f;
  auto [anna, annaId] = f.join("anna");
  auto [bob, bobId] = f.join("bob");
  RecordingChatMember& shy = f.members.emplace_back();
  const auto shyId = f.admit(shy);
  f.quiet();
  f.room.leave(shyId);
  CHECK(anna->take().empty());
  f.room.leave(bobId);
  CHECK(anna->take() == Lines{"3 leave bob: bob has gone away"});
  CHECK_FALSE(bob->dismissal.has_value());  // it left by itself: nothing to dismiss
  CHECK(f.room.memberCount() == 1);
  CHECK(f.room.placesTaken() == 1);
  // Its name is free again.
  CHECK(f.room.nameOf(f.join("bob").second) == "bob");
}

TEST_CASE("text is sanitised before anyone sees it; text that shows nothing is dropped") {
  RoomFixture f;
  auto [anna, annaId] = f.join("anna");
  f.room.input(annaId, "\x1b[2J\x1b[Hgotcha \xFF");
  f.room.input(annaId, "\x1b[2J\x07");
  f.room.input(annaId, "\u00A0\u3000\u200B\u0301");  // spaces, a zero-width one, an accent
  f.room.input(annaId, "/me \x1b]0;pwned\x07grins");
  CHECK(anna->take() == Lines{"2 say anna: gotcha \xEF\xBF\xBD", "3 me anna: grins"});
}

TEST_CASE("a message over 400 bytes is refused with a notice; 400 bytes pass") {
  RoomFixture f;
  auto [anna, annaId] = f.join("anna");
  auto [bob, bobId] = f.join("bob");
  f.quiet();
  f.room.input(annaId, std::string(400, 'a'));
  CHECK(bob->take().size() == 1);
  f.room.input(annaId, std::string(401, 'a'));
  CHECK(bob->take().empty());
  CHECK(anna->take().back() ==
        "- private: Your message is 401 bytes long, over the 400-byte limit; it was not sent.");
  // The limit counts the bytes others would receive: repaired bytes grow (1 -> 3).
  f.room.input(annaId, std::string(134, '\xFF'));
  CHECK(anna->take().back().starts_with("- private: Your message is 402 bytes long"));
}

TEST_CASE("a burst passes, then slow down once, then sustained flooding disconnects") {
  ChatRoomConfig config;
  config.rate = {.perSecond = 1, .burst = 3, .floodStrikes = 5};
  RoomFixture f(config);
  auto [anna, annaId] = f.join("anna");
  auto [bob, bobId] = f.join("bob");
  f.quiet();
  for (int i = 1; i <= 5; ++i) f.room.input(annaId, "spam " + std::to_string(i));
  CHECK(bob->take() == Lines{"3 say anna: spam 1", "4 say anna: spam 2", "5 say anna: spam 3"});
  CHECK(anna->take().back() ==
        "- private: Slow down! You may send 3 messages at once, then 1 per second; that one "
        "was not sent.");
  f.clock.advance(1s);  // one token back
  f.room.input(annaId, "calmer");
  CHECK(bob->take() == Lines{"6 say anna: calmer"});
  anna->take();
  for (int i = 0; i < 5; ++i) f.room.input(annaId, "flood");
  CHECK(anna->take() == Lines{
                            "- private: Slow down! You may send 3 messages at once, then 1 per "
                            "second; that one was not sent.",
                            "- private: You sent too many messages too fast and were "
                            "disconnected.",
                        });
  REQUIRE(anna->dismissal.has_value());
  CHECK(anna->dismissal->code == ChatRoom::kFlooding);
  CHECK(bob->take() == Lines{"7 leave anna: anna has gone away"});
  CHECK(f.room.memberCount() == 1);
}

TEST_CASE("the rate limit counts commands too, and each member has its own") {
  ChatRoomConfig config;
  config.rate = {.perSecond = 1, .burst = 2, .floodStrikes = 10};
  RoomFixture f(config);
  auto [anna, annaId] = f.join("anna");
  auto [bob, bobId] = f.join("bob");
  f.quiet();
  f.room.input(annaId, "/list");
  f.room.input(annaId, "/help");
  f.room.input(annaId, "/list");
  CHECK(anna->take().back().starts_with("- private: Slow down!"));
  f.room.input(bobId, "still allowed");
  CHECK(anna->take() == Lines{"3 say bob: still allowed"});
}

TEST_CASE("past the quota a newcomer is refused; a place frees when someone leaves") {
  RoomFixture f(configured([](ChatRoomConfig& c) { c.maxMembers = 2; }));
  f.join("anna");
  RecordingChatMember& naming = f.members.emplace_back();
  const auto namingId = f.admit(naming);  // still at the name prompt: it holds a place
  RecordingChatMember& third = f.members.emplace_back();
  CHECK_FALSE(f.room.admit(third).has_value());
  CHECK(ChatRoom::kRoomFull == "Too many connections, try later");
  f.room.leave(namingId);
  CHECK(f.room.admit(third).has_value());
}

TEST_CASE("a full room lets a newcomer take the place of one silent at the name prompt too long") {
  RoomFixture f(configured([](ChatRoomConfig& c) {
    c.maxMembers = 2;
    c.nameTimeout = 60s;
  }));
  auto [anna, annaId] = f.join("anna");
  RecordingChatMember& silent = f.members.emplace_back();
  f.admit(silent);
  f.clock.advance(59s);
  RecordingChatMember& newcomer = f.members.emplace_back();
  CHECK_FALSE(f.room.admit(newcomer).has_value());  // not yet
  f.clock.advance(1s);
  CHECK(f.room.admit(newcomer).has_value());
  REQUIRE(silent.dismissal.has_value());
  CHECK(silent.dismissal->code == ChatRoom::kNameTimeout);
  CHECK(silent.take() == Lines{"- private: You took too long to choose a name; try again later."});
  CHECK(anna->take().empty());  // it never joined, so nobody hears it leave
}

TEST_CASE("shutdown tells everyone, then dismisses every member, named or not") {
  RoomFixture f;
  auto [anna, annaId] = f.join("anna");
  auto [bob, bobId] = f.join("bob");
  RecordingChatMember& naming = f.members.emplace_back();
  f.admit(naming);
  f.quiet();
  f.room.shutdown();
  const Lines expected = {"3 notice: The server is shutting down. Bye!"};
  CHECK(anna->take() == expected);
  CHECK(bob->take() == expected);
  CHECK(naming.take().empty());
  for (RecordingChatMember* m : {anna, bob, &naming}) {
    REQUIRE(m->dismissal.has_value());
    CHECK(m->dismissal->code == ReasonCode::ShuttingDown);
  }
  CHECK(f.room.placesTaken() == 0);
  CHECK(f.room.memberCount() == 0);
}

TEST_CASE("deliveries are counted, private ones included") {
  RoomFixture f;
  auto [anna, annaId] = f.join("anna");  // join + hint: 2
  f.join("bob");                         // join to 2 + hint: 3
  f.room.input(annaId, "hi");            // 2
  CHECK(f.room.deliveries() == 7);
}

namespace {
// A member whose connection closes the moment something is delivered to it (a failed write, an
// aborted link): its front calls leave() from inside the room's delivery.
class Fragile final : public weft::net::ChatMember {
 public:
  explicit Fragile(ChatRoom& room) : room_(room) {}
  void deliver(const weft::net::ChatDelivery& d) override {
    lines.push_back(RecordingChatMember::describe(d.message()));
    if (breakOn && d.message().text.find(*breakOn) != std::string::npos && id) {
      room_.leave(*std::exchange(id, std::nullopt));
    }
  }
  void welcomed(const weft::net::ChatWelcome&) override {}
  void dismissed(const weft::net::Reason&) override { ++dismissals; }
  std::string describe() const override { return "fragile"; }

  std::optional<ChatRoom::MemberId> id;
  std::optional<std::string> breakOn;
  std::vector<std::string> lines;
  int dismissals = 0;

 private:
  ChatRoom& room_;
};
}  // namespace

TEST_CASE("a member whose connection closes during a delivery leaves right after that message") {
  RoomFixture f;
  auto [anna, annaId] = f.join("anna");
  Fragile fragile(f.room);
  fragile.id = *f.room.admit(fragile);
  f.room.join(*fragile.id, "fragile");
  auto [bob, bobId] = f.join("bob");
  f.quiet();
  fragile.breakOn = "boom";
  f.room.input(annaId, "boom");
  f.room.input(annaId, "after");
  // Everyone after the fragile member in the loop still got "boom"; then the leave; then more.
  CHECK(bob->take() ==
        Lines{"4 say anna: boom", "5 leave fragile: fragile has gone away", "6 say anna: after"});
  CHECK(fragile.lines.back() == "4 say anna: boom");
  CHECK(f.room.memberCount() == 2);
  CHECK(fragile.dismissals == 0);
}

TEST_CASE("a member that closes while catching up leaves without joining the audience") {
  RoomFixture f;
  auto [anna, annaId] = f.join("anna");
  f.room.input(annaId, "boom");
  anna->take();
  Fragile fragile(f.room);
  fragile.breakOn = "boom";
  fragile.id = *f.room.admit(fragile);
  f.room.join(*fragile.id, "fragile", weft::net::ChatResume{1, 0});
  CHECK(fragile.lines == Lines{"1 join anna: All welcome anna, client no. 1!", "2 say anna: boom"});
  CHECK(f.room.memberCount() == 1);
  CHECK(f.room.placesTaken() == 1);
  // Nobody heard it join, so nobody hears it leave; its name is free again.
  CHECK(anna->take().empty());
  CHECK(f.room.nameOf(f.join("fragile").second) == "fragile");
}

TEST_CASE("a member flooded off while its connection closes is dismissed once, announced once") {
  ChatRoomConfig config;
  config.rate = {.perSecond = 1, .burst = 1, .floodStrikes = 2};
  RoomFixture f(config);
  auto [anna, annaId] = f.join("anna");
  Fragile fragile(f.room);
  fragile.id = *f.room.admit(fragile);
  const auto id = *fragile.id;
  f.room.join(id, "fragile");
  anna->take();
  f.room.input(id, "one");
  f.room.input(id, "two");  // slow down
  fragile.breakOn = "too many messages";
  f.room.input(id, "three");  // flood: the warning closes its connection on the way
  CHECK(anna->take() == Lines{"3 say fragile: one", "4 leave fragile: fragile has gone away"});
  CHECK(f.room.placesTaken() == 1);
}
