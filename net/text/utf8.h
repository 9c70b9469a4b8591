// UTF-8 as the text rules read it: one code point at a time, validated strictly, and counted
// and cut by code points, so every rule above it (net/text, net/chat) works on characters.
// Tests: tests/net/text/utf8_test.cpp
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace weft::net {

inline constexpr char32_t kReplacementCharacter = 0xFFFD;

struct Utf8Char {
  char32_t code;       // kReplacementCharacter when !valid
  std::size_t length;  // bytes consumed; for an invalid sequence, its maximal subpart (>= 1)
  bool valid;
};

// The code point at the start of `in`, which must not be empty. Well-formed as the Unicode
// standard's table of UTF-8 byte sequences says: overlong forms, surrogates and anything past
// U+10FFFF are invalid at the byte that makes them so, and so is a sequence cut short.
Utf8Char decodeUtf8(std::string_view in);

// Appends `code` (at most U+10FFFF, not a surrogate) as UTF-8.
void appendUtf8(std::string& out, char32_t code);

// Characters (code points) in valid UTF-8.
std::size_t countCharacters(std::string_view utf8);

// The longest prefix of valid UTF-8 `utf8` with at most `maxCharacters` characters.
std::string_view firstCharacters(std::string_view utf8, std::size_t maxCharacters);

}  // namespace weft::net
