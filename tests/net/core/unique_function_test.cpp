#include "net/core/unique_function.h"

#include <doctest/doctest.h>

#include <array>
#include <memory>
#include <string>

using weft::net::Callback;
using weft::net::UniqueFunction;

TEST_CASE("a UniqueFunction calls what it holds and returns its value") {
  UniqueFunction<int(int, int)> add = [](int a, int b) { return a + b; };
  CHECK(add(2, 3) == 5);
}

TEST_CASE("a UniqueFunction owns move-only captures and releases them when destroyed") {
  auto owned = std::make_shared<int>(1);
  std::weak_ptr<int> watch = owned;
  {
    Callback cb = [p = std::move(owned), u = std::make_unique<int>(2)] { (void)p; };
    CHECK_FALSE(watch.expired());
  }
  CHECK(watch.expired());
}

TEST_CASE("moving a UniqueFunction moves small and large callables alike") {
  int small = 0;
  std::array<char, 200> big{};
  big[0] = 'x';
  Callback a = [&small] { ++small; };
  Callback b = [&small, big] { small += big[0] == 'x' ? 10 : 0; };
  Callback a2 = std::move(a);
  Callback b2;
  b2 = std::move(b);
  CHECK_FALSE(a);
  CHECK_FALSE(b);
  a2();
  b2();
  CHECK(small == 11);
}

TEST_CASE("assigning nullptr empties a UniqueFunction") {
  Callback cb = [] {};
  CHECK(cb);
  cb = nullptr;
  CHECK_FALSE(cb);
}
