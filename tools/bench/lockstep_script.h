// LockstepScript: runs a comparison script (Twisted, in Python) beside a weft benchmark and has it
// measure one round at a time on cue, so both sides are measured under the same machine load.
// Tests: tests/tools/bench/commands_test.cpp (through timers and pump)
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "tools/support/subprocess.h"

namespace weft::bench {

// The script's side, one record per line on its stdout, flushed after each line:
//   on start:  "info <what it measures>" lines, then "ready";
//              or "unavailable <why>" and exit status 3 (Twisted cannot be imported, say)
//   on each "round" line read from stdin: its records, then "end"
//   on end of file on stdin: exit status 0
// The script's stderr is weft-bench's, so a Python traceback shows as it is.
class LockstepScript {
 public:
  enum class State { Ready, Unavailable, Failed, Finished };

  static constexpr int kExitUnavailable = 3;

  // Starts `interpreter script args...` and reads up to "ready".
  LockstepScript(const std::string& interpreter, const std::string& script,
                 std::vector<std::string> args);
  ~LockstepScript();  // finishes the script if that was not done
  LockstepScript(const LockstepScript&) = delete;
  LockstepScript& operator=(const LockstepScript&) = delete;

  State state() const { return state_; }
  // The "info" text while Ready or Finished; why not, once Unavailable or Failed.
  const std::string& message() const { return message_; }

  // Has the script measure one round; returns its records (lines without "end" or newlines).
  // nullopt unless Ready; on a broken exchange the script is finished and state() is Failed.
  std::optional<std::vector<std::string>> round();

  // Closes the script's stdin and waits for it to exit; Finished if it exited 0.
  State finish();

 private:
  void fail(std::string why);

  std::string scriptName_;  // for messages
  std::optional<tools::Subprocess> process_;
  State state_ = State::Failed;
  std::string message_;
};

}  // namespace weft::bench
