// RecordingLogger: a Logger that keeps every line, so a test can assert what weft reported.
// Tests: tests/net/core/scheduler_test.cpp
#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "net/core/logger.h"

namespace weft::testing {

class RecordingLogger final : public net::Logger {
 public:
  struct Line {
    net::LogLevel level;
    std::string message;
  };

  void write(net::LogLevel level, std::string_view message) override {
    lines.push_back({level, std::string(message)});
  }

  // True if some line at `level` or above contains `fragment`.
  bool contains(std::string_view fragment, net::LogLevel level = net::LogLevel::Debug) const {
    return std::any_of(lines.begin(), lines.end(), [&](const Line& line) {
      return line.level >= level && line.message.find(fragment) != std::string::npos;
    });
  }

  std::vector<Line> lines;
};

}  // namespace weft::testing
