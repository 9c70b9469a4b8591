// WEFT_ASSERT: checks for programmer misuse, on in every build, with a message that names the fix.
// Tests: tests/net/core/reactor_test.cpp (the re-entrant pump case)
#pragma once

#include <string_view>

namespace weft::net::detail {

[[noreturn]] void assertFailed(const char* expression, std::string_view message, const char* file,
                               int line);

}  // namespace weft::net::detail

// Never used on what was read from the wire (see STYLE: the write/read rule):
// bad input is a value, misuse of the API is an assert.
#define WEFT_ASSERT(condition, message) \
  ((condition) ? static_cast<void>(0)   \
               : ::weft::net::detail::assertFailed(#condition, (message), __FILE__, __LINE__))
