// Chat's own text rules, over the display-safe text of net/text: a member's name is a label
// without angle brackets, cut to the room's length, and names collide when they read the same.
// Tests: tests/net/chat/chat_text_test.cpp
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "net/text/display_text.h"
#include "net/text/utf8.h"

namespace weft::net {

struct SanitizedName {
  std::string name;        // may be empty: the caller picks a guest name
  bool truncated = false;  // it was longer than allowed and was cut
};

// sanitizeLabel (no controls, escapes, invisible characters, joiners or combining accents;
// spaces folded to one and trimmed), without '<' and '>' — so a name cannot close the "<name>"
// that frames a member's line, and no line the room says can be made from one (telnet_chat.h)
// — and cut to `maxCharacters`.
SanitizedName sanitizeName(std::string_view name, std::size_t maxCharacters);

// A notice the room says in its own voice but did not write (the shutdown notice a program
// passes): sanitizeText without '<' and '>', like every other text of the room (telnet_chat.h).
std::string sanitizeNotice(std::string_view notice);

// The room's key for a name: visibleKey, so "Anna", "ANNA", "an<U+200B>na" and "anna<U+00A0>"
// all take "anna"'s place, and a newcomer among them gets a number appended instead.
std::string nameKey(std::string_view name);

}  // namespace weft::net
