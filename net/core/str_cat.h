// strCat: builds a std::string from pieces (text, numbers, durations) — GCC 12 has no std::format.
// Tests: tests/net/core/str_cat_test.cpp
#pragma once

#include <charconv>
#include <chrono>
#include <concepts>
#include <cstdio>
#include <string>
#include <string_view>

namespace weft::net {

namespace detail {

inline void appendPiece(std::string& out, std::string_view text) {
  out.append(text);
}
inline void appendPiece(std::string& out, const char* text) {
  out.append(text);
}
inline void appendPiece(std::string& out, const std::string& text) {
  out.append(text);
}
inline void appendPiece(std::string& out, char c) {
  out.push_back(c);
}
inline void appendPiece(std::string& out, bool b) {
  out.append(b ? "true" : "false");
}

template <std::integral Int>
void appendPiece(std::string& out, Int value) {
  char buffer[24];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, end);
}

template <std::floating_point Float>
void appendPiece(std::string& out, Float value) {
  char buffer[32];
  int n = std::snprintf(buffer, sizeof buffer, "%g", static_cast<double>(value));
  out.append(buffer, static_cast<std::size_t>(n));
}

// Durations print in seconds ("1.5s"), the unit players and logs read best.
template <typename Rep, typename Period>
void appendPiece(std::string& out, std::chrono::duration<Rep, Period> d) {
  appendPiece(out, std::chrono::duration<double>(d).count());
  out.push_back('s');
}

}  // namespace detail

template <typename... Pieces>
std::string strCat(const Pieces&... pieces) {
  std::string out;
  (detail::appendPiece(out, pieces), ...);
  return out;
}

}  // namespace weft::net
