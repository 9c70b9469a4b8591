#include "net/core/assert.h"

#include <cstdio>
#include <cstdlib>

namespace weft::net::detail {

void assertFailed(const char* expression, std::string_view message, const char* file, int line) {
  std::fprintf(stderr, "weft: %.*s\n  (assertion '%s' failed at %s:%d)\n",
               static_cast<int>(message.size()), message.data(), expression, file, line);
  std::fflush(stderr);
  std::abort();
}

}  // namespace weft::net::detail
