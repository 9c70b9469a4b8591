#include "game/sim/sim_assert.h"

#include <cstdio>
#include <cstdlib>

namespace weft::game::sim::detail {

void assertFailed(const char* expression, const char* message, const char* file, int line) {
  std::fprintf(stderr, "weft: %s\n  (assertion '%s' failed at %s:%d)\n", message, expression, file,
               line);
  std::fflush(stderr);
  std::abort();
}

}  // namespace weft::game::sim::detail
