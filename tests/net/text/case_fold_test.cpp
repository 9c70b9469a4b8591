#include "net/text/case_fold.h"

#include <doctest/doctest.h>

#include <initializer_list>

using weft::net::simpleCaseFold;

TEST_CASE("capitals fold to small letters in Latin, Greek, Cyrillic and Armenian") {
  CHECK(simpleCaseFold(U'A') == U'a');
  CHECK(simpleCaseFold(U'a') == U'a');
  CHECK(simpleCaseFold(U'@') == U'@');
  CHECK(simpleCaseFold(0xC9) == 0xE9);    // É
  CHECK(simpleCaseFold(0x100) == 0x101);  // Ā, a stride-2 pair
  CHECK(simpleCaseFold(0x101) == 0x101);
  CHECK(simpleCaseFold(0x102) == 0x103);      // Ă, the next pair
  CHECK(simpleCaseFold(0x178) == 0xFF);       // Ÿ
  CHECK(simpleCaseFold(0x1E9E) == 0xDF);      // ẞ
  CHECK(simpleCaseFold(0xDF) == 0xDF);        // ß stays: its full folding "ss" is two
  CHECK(simpleCaseFold(0x391) == 0x3B1);      // Α
  CHECK(simpleCaseFold(0x3A3) == 0x3C3);      // Σ
  CHECK(simpleCaseFold(0x3C2) == 0x3C3);      // ς, final sigma
  CHECK(simpleCaseFold(0x410) == 0x430);      // А
  CHECK(simpleCaseFold(0x401) == 0x451);      // Ё
  CHECK(simpleCaseFold(0x460) == 0x461);      // Ѡ
  CHECK(simpleCaseFold(0x531) == 0x561);      // Ա
  CHECK(simpleCaseFold(0x10A0) == 0x2D00);    // Georgian Ⴀ
  CHECK(simpleCaseFold(0xFF21) == 0xFF41);    // fullwidth Ａ
  CHECK(simpleCaseFold(0x10400) == 0x10428);  // Deseret
}

TEST_CASE("lookalike signs fold to the letter they look like") {
  CHECK(simpleCaseFold(0x212A) == U'k');   // KELVIN SIGN
  CHECK(simpleCaseFold(0x212B) == 0xE5);   // ANGSTROM SIGN
  CHECK(simpleCaseFold(0x2126) == 0x3C9);  // OHM SIGN
  CHECK(simpleCaseFold(0x17F) == U's');    // ſ, long s
  CHECK(simpleCaseFold(0xB5) == 0x3BC);    // MICRO SIGN
}

TEST_CASE("letters without case, and the gaps between runs, fold to themselves") {
  for (char32_t code : {char32_t{0x3053}, char32_t{0x627}, char32_t{0x5D0}, char32_t{0x1F3AE},
                        char32_t{0x10FFFF}, char32_t{0x103}, char32_t{0x131}}) {
    CHECK(simpleCaseFold(code) == code);  // ... ă (small already), ı (dotless i: no capital)
  }
  CHECK(simpleCaseFold(0x130) == 0x130);  // İ: its folding is two code points
}
