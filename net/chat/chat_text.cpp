#include "net/chat/chat_text.h"

#include <cstdint>

namespace weft::net {

namespace {

constexpr char32_t kReplacement = 0xFFFD;
constexpr char32_t kEsc = 0x1B;
constexpr char32_t kBel = 0x07;
constexpr char32_t kCsi8 = 0x9B;  // the C1 (8-bit) forms of ESC [ and ESC \ .
constexpr char32_t kSt8 = 0x9C;

struct Decoded {
  char32_t cp;
  std::size_t length;  // bytes consumed; for an invalid sequence, its maximal subpart
  bool valid;
};

bool inRange(unsigned char b, unsigned char low, unsigned char high) { return b >= low && b <= high; }

// One code point at the start of `in` (not empty), validated as Unicode 15 table 3-7 says, so
// overlong forms and surrogates are refused at the byte that makes them so.
Decoded decode(std::string_view in) {
  const auto b0 = static_cast<unsigned char>(in[0]);
  if (b0 < 0x80) return {b0, 1, true};
  std::size_t need = 0;
  unsigned char low = 0x80, high = 0xBF;  // the allowed range of the second byte
  char32_t cp = 0;
  if (inRange(b0, 0xC2, 0xDF)) {
    need = 1, cp = b0 & 0x1Fu;
  } else if (inRange(b0, 0xE0, 0xEF)) {
    need = 2, cp = b0 & 0x0Fu;
    if (b0 == 0xE0) low = 0xA0;
    if (b0 == 0xED) high = 0x9F;  // no surrogates
  } else if (inRange(b0, 0xF0, 0xF4)) {
    need = 3, cp = b0 & 0x07u;
    if (b0 == 0xF0) low = 0x90;
    if (b0 == 0xF4) high = 0x8F;  // nothing past U+10FFFF
  } else {
    return {kReplacement, 1, false};
  }
  for (std::size_t i = 1; i <= need; ++i) {
    if (i >= in.size()) return {kReplacement, i, false};
    const auto b = static_cast<unsigned char>(in[i]);
    if (!inRange(b, i == 1 ? low : 0x80, i == 1 ? high : 0xBF)) return {kReplacement, i, false};
    cp = (cp << 6) | (b & 0x3Fu);
  }
  return {cp, need + 1, true};
}

void appendUtf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

bool isByte(std::string_view in, std::size_t at, unsigned char low, unsigned char high) {
  return at < in.size() && inRange(static_cast<unsigned char>(in[at]), low, high);
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
  if (inRange(b, 0x20, 0x2F)) {  // intermediates, then one final byte: ESC ( B, ESC # 8
    while (isByte(in, at, 0x20, 0x2F)) ++at;
    return isByte(in, at, 0x30, 0x7E) ? at + 1 : at;
  }
  if (inRange(b, 0x30, 0x7E)) return at + 1;  // ESC c (reset), ESC 7, ESC M...
  return at;
}

bool isInvisibleControl(char32_t cp) {
  return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069) || cp == 0x2028 || cp == 0x2029;
}

}  // namespace

std::string sanitizeText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t at = 0;
  while (at < text.size()) {
    const Decoded d = decode(text.substr(at));
    const std::size_t next = at + d.length;
    if (!d.valid) {
      appendUtf8(out, kReplacement);
    } else if (d.cp == kEsc) {
      at = skipEscape(text, next);
      continue;
    } else if (d.cp == kCsi8) {
      at = skipCsi(text, next);
      continue;
    } else if (d.cp == 0x90 || d.cp == 0x98 || d.cp == 0x9D || d.cp == 0x9E || d.cp == 0x9F) {
      at = skipString(text, next);  // DCS, SOS, OSC, PM, APC in their 8-bit forms
      continue;
    } else if (d.cp == '\t') {
      out.push_back(' ');
    } else if (!isInvisibleControl(d.cp)) {
      out.append(text.substr(at, d.length));
    }
    at = next;
  }
  return out;
}

std::size_t countCharacters(std::string_view utf8) {
  std::size_t count = 0;
  for (char c : utf8) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return count;
}

std::string_view firstCharacters(std::string_view utf8, std::size_t maxCharacters) {
  std::size_t seen = 0;
  for (std::size_t i = 0; i < utf8.size(); ++i) {
    if ((static_cast<unsigned char>(utf8[i]) & 0xC0) != 0x80 && seen++ == maxCharacters) {
      return utf8.substr(0, i);
    }
  }
  return utf8;
}

SanitizedName sanitizeName(std::string_view name, std::size_t maxCharacters) {
  const std::string clean = sanitizeText(name);
  SanitizedName result;
  bool pendingSpace = false;
  for (char c : clean) {
    if (c == '<' || c == '>') continue;
    if (c == ' ') {
      pendingSpace = !result.name.empty();
      continue;
    }
    if (pendingSpace) result.name.push_back(' ');
    pendingSpace = false;
    result.name.push_back(c);
  }
  const std::string_view kept = firstCharacters(result.name, maxCharacters);
  if (kept.size() < result.name.size()) {
    result.truncated = true;
    result.name.resize(kept.size());
    while (!result.name.empty() && result.name.back() == ' ') result.name.pop_back();
  }
  return result;
}

std::string nameKey(std::string_view name) {
  std::string key(name);
  for (char& c : key) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return key;
}

}  // namespace weft::net
