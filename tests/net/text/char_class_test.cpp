#include "net/text/char_class.h"

#include <doctest/doctest.h>

#include <initializer_list>
#include <ios>

using weft::net::CharClass;
using weft::net::classify;

TEST_CASE("letters, digits, symbols and emoji are visible, in every script") {
  for (char32_t code :
       {U'a', U'Z', U'0', U'~', U'<', char32_t{0xE9}, char32_t{0x3B1}, char32_t{0x430},
        char32_t{0x5D0}, char32_t{0x627}, char32_t{0x3053}, char32_t{0xAC00}, char32_t{0x1F3AE},
        char32_t{0xFFFD}, char32_t{0x0600}, char32_t{0x0915}, char32_t{0x093F}}) {
    INFO("U+", std::hex, static_cast<unsigned>(code));
    CHECK(classify(code) == CharClass::Visible);
  }
}

TEST_CASE("each class holds what its comment names") {
  CHECK(classify(0x00) == CharClass::Control);
  CHECK(classify(0x1B) == CharClass::Control);
  CHECK(classify(0x7F) == CharClass::Control);
  CHECK(classify(0x9B) == CharClass::Control);
  for (char32_t code :
       {0x20, 0xA0, 0x1680, 0x2000, 0x2003, 0x200A, 0x202F, 0x205F, 0x2800, 0x3000}) {
    CHECK(classify(code) == CharClass::Space);
  }
  for (char32_t code : {0xAD,   0x61C,  0x115F, 0x1160, 0x180E, 0x200B,   0x200E, 0x200F, 0x2028,
                        0x2029, 0x202A, 0x202E, 0x2060, 0x2064, 0x2066,   0x2069, 0x206F, 0x3164,
                        0xFEFF, 0xFFA0, 0xFFF9, 0xFDD0, 0xFFFE, 0x10FFFF, 0xE0001}) {
    INFO("U+", std::hex, static_cast<unsigned>(code));
    CHECK(classify(code) == CharClass::Hidden);
  }
  for (char32_t code : {0x34F, 0x180B, 0x200C, 0x200D, 0xFE0F, 0xE0067, 0xE007F, 0xE0100}) {
    INFO("U+", std::hex, static_cast<unsigned>(code));
    CHECK(classify(code) == CharClass::Joiner);
  }
  for (char32_t code : {0x300, 0x301, 0x338, 0x36F, 0x1AB0, 0x1DC0, 0x20D2, 0xFE20}) {
    INFO("U+", std::hex, static_cast<unsigned>(code));
    CHECK(classify(code) == CharClass::Diacritic);
  }
}
