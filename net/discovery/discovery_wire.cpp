#include "net/discovery/discovery_wire.h"

#include <algorithm>

#include "net/core/byte_reader.h"
#include "net/core/str_cat.h"
#include "net/text/display_text.h"

namespace weft::net {

namespace {

constexpr std::string_view kMagic = "WFTD";
constexpr std::uint8_t kQueryKind = 'Q';
constexpr std::uint8_t kAnswerKind = 'A';
// magic, version, kind, nonce
constexpr std::size_t kHeaderBytes = 4 + 1 + 1 + 8;
// header, game id, then zeros up to the fixed query size
constexpr std::size_t kQueryPaddingBytes = kDiscoveryDatagramBytes - kHeaderBytes - 4;
// header, game id, protocol version, players, max players, game port, name length, name
constexpr std::size_t kAnswerFixedBytes = kHeaderBytes + 4 + 4 + 2 + 2 + 2 + 1;
static_assert(kAnswerFixedBytes + kMaxServerNameBytes <= kDiscoveryDatagramBytes,
              "an answer must never be larger than a query (no amplification)");

// Why `name` cannot be shown, or nothing if it can: too long, or not a label as sanitizeLabel
// leaves it (the rules chat names follow: no controls, invisible characters, joiners, combining
// accents or stray spaces), so no server's name hides characters or reads in another order.
std::optional<std::string> nameProblem(std::string_view name) {
  if (name.size() > kMaxServerNameBytes) {
    return strCat("is ", name.size(), " bytes long; at most ", kMaxServerNameBytes, " fit");
  }
  if (auto problem = findLabelProblem(name)) return problem->sentence();
  return std::nullopt;
}

std::optional<Rejection> infoProblem(const LanServerInfo& info) {
  if (nameProblem(info.name)) return Rejection::BadName;
  if (info.players > info.maxPlayers) return Rejection::BadCounts;
  if (info.gamePort == 0) return Rejection::BadPort;
  return std::nullopt;
}

void writeHeader(ByteWriter& out, std::uint8_t kind, std::uint64_t nonce) {
  out.bytes(kMagic).u8(kDiscoveryVersion).u8(kind).u64(nonce);
}

// Checks everything up to the nonce; on success `in` is positioned after the header.
std::optional<Rejection> readHeader(ByteReader& in, std::string_view datagram,
                                    std::uint8_t expectedKind, std::uint64_t& nonce) {
  if (datagram.size() > kDiscoveryDatagramBytes) return Rejection::Oversized;
  // A short prefix of the magic is a truncated datagram of ours; anything else is not ours.
  const std::size_t magicBytes = std::min(datagram.size(), kMagic.size());
  if (datagram.substr(0, magicBytes) != kMagic.substr(0, magicBytes)) return Rejection::Foreign;
  if (datagram.size() < kMagic.size() + 2) return Rejection::Truncated;
  in.bytes(kMagic.size());
  // The version comes before the kind so that a later version may add kinds.
  if (in.u8() != kDiscoveryVersion) return Rejection::UnsupportedVersion;
  if (in.u8() != expectedKind) return Rejection::WrongKind;
  nonce = in.u64();
  if (!in.ok()) return Rejection::Truncated;
  return std::nullopt;
}

}  // namespace

std::string_view describe(Rejection rejection) {
  switch (rejection) {
    case Rejection::Foreign: return "foreign: not a weft discovery datagram";
    case Rejection::Oversized: return "oversized: longer than any discovery datagram";
    case Rejection::Truncated: return "truncated: the datagram ends before its fields do";
    case Rejection::UnsupportedVersion: return "unsupported version of the discovery format";
    case Rejection::WrongKind: return "wrong kind: not the kind of datagram this port takes";
    case Rejection::TrailingBytes: return "trailing bytes after the last field";
    case Rejection::BadPadding: return "bad padding: a query's padding must be zero";
    case Rejection::BadName:
      return "bad server name: too long, not UTF-8, or with characters a reader cannot see";
    case Rejection::BadCounts: return "bad counts: more players than max players";
    case Rejection::BadPort: return "bad port: game port 0";
  }
  return "unknown rejection";
}

Result<void> validate(const LanServerInfo& info) {
  if (auto problem = nameProblem(info.name)) {
    // Quoted as it would show: the problem names the character that does not.
    return Error{strCat("server name '", sanitizeText(info.name), "' ", *problem)};
  }
  if (info.players > info.maxPlayers) {
    return Error{strCat("players (", info.players, ") is more than max players (",
                        info.maxPlayers, ")")};
  }
  if (info.gamePort == 0) return Error{"game port 0: give the port players connect to"};
  return {};
}

std::string encodeQuery(const DiscoveryQuery& query) {
  ByteWriter out;
  writeHeader(out, kQueryKind, query.nonce);
  out.u32(query.gameId);
  out.bytes(std::string(kQueryPaddingBytes, '\0'));
  return out.take();
}

std::string encodeAnswer(const DiscoveryAnswer& answer) {
  const LanServerInfo& info = answer.info;
  WEFT_ASSERT(validate(info).ok(),
              "encodeAnswer: the info does not pass validate(); check it when it is set");
  ByteWriter out;
  writeHeader(out, kAnswerKind, answer.nonce);
  out.u32(info.gameId).u32(info.protocolVersion);
  out.u16(info.players).u16(info.maxPlayers).u16(info.gamePort);
  out.shortString(info.name);
  return out.take();
}

Decoded<DiscoveryQuery> decodeQuery(std::string_view datagram) {
  ByteReader in(datagram);
  DiscoveryQuery query;
  if (auto rejected = readHeader(in, datagram, kQueryKind, query.nonce)) return *rejected;
  query.gameId = in.u32();
  const std::string_view padding = in.bytes(kQueryPaddingBytes);
  if (!in.ok()) return Rejection::Truncated;
  if (padding.find_first_not_of('\0') != std::string_view::npos) return Rejection::BadPadding;
  return query;  // exactly kDiscoveryDatagramBytes: nothing can trail (longer is Oversized)
}

Decoded<DiscoveryAnswer> decodeAnswer(std::string_view datagram) {
  ByteReader in(datagram);
  DiscoveryAnswer answer;
  if (auto rejected = readHeader(in, datagram, kAnswerKind, answer.nonce)) return *rejected;
  LanServerInfo& info = answer.info;
  info.gameId = in.u32();
  info.protocolVersion = in.u32();
  info.players = in.u16();
  info.maxPlayers = in.u16();
  info.gamePort = in.u16();
  const std::size_t nameLength = in.u8();
  if (!in.ok()) return Rejection::Truncated;
  if (nameLength > kMaxServerNameBytes) return Rejection::BadName;
  info.name = in.bytes(nameLength);
  if (!in.ok()) return Rejection::Truncated;
  if (!in.atEnd()) return Rejection::TrailingBytes;
  if (auto problem = infoProblem(info)) return *problem;
  return answer;
}

}  // namespace weft::net
