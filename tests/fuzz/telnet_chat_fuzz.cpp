// Fuzzes the telnet chat front and the room behind it: a random stream typed by one user, fed
// whole, byte by byte and in random pieces, must give the same transcript to that user and to a
// watcher; and whatever was typed, everything sent out is clean: valid UTF-8 lines ending in
// "\r\n", with no other control character (so no escape sequence) anywhere.
//
// Input: [flags][stream...]. flags: bit 0 rate limiting on, bit 1 a small history, bits 2-3 the
// member quota (1 + value), bit 4 the watcher sends "/history 3" after the stream.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>

#include "net/chat/telnet_chat.h"
#include "net/testing/manual_clock.h"
#include "net/testing/string_transport.h"
#include "tests/fuzz/split_feed.h"

using weft::fuzz::require;
using weft::fuzz::Split;

namespace {

struct Outcome {
  std::string typist;
  std::string watcher;
  bool closed = false;
  friend bool operator==(const Outcome&, const Outcome&) = default;
};

bool isContinuation(unsigned char b) {
  return (b & 0xC0) == 0x80;
}

// Valid UTF-8 whose only control characters are the "\r\n" at the end of each line.
void requireClean(std::string_view out) {
  for (std::size_t i = 0; i < out.size();) {
    const auto b = static_cast<unsigned char>(out[i]);
    if (b == '\r') {
      require(i + 1 < out.size() && out[i + 1] == '\n');
      i += 2;
      continue;
    }
    require(b >= 0x20 && b != 0x7F);
    const std::size_t n = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC2 ? 2 : 0;
    require(n != 0 && i + n <= out.size());
    for (std::size_t k = 1; k < n; ++k)
      require(isContinuation(static_cast<unsigned char>(out[i + k])));
    if (b == 0xC2) require(static_cast<unsigned char>(out[i + 1]) >= 0xA0);  // no C1 controls
    i += n;
  }
  require(out.empty() || out.ends_with("\r\n"));
}

struct User {
  explicit User(weft::net::ChatRoom& room) : protocol(room, {.maxLineBytes = 600}) {
    transport.connect(protocol);
  }
  weft::net::TelnetChatProtocol protocol;
  weft::testing::StringTransport transport;
};

Outcome run(std::uint8_t flags, std::string_view stream, Split split, std::uint32_t seed) {
  weft::testing::ManualClock clock;
  weft::net::ChatRoomConfig config;
  config.rate = {.perSecond = (flags & 1) ? 1.0 : 0.0, .burst = 3, .floodStrikes = 6};
  config.historySize = (flags & 2) ? 2 : 500;
  config.maxMembers = 1 + ((flags >> 2) & 3);
  weft::net::ChatRoom room(clock, config);
  std::deque<User> users;
  User& watcher = users.emplace_back(room);
  watcher.transport.receive("watcher\r\n");
  User& typist = users.emplace_back(room);
  weft::fuzz::feed(typist.transport, stream, split, seed);
  if (flags & 16) watcher.transport.receive("/history 3\r\n");
  Outcome outcome{typist.transport.takeWritten(), watcher.transport.takeWritten(),
                  typist.transport.closeReason().has_value()};
  for (User& u : users) u.transport.finish();
  require(room.placesTaken() == 0);
  return outcome;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1 || size > 4096) return 0;
  const std::uint8_t flags = data[0];
  const std::string_view stream(reinterpret_cast<const char*>(data + 1), size - 1);
  const Outcome whole = run(flags, stream, Split::Whole, flags);
  requireClean(whole.typist);
  requireClean(whole.watcher);
  require(run(flags, stream, Split::Bytes, flags) == whole);
  require(run(flags, stream, Split::Random, flags) == whole);
  return 0;
}
