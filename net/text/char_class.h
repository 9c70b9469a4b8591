// CharClass: what a code point looks like to a reader — shown, blank, invisible, an accent on
// its neighbour, a control — which is all the text rules (display_text.h) need to know of
// Unicode to keep a line from hiding, reordering or faking what it shows.
// Tests: tests/net/text/char_class_test.cpp
#pragma once

#include <cstdint>
#include <string_view>

namespace weft::net {

// The classes and why each is treated so (char_class.cpp lists their members, by Unicode's
// names; general categories are Unicode's: Cc control, Cf format, Zs space separator, Mn
// nonspacing mark, and the Bidi_Control and Default_Ignorable_Code_Point properties):
enum class CharClass : std::uint8_t {
  // Shown as itself: letters, digits, punctuation, symbols, emoji, marks of other blocks, and
  // the visible format signs (the Arabic number signs U+0600-U+0605 and their kin).
  Visible,
  // Shown as a blank: every Zs (U+0020, NO-BREAK SPACE U+00A0, the U+2000-U+200A spaces,
  // IDEOGRAPHIC SPACE U+3000...) and BRAILLE PATTERN BLANK U+2800, which is So but blank.
  Space,
  // Cc: C0, DEL and C1. ESC and the 8-bit CSI also start terminal escape sequences.
  Control,
  // Invisible and with no use in a line of chat, so removed from every text: the Bidi_Control
  // characters (LRM, RLM, ALM, the embeddings and overrides U+202A-U+202E, the isolates
  // U+2066-U+2069), which make text display in another order than it was typed; the zero-width
  // spaces and joiners of words (U+200B, WORD JOINER U+2060, U+FEFF), SOFT HYPHEN, the
  // invisible operators, the line and paragraph separators (Zl, Zp), the Hangul fillers (blank
  // letters), the other Cf and Default_Ignorable_Code_Point characters, noncharacters.
  Hidden,
  // Invisible, but it shapes what its neighbours show, so a text keeps it: ZERO WIDTH JOINER
  // (emoji sequences such as a family), ZERO WIDTH NON-JOINER (Persian, Indic scripts), the
  // variation selectors (text or emoji style), the tag characters of flag sequences, COMBINING
  // GRAPHEME JOINER, the Mongolian free variation selectors. A label (a name) drops them: there
  // they only make two names that look alike different.
  Joiner,
  // A combining mark of the Combining Diacritical Marks blocks (U+0300-U+036F, U+1AB0-U+1AFF,
  // U+1DC0-U+1DFF, U+20D0-U+20FF, U+FE20-U+FE2F): the accents of Latin, Greek and Cyrillic.
  // A text keeps them; a label drops them, because "e" + U+0301 looks exactly like the
  // precomposed "é" (which stays), and only a full normalisation table could tell them equal.
  Diacritic,
};

CharClass classify(char32_t code);

std::string_view describe(CharClass charClass);  // "an invisible or format character"...

}  // namespace weft::net
