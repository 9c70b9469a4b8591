// weft-netsim's option values: what each accepts, and the message for what it refuses.

#include "tools/netsim/netsim_values.h"

#include <doctest/doctest.h>

#include <chrono>

using namespace std::chrono_literals;
using namespace weft::netsim;

TEST_CASE("durations take us, ms, s and m, and a bare 0") {
  CHECK(*parseDuration("50ms") == 50ms);
  CHECK(*parseDuration("1.5s") == 1500ms);
  CHECK(*parseDuration("250us") == 250us);
  CHECK(*parseDuration("2m") == 120s);
  CHECK(*parseDuration("0") == weft::net::Duration::zero());
  for (const char* bad : {"50", "ms", "-5ms", "5 ms", "5sec", "", "nanms"}) {
    CAPTURE(bad);
    auto parsed = parseDuration(bad);
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.error().message ==
          "'" + std::string(bad) + "' is not a duration such as 50ms, 1.5s or 250us");
  }
  CHECK(parseDuration("2d").error().message.find("'2d'") == 0);
  CHECK(parseDuration("90000s").error().message == "'90000s' is over a day");
}

TEST_CASE("percentages run from 0 to 100, with or without the sign") {
  CHECK(*parsePercent("5%") == 5.0);
  CHECK(*parsePercent("0.5") == 0.5);
  CHECK(*parsePercent("100%") == 100.0);
  CHECK(parsePercent("101%").error().message == "'101%' is over 100%");
  CHECK(parsePercent("-1%").error().message == "'-1%' is not a percentage such as 5% or 0.5%");
  CHECK(parsePercent("5%%").error().message == "'5%%' is not a percentage such as 5% or 0.5%");
}

TEST_CASE("bandwidths take bytes and bits per second, decimal and binary prefixes") {
  CHECK(*parseBandwidth("256KB/s") == 256'000);
  CHECK(*parseBandwidth("1.5MB/s") == 1'500'000);
  CHECK(*parseBandwidth("64KiB/s") == 65'536);
  CHECK(*parseBandwidth("2000B/s") == 2000);
  CHECK(*parseBandwidth("8Mbit/s") == 1'000'000);
  CHECK(*parseBandwidth("0") == 0);
  CHECK(parseBandwidth("5kbps").error().message ==
        "'5kbps' is not a bandwidth such as 256KB/s, 1.5MB/s or 8Mbit/s");
  CHECK(parseBandwidth("0.5B/s").error().message == "'0.5B/s' is under 1 B/s");
}

TEST_CASE("the forward address is a numeric HOST:PORT") {
  CHECK(parseForward("127.0.0.1:7777")->toString() == "127.0.0.1:7777");
  CHECK(parseForward("udp:127.0.0.1:7777")->toString() == "127.0.0.1:7777");
  CHECK(parseForward("[::1]:7777")->toString() == "[::1]:7777");
  CHECK(parseForward("localhost:7777").error().message ==
        "'localhost:7777': the host must be a numeric address such as 127.0.0.1");
  CHECK(
      parseForward("127.0.0.1:0").error().message.starts_with("'127.0.0.1:0' is not HOST:PORT ("));
  CHECK(parseForward("127.0.0.1").ok() == false);
}
