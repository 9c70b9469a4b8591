#include "net/text/display_text.h"

#include <doctest/doctest.h>

#include <cstdint>
#include <string>

#include "net/testing/recording_logger.h"
#include "net/text/sanitizing_logger.h"

using weft::net::findLabelProblem;
using weft::net::LabelProblem;
using weft::net::sanitizeLabel;
using weft::net::sanitizeText;
using weft::net::visibleKey;

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

// Random bytes biased towards the interesting ones: ESC, brackets, C2, lead and continuation
// bytes, and the leads of the invisible characters (E2 80 8B is U+200B, EF BB BF U+FEFF).
std::string randomInput(std::uint32_t& state) {
  std::string input;
  const int length = static_cast<int>(state % 24);
  for (int i = 0; i < length; ++i) {
    state ^= state << 13;
    state ^= state >> 17;
    state ^= state << 5;
    constexpr unsigned char kPicks[] = {0x1B, '[',  ']',  '\\', 0x07, 0xC2, 0x9B, 0x80, 0xBF,
                                        0xE0, 0xED, 0xF0, 0xF4, 'a',  ' ',  0x00, 0x9C, 0xFF,
                                        0xE2, 0x8B, 0xA0, 0xEF, 0xBB, 0xCC, 0x81, '\t'};
    input.push_back(static_cast<char>(state % 3 == 0 ? kPicks[(state >> 8) % sizeof kPicks]
                                                     : (state >> 16) & 0xFF));
  }
  return input;
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
    CHECK(sanitizeText("a\x1b"
                       "cb") == "ab");
    CHECK(sanitizeText("a\x1b"
                       "7b\x1b"
                       "8") == "ab");
    CHECK(sanitizeText("a\x1b(0b") == "ab");
    CHECK(sanitizeText("a\x1b#8b") == "ab");
    CHECK(sanitizeText("trailing\x1b") == "trailing");
  }
  SUBCASE("the 8-bit C1 forms, written as UTF-8") {
    CHECK(sanitizeText("a\xC2\x9B"
                       "2Jb") == "ab");  // CSI
    CHECK(sanitizeText("a\xC2\x9D"
                       "0;t\xC2\x9C"
                       "b") == "ab");  // OSC ... ST
    CHECK(sanitizeText("a\xC2\x85"
                       "b") == "ab");  // NEL
  }
  SUBCASE("a sequence cut short ends where ordinary text resumes") {
    CHECK(sanitizeText("\x1b[12é") == "é");
  }
}

TEST_CASE("control characters are removed and a tab becomes a space") {
  CHECK(sanitizeText("a\rb\nc\x07"
                     "d\x08"
                     "e\x7f"
                     "f") == "abcdef");
  CHECK(sanitizeText(std::string("a\0b", 3)) == "ab");
  CHECK(sanitizeText("a\tb") == "a b");
}

TEST_CASE("invalid UTF-8 becomes U+FFFD, one per maximal bad run") {
  CHECK(sanitizeText("a\xFF"
                     "b") == "a" + kFffd + "b");
  CHECK(sanitizeText("\x80\x80") == kFffd + kFffd);  // stray continuations
  CHECK(sanitizeText("\xC0\xAF") == kFffd + kFffd);  // overlong '/'
  CHECK(sanitizeText("\xE0\x80\xAF") == kFffd + kFffd + kFffd);
  CHECK(sanitizeText("\xED\xA0\x80") == kFffd + kFffd + kFffd);              // a surrogate
  CHECK(sanitizeText("\xF4\x90\x80\x80") == kFffd + kFffd + kFffd + kFffd);  // past U+10FFFF
  CHECK(sanitizeText("\xE2\x82") == kFffd);                                  // truncated at the end
  CHECK(sanitizeText("\xE2\x82x") == kFffd + "x");  // truncated before ASCII
  CHECK(sanitizeText("\xF0\x9F\x8E") == kFffd);
}

// One case per kind of invisible character: each could make "anna" of a text or a name that
// looks like another, or (the bidi controls) make it read in another order.
TEST_CASE("every invisible or format character is removed from a text, one kind at a time") {
  SUBCASE("bidi marks: LEFT-TO-RIGHT, RIGHT-TO-LEFT and ARABIC LETTER MARK") {
    CHECK(sanitizeText("a\u200Eb\u200Fc\u061Cd") == "abcd");
  }
  SUBCASE("bidi embeddings, overrides and isolates") {
    CHECK(sanitizeText("abc\u202Efed\u202C") == "abcfed");
    CHECK(sanitizeText("a\u202Ab\u202Bc\u202Dd") == "abcd");
    CHECK(sanitizeText("x\u2066y\u2067z\u2068w\u2069") == "xyzw");
  }
  SUBCASE("zero-width spaces: ZERO WIDTH SPACE, WORD JOINER, ZERO WIDTH NO-BREAK SPACE") {
    CHECK(sanitizeText("an\u200Bna") == "anna");
    CHECK(sanitizeText("an\u2060na") == "anna");
    CHECK(sanitizeText("\uFEFFanna") == "anna");
  }
  SUBCASE("SOFT HYPHEN and MONGOLIAN VOWEL SEPARATOR") {
    CHECK(sanitizeText("an\u00ADna\u180E") == "anna");
  }
  SUBCASE("invisible operators and deprecated format characters") {
    CHECK(sanitizeText("a\u2061b\u2062c\u2063d\u2064e\u206Af\u206Fg") == "abcdefg");
  }
  SUBCASE("line and paragraph separators") {
    CHECK(sanitizeText("one\u2028two\u2029three") == "onetwothree");
  }
  SUBCASE("blank letters: the Hangul fillers") {
    CHECK(sanitizeText("a\u3164b\uFFA0c\u115Fd\u1160e") == "abcde");
  }
  SUBCASE("interlinear annotation, shorthand and musical format characters") {
    CHECK(sanitizeText("a\uFFF9b\uFFFAc\uFFFBd") == "abcd");
    CHECK(sanitizeText("a\U0001BCA0b\U0001D173c") == "abc");
  }
  SUBCASE("LANGUAGE TAG and noncharacters") {
    CHECK(sanitizeText("a\U000E0001b\uFDD0c\uFFFEd\U0001FFFFe") == "abcde");
  }
}

TEST_CASE("a text keeps what shapes its neighbours: joiners, selectors, tags, accents, spaces") {
  const std::string family = "\U0001F468\u200D\U0001F469\u200D\U0001F467";  // one emoji
  CHECK(sanitizeText(family) == family);
  CHECK(sanitizeText("\u2764\uFE0F") == "\u2764\uFE0F");  // red heart
  const std::string scotland =
      "\U0001F3F4\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F";
  CHECK(sanitizeText(scotland) == scotland);
  CHECK(sanitizeText("\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645") ==
        "\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645");  // Persian, with ZWNJ
  CHECK(sanitizeText("e\u0301") == "e\u0301");
  CHECK(sanitizeText("a\u00A0\u00A0b\u3000c") == "a\u00A0\u00A0b\u3000c");
  CHECK(sanitizeText("\u0600\u0661") == "\u0600\u0661");  // ARABIC NUMBER SIGN is visible
}

TEST_CASE("a label also loses joiners, selectors and combining accents, and folds its spaces") {
  SUBCASE("joiners and selectors") {
    CHECK(sanitizeLabel("an\u200Cna\u200D") == "anna");
    CHECK(sanitizeLabel("anna\uFE0F\U000E0100") == "anna");
    CHECK(sanitizeLabel("an\u034Fna\u180B") == "anna");
    CHECK(sanitizeLabel("anna\U000E0041") == "anna");
  }
  SUBCASE("combining accents: the precomposed letter stays, a built one loses its accent") {
    CHECK(sanitizeLabel("\u00E9mile") == "\u00E9mile");
    CHECK(sanitizeLabel("e\u0301mile") == "emile");
    CHECK(sanitizeLabel("anna\u0338\u20DD\u1AB0\u1DC0\uFE20") == "anna");
  }
  SUBCASE("every kind of space becomes one U+0020, and none is left at the ends") {
    CHECK(sanitizeLabel("anna\u00A0") == "anna");
    CHECK(sanitizeLabel("\u3000anna  \u2003 maria\u202F") == "anna maria");
    CHECK(sanitizeLabel("anna\u1680\u2000\u200A\u205Fmaria") == "anna maria");
    CHECK(sanitizeLabel("anna\u2800maria\u2800") == "anna maria");  // BRAILLE PATTERN BLANK
    CHECK(sanitizeLabel("a\tb") == "a b");
    CHECK(sanitizeLabel(" \u00A0\u200B ").empty());
  }
  SUBCASE("and everything a text loses") {
    CHECK(sanitizeLabel("\x1b[31mred\x1b[0m \u202Eanna") == "red anna");
  }
}

TEST_CASE("labels that read the same have one visible key") {
  SUBCASE("invisible characters and spaces do not count") {
    CHECK(visibleKey("an\u200Bna") == visibleKey("anna"));
    CHECK(visibleKey("anna\u00A0") == visibleKey("anna"));
    CHECK(visibleKey("anna  maria") == visibleKey("anna\u2003maria"));
    CHECK(visibleKey("e\u0301mile") == visibleKey("emile"));
  }
  SUBCASE("case does not count, beyond ASCII too") {
    CHECK(visibleKey("Anna") == visibleKey("aNNA"));
    CHECK(visibleKey("\u00C9mile") == visibleKey("\u00E9mile"));  // É, é
    CHECK(visibleKey("\u0391\u039D\u039D\u0391") == visibleKey("\u03B1\u03BD\u03BD\u03B1"));
    CHECK(visibleKey("\u0410\u041D\u041D\u0410") == visibleKey("\u0430\u043D\u043D\u0430"));
    CHECK(visibleKey("\u0531\u0546\u0531") == visibleKey("\u0561\u0576\u0561"));  // Armenian
  }
  SUBCASE("different letters stay different") {
    CHECK(visibleKey("anna") != visibleKey("anne"));
    CHECK(visibleKey("\u00E9mile") != visibleKey("emile"));
    CHECK(visibleKey("anna maria") != visibleKey("annamaria"));
    // Letters of two scripts that look alike: told apart (see visibleKey's comment).
    CHECK(visibleKey("\u0430nna") != visibleKey("anna"));
  }
}

TEST_CASE("a label's problem names the first offending character and where it is") {
  CHECK_FALSE(findLabelProblem("LAN party"));
  CHECK_FALSE(findLabelProblem("Gr\u00FC\u00DFe, \u3053\u3093\u306B\u3061\u306F"));
  CHECK_FALSE(findLabelProblem(""));
  const auto check = [](std::string_view label, LabelProblem::Kind kind, std::size_t byte,
                        std::string_view sentence) {
    const auto problem = findLabelProblem(label);
    REQUIRE(problem);
    CHECK(problem->kind == kind);
    CHECK(problem->byte == byte);
    CHECK(problem->sentence() == std::string(sentence));
  };
  using K = LabelProblem::Kind;
  check("ab\xFF", K::InvalidUtf8, 2, "is not valid UTF-8 (byte 2)");
  check("a\x1b[2J", K::Forbidden, 1, "holds a control character (U+001B at byte 1)");
  check("an\u200Bna", K::Forbidden, 2, "holds an invisible or format character (U+200B at byte 2)");
  check("abc\u202Efed", K::Forbidden, 3,
        "holds an invisible or format character (U+202E at byte 3)");
  check("an\u200Dna", K::Forbidden, 2, "holds an invisible joiner or selector (U+200D at byte 2)");
  check("e\u0301", K::Forbidden, 1, "holds a combining accent (U+0301 at byte 1)");
  check("anna\u00A0", K::OtherSpace, 4, "holds a space other than U+0020 (U+00A0 at byte 4)");
  check(" anna", K::SpaceAtAnEnd, 0, "starts or ends with a space (byte 0)");
  check("anna ", K::SpaceAtAnEnd, 4, "starts or ends with a space (byte 4)");
  check("LAN  party", K::SpacesInARow, 4, "holds two spaces in a row (byte 4)");
}

TEST_CASE("a sanitizing logger passes every line on as sanitizeText leaves it") {
  weft::testing::RecordingLogger out;
  weft::net::SanitizingLogger logger(out);
  logger.warning("bye from \x1b]0;owned\x07\u202Enimda");
  REQUIRE(out.lines.size() == 1);
  CHECK(static_cast<int>(out.lines[0].level) == static_cast<int>(weft::net::LogLevel::Warning));
  CHECK(out.lines[0].message == "bye from nimda");
}

TEST_CASE("whatever the input, a text comes out clean UTF-8 at most three times as long") {
  std::uint32_t state = 12345;
  for (int round = 0; round < 20000; ++round) {
    const std::string input = randomInput(state);
    const std::string out = sanitizeText(input);
    INFO("input of ", input.size(), " bytes, round ", round);
    REQUIRE(clean(out));
    REQUIRE(out.size() <= 3 * input.size());
    REQUIRE(sanitizeText(out) == out);  // idempotent
  }
}

TEST_CASE("whatever the input, a label comes out as findLabelProblem accepts, and stays so") {
  std::uint32_t state = 54321;
  for (int round = 0; round < 20000; ++round) {
    const std::string input = randomInput(state);
    const std::string label = sanitizeLabel(input);
    INFO("input of ", input.size(), " bytes, round ", round);
    REQUIRE(clean(label));
    REQUIRE_FALSE(findLabelProblem(label));
    REQUIRE(sanitizeLabel(label) == label);
    // A validator refuses exactly what sanitizeLabel would change.
    REQUIRE(findLabelProblem(input).has_value() == (label != input));
  }
}
