#include "net/chat/chat_text.h"

#include <doctest/doctest.h>

#include <string>

using weft::net::countCharacters;
using weft::net::nameKey;
using weft::net::sanitizeName;

TEST_CASE("names lose angle brackets and extra spaces, and are cut by characters") {
  CHECK(sanitizeName("  anna  ", 24).name == "anna");
  CHECK(sanitizeName("anna   maria", 24).name == "anna maria");
  CHECK(sanitizeName("<anna>: hi", 24).name == "anna: hi");
  CHECK(sanitizeName("anna <> maria", 24).name == "anna maria");
  CHECK(sanitizeName("\x1b[31mred\x1b[0m", 24).name == "red");
  CHECK(sanitizeName("<>  ", 24).name.empty());
  CHECK_FALSE(sanitizeName("anna", 24).truncated);

  const auto cut = sanitizeName("abcdefghijklmnopqrstuvwxyz", 24);
  CHECK(cut.name == "abcdefghijklmnopqrstuvwx");
  CHECK(cut.truncated);
  const auto wide = sanitizeName("\u00E9\u00E9\u00E9\u00E9\u00E9", 3);  // cut at a character
  CHECK(wide.name == "\u00E9\u00E9\u00E9");
  CHECK(countCharacters(wide.name) == 3);
  CHECK(sanitizeName("ab cd", 3).name == "ab");  // no trailing space after a cut
}

TEST_CASE("names lose every invisible character and fold every kind of space") {
  CHECK(sanitizeName("an\u200Bna", 24).name == "anna");
  CHECK(sanitizeName("anna\u00A0", 24).name == "anna");
  CHECK(sanitizeName("\u202Eanna\u2066", 24).name == "anna");
  CHECK(sanitizeName("anna\u3000maria", 24).name == "anna maria");
  // Invisible characters do not count against the length.
  CHECK_FALSE(sanitizeName("abc\u200B\u200B\u200B", 3).truncated);
}

TEST_CASE("name keys are equal for names that read the same") {
  CHECK(nameKey("Anna") == nameKey("aNNA"));
  CHECK(nameKey("\u00C9mile") == nameKey("\u00E9mile"));  // case folds beyond ASCII
  CHECK(nameKey("an\u200Bna") == nameKey("anna"));
  CHECK(nameKey("anna") != nameKey("anne"));
}
