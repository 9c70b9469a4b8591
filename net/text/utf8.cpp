#include "net/text/utf8.h"

namespace weft::net {

namespace {
bool inRange(unsigned char b, unsigned char low, unsigned char high) {
  return b >= low && b <= high;
}
bool isContinuation(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}
}  // namespace

Utf8Char decodeUtf8(std::string_view in) {
  const auto b0 = static_cast<unsigned char>(in[0]);
  if (b0 < 0x80) return {b0, 1, true};
  std::size_t need = 0;
  unsigned char low = 0x80, high = 0xBF;  // the allowed range of the second byte
  char32_t code = 0;
  if (inRange(b0, 0xC2, 0xDF)) {
    need = 1, code = b0 & 0x1Fu;
  } else if (inRange(b0, 0xE0, 0xEF)) {
    need = 2, code = b0 & 0x0Fu;
    if (b0 == 0xE0) low = 0xA0;
    if (b0 == 0xED) high = 0x9F;  // no surrogates
  } else if (inRange(b0, 0xF0, 0xF4)) {
    need = 3, code = b0 & 0x07u;
    if (b0 == 0xF0) low = 0x90;
    if (b0 == 0xF4) high = 0x8F;  // nothing past U+10FFFF
  } else {
    return {kReplacementCharacter, 1, false};
  }
  for (std::size_t i = 1; i <= need; ++i) {
    if (i >= in.size()) return {kReplacementCharacter, i, false};
    const auto b = static_cast<unsigned char>(in[i]);
    if (!inRange(b, i == 1 ? low : 0x80, i == 1 ? high : 0xBF)) {
      return {kReplacementCharacter, i, false};
    }
    code = (code << 6) | (b & 0x3Fu);
  }
  return {code, need + 1, true};
}

void appendUtf8(std::string& out, char32_t code) {
  if (code < 0x80) {
    out.push_back(static_cast<char>(code));
  } else if (code < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (code >> 6)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
  } else if (code < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (code >> 12)));
    out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (code >> 18)));
    out.push_back(static_cast<char>(0x80 | ((code >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
  }
}

std::size_t countCharacters(std::string_view utf8) {
  std::size_t count = 0;
  for (char c : utf8) count += !isContinuation(c);
  return count;
}

std::string_view firstCharacters(std::string_view utf8, std::size_t maxCharacters) {
  std::size_t seen = 0;
  for (std::size_t i = 0; i < utf8.size(); ++i) {
    if (!isContinuation(utf8[i]) && seen++ == maxCharacters) return utf8.substr(0, i);
  }
  return utf8;
}

}  // namespace weft::net
