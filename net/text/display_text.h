// Display-safe text: what a program may show of text that came from the network — a line that
// cannot move a terminal's cursor, retitle its window, reverse itself or hide characters — and
// labels (names of people, of servers) that look like nothing else, each with a key that is
// equal exactly when two labels read the same. Shared by chat (net/chat) and LAN discovery
// (net/discovery), and by every program that prints what it was sent.
// Tests: tests/net/text/display_text_test.cpp
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "net/text/char_class.h"

namespace weft::net {

// A line of text as it may be shown:
// - Invalid UTF-8 (stray continuation bytes, overlong forms, surrogates, code points past
//   U+10FFFF, truncated sequences) becomes U+FFFD, one per offending byte run.
// - Terminal escape sequences are removed whole: ESC [ ... final (CSI), ESC ] / P / X / ^ / _
//   ... up to BEL or ESC \ (OSC, DCS and other strings), other ESC sequences, and their 8-bit
//   C1 forms.
// - Every other control (CharClass::Control) and every Hidden character (bidi controls,
//   zero-width spaces, separators...: char_class.h) is removed; a tab becomes a space.
// Joiners, accents and spaces stay: a line of text may need them. The result is never longer
// than three times the input (each bad byte may become U+FFFD), and sanitizing it again
// changes nothing.
std::string sanitizeText(std::string_view text);

// A label — a name shown beside what it said, or in a list — as it may be shown: sanitizeText,
// then the Joiners and Diacritics go too (they only tell apart labels that look alike), every
// run of Space characters becomes one U+0020, and none is left at either end.
std::string sanitizeLabel(std::string_view label);

// Equal for two labels exactly when they read the same, as far as weft can tell without
// Unicode's confusables table: sanitizeLabel, then each character case-folded
// (simpleCaseFold). Letters of different scripts that look alike (Latin 'a', Cyrillic 'а')
// keep different keys: telling them apart needs that table, and would merge real names.
std::string visibleKey(std::string_view label);

// Why `label` is not as sanitizeLabel leaves it, for validators that refuse rather than clean
// (a server's announced name): the first offending character, and where it starts.
struct LabelProblem {
  enum class Kind : std::uint8_t {
    InvalidUtf8,   // not valid UTF-8
    Forbidden,     // a character sanitizeLabel removes: `charClass` says which kind
    OtherSpace,    // a space other than U+0020 (NO-BREAK SPACE...)
    SpaceAtAnEnd,  // a space first or last
    SpacesInARow,  // two spaces in a row
  };
  Kind kind;
  std::size_t byte;                          // where the character starts
  char32_t code = 0;                         // the character (none for InvalidUtf8)
  CharClass charClass = CharClass::Visible;  // Forbidden: its class

  // "holds an invisible or format character (U+200B at byte 2)"
  std::string sentence() const;
};
// None exactly when sanitizeLabel(label) == label.
std::optional<LabelProblem> findLabelProblem(std::string_view label);

}  // namespace weft::net
