// SanitizingLogger: a Logger that hands every line on through sanitizeText, for a program whose
// log lines carry what the network said (a name, a server's goodbye) to a terminal or a file.
// Tests: tests/net/text/display_text_test.cpp
#pragma once

#include <string_view>

#include "net/core/logger.h"
#include "net/text/display_text.h"

namespace weft::net {

class SanitizingLogger final : public Logger {
 public:
  // `out` must outlive this logger.
  explicit SanitizingLogger(Logger& out) : out_(out) {}
  void write(LogLevel level, std::string_view message) override {
    out_.write(level, sanitizeText(message));
  }

 private:
  Logger& out_;
};

}  // namespace weft::net
