// doctest printers for std::vector, so a failed CHECK on a list shows the values, not "{?}".
// Tests: none of its own; every suite that compares lists uses it.
#pragma once

#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

namespace doctest {

template <typename T>
struct StringMaker<std::vector<T>> {
  static String convert(const std::vector<T>& values) {
    std::ostringstream out;
    out << "{";
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (i > 0) out << ", ";
      if constexpr (std::is_convertible_v<T, std::string>) {
        out << '"' << values[i] << '"';
      } else {
        out << values[i];
      }
    }
    out << "}";
    return out.str().c_str();
  }
};

}  // namespace doctest
