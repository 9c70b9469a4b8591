#include "net/core/result.h"

#include <doctest/doctest.h>

#include <memory>
#include <string>

using weft::net::Error;
using weft::net::Result;

namespace {
Result<int> parsePort(const std::string& text) {
  if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos) {
    return Error{"port '" + text + "' is not a number"};
  }
  return std::stoi(text);
}
}  // namespace

TEST_CASE("a Result holds either the value or the error that names the bad input") {
  auto good = parsePort("7777");
  REQUIRE(good.ok());
  CHECK(*good == 7777);

  auto bad = parsePort("77x7");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().message == "port '77x7' is not a number");
}

TEST_CASE("a Result can carry a move-only value out") {
  Result<std::unique_ptr<int>> r = std::make_unique<int>(5);
  std::unique_ptr<int> taken = std::move(r).value();
  CHECK(*taken == 5);
}

TEST_CASE("Result<void> is success by default and carries an error otherwise") {
  Result<void> fine;
  CHECK(fine.ok());
  Result<void> failed = Error{"address in use"};
  CHECK_FALSE(failed.ok());
  CHECK(failed.error().message == "address in use");
}
