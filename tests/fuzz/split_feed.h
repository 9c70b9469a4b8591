// feed / feedInRandomChunks: split a stream whole, bytewise or at seeded random points, so the
// receiver fuzzers can demand one outcome however TCP cut it.
// Tests: exercised by every tests/fuzz target that includes it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "net/testing/string_transport.h"

namespace weft::fuzz {

// Pieces of 1 to maxPiece bytes, from a xorshift generator: deterministic for a given input,
// so a crash reproduces from its file alone.
inline void feedInRandomChunks(testing::StringTransport& transport, std::string_view stream,
                               std::uint32_t seed, std::size_t maxPiece = 17) {
  std::uint32_t state = seed * 2654435761u + 1;
  for (std::size_t offset = 0; offset < stream.size();) {
    state ^= state << 13;
    state ^= state >> 17;
    state ^= state << 5;
    const std::size_t piece = 1 + state % maxPiece;
    transport.receive(stream.substr(offset, piece));
    offset += piece;
  }
}

// The three ways every receiver target feeds the same stream; they must all give one outcome.
enum class Split { Whole, Bytes, Random };

inline void feed(testing::StringTransport& transport, std::string_view stream, Split split,
                 std::uint32_t seed) {
  switch (split) {
    case Split::Whole:
      transport.receive(stream);
      break;
    case Split::Bytes:
      testing::feedInChunks(transport, stream, 1);
      break;
    case Split::Random:
      feedInRandomChunks(transport, stream, seed);
      break;
  }
}

// Connects `protocol` to a StringTransport, feeds it `stream` as `split` says, and lets the
// transport finish; returns why the protocol closed the connection, if it did.
inline std::optional<net::Reason> feedProtocol(net::Protocol& protocol, std::string_view stream,
                                               Split split, std::uint32_t seed) {
  testing::StringTransport transport;
  transport.connect(protocol);
  feed(transport, stream, split, seed);
  std::optional<net::Reason> closed = transport.closeReason();
  transport.finish();
  return closed;
}

// `payload` behind its u32 big-endian length: the frame LengthPrefixedReceiver reads.
inline std::string lengthPrefixed(std::string_view payload) {
  const auto n = static_cast<std::uint32_t>(payload.size());
  std::string out{static_cast<char>(n >> 24), static_cast<char>(n >> 16), static_cast<char>(n >> 8),
                  static_cast<char>(n)};
  return out.append(payload);
}

// Stops the fuzzer with a crash it records; used for every broken invariant.
[[noreturn]] inline void violated() {
  __builtin_trap();
}

inline void require(bool invariant) {
  if (!invariant) violated();
}

}  // namespace weft::fuzz
