#include "net/core/reason.h"

#include <doctest/doctest.h>

#include <cerrno>

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

TEST_CASE("application codes describe themselves generically") {
  Reason kicked{static_cast<ReasonCode>(1001), "kicked by the host"};
  CHECK(kicked.sentence() == "Closed by the application: kicked by the host");
}
