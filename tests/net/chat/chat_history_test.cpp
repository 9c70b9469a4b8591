#include "net/chat/chat_history.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "tests/support/printers.h"

using weft::net::ChatHistory;
using weft::net::ChatMessage;

namespace {

void addUpTo(ChatHistory& history, std::uint64_t last) {
  for (std::uint64_t seq = history.lastSeq() + 1; seq <= last; ++seq) {
    ChatMessage message;
    message.seq = seq;
    message.text = "m" + std::to_string(seq);
    history.add(std::move(message));
  }
}

std::vector<std::uint64_t> since(const ChatHistory& history, std::uint64_t seen) {
  std::vector<std::uint64_t> seqs;
  history.forEachSince(seen, [&](const ChatMessage& m) { seqs.push_back(m.seq); });
  return seqs;
}

}  // namespace

TEST_CASE("an empty history has nothing to give and expects message 1 next") {
  const ChatHistory history(5);
  CHECK(history.lastSeq() == 0);
  CHECK(history.oldestSeq() == 1);
  CHECK(since(history, 0).empty());
}

TEST_CASE("backfill gives every kept message after the one seen, in order, once") {
  ChatHistory history(5);
  addUpTo(history, 4);
  CHECK(since(history, 0) == std::vector<std::uint64_t>{1, 2, 3, 4});
  CHECK(since(history, 2) == std::vector<std::uint64_t>{3, 4});
  CHECK(since(history, 4).empty());
  CHECK(since(history, 99).empty());  // a number from the future: nothing, not everything
}

TEST_CASE("a resume from the largest sequence number gets nothing: seen + 1 does not wrap to 0") {
  ChatHistory history(5);
  addUpTo(history, 4);
  CHECK(since(history, UINT64_MAX).empty());
  CHECK(since(history, UINT64_MAX - 1).empty());
}

TEST_CASE("history keeps the newest messages up to its capacity") {
  ChatHistory history(5);
  addUpTo(history, 12);
  CHECK(history.size() == 5);
  CHECK(history.lastSeq() == 12);
  CHECK(history.oldestSeq() == 8);
  CHECK(since(history, 3) == std::vector<std::uint64_t>{8, 9, 10, 11, 12});  // 4-7 are gone
  CHECK(since(history, 9) == std::vector<std::uint64_t>{10, 11, 12});

  std::vector<std::string> last;
  history.forEachLast(2, [&](const ChatMessage& m) { last.push_back(m.text); });
  CHECK(last == std::vector<std::string>{"m11", "m12"});
  last.clear();
  history.forEachLast(50, [&](const ChatMessage& m) { last.push_back(m.text); });
  CHECK(last.size() == 5);
}

TEST_CASE("a history of capacity zero still counts sequence numbers") {
  ChatHistory history(0);
  addUpTo(history, 3);
  CHECK(history.lastSeq() == 3);
  CHECK(history.oldestSeq() == 4);
  CHECK(since(history, 0).empty());
}
