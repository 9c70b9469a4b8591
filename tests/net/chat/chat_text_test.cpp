#include "net/chat/chat_text.h"

#include <doctest/doctest.h>

#include <cstdint>
#include <string>

using weft::net::countCharacters;
using weft::net::firstCharacters;
using weft::net::nameKey;
using weft::net::sanitizeName;
using weft::net::sanitizeText;

namespace {

const std::string kFffd = "\xEF\xBF\xBD";

// True if `s` is valid UTF-8 with no C0/C1 control, DEL or ESC: what every sanitised text is.
bool clean(const std::string& s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x20 || b == 0x7F) return false;
    std::size_t n = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC2 ? 2 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    if (b == 0xC2 && static_cast<unsigned char>(s[i + 1]) < 0xA0) return false;  // C1
    i += n;
  }
  return true;
}

}  // namespace

TEST_CASE("plain text and valid UTF-8 pass through unchanged") {
  CHECK(sanitizeText("hello, world") == "hello, world");
  CHECK(sanitizeText("Grüße, こんにちは, 🎮") == "Grüße, こんにちは, 🎮");
  CHECK(sanitizeText("") == "");
}

TEST_CASE("terminal escape sequences are removed whole") {
  SUBCASE("clear screen and cursor moves (CSI)") {
    CHECK(sanitizeText("a\x1b[2Jb") == "ab");
    CHECK(sanitizeText("\x1b[H\x1b[10;20Hx") == "x");
    CHECK(sanitizeText("red \x1b[31mtext\x1b[0m") == "red text");
    CHECK(sanitizeText("\x1b[?1049h") == "");
  }
  SUBCASE("window titles and other strings (OSC, DCS, APC), ended by BEL or ST") {
    CHECK(sanitizeText("x\x1b]0;owned\x07y") == "xy");
    CHECK(sanitizeText("x\x1b]2;title\x1b\\y") == "xy");
    CHECK(sanitizeText("x\x1bPq#0;2;0;0;0\x1b\\y") == "xy");
    CHECK(sanitizeText("x\x1b_payload\x07y") == "xy");
    CHECK(sanitizeText("x\x1b]0;never ended") == "x");
  }
  SUBCASE("two-byte and intermediate sequences: reset, save cursor, charset") {
    CHECK(sanitizeText("a\x1b" "cb") == "ab");
    CHECK(sanitizeText("a\x1b" "7b\x1b" "8") == "ab");
    CHECK(sanitizeText("a\x1b(0b") == "ab");
    CHECK(sanitizeText("a\x1b#8b") == "ab");
    CHECK(sanitizeText("trailing\x1b") == "trailing");
  }
  SUBCASE("the 8-bit C1 forms, written as UTF-8") {
    CHECK(sanitizeText("a\xC2\x9B" "2Jb") == "ab");                 // CSI
    CHECK(sanitizeText("a\xC2\x9D" "0;t\xC2\x9C" "b") == "ab");     // OSC ... ST
    CHECK(sanitizeText("a\xC2\x85" "b") == "ab");                   // NEL
  }
  SUBCASE("a sequence cut short ends where ordinary text resumes") {
    CHECK(sanitizeText("\x1b[12é") == "é");
  }
}

TEST_CASE("control characters are removed and a tab becomes a space") {
  CHECK(sanitizeText("a\rb\nc\x07" "d\x08" "e\x7f" "f") == "abcdef");
  CHECK(sanitizeText(std::string("a\0b", 3)) == "ab");
  CHECK(sanitizeText("a\tb") == "a b");
}

TEST_CASE("bidirectional overrides and line separators are removed") {
  CHECK(sanitizeText("abc\u202Efed\u202C") == "abcfed");
  CHECK(sanitizeText("x\u2066y\u2069z") == "xyz");
  CHECK(sanitizeText("one\u2028two\u2029three") == "onetwothree");
}

TEST_CASE("invalid UTF-8 becomes U+FFFD, one per maximal bad run") {
  CHECK(sanitizeText("a\xFF" "b") == "a" + kFffd + "b");
  CHECK(sanitizeText("\x80\x80") == kFffd + kFffd);          // stray continuations
  CHECK(sanitizeText("\xC0\xAF") == kFffd + kFffd);          // overlong '/'
  CHECK(sanitizeText("\xE0\x80\xAF") == kFffd + kFffd + kFffd);
  CHECK(sanitizeText("\xED\xA0\x80") == kFffd + kFffd + kFffd);  // a surrogate
  CHECK(sanitizeText("\xF4\x90\x80\x80") == kFffd + kFffd + kFffd + kFffd);  // past U+10FFFF
  CHECK(sanitizeText("\xE2\x82") == kFffd);                  // truncated at the end
  CHECK(sanitizeText("\xE2\x82x") == kFffd + "x");           // truncated before ASCII
  CHECK(sanitizeText("\xF0\x9F\x8E") == kFffd);
}

TEST_CASE("whatever the input, the output is clean UTF-8 at most three times as long") {
  std::uint32_t state = 12345;
  for (int round = 0; round < 20000; ++round) {
    std::string input;
    const int length = static_cast<int>(state % 24);
    for (int i = 0; i < length; ++i) {
      state ^= state << 13;
      state ^= state >> 17;
      state ^= state << 5;
      // Bias towards the interesting bytes: ESC, brackets, C2, continuation and lead bytes.
      constexpr unsigned char kPicks[] = {0x1B, '[', ']', '\\', 0x07, 0xC2, 0x9B, 0x80, 0xBF,
                                          0xE0, 0xED, 0xF0, 0xF4, 'a', ' ', 0x00, 0x9C, 0xFF};
      input.push_back(static_cast<char>(state % 3 == 0 ? kPicks[(state >> 8) % sizeof kPicks]
                                                       : (state >> 16) & 0xFF));
    }
    const std::string out = sanitizeText(input);
    INFO("input of ", input.size(), " bytes, round ", round);
    REQUIRE(clean(out));
    REQUIRE(out.size() <= 3 * input.size());
    REQUIRE(sanitizeText(out) == out);  // idempotent
  }
}

TEST_CASE("names lose angle brackets and extra spaces, and are cut by characters") {
  CHECK(sanitizeName("  anna  ", 24).name == "anna");
  CHECK(sanitizeName("anna   maria", 24).name == "anna maria");
  CHECK(sanitizeName("<anna>: hi", 24).name == "anna: hi");
  CHECK(sanitizeName("\x1b[31mred\x1b[0m", 24).name == "red");
  CHECK(sanitizeName("<>  ", 24).name.empty());
  CHECK_FALSE(sanitizeName("anna", 24).truncated);

  const auto cut = sanitizeName("abcdefghijklmnopqrstuvwxyz", 24);
  CHECK(cut.name == "abcdefghijklmnopqrstuvwx");
  CHECK(cut.truncated);
  const auto wide = sanitizeName("ééééé", 3);  // two bytes each: cut at a character boundary
  CHECK(wide.name == "ééé");
  CHECK(countCharacters(wide.name) == 3);
  CHECK(sanitizeName("ab cd", 3).name == "ab");  // no trailing space after a cut
}

TEST_CASE("characters are counted and cut as code points") {
  CHECK(countCharacters("héllo🎮") == 6);
  CHECK(firstCharacters("héllo", 2) == "hé");
  CHECK(firstCharacters("hé", 5) == "hé");
  CHECK(firstCharacters("abc", 0).empty());
}

TEST_CASE("name keys ignore ASCII case only") {
  CHECK(nameKey("Anna") == nameKey("aNNA"));
  CHECK(nameKey("Émile") != nameKey("émile"));  // no Unicode case folding: only ASCII
}
