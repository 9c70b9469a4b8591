// The LAN discovery wire format: a browser's query and a server's answer as values, their
// encoders, and decoders that reject anything malformed with a countable reason (WIRE.md).
// Tests: tests/net/discovery/discovery_wire_test.cpp, tests/fuzz/discovery_wire_fuzz.cpp
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "net/core/assert.h"
#include "net/core/result.h"

namespace weft::net {

// The UDP port servers listen on unless told otherwise (one above the games' usual 7777).
inline constexpr std::uint16_t kDiscoveryPort = 7778;

inline constexpr std::uint8_t kDiscoveryVersion = 1;
// Every valid datagram is at most this long, and a query is exactly this long: an answer is
// never larger than the query that asked for it, so a server cannot amplify a spoofed query.
inline constexpr std::size_t kDiscoveryDatagramBytes = 96;
inline constexpr std::size_t kMaxServerNameBytes = 64;

// What a server says about itself. The name is shown to players, so it is a label exactly as
// sanitizeLabel leaves it (net/text/display_text.h), as chat's names are: valid UTF-8 without
// controls (which could move a terminal's cursor or fake a line in a list), invisible or format
// characters (a bidi override makes a name read as another backwards; a zero-width space makes
// two names that look the same), joiners or combining accents, and with one U+0020 between
// words and none at the ends.
struct LanServerInfo {
  std::string name;
  std::uint32_t gameId = 0;           // which game this is; browsers of other games ignore it
  std::uint32_t protocolVersion = 0;  // the game's own protocol, for "incompatible" in a list
  std::uint16_t players = 0;
  std::uint16_t maxPlayers = 0;       // players <= maxPlayers
  std::uint16_t gamePort = 0;         // where to connect to play (not the discovery port); not 0

  friend bool operator==(const LanServerInfo&, const LanServerInfo&) = default;
};

// Checks what LanServerInfo promises; the message names the bad field and value. Servers check
// their own info with it before announcing; decoders apply the same rules to what they read.
Result<void> validate(const LanServerInfo& info);

struct DiscoveryQuery {
  std::uint64_t nonce = 0;   // echoed by the answer: matches it to this query and times it
  std::uint32_t gameId = 0;  // servers of other games stay silent

  friend bool operator==(const DiscoveryQuery&, const DiscoveryQuery&) = default;
};

struct DiscoveryAnswer {
  std::uint64_t nonce = 0;  // the query's
  LanServerInfo info;

  friend bool operator==(const DiscoveryAnswer&, const DiscoveryAnswer&) = default;
};

// Why a datagram was dropped. Each has its own counter, so a flood of one kind shows up as such.
enum class Rejection : std::uint8_t {
  Foreign,             // not weft discovery at all (another program's packet on this port)
  Oversized,           // longer than any valid datagram
  Truncated,           // ends before its fields do
  UnsupportedVersion,  // weft discovery, but a format version this build does not speak
  WrongKind,           // an answer where a query belongs or the other way round, or unknown
  TrailingBytes,       // bytes after the last field
  BadPadding,          // a query's padding is not all zero
  BadName,             // server name too long, or not a clean label (findLabelProblem)
  BadCounts,           // more players than max players
  BadPort,             // game port 0
};
inline constexpr std::size_t kRejectionCount = 10;

// "truncated: the datagram ends before its fields do".
std::string_view describe(Rejection rejection);

struct RejectionCounts {
  std::array<std::uint64_t, kRejectionCount> byReason{};

  // Returns the new count for that reason (1: the first of its kind, worth a log line).
  std::uint64_t add(Rejection r) { return ++byReason[static_cast<std::size_t>(r)]; }
  std::uint64_t operator[](Rejection r) const { return byReason[static_cast<std::size_t>(r)]; }
  std::uint64_t total() const {
    std::uint64_t sum = 0;
    for (std::uint64_t n : byReason) sum += n;
    return sum;
  }
};

// A decoder's outcome: the value, or why there is none.
template <typename T>
class Decoded {
 public:
  Decoded(T value) : value_(std::move(value)) {}  // NOLINT: either outcome converts
  Decoded(Rejection rejection) : rejection_(rejection) {}  // NOLINT

  bool ok() const { return value_.has_value(); }
  explicit operator bool() const { return ok(); }
  const T& value() const {
    WEFT_ASSERT(ok(), "Decoded::value() on a rejected datagram; check ok() first");
    return *value_;
  }
  const T* operator->() const { return &value(); }
  Rejection rejection() const {
    WEFT_ASSERT(!ok(), "Decoded::rejection() on an accepted datagram; check ok() first");
    return rejection_;
  }

 private:
  std::optional<T> value_;
  Rejection rejection_ = Rejection::Foreign;
};

// Encoding is exact: decoding the result gives the value back, and every datagram a decoder
// accepts is the encoding of what it returned (the fuzz target checks both ways).
std::string encodeQuery(const DiscoveryQuery& query);
// `answer.info` must pass validate() (an assert: what we write we trust).
std::string encodeAnswer(const DiscoveryAnswer& answer);

Decoded<DiscoveryQuery> decodeQuery(std::string_view datagram);
Decoded<DiscoveryAnswer> decodeAnswer(std::string_view datagram);

}  // namespace weft::net
