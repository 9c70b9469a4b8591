// Expected<T, E>: a value or the error that says why there is none (C++20 has no std::expected).
// Tests: tests/game/sim/map_parser_test.cpp
#pragma once

#include <utility>
#include <variant>

#include "game/sim/sim_assert.h"

namespace weft::game::sim {

// Shaped like C++23's std::expected and weft::net::Result (ok(), value(), error(), *, ->), so
// callers read the same; game/sim cannot include net/, hence its own.
template <typename T, typename E>
class [[nodiscard]] Expected {
 public:
  Expected(T value) : storage_(std::in_place_index<0>, std::move(value)) {}
  Expected(E error) : storage_(std::in_place_index<1>, std::move(error)) {}

  bool ok() const noexcept { return storage_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }

  T& value() & {
    WEFT_SIM_ASSERT(ok(), "Expected::value() on an error; check ok() first");
    return *std::get_if<0>(&storage_);
  }
  const T& value() const& {
    WEFT_SIM_ASSERT(ok(), "Expected::value() on an error; check ok() first");
    return *std::get_if<0>(&storage_);
  }
  T&& value() && {
    WEFT_SIM_ASSERT(ok(), "Expected::value() on an error; check ok() first");
    return std::move(*std::get_if<0>(&storage_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const E& error() const {
    WEFT_SIM_ASSERT(!ok(), "Expected::error() on a value; check ok() first");
    return *std::get_if<1>(&storage_);
  }

 private:
  std::variant<T, E> storage_;
};

}  // namespace weft::game::sim
