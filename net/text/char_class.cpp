#include "net/text/char_class.h"

#include <algorithm>
#include <array>
#include <iterator>

namespace weft::net {

namespace {

struct Range {
  char32_t first;
  char32_t last;
  CharClass charClass;
};

using C = CharClass;

// Every code point above U+007F that is not Visible, sorted and without overlaps (a
// static_assert checks). Checked against Unicode 15's Cf, Zs, Cc, Bidi_Control and
// Default_Ignorable_Code_Point: every character with one of them is here, except the visible
// prepended number signs U+0600-U+0605, U+06DD, U+070F, U+0890-U+0891, U+08E2, U+110BD, U+110CD.
constexpr std::array kRanges = {
    Range{0x0080, 0x009F, C::Control},    // C1, with the 8-bit CSI (U+009B)
    Range{0x00A0, 0x00A0, C::Space},      // NO-BREAK SPACE
    Range{0x00AD, 0x00AD, C::Hidden},     // SOFT HYPHEN
    Range{0x0300, 0x034E, C::Diacritic},  // COMBINING GRAVE ACCENT...
    Range{0x034F, 0x034F, C::Joiner},     // COMBINING GRAPHEME JOINER
    Range{0x0350, 0x036F, C::Diacritic},  // ... COMBINING LATIN SMALL LETTER X
    Range{0x061C, 0x061C, C::Hidden},     // ARABIC LETTER MARK (bidi)
    Range{0x115F, 0x1160, C::Hidden},     // HANGUL CHOSEONG and JUNGSEONG FILLER
    Range{0x1680, 0x1680, C::Space},      // OGHAM SPACE MARK
    Range{0x17B4, 0x17B5, C::Hidden},     // KHMER VOWEL INHERENT AQ, AA (invisible, deprecated)
    Range{0x180B, 0x180D, C::Joiner},     // MONGOLIAN FREE VARIATION SELECTOR ONE-THREE
    Range{0x180E, 0x180E, C::Hidden},     // MONGOLIAN VOWEL SEPARATOR
    Range{0x180F, 0x180F, C::Joiner},     // MONGOLIAN FREE VARIATION SELECTOR FOUR
    Range{0x1AB0, 0x1AFF, C::Diacritic},  // Combining Diacritical Marks Extended
    Range{0x1DC0, 0x1DFF, C::Diacritic},  // Combining Diacritical Marks Supplement
    Range{0x2000, 0x200A, C::Space},      // EN QUAD ... HAIR SPACE
    Range{0x200B, 0x200B, C::Hidden},     // ZERO WIDTH SPACE
    Range{0x200C, 0x200D, C::Joiner},     // ZERO WIDTH NON-JOINER, ZERO WIDTH JOINER
    Range{0x200E, 0x200F, C::Hidden},     // LEFT-TO-RIGHT MARK, RIGHT-TO-LEFT MARK
    Range{0x2028, 0x202E, C::Hidden},     // LINE, PARAGRAPH SEPARATOR; bidi embeddings, overrides
    Range{0x202F, 0x202F, C::Space},      // NARROW NO-BREAK SPACE
    Range{0x205F, 0x205F, C::Space},      // MEDIUM MATHEMATICAL SPACE
    Range{0x2060, 0x206F, C::Hidden},     // WORD JOINER, invisible operators, isolates, deprecated
    Range{0x20D0, 0x20FF, C::Diacritic},  // Combining Diacritical Marks for Symbols
    Range{0x2800, 0x2800, C::Space},      // BRAILLE PATTERN BLANK
    Range{0x3000, 0x3000, C::Space},      // IDEOGRAPHIC SPACE
    Range{0x3164, 0x3164, C::Hidden},     // HANGUL FILLER
    Range{0xFDD0, 0xFDEF, C::Hidden},     // noncharacters
    Range{0xFE00, 0xFE0F, C::Joiner},     // VARIATION SELECTOR-1 ... -16
    Range{0xFE20, 0xFE2F, C::Diacritic},  // Combining Half Marks
    Range{0xFEFF, 0xFEFF, C::Hidden},     // ZERO WIDTH NO-BREAK SPACE (byte order mark)
    Range{0xFFA0, 0xFFA0, C::Hidden},     // HALFWIDTH HANGUL FILLER
    Range{0xFFF0, 0xFFFB, C::Hidden},     // reserved ignorables; interlinear annotation
    Range{0x13430, 0x1343F, C::Joiner},   // EGYPTIAN HIEROGLYPH format controls
    Range{0x1BCA0, 0x1BCA3, C::Hidden},   // SHORTHAND FORMAT controls
    Range{0x1D173, 0x1D17A, C::Hidden},   // MUSICAL SYMBOL BEGIN BEAM ... (format)
    Range{0xE0000, 0xE001F, C::Hidden},   // LANGUAGE TAG (deprecated) and reserved
    Range{0xE0020, 0xE007F, C::Joiner},   // TAG SPACE ... CANCEL TAG: emoji flag sequences
    Range{0xE0080, 0xE00FF, C::Hidden},   // reserved ignorables
    Range{0xE0100, 0xE01EF, C::Joiner},   // VARIATION SELECTOR-17 ... -256
    Range{0xE01F0, 0xE0FFF, C::Hidden},   // reserved ignorables
};

constexpr bool sortedWithoutOverlaps() {
  for (std::size_t i = 0; i < kRanges.size(); ++i) {
    if (kRanges[i].first > kRanges[i].last) return false;
    if (i > 0 && kRanges[i - 1].last >= kRanges[i].first) return false;
  }
  return true;
}
static_assert(sortedWithoutOverlaps(), "kRanges must be sorted and must not overlap");

}  // namespace

CharClass classify(char32_t code) {
  if (code < 0x80) {
    if (code < 0x20 || code == 0x7F) return C::Control;
    return code == ' ' ? C::Space : C::Visible;
  }
  if (code < 0x300) {  // Latin-1 and the Latin extensions, the commonest after ASCII
    if (code <= 0x9F) return C::Control;
    return code == 0xA0 ? C::Space : code == 0xAD ? C::Hidden : C::Visible;
  }
  if ((code & 0xFFFE) == 0xFFFE) return C::Hidden;  // U+FFFE, U+FFFF on every plane: noncharacters
  const auto after = std::upper_bound(kRanges.begin(), kRanges.end(), code,
                                      [](char32_t c, const Range& r) { return c < r.first; });
  if (after == kRanges.begin()) return C::Visible;
  const Range& range = *std::prev(after);
  return code <= range.last ? range.charClass : C::Visible;
}

std::string_view describe(CharClass charClass) {
  switch (charClass) {
    case C::Visible:
      return "a visible character";
    case C::Space:
      return "a space";
    case C::Control:
      return "a control character";
    case C::Hidden:
      return "an invisible or format character";
    case C::Joiner:
      return "an invisible joiner or selector";
    case C::Diacritic:
      return "a combining accent";
  }
  return "an unknown character";
}

}  // namespace weft::net
