#include "tools/bench/lockstep_script.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "net/core/str_cat.h"

namespace weft::bench {

using net::strCat;

LockstepScript::LockstepScript(const std::string& interpreter, const std::string& script,
                               const std::vector<std::string>& args)
    : interpreter_(interpreter), scriptName_(script.substr(script.rfind('/') + 1)) {
  if (::access(script.c_str(), R_OK) != 0) {
    fail(strCat(script, " is missing: run weft-bench from its build tree"));
    return;
  }
  // The script inherits the read end (the one descriptor made inheritable); the write end
  // stays close-on-exec, so closing it here is the end of file the script waits for.
  int pipe[2];
  if (::pipe2(pipe, O_CLOEXEC) != 0 || ::fcntl(pipe[0], F_SETFD, 0) != 0) {
    fail(strCat("cannot make a control pipe: ", std::strerror(errno)));
    return;
  }
  control_ = pipe[1];
  std::string command = strCat(shellQuote(interpreter), ' ', shellQuote(script));
  for (const std::string& arg : args) command += strCat(' ', shellQuote(arg));
  command += strCat(" --control-fd ", pipe[0]);
  output_ = ::popen(command.c_str(), "re");
  ::close(pipe[0]);
  if (!output_) {
    fail(strCat("cannot start ", interpreter, ": ", std::strerror(errno)));
    return;
  }

  std::string line;
  while (readLine(line)) {
    const std::string_view record = line;
    if (record == "ready") {
      state_ = State::Ready;
      return;
    }
    if (record.starts_with("info ")) {
      if (!message_.empty()) message_ += "; ";
      message_ += record.substr(5);
    } else if (record.starts_with("unavailable ")) {
      message_ = std::string(record.substr(12));
    } else {
      fail(strCat(scriptName_, " printed an unexpected line: ", record));
      return;
    }
  }
  finish();  // it ended before "ready": its exit status says why
}

LockstepScript::~LockstepScript() {
  finish();
}

std::optional<std::vector<std::string>> LockstepScript::round() {
  if (state_ != State::Ready) return std::nullopt;
  static constexpr std::string_view kRound = "round\n";
  ssize_t written;
  do {
    written = ::write(control_, kRound.data(), kRound.size());
  } while (written < 0 && errno == EINTR);
  if (written != static_cast<ssize_t>(kRound.size())) {
    // EPIPE: it died. weft-bench ignores SIGPIPE (main.cpp), so this is a value, not a death.
    fail(strCat("cannot ask ", scriptName_, " for a round: ", std::strerror(errno)));
    return std::nullopt;
  }
  std::vector<std::string> records;
  std::string line;
  while (readLine(line)) {
    if (line == "end") return records;
    records.push_back(line);
  }
  fail(strCat(scriptName_, " stopped in the middle of a round"));
  return std::nullopt;
}

LockstepScript::State LockstepScript::finish() {
  if (control_ >= 0) ::close(control_);
  control_ = -1;
  if (!output_) return state_;
  const int status = ::pclose(output_);
  output_ = nullptr;
  if (!broken_.empty()) {
    state_ = State::Failed;
    message_ = broken_;
    return state_;
  }

  const int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  const bool wasReady = state_ == State::Ready;
  if (code == 0 && wasReady) {
    state_ = State::Finished;
  } else if (code == kExitUnavailable) {
    state_ = State::Unavailable;
    if (message_.empty()) message_ = strCat(scriptName_, " reported that it cannot run");
  } else if (code == 126 || code == 127) {  // the shell could not run the interpreter
    state_ = State::Unavailable;
    message_ = strCat(interpreter_, " cannot be run");
  } else {
    state_ = State::Failed;
    message_ = strCat(
        scriptName_, " failed (",
        WIFSIGNALED(status) ? strCat("signal ", WTERMSIG(status)) : strCat("exit status ", code),
        wasReady ? "" : " before it was ready", "); see above");
  }
  return state_;
}

bool LockstepScript::readLine(std::string& line) {
  line.clear();
  char chunk[512];
  while (std::fgets(chunk, sizeof chunk, output_)) {
    line += chunk;
    if (line.back() == '\n') {
      line.pop_back();
      return true;
    }
  }
  return !line.empty();  // a last line without its newline
}

void LockstepScript::fail(std::string why) {
  broken_ = std::move(why);
  state_ = State::Failed;
  message_ = broken_;
  finish();
}

std::string shellQuote(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) {
    if (c == '\'') {
      quoted += "'\\''";
    } else {
      quoted += c;
    }
  }
  return quoted + "'";
}

}  // namespace weft::bench
