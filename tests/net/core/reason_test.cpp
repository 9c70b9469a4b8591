#include "net/core/reason.h"

#include <doctest/doctest.h>

#include <cerrno>
#include <cstdint>

using weft::net::Reason;
using weft::net::ReasonCode;

TEST_CASE("a Reason reads as one sentence with its detail") {
  CHECK(Reason::refused("nothing accepts connections at 127.0.0.1:9").sentence() ==
        "Connection refused: nothing accepts connections at 127.0.0.1:9");
  CHECK(Reason::done().sentence() == "Connection closed");
  CHECK(Reason::lineTooLong("16385 bytes without a delimiter").sentence() ==
        "Line too long: 16385 bytes without a delimiter");
}

TEST_CASE("only Done is clean") {
  CHECK(Reason::done().clean());
  CHECK_FALSE(Reason::aborted().clean());
  CHECK_FALSE(Reason::lost().clean());
}

TEST_CASE("errno values map to the matching code and keep the system's words") {
  Reason refused = Reason::fromErrno(ECONNREFUSED, "connect to 127.0.0.1:9");
  CHECK(refused.code == ReasonCode::ConnectionRefused);
  CHECK(refused.detail == "connect to 127.0.0.1:9 (Connection refused)");
  CHECK(Reason::fromErrno(ECONNRESET, "").code == ReasonCode::ConnectionLost);
  CHECK(Reason::fromErrno(ETIMEDOUT, "").code == ReasonCode::TimedOut);
  CHECK(Reason::fromErrno(ENETUNREACH, "").code == ReasonCode::Unreachable);
  CHECK(Reason::fromErrno(EACCES, "bind").code == ReasonCode::SocketError);
}

TEST_CASE("a layer's codes come from its band and read as that layer's") {
  using weft::net::bandOf;
  using weft::net::ReasonBand;
  using weft::net::reasonCode;
  constexpr ReasonCode kCheating = reasonCode(ReasonBand::Game, 1);
  static_assert(static_cast<std::uint32_t>(kCheating) == 3001);
  static_assert(static_cast<std::uint32_t>(reasonCode(ReasonBand::Transport, 999)) == 1999);
  CHECK(bandOf(kCheating) == ReasonBand::Game);
  CHECK(bandOf(ReasonCode::Kicked) == ReasonBand::Core);
  CHECK(bandOf(reasonCode(ReasonBand::Chat, 0)) == ReasonBand::Chat);
  CHECK_FALSE(bandOf(static_cast<ReasonCode>(4000)).has_value());

  CHECK(Reason{kCheating, "kicked for cheating"}.sentence() ==
        "Closed by the game: kicked for cheating");
  CHECK(Reason{reasonCode(ReasonBand::Chat, 7), "flooding"}.sentence() ==
        "Closed by the chat room: flooding");
  CHECK(Reason{reasonCode(ReasonBand::Transport, 7), {}}.sentence() == "Closed by the transport");
  CHECK(Reason{static_cast<ReasonCode>(150), {}}.sentence() == "Unknown reason");
  CHECK(Reason{static_cast<ReasonCode>(4000), {}}.sentence() == "Unknown reason");
}
