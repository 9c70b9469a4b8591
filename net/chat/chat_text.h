// Chat text hygiene: what a member types becomes valid UTF-8 with no control characters and no
// terminal escape sequences, so one telnet user cannot move another's cursor, clear their
// screen or retitle their window; names are further trimmed and length-limited.
// Tests: tests/net/chat/chat_text_test.cpp
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace weft::net {

// - Invalid UTF-8 (stray continuation bytes, overlong forms, surrogates, code points past
//   U+10FFFF, truncated sequences) becomes U+FFFD, one per offending byte run.
// - Escape sequences are removed whole: ESC [ ... final (CSI), ESC ] / P / X / ^ / _ ... up to
//   BEL or ESC \ (OSC, DCS and other strings), other ESC sequences, and their 8-bit C1 forms.
// - Every other C0 and C1 control, DEL, and the bidirectional overrides (U+202A-U+202E,
//   U+2066-U+2069) that let text display in an order other than the one it was typed in, and
//   the line and paragraph separators U+2028/U+2029, are removed; a tab becomes a space.
// The result is never longer than three times the input (each bad byte may become U+FFFD).
std::string sanitizeText(std::string_view text);

// Characters (code points) in valid UTF-8.
std::size_t countCharacters(std::string_view utf8);

// The longest prefix of valid UTF-8 `utf8` with at most `maxCharacters` characters.
std::string_view firstCharacters(std::string_view utf8, std::size_t maxCharacters);

struct SanitizedName {
  std::string name;        // may be empty: the caller picks a guest name
  bool truncated = false;  // it was longer than allowed and was cut
};

// sanitizeText, then '<' and '>' are dropped (so "<anna>: hi" cannot be forged by a name), runs
// of spaces become one, leading and trailing spaces go, and the rest is cut to `maxCharacters`.
SanitizedName sanitizeName(std::string_view name, std::size_t maxCharacters);

// ASCII letters lowered: names that differ only in case collide ("Anna" takes "anna2").
std::string nameKey(std::string_view name);

}  // namespace weft::net
