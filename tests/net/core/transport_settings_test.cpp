#include "net/core/transport_settings.h"

#include <doctest/doctest.h>

#include <string>

#include "net/core/reactor.h"
#include "net/testing/manual_clock.h"

namespace {

struct GameTransportSettings {
  int lanes = 2;
  std::string name = "default";
};

struct OtherSettings {
  double rate = 1.5;
};

TEST_CASE("a transport finds its own settings by type, or its defaults when none were given") {
  weft::net::TransportSettings settings;
  CHECK(settings.get<GameTransportSettings>().lanes == 2);

  settings.set(GameTransportSettings{.lanes = 7, .name = "fast"}).set(OtherSettings{.rate = 3});
  CHECK(settings.get<GameTransportSettings>().lanes == 7);
  CHECK(settings.get<GameTransportSettings>().name == "fast");
  CHECK(settings.get<OtherSettings>().rate == 3);

  SUBCASE("setting a type again replaces it") {
    settings.set(GameTransportSettings{.lanes = 9});
    CHECK(settings.get<GameTransportSettings>().lanes == 9);
    CHECK(settings.get<OtherSettings>().rate == 3);
  }
}

TEST_CASE("a reactor carries the transport settings of its config") {
  weft::testing::ManualClock clock;
  weft::net::ReactorConfig config;
  config.transports.set(GameTransportSettings{.lanes = 4});
  weft::net::Reactor reactor(clock, config);
  CHECK(reactor.config().transports.get<GameTransportSettings>().lanes == 4);
}

}  // namespace
