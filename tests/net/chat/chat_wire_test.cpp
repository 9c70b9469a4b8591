// The game chat codec: round trips of every message, the exact bytes of one, and refusal of
// everything truncated, oversized, unknown or trailing.

#include "net/chat/chat_wire.h"

#include <doctest/doctest.h>

#include <string>

using namespace std::chrono_literals;
using namespace weft::net;

namespace {

ChatMessage sample(ChatKind kind) {
  ChatMessage m;
  m.seq = 42;
  m.time = ChatTime{1'700'000'000'123ms};
  m.kind = kind;
  m.sender = "anna";
  m.text = "héllo";
  if (kind == ChatKind::Rename) m.renamedTo = "annie";
  return m;
}

std::vector<ChatServerMessage> serverSamples() {
  std::vector<ChatServerMessage> all;
  all.push_back(ChatWelcomeMessage{kChatWireVersion, "anna2", 7, 41, 3, {"bob", "carl", ""}});
  all.push_back(ChatWelcomeMessage{kChatWireVersion, "solo", 1, 0, 1, {}});
  for (std::uint8_t k = 0; k < kChatKinds; ++k) {
    all.push_back(ChatEntry{sample(static_cast<ChatKind>(k)), k % 2 == 0});
  }
  ChatMessage before1970 = sample(ChatKind::Say);
  before1970.time = ChatTime{-5ms};
  all.push_back(ChatEntry{before1970, false});
  all.push_back(ChatGoodbye{ChatRoom::kFlooding, false, "You sent too many messages"});
  all.push_back(ChatGoodbye{ReasonCode::ShuttingDown, true, ""});
  return all;
}

std::vector<ChatClientMessage> clientSamples() {
  return {ChatHello{kChatWireVersion, "anna", std::nullopt},
          ChatHello{kChatWireVersion, "", ChatResume{7, 41}}, ChatInput{"/nick bob"},
          ChatInput{""}};
}

}  // namespace

TEST_CASE("every server message decodes back to itself") {
  for (const ChatServerMessage& message : serverSamples()) {
    const std::string bytes = encodeChat(message);
    CAPTURE(bytes.size());
    auto decoded = decodeChatServerMessage(bytes);
    REQUIRE(decoded.ok());
    CHECK(*decoded == message);
  }
}

TEST_CASE("every client message decodes back to itself") {
  for (const ChatClientMessage& message : clientSamples()) {
    auto decoded = decodeChatClientMessage(encodeChat(message));
    REQUIRE(decoded.ok());
    CHECK(*decoded == message);
  }
}

TEST_CASE("the fan-out's entry encoder writes what the general one does") {
  const ChatMessage m = sample(ChatKind::Rename);
  CHECK(encodeChatEntry(m, true) == encodeChat(ChatServerMessage(ChatEntry{m, true})));
}

TEST_CASE("a hello is laid out as WIRE.md says") {
  const std::string bytes =
      encodeChat(ChatClientMessage(ChatHello{kChatWireVersion, "ab", ChatResume{1, 2}}));
  const std::string expected(
      "\x01\x00\x01\x00\x02"
      "ab\x01"
      "\x00\x00\x00\x00\x00\x00\x00\x01"
      "\x00\x00\x00\x00\x00\x00\x00\x02",
      24);
  CHECK(bytes == expected);
}

TEST_CASE("a message cut anywhere is refused as ending early") {
  for (const ChatServerMessage& message : serverSamples()) {
    const std::string bytes = encodeChat(message);
    for (std::size_t cut = 1; cut < bytes.size(); ++cut) {
      CAPTURE(cut);
      auto decoded = decodeChatServerMessage(std::string_view(bytes).substr(0, cut));
      REQUIRE_FALSE(decoded.ok());
      CHECK(decoded.error().message.find("ends early") != std::string::npos);
    }
  }
  for (const ChatClientMessage& message : clientSamples()) {
    const std::string bytes = encodeChat(message);
    for (std::size_t cut = 1; cut < bytes.size(); ++cut) {
      CHECK_FALSE(decodeChatClientMessage(std::string_view(bytes).substr(0, cut)).ok());
    }
  }
}

TEST_CASE("trailing bytes, unknown types, kinds and flags are refused, naming the problem") {
  const std::string entry = encodeChatEntry(sample(ChatKind::Say), false);
  auto extra = decodeChatServerMessage(entry + "x");
  REQUIRE_FALSE(extra.ok());
  CHECK(extra.error().message == "bad chat message: 1 bytes too many");

  CHECK(decodeChatServerMessage("").error().message == "bad chat message: it is empty");
  CHECK(decodeChatServerMessage("\x7f").error().message == "bad chat message: unknown type 127");
  CHECK_FALSE(decodeChatClientMessage(entry).ok());  // a server message sent the wrong way

  std::string badKind = entry;
  badKind[1 + 1 + 8 + 8] = 7;
  CHECK(decodeChatServerMessage(badKind).error().message == "bad chat message: unknown kind 7");
  std::string badFlags = entry;
  badFlags[1] = 2;
  CHECK(decodeChatServerMessage(badFlags).error().message == "bad chat message: unknown flags 2");

  std::string badResume = encodeChat(ChatClientMessage(ChatHello{kChatWireVersion, "a", {}}));
  badResume.back() = 2;
  CHECK(decodeChatClientMessage(badResume).error().message ==
        "bad chat hello: resume flag 2 (0 or 1)");
}

TEST_CASE("strings over their limits and impossible member counts are refused") {
  std::string hello("\x01\x00\x01\x04\x01", 5);  // a 1025-byte name
  hello.append(1025, 'a').push_back('\0');
  CHECK(decodeChatClientMessage(hello).error().message ==
        "bad chat hello: name of 1025 bytes (the limit is 1024)");

  ChatWelcomeMessage welcome{kChatWireVersion, "a", 1, 0, 1, {}};
  std::string bytes = encodeChat(ChatServerMessage(welcome));
  bytes[bytes.size() - 4] = '\x7f';  // count 0x7f000000: far more than the bytes could hold
  CHECK(
      decodeChatServerMessage(bytes).error().message.starts_with("bad chat welcome: member count"));
}

TEST_CASE("a hello of another version is read only as far as its version") {
  const std::string future("\x01\x00\x02whatever version 2 sends", 26);
  auto decoded = decodeChatClientMessage(future);
  REQUIRE(decoded.ok());
  const auto& hello = std::get<ChatHello>(*decoded);
  CHECK(hello.version == 2);
  CHECK(hello.name.empty());
}

TEST_CASE("the message limits are the sizes of the longest messages the encoders write") {
  const std::string name(kChatMaxNameBytes, 'n');
  const std::string text(kChatMaxTextBytes, 't');
  CHECK(encodeChat(ChatClientMessage(ChatHello{kChatWireVersion, name, ChatResume{1, 2}})).size() ==
        kChatMaxHelloBytes);
  CHECK(encodeChat(ChatClientMessage(ChatInput{text})).size() == kChatMaxInputBytes);
  CHECK(kChatMaxClientMessageBytes == 65538);
  ChatMessage rename = sample(ChatKind::Rename);
  rename.sender = name;
  rename.text = text;
  rename.renamedTo = name;
  CHECK(encodeChatEntry(rename, false).size() == kChatMaxEntryBytes);
  CHECK(encodeChat(ChatServerMessage(ChatGoodbye{ReasonCode::Done, false, text})).size() <
        kChatMaxServerMessageBytes);
  // A Welcome listing 10,000 members of 24 four-byte characters fits what a client takes.
  std::string longName;
  for (int i = 0; i < 24; ++i) longName += "\xF0\x9F\x98\x80";
  ChatWelcomeMessage crowded{kChatWireVersion, longName, 1, 0, 1, {}};
  crowded.members.assign(10'000, longName);
  CHECK(encodeChat(ChatServerMessage(crowded)).size() <= kChatMaxServerMessageBytes);
}
