#include "net/core/logger.h"

#include <cstdio>

namespace weft::net {

std::string_view toString(LogLevel level) {
  switch (level) {
    case LogLevel::Debug:
      return "debug";
    case LogLevel::Info:
      return "info";
    case LogLevel::Warning:
      return "warning";
    case LogLevel::Error:
      return "error";
  }
  return "log";
}

Logger& stderrLogger() {
  static Logger& shared = *new StderrLogger();
  return shared;
}

void StderrLogger::write(LogLevel level, std::string_view message) {
  if (level < minimum_) return;
  std::string_view name = toString(level);
  std::fprintf(stderr, "weft %.*s: %.*s\n", static_cast<int>(name.size()), name.data(),
               static_cast<int>(message.size()), message.data());
}

}  // namespace weft::net
