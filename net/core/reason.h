// Reason: why a connection ended or an attempt failed, as a code plus a human sentence — the
// value every expected network outcome arrives as (connectionLost, clientConnectionFailed,
// a Deferred's otherwise). Tests: tests/net/core/reason_test.cpp
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace weft::net {

// Banded like GameNetworkingSockets' ESteamNetConnectionEnd, so a caller can tell "ended
// normally" from "we gave up" from "the other side or the network failed" without listing codes,
// and which layer ended a connection (see ReasonBand below for the layers' bands).
enum class ReasonCode : std::uint32_t {
  Done = 0,  // closed cleanly, by either side

  // 100..199: ended by a decision on this side.
  Aborted = 100,     // abortConnection(): closed at once, buffered data dropped
  Cancelled,         // an attempt was stopped before it finished
  LineTooLong,       // a framing receiver saw a line or frame over its limit
  ProtocolError,     // the peer sent bytes the protocol cannot parse
  CallbackError,     // user code threw inside a callback; only its connection closes
  RefusedByFactory,  // buildProtocol() returned no protocol
  ShuttingDown,      // the program or reactor is stopping
  MessageTooLarge,   // a message (or a frame announcing one) over the receiver's limit

  // 200..299: the network or the other side.
  ConnectionLost = 200,  // reset or broken without a clean close
  ConnectionRefused,     // nothing accepts connections at that address
  TimedOut,              // no answer within the allowed time
  ResolveFailed,         // the host name did not resolve
  Unreachable,           // no route to the host or network
  SocketError,           // any other error the operating system reported

  // 300..399: the other side's decision, told to us with its disconnect (ENet's data, the
  // framed-stream goodbye), so a player reads why.
  ServerFull = 300,  // the server accepts no more connections
  VersionMismatch,   // the two sides speak different protocol versions
  Kicked,            // the server removed this client
};

// Every layer that ends connections owns a band of kReasonBandWidth codes, so it numbers its
// own without colliding with another layer's, and describe() can say which layer it was:
//   Core       0..999     the enumerators above (net/core, and net/protocols' framings)
//   Transport  1000..1999 what one transport alone can say (net/enet, net/netsim, net/udp)
//   Chat       2000..2999 the chat room's dismissals (ChatRoom::kFlooding... in net/chat)
//   Game       3000..3999 the game's own (kicked for cheating, a map it lacks), or those of any
//                         other application built on weft
// A layer other than core defines each code once, as a constant from its band and an offset
// below the width, and gives it a name where its other constants live:
//   static constexpr ReasonCode kFlooding = reasonCode(ReasonBand::Chat, 1);
// Codes cross the wire
// as numbers (ENet's disconnect data and the framed-stream goodbye carry toWireCode(code),
// chat's Goodbye the code itself), so a released code keeps its number forever.
enum class ReasonBand : std::uint8_t { Core, Transport, Chat, Game };
inline constexpr std::uint32_t kReasonBandWidth = 1000;
inline constexpr std::uint32_t kReasonBands = 4;

// A layer's code: evaluated at compile time, so an offset outside the band does not compile.
consteval ReasonCode reasonCode(ReasonBand band, std::uint32_t offset) {
  if (offset >= kReasonBandWidth) throw "reasonCode: the offset must be below kReasonBandWidth";
  return static_cast<ReasonCode>(static_cast<std::uint32_t>(band) * kReasonBandWidth + offset);
}

// The band `code` falls in; none for a number past the last band (from a newer peer, say).
constexpr std::optional<ReasonBand> bandOf(ReasonCode code) {
  const std::uint32_t band = static_cast<std::uint32_t>(code) / kReasonBandWidth;
  if (band >= kReasonBands) return std::nullopt;
  return static_cast<ReasonBand>(band);
}

struct Reason {
  ReasonCode code = ReasonCode::Done;
  std::string detail;  // what exactly happened, for logs and for players ("127.0.0.1:9")

  // True for Done: the connection ended the way someone asked it to.
  bool clean() const { return code == ReasonCode::Done; }

  // "Connection refused: nothing accepts connections at 127.0.0.1:9" — one line, no newline.
  std::string sentence() const;

  friend bool operator==(const Reason&, const Reason&) = default;

  static Reason done(std::string detail = {}) { return {ReasonCode::Done, std::move(detail)}; }
  static Reason aborted(std::string detail = {}) {
    return {ReasonCode::Aborted, std::move(detail)};
  }
  static Reason cancelled(std::string detail = {}) {
    return {ReasonCode::Cancelled, std::move(detail)};
  }
  static Reason lineTooLong(std::string detail = {}) {
    return {ReasonCode::LineTooLong, std::move(detail)};
  }
  static Reason messageTooLarge(std::string detail = {}) {
    return {ReasonCode::MessageTooLarge, std::move(detail)};
  }
  static Reason protocolError(std::string detail = {}) {
    return {ReasonCode::ProtocolError, std::move(detail)};
  }
  static Reason callbackError(std::string detail = {}) {
    return {ReasonCode::CallbackError, std::move(detail)};
  }
  static Reason lost(std::string detail = {}) {
    return {ReasonCode::ConnectionLost, std::move(detail)};
  }
  static Reason refused(std::string detail = {}) {
    return {ReasonCode::ConnectionRefused, std::move(detail)};
  }
  static Reason timedOut(std::string detail = {}) {
    return {ReasonCode::TimedOut, std::move(detail)};
  }
  static Reason resolveFailed(std::string detail = {}) {
    return {ReasonCode::ResolveFailed, std::move(detail)};
  }
  // Maps an errno from a socket call to the closest code, keeping strerror() in the detail.
  static Reason fromErrno(int error, std::string_view context);
};

// The sentence for a code without detail: "Connection refused". A code another layer defined
// reads as its band's ("Closed by the chat room"); the detail says the rest.
std::string_view describe(ReasonCode code);

}  // namespace weft::net
