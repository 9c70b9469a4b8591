#include "net/text/display_text.h"

#include <cstdint>
#include <cstdio>

#include "net/core/str_cat.h"
#include "net/text/case_fold.h"
#include "net/text/utf8.h"

namespace weft::net {

namespace {

constexpr char32_t kEsc = 0x1B;
constexpr char32_t kBel = 0x07;
constexpr char32_t kCsi8 = 0x9B;  // the C1 (8-bit) forms of ESC [ and ESC \ .
constexpr char32_t kSt8 = 0x9C;

bool isByte(std::string_view in, std::size_t at, unsigned char low, unsigned char high) {
  if (at >= in.size()) return false;
  const auto b = static_cast<unsigned char>(in[at]);
  return b >= low && b <= high;
}

// Where a control sequence's parameters and intermediates (0x20-0x3F), then its final byte
// (0x40-0x7E), end. A sequence cut short ends where the first other byte starts.
std::size_t skipCsi(std::string_view in, std::size_t at) {
  while (isByte(in, at, 0x20, 0x3F)) ++at;
  if (isByte(in, at, 0x40, 0x7E)) ++at;
  return at;
}

// Where a string sequence (OSC, DCS, SOS, PM, APC) ends: after BEL, ESC \ or the 8-bit ST, or
// at the end of the text. Terminals swallow everything until then, so we remove it all.
std::size_t skipString(std::string_view in, std::size_t at) {
  while (at < in.size()) {
    const auto b = static_cast<unsigned char>(in[at]);
    if (b == kBel) return at + 1;
    if (b == kEsc && at + 1 < in.size() && in[at + 1] == '\\') return at + 2;
    if (b == 0xC2 && isByte(in, at + 1, kSt8, kSt8)) return at + 2;
    ++at;
  }
  return at;
}

// `at` is just past an ESC: where the whole escape sequence ends.
std::size_t skipEscape(std::string_view in, std::size_t at) {
  if (at >= in.size()) return at;
  const auto b = static_cast<unsigned char>(in[at]);
  if (b == '[') return skipCsi(in, at + 1);
  if (b == ']' || b == 'P' || b == 'X' || b == '^' || b == '_') return skipString(in, at + 1);
  if (b >= 0x20 && b <= 0x2F) {  // intermediates, then one final byte: ESC ( B, ESC # 8
    while (isByte(in, at, 0x20, 0x2F)) ++at;
    return isByte(in, at, 0x30, 0x7E) ? at + 1 : at;
  }
  if (b >= 0x30 && b <= 0x7E) return at + 1;  // ESC c (reset), ESC 7, ESC M...
  return at;
}

bool isStringIntroducer8(char32_t code) {  // DCS, SOS, OSC, PM, APC in their 8-bit forms
  return code == 0x90 || code == 0x98 || code == 0x9D || code == 0x9E || code == 0x9F;
}

bool isPrintableAscii(char c) {
  return c >= 0x20 && c < 0x7F;
}

// Calls `keep(code, bytes)` for each character of sanitizeText(text), in order. With
// `kAsciiRuns`, a run of printable ASCII comes in one call, with code 0 (most chat is ASCII).
template <bool kAsciiRuns = false, typename Keep>
void forEachShown(std::string_view text, Keep&& keep) {
  std::size_t at = 0;
  while (at < text.size()) {
    if constexpr (kAsciiRuns) {
      std::size_t end = at;
      while (end < text.size() && isPrintableAscii(text[end])) ++end;
      if (end > at) {
        keep(char32_t{0}, text.substr(at, end - at));
        at = end;
        continue;
      }
    }
    const Utf8Char c = decodeUtf8(text.substr(at));
    const std::size_t next = at + c.length;
    if (!c.valid) {
      keep(kReplacementCharacter, std::string_view("\xEF\xBF\xBD"));
    } else if (c.code == kEsc) {
      at = skipEscape(text, next);
      continue;
    } else if (c.code == kCsi8) {
      at = skipCsi(text, next);
      continue;
    } else if (isStringIntroducer8(c.code)) {
      at = skipString(text, next);
      continue;
    } else if (c.code == '\t') {
      keep(U' ', std::string_view(" "));
    } else {
      const CharClass k = classify(c.code);
      if (k != CharClass::Control && k != CharClass::Hidden)
        keep(c.code, text.substr(at, c.length));
    }
    at = next;
  }
}

// Calls `keep(code, bytes)` for each character of sanitizeLabel(label), in order.
template <typename Keep>
void forEachInLabel(std::string_view label, Keep&& keep) {
  bool started = false, pendingSpace = false;
  forEachShown(label, [&](char32_t code, std::string_view bytes) {
    switch (classify(code)) {
      case CharClass::Joiner:
      case CharClass::Diacritic:
        return;
      case CharClass::Space:
        pendingSpace = started;
        return;
      default:
        if (pendingSpace) keep(U' ', std::string_view(" "));
        pendingSpace = false;
        started = true;
        keep(code, bytes);
    }
  });
}

}  // namespace

std::string sanitizeText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  forEachShown<true>(text, [&](char32_t, std::string_view bytes) { out.append(bytes); });
  return out;
}

std::string sanitizeLabel(std::string_view label) {
  std::string out;
  out.reserve(label.size());
  forEachInLabel(label, [&](char32_t, std::string_view bytes) { out.append(bytes); });
  return out;
}

std::string visibleKey(std::string_view label) {
  std::string key;
  key.reserve(label.size());
  forEachInLabel(label,
                 [&](char32_t code, std::string_view) { appendUtf8(key, simpleCaseFold(code)); });
  return key;
}

std::optional<LabelProblem> findLabelProblem(std::string_view label) {
  using Kind = LabelProblem::Kind;
  bool afterSpace = true;  // at the start, a space is one at an end
  std::size_t at = 0;
  while (at < label.size()) {
    const Utf8Char c = decodeUtf8(label.substr(at));
    if (!c.valid) return LabelProblem{Kind::InvalidUtf8, at};
    const CharClass k = classify(c.code);
    if (k == CharClass::Space) {
      if (c.code != U' ') return LabelProblem{Kind::OtherSpace, at, c.code, k};
      if (at == 0 || at + 1 == label.size()) return LabelProblem{Kind::SpaceAtAnEnd, at, c.code, k};
      if (afterSpace) return LabelProblem{Kind::SpacesInARow, at, c.code, k};
    } else if (k != CharClass::Visible) {
      return LabelProblem{Kind::Forbidden, at, c.code, k};
    }
    afterSpace = k == CharClass::Space;
    at += c.length;
  }
  return std::nullopt;
}

std::string LabelProblem::sentence() const {
  char codeText[16];
  std::snprintf(codeText, sizeof codeText, "U+%04X", static_cast<unsigned>(code));
  switch (kind) {
    case Kind::InvalidUtf8:
      return strCat("is not valid UTF-8 (byte ", byte, ")");
    case Kind::Forbidden:
      return strCat("holds ", describe(charClass), " (", codeText, " at byte ", byte, ")");
    case Kind::OtherSpace:
      return strCat("holds a space other than U+0020 (", codeText, " at byte ", byte, ")");
    case Kind::SpaceAtAnEnd:
      return strCat("starts or ends with a space (byte ", byte, ")");
    case Kind::SpacesInARow:
      return strCat("holds two spaces in a row (byte ", byte, ")");
  }
  return "is not a valid label";
}

}  // namespace weft::net
