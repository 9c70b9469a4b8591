#include "tests/support/programs.h"

#include <stdexcept>

namespace weft::testing {

std::string binPath(std::string_view name) {
  return std::string(WEFT_BIN_DIR) + "/" + std::string(name);
}

tools::Subprocess startProgram(std::vector<std::string> argv, tools::Subprocess::Options options) {
  auto started = tools::Subprocess::start(std::move(argv), std::move(options));
  if (!started) throw std::runtime_error(started.error().message);
  return std::move(*started);
}

}  // namespace weft::testing
