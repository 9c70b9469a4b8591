// LockstepScript: runs a comparison script (Twisted, in Python) beside a weft benchmark and has it
// measure one round at a time on cue, so both sides are measured under the same machine load.
// Run: weft-bench timers (its Twisted column comes through this)
#pragma once

#include <cstdio>
#include <optional>
#include <string>
#include <vector>

namespace weft::bench {

// The script's side, one record per line on its stdout, flushed after each line:
//   on start:  "info <what it measures>" lines, then "ready";
//              or "unavailable <why>" and exit status 3 (Twisted cannot be imported, say)
//   on each "round" line read from the control descriptor: its records, then "end"
//   on end of file on the control descriptor: exit status 0
// The control descriptor's number is passed as the last arguments, `--control-fd N`. The script's
// stderr is weft-bench's, so a Python traceback shows as it is.
class LockstepScript {
 public:
  enum class State { Ready, Unavailable, Failed, Finished };

  static constexpr int kExitUnavailable = 3;

  // Starts `interpreter script args... --control-fd N` and reads up to "ready".
  LockstepScript(const std::string& interpreter, const std::string& script,
                 const std::vector<std::string>& args);
  ~LockstepScript();  // finishes the script if that was not done
  LockstepScript(const LockstepScript&) = delete;
  LockstepScript& operator=(const LockstepScript&) = delete;

  State state() const { return state_; }
  // The "info" text while Ready or Finished; why not, once Unavailable or Failed.
  const std::string& message() const { return message_; }

  // Has the script measure one round; returns its records (lines without "end" or newlines).
  // nullopt unless Ready; on a broken exchange the script is finished and state() is Failed.
  std::optional<std::vector<std::string>> round();

  // Closes the control descriptor and waits for the script to exit; Finished if it exited 0.
  State finish();

 private:
  bool readLine(std::string& line);
  void fail(std::string why);

  std::string interpreter_;
  std::string scriptName_;       // for messages
  std::FILE* output_ = nullptr;  // the script's stdout, from popen
  int control_ = -1;             // write end of the control pipe
  State state_ = State::Failed;
  std::string message_;
  std::string broken_;  // why the exchange broke, if it did (outranks the exit status)
};

// `text` quoted for /bin/sh: in single quotes, with any single quote spelled '\''.
std::string shellQuote(const std::string& text);

}  // namespace weft::bench
