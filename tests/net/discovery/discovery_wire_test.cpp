#include "net/discovery/discovery_wire.h"

#include <doctest/doctest.h>

#include <set>
#include <string>

using namespace std::string_literals;
using weft::net::DiscoveryAnswer;
using weft::net::DiscoveryQuery;
using weft::net::kDiscoveryDatagramBytes;
using weft::net::LanServerInfo;
using weft::net::Rejection;
using weft::net::decodeAnswer;
using weft::net::decodeQuery;
using weft::net::encodeAnswer;
using weft::net::encodeQuery;

namespace {
LanServerInfo party() {
  LanServerInfo info;
  info.name = "LAN party";
  info.gameId = 0x41524e41;
  info.protocolVersion = 3;
  info.players = 2;
  info.maxPlayers = 8;
  info.gamePort = 7777;
  return info;
}

const DiscoveryAnswer kAnswer{0x0102030405060708, party()};

// The answer in WIRE.md's example, byte for byte.
const std::string kAnswerBytes =
    "WFTD\x01" "A\x01\x02\x03\x04\x05\x06\x07\x08"
    "ARNA\x00\x00\x00\x03\x00\x02\x00\x08\x1e\x61"
    "\x09LAN party"s;

Rejection answerRejection(const std::string& datagram) {
  auto decoded = decodeAnswer(datagram);
  REQUIRE_FALSE(decoded.ok());
  return decoded.rejection();
}

Rejection queryRejection(const std::string& datagram) {
  auto decoded = decodeQuery(datagram);
  REQUIRE_FALSE(decoded.ok());
  return decoded.rejection();
}

std::string answerNamed(const std::string& name) {
  std::string bytes = encodeAnswer({1, party()});
  bytes.resize(28);  // up to the name length
  bytes.push_back(static_cast<char>(name.size()));
  return bytes + name;
}
}  // namespace

TEST_CASE("an answer encodes as WIRE.md's example shows") {
  CHECK(encodeAnswer(kAnswer) == kAnswerBytes);
}

TEST_CASE("queries round-trip and are always exactly the fixed size") {
  for (DiscoveryQuery query : {DiscoveryQuery{0, 0}, DiscoveryQuery{1, 2},
                               DiscoveryQuery{~0ull, 0xffffffff}}) {
    const std::string bytes = encodeQuery(query);
    CHECK(bytes.size() == kDiscoveryDatagramBytes);
    CHECK(bytes.substr(0, 6) == "WFTD\x01Q");
    auto decoded = decodeQuery(bytes);
    REQUIRE(decoded.ok());
    CHECK(decoded.value() == query);
  }
}

TEST_CASE("answers round-trip and are never larger than a query") {
  LanServerInfo info = party();
  SUBCASE("an empty name") { info.name = ""; }
  SUBCASE("the longest name, in multi-byte UTF-8") {
    info.name = std::string(30, 'x') + "\u00e9\u00e9" + "\u20ac\u20ac" + "\U0001F3AE\U0001F3AE" +
                "abcdefghijklmnopqrs" ;
    info.name.resize(weft::net::kMaxServerNameBytes);  // the cut falls on plain ASCII
  }
  SUBCASE("a full server with extreme values") {
    info.players = info.maxPlayers = 65535;
    info.gamePort = 65535;
    info.gameId = 0xffffffff;
    info.protocolVersion = 0xffffffff;
  }
  SUBCASE("an empty server that takes nobody") { info.players = info.maxPlayers = 0; }
  SUBCASE("names in any script, with accents, spaces between words and emoji") {
    for (const char* name : {"Caf\u00e9 Berlin", "\u30ed\u30d3\u30fc", "\u0396\u03b5\u03cd\u03c2",
                             "\U0001F3AE night", "\u0645\u0633\u0627\u0621"}) {
      info.name = name;
      CHECK(weft::net::validate(info).ok());
    }
  }
  REQUIRE(weft::net::validate(info).ok());
  const DiscoveryAnswer answer{0xfeedfacecafebeef, info};
  const std::string bytes = encodeAnswer(answer);
  CHECK(bytes.size() == 29 + info.name.size());
  CHECK(bytes.size() <= encodeQuery({}).size());
  auto decoded = decodeAnswer(bytes);
  REQUIRE(decoded.ok());
  CHECK(decoded.value() == answer);
}

TEST_CASE("every prefix of a valid datagram is rejected as truncated") {
  const std::string answer = kAnswerBytes;
  const std::string query = encodeQuery({7, 9});
  for (std::size_t length = 0; length < answer.size(); ++length) {
    CAPTURE(length);
    CHECK(answerRejection(answer.substr(0, length)) == Rejection::Truncated);
  }
  for (std::size_t length = 0; length < query.size(); ++length) {
    CAPTURE(length);
    CHECK(queryRejection(query.substr(0, length)) == Rejection::Truncated);
  }
}

TEST_CASE("datagrams that are not weft discovery are foreign") {
  for (const std::string& datagram :
       {"hello"s, "W"s + "X", "\x80\x00\x01\x02"s, "WFTE\x01Q"s, "wftd\x01" "A"s, "\x00\x00\x00\x00"s,
        std::string(kDiscoveryDatagramBytes, '\0')}) {
    CAPTURE(datagram);
    CHECK(answerRejection(datagram) == Rejection::Foreign);
    CHECK(queryRejection(datagram) == Rejection::Foreign);
  }
}

TEST_CASE("datagrams longer than any valid one are oversized, whatever they hold") {
  std::string query = encodeQuery({1, 2});
  CHECK(queryRejection(query + '\0') == Rejection::Oversized);
  CHECK(answerRejection(kAnswerBytes + std::string(100, 'x')) == Rejection::Oversized);
  CHECK(answerRejection(std::string(65507, 'x')) == Rejection::Oversized);
}

TEST_CASE("another version of the format is refused before its kind is looked at") {
  for (char version : {'\x00', '\x02', '\xff'}) {
    std::string answer = kAnswerBytes;
    answer[4] = version;
    CHECK(answerRejection(answer) == Rejection::UnsupportedVersion);
    std::string query = encodeQuery({1, 2});
    query[4] = version;
    query[5] = 'Z';
    CHECK(queryRejection(query) == Rejection::UnsupportedVersion);
  }
}

TEST_CASE("a query is not an answer, an answer is not a query, and unknown kinds are neither") {
  CHECK(answerRejection(encodeQuery({1, 2})) == Rejection::WrongKind);
  CHECK(queryRejection(kAnswerBytes) == Rejection::WrongKind);
  std::string unknown = kAnswerBytes;
  unknown[5] = 'X';
  CHECK(answerRejection(unknown) == Rejection::WrongKind);
}

TEST_CASE("an answer with bytes after the name is refused") {
  CHECK(answerRejection(kAnswerBytes + 'x') == Rejection::TrailingBytes);
  CHECK(answerRejection(kAnswerBytes + '\0') == Rejection::TrailingBytes);
}

TEST_CASE("a query whose padding is not zero is refused") {
  for (std::size_t at : {std::size_t{18}, std::size_t{50}, kDiscoveryDatagramBytes - 1}) {
    std::string query = encodeQuery({1, 2});
    query[at] = '\x01';
    CHECK(queryRejection(query) == Rejection::BadPadding);
  }
}

TEST_CASE(
    "server names that are too long, not UTF-8 or hold what a reader cannot see are refused") {
  SUBCASE("a length byte over the limit, with the bytes there") {
    std::string bytes = answerNamed(std::string(60, 'x'));
    bytes[28] = 65;
    bytes += "xxxxx";
    CHECK(answerRejection(bytes) == Rejection::BadName);
  }
  for (const std::string& name :
       {"\xff"s, "\xc0\xaf"s /* overlong '/' */, "\xe0\x80\xaf"s /* overlong */,
        "\xed\xa0\x80"s /* surrogate */, "\xf4\x90\x80\x80"s /* above U+10FFFF */,
        "ab\xc3"s /* cut sequence */, "\xc3(x"s /* bad continuation */, "\x80"s, "line\nbreak"s,
        "tab\there"s, "nul\0x"s, "esc\x1b[2J"s, "del\x7f"s,
        "c1 csi \xc2\x9b"
        "2J"s,
        "c1 nel \xc2\x85"s,
        // Invisible, bidi and format characters, joiners, accents on nothing, stray spaces:
        // each would let one server's name read as another's.
        "\u202Eytrap NAL"s /* RIGHT-TO-LEFT OVERRIDE */, "LAN\u2066 party\u2069"s /* isolate */,
        "LAN\u200Fparty"s /* RLM */, "LAN\u200Bparty"s, "LAN\u2060party"s, "\uFEFFLAN"s,
        "LAN\u00ADparty"s, "LAN\u200Dparty"s, "LAN\uFE0F"s, "LAN\u3164party"s, "LAN e\u0301"s,
        "LAN\u00A0party"s, "LAN  party"s, " LAN"s, "LAN "s, "LAN\u2028party"s}) {
    CAPTURE(name);
    CHECK(answerRejection(answerNamed(name)) == Rejection::BadName);
    LanServerInfo info = party();
    info.name = name;
    auto valid = weft::net::validate(info);
    REQUIRE_FALSE(valid.ok());
    CHECK(valid.error().message.find("server name") != std::string::npos);
  }
}

TEST_CASE("more players than max players is refused") {
  std::string bytes = kAnswerBytes;
  bytes[22] = '\x00';
  bytes[23] = '\x09';  // 9 of 8
  CHECK(answerRejection(bytes) == Rejection::BadCounts);
  LanServerInfo info = party();
  info.players = 9;
  auto valid = weft::net::validate(info);
  REQUIRE_FALSE(valid.ok());
  CHECK(valid.error().message == "players (9) is more than max players (8)");
}

TEST_CASE("game port 0 is refused") {
  std::string bytes = kAnswerBytes;
  bytes[26] = bytes[27] = '\x00';
  CHECK(answerRejection(bytes) == Rejection::BadPort);
  LanServerInfo info = party();
  info.gamePort = 0;
  CHECK_FALSE(weft::net::validate(info).ok());
}

TEST_CASE("a too-long name's validation message gives its length and the limit") {
  LanServerInfo info = party();
  info.name = std::string(65, 'n');
  auto valid = weft::net::validate(info);
  REQUIRE_FALSE(valid.ok());
  CHECK(valid.error().message.find("is 65 bytes long; at most 64 fit") != std::string::npos);
}

TEST_CASE("every rejection has its own description and counter") {
  std::set<std::string_view> descriptions;
  weft::net::RejectionCounts counts;
  for (std::size_t i = 0; i < weft::net::kRejectionCount; ++i) {
    const auto rejection = static_cast<Rejection>(i);
    descriptions.insert(weft::net::describe(rejection));
    CHECK(counts.add(rejection) == 1);
  }
  CHECK(descriptions.size() == weft::net::kRejectionCount);
  CHECK(counts.add(Rejection::BadPort) == 2);
  CHECK(counts[Rejection::BadPort] == 2);
  CHECK(counts[Rejection::Foreign] == 1);
  CHECK(counts.total() == weft::net::kRejectionCount + 1);
}
