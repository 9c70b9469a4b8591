// Logger: where weft reports what it caught or decided (a callback that threw, a refused
// connection). Passed in, never global: a game routes it to its console, a test records it.
// Tests: tests/net/core/scheduler_test.cpp (a thrown callback is logged)
#pragma once

#include <string_view>

namespace weft::net {

enum class LogLevel { Debug, Info, Warning, Error };

std::string_view toString(LogLevel level);

class Logger {
 public:
  virtual ~Logger() = default;
  // Called on the reactor thread only; `message` is one line without a trailing newline.
  virtual void write(LogLevel level, std::string_view message) = 0;

  void debug(std::string_view message) { write(LogLevel::Debug, message); }
  void info(std::string_view message) { write(LogLevel::Info, message); }
  void warning(std::string_view message) { write(LogLevel::Warning, message); }
  void error(std::string_view message) { write(LogLevel::Error, message); }
};

// Writes "weft warning: message" lines to stderr, dropping levels below `minimum`.
class StderrLogger final : public Logger {
 public:
  explicit StderrLogger(LogLevel minimum = LogLevel::Info) : minimum_(minimum) {}
  void write(LogLevel level, std::string_view message) override;

 private:
  LogLevel minimum_;
};

// The logger behind every "null: stderr" default (ReactorConfig, the engine's windows and
// layers): one StderrLogger at Info for the whole process, shared, since it keeps no state, and
// never destroyed, so a line logged during shutdown still has somewhere to go.
Logger& stderrLogger();

// `given`, or stderrLogger() when null.
inline Logger& loggerOr(Logger* given) {
  return given != nullptr ? *given : stderrLogger();
}

}  // namespace weft::net
