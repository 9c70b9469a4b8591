#include "net/text/utf8.h"

#include <doctest/doctest.h>

#include <initializer_list>
#include <string>

using weft::net::appendUtf8;
using weft::net::countCharacters;
using weft::net::decodeUtf8;
using weft::net::firstCharacters;
using weft::net::kReplacementCharacter;

TEST_CASE("code points decode with their length, one to four bytes") {
  CHECK(decodeUtf8("a").code == U'a');
  CHECK(decodeUtf8("\u00E9x").code == 0xE9);
  CHECK(decodeUtf8("\u00E9x").length == 2);
  CHECK(decodeUtf8("\u20AC").length == 3);
  const auto emoji = decodeUtf8("\U0001F3AE");
  CHECK(emoji.valid);
  CHECK(emoji.code == 0x1F3AE);
  CHECK(emoji.length == 4);
}

TEST_CASE("an invalid sequence is U+FFFD over its maximal subpart") {
  const auto check = [](std::string_view in, std::size_t length) {
    const auto c = decodeUtf8(in);
    CHECK_FALSE(c.valid);
    CHECK(c.code == kReplacementCharacter);
    CHECK(c.length == length);
  };
  check("\x80", 1);              // a stray continuation
  check("\xC0\xAF", 1);          // overlong: C0 never starts a sequence
  check("\xE0\x80\xAF", 1);      // overlong three-byte form, refused at its second byte
  check("\xED\xA0\x80", 1);      // a surrogate
  check("\xF4\x90\x80\x80", 1);  // past U+10FFFF
  check("\xE2\x82", 2);          // cut short at the end
  check("\xE2\x82x", 2);         // cut short before ASCII
}

TEST_CASE("appendUtf8 writes what decodeUtf8 reads, at every length") {
  for (char32_t code : {U'a', char32_t{0x7F}, char32_t{0x80}, char32_t{0x7FF}, char32_t{0x800},
                        char32_t{0xFFFD}, char32_t{0x10000}, char32_t{0x10FFFF}}) {
    std::string out;
    appendUtf8(out, code);
    const auto back = decodeUtf8(out);
    CHECK(back.valid);
    CHECK(back.code == code);
    CHECK(back.length == out.size());
  }
}

TEST_CASE("characters are counted and cut as code points") {
  CHECK(countCharacters("h\u00E9llo\U0001F3AE") == 6);
  CHECK(firstCharacters("h\u00E9llo", 2) == "h\u00E9");
  CHECK(firstCharacters("h\u00E9", 5) == "h\u00E9");
  CHECK(firstCharacters("abc", 0).empty());
}
