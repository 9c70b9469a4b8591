// Result<T>: a value or an Error saying which input was bad; returned where configuration or
// user input meets weft (endpoint parsing, listen, bind). C++20 on GCC 12 has no std::expected.
// Tests: tests/net/core/result_test.cpp
#pragma once

#include <string>
#include <utility>
#include <variant>

#include "net/core/assert.h"

namespace weft::net {

// What went wrong, as a sentence that names the bad value ("tcp:77x7: port '77x7' is not a
// number"). Meant to be shown to whoever typed the value.
struct Error {
  std::string message;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : storage_(std::in_place_index<0>, std::move(value)) {}
  Result(Error error) : storage_(std::in_place_index<1>, std::move(error)) {}

  bool ok() const noexcept { return storage_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }

  T& value() & {
    WEFT_ASSERT(ok(), "Result::value() on an error; check ok() first");
    return *std::get_if<0>(&storage_);
  }
  const T& value() const& {
    WEFT_ASSERT(ok(), "Result::value() on an error; check ok() first");
    return *std::get_if<0>(&storage_);
  }
  T&& value() && {
    WEFT_ASSERT(ok(), "Result::value() on an error; check ok() first");
    return std::move(*std::get_if<0>(&storage_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const {
    WEFT_ASSERT(!ok(), "Result::error() on a success; check ok() first");
    return *std::get_if<1>(&storage_);
  }

 private:
  std::variant<T, Error> storage_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), failed_(true) {}

  bool ok() const noexcept { return !failed_; }
  explicit operator bool() const noexcept { return ok(); }
  const Error& error() const {
    WEFT_ASSERT(!ok(), "Result::error() on a success; check ok() first");
    return error_;
  }

 private:
  Error error_;
  bool failed_ = false;
};

}  // namespace weft::net
