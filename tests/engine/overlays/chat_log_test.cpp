// ChatLog without ImGui: what each ChatClient event reads as and in which kind (colour), the
// unread count while closed, trimming to maxLines, and the fade over the game under a
// ManualClock.

#include "engine/overlays/chat_log.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "net/testing/manual_clock.h"

using namespace weft::engine;
using namespace weft::net;
using namespace std::chrono_literals;
using weft::testing::ManualClock;

namespace {

ChatEvent message(ChatKind kind, std::string sender, std::string text, bool replay = false) {
  ChatEvent event;
  event.type = ChatEvent::Type::Message;
  event.message.kind = kind;
  event.message.sender = std::move(sender);
  event.message.text = std::move(text);
  event.replay = replay;
  return event;
}

std::vector<std::string> texts(const ChatLog& log) {
  std::vector<std::string> out;
  for (const ChatLine& line : log.lines()) out.push_back(line.text);
  return out;
}

}  // namespace

TEST_CASE("room messages read as players expect, each kind with its own colour") {
  ManualClock clock;
  ChatLog log;
  log.add(message(ChatKind::Say, "anna", "hi 100% of you"), "me", clock.now());
  log.add(message(ChatKind::Me, "anna", "waves"), "me", clock.now());
  log.add(message(ChatKind::Join, "bob", "All welcome bob, client no. 2!"), "me", clock.now());
  log.add(message(ChatKind::Notice, "", "The room closes soon"), "me", clock.now());
  log.add(message(ChatKind::Private, "", "In the room: anna, bob"), "me", clock.now());
  CHECK(texts(log) == std::vector<std::string>{"anna: hi 100% of you", "* anna waves",
                                               "All welcome bob, client no. 2!",
                                               "The room closes soon", "In the room: anna, bob"});
  std::vector<ChatLineKind> kinds;
  for (const ChatLine& line : log.lines()) kinds.push_back(line.kind);
  CHECK(kinds == std::vector<ChatLineKind>{ChatLineKind::Say, ChatLineKind::Me,
                                           ChatLineKind::System, ChatLineKind::System,
                                           ChatLineKind::Private});
}

TEST_CASE("connection changes become local lines; a join adds none, the room announces it") {
  ManualClock clock;
  ChatLog log;
  ChatEvent joined;
  joined.type = ChatEvent::Type::Joined;
  joined.name = "anna";
  log.add(joined, "anna", clock.now());
  CHECK(log.lines().empty());

  ChatEvent lost;
  lost.type = ChatEvent::Type::Disconnected;
  lost.reason = Reason{ReasonCode::ConnectionLost, ""};
  lost.willRetry = true;
  log.add(lost, "anna", clock.now());
  ChatEvent missed;
  missed.type = ChatEvent::Type::Missed;
  missed.missed = 3;
  log.add(missed, "anna", clock.now());
  ChatEvent failed;
  failed.type = ChatEvent::Type::Failed;
  failed.reason = Reason{ReasonCode::ConnectionRefused, ""};
  log.add(failed, "anna", clock.now());
  REQUIRE(log.lines().size() == 3);
  for (const ChatLine& line : log.lines()) CHECK(line.kind == ChatLineKind::Local);
  CHECK(log.lines()[0].text == "disconnected: " + lost.reason.sentence() + " (reconnecting)");
  CHECK(log.lines()[1].text.starts_with("3 messages went by"));
  CHECK(log.lines()[2].text == "could not connect: " + failed.reason.sentence());
}

TEST_CASE("unread counts others' new lines while closed, and opening reads them") {
  ManualClock clock;
  ChatLog log;
  log.add(message(ChatKind::Say, "bob", "one"), "anna", clock.now());
  log.add(message(ChatKind::Me, "bob", "waves"), "anna", clock.now());
  CHECK(log.unread() == 2);
  SUBCASE("our own lines, replays and local lines are not news") {
    log.add(message(ChatKind::Say, "anna", "mine"), "anna", clock.now());
    log.add(message(ChatKind::Say, "bob", "old", true), "anna", clock.now());
    log.addLocal("not sent", clock.now());
    CHECK(log.unread() == 2);
  }
  SUBCASE("a private answer is news even though it names no sender") {
    log.add(message(ChatKind::Private, "", "In the room: anna"), "anna", clock.now());
    CHECK(log.unread() == 3);
  }
  SUBCASE("open: read, and nothing counts while it stays open") {
    log.setOpen(true);
    CHECK(log.unread() == 0);
    log.add(message(ChatKind::Say, "bob", "two"), "anna", clock.now());
    CHECK(log.unread() == 0);
    log.setOpen(false);
    log.add(message(ChatKind::Say, "bob", "three"), "anna", clock.now());
    CHECK(log.unread() == 1);
  }
}

TEST_CASE("the log keeps maxLines, dropping the oldest, and counts what it added") {
  ManualClock clock;
  ChatLog log(ChatLogConfig{.maxLines = 3});
  for (int i = 0; i < 5; ++i) log.addLocal("line " + std::to_string(i), clock.now());
  CHECK(texts(log) == std::vector<std::string>{"line 2", "line 3", "line 4"});
  CHECK(log.added() == 5);
  CHECK(log.dropped() == 2);
}

TEST_CASE("a line stays fully visible for showFor, then fades out over fadeFor") {
  ManualClock clock;
  ChatLog log(ChatLogConfig{.maxLines = 10, .showFor = 8s, .fadeFor = 2s});
  log.addLocal("hello", clock.now());
  const ChatLine& line = log.lines().front();
  CHECK(log.alpha(line, clock.now()) == 1.0f);
  clock.advance(8s);
  CHECK(log.alpha(line, clock.now()) == 1.0f);
  clock.advance(500ms);
  CHECK(log.alpha(line, clock.now()) == doctest::Approx(0.75));
  clock.advance(1s);
  CHECK(log.alpha(line, clock.now()) == doctest::Approx(0.25));
  clock.advance(500ms);
  CHECK(log.alpha(line, clock.now()) == 0.0f);
  clock.advance(1h);
  CHECK(log.alpha(line, clock.now()) == 0.0f);
}

TEST_CASE("with no fade time a line vanishes at once after showFor") {
  ManualClock clock;
  ChatLog log(ChatLogConfig{.maxLines = 10, .showFor = 1s, .fadeFor = 0s});
  log.addLocal("hello", clock.now());
  clock.advance(1s);
  CHECK(log.alpha(log.lines().front(), clock.now()) == 1.0f);
  clock.advance(1ns);
  CHECK(log.alpha(log.lines().front(), clock.now()) == 0.0f);
}
