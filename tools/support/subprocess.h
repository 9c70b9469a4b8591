// Subprocess: starts a real program (a benchmark's helper server, a tool under test), talks to it
// through pipes and cleans it up whatever happens to its owner, with every wait bounded.
// Tests: tests/tools/support/subprocess_test.cpp
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "net/core/result.h"

namespace weft::tools {

namespace detail {

// An owned file descriptor: closed when destroyed, -1 when empty.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(Fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  Fd& operator=(Fd&& other) noexcept;
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { reset(); }

  int get() const { return fd_; }
  explicit operator bool() const { return fd_ >= 0; }
  void reset();

 private:
  int fd_ = -1;
};

}  // namespace detail

struct SubprocessOptions {
  // Variables added to the test's environment, replacing any of the same name.
  std::vector<std::pair<std::string, std::string>> env;
  // Where the program starts; empty for the owner's own working directory.
  std::string workingDirectory;
  // The child writes to the owner's stderr instead of a pipe, so its complaints show as they
  // are (stderrSoFar stays empty).
  bool shareStderr = false;
};

// One running program and its owner (a test, a benchmark). stdin, stdout and stderr are pipes to
// the owner; the waits read both outputs as they go, so a chatty child never blocks on a full pipe.
//
// The child runs in its own process group, and the destructor SIGKILLs that group (the child and
// anything it started and left running) and reaps the child, so a failed test leaves nothing
// running and no zombie. Should the owner itself die (a crash, a CTest timeout, Ctrl-C), the
// kernel SIGKILLs the child too (PR_SET_PDEATHSIG), so no server is left holding a port; that
// signal follows the thread that called start, so start children from one that outlives them.
// Only the destructor reaps: until then an exited child stays a zombie, which keeps its pid and
// process group from being reused, so signal() and the group kill can never hit a stranger.
//
// Waits use poll() on the pipes and a pidfd with the time remaining; nothing sleeps. Lines are
// text up to '\n' (a trailing '\r' is dropped too); at end of stream, an unterminated tail counts
// as a last line.
class Subprocess {
 public:
  using Options = SubprocessOptions;
  using Milliseconds = std::chrono::milliseconds;
  enum class Stream { Stdout, Stderr };

  // How long writeStdin may wait for a child that is slow to read.
  static constexpr Milliseconds kWriteDeadline{5000};

  // Starts argv[0] (searched in PATH when it has no '/') with `argv`. The error names the program
  // and why it cannot be started (missing, not executable, bad directory).
  static net::Result<Subprocess> start(std::vector<std::string> argv, Options options = {});

  Subprocess(Subprocess&& other) noexcept;
  Subprocess& operator=(Subprocess&& other) noexcept;  // kills and reaps what it held first
  Subprocess(const Subprocess&) = delete;
  Subprocess& operator=(const Subprocess&) = delete;
  ~Subprocess();

  // Writes all of `data` to the child's stdin, reading its outputs meanwhile. False if the
  // child no longer reads its stdin (exited or closed it: no SIGPIPE reaches the test), or if
  // `deadline` passed first, with part of `data` possibly written.
  [[nodiscard]] bool writeStdin(std::string_view data, Milliseconds deadline = kWriteDeadline);
  // The child sees end of file on its stdin. Idempotent.
  void closeStdin();

  // The next line on `stream` that contains `fragment`, waiting up to `deadline` for it.
  // Lines are consumed: the search starts after the line a previous call returned on that
  // stream, so waiting twice for the same fragment waits for two occurrences. Returns nullopt
  // once the deadline passes, or at once when the stream has ended without such a line. An
  // empty fragment matches the next line.
  std::optional<std::string> waitForLine(std::string_view fragment, Milliseconds deadline,
                                         Stream stream = Stream::Stdout);
  // The next line on stdout, as waitForLine("") reads it, or what happened instead: "printed no
  // line within 500 ms", "exited with status 3 before printing a line".
  net::Result<std::string> readLine(Milliseconds deadline);

  // Everything read from the stream so far, consumed lines included. Only the waits read, so
  // call waitExit first to be sure of having all of a finished program's output.
  const std::string& stdoutSoFar() const { return out_.text; }
  const std::string& stderrSoFar() const { return err_.text; }

  // Sends `sig` to the child alone (not its process group); one that has exited ignores it.
  void signal(int sig);

  // Waits up to `deadline` for the child to exit, then reads what is left in its pipes.
  // Returns its exit status, or 128 + the signal that killed it (as a shell reports it);
  // nullopt if it is still running at the deadline. After an exit, returns the same at once.
  std::optional<int> waitExit(Milliseconds deadline);

  pid_t pid() const { return pid_; }  // -1 once moved from

 private:
  struct Output {
    detail::Fd fd;         // empty once the child's end is closed and all was read
    std::string text;      // everything read
    std::size_t next = 0;  // where waitForLine's search resumes
  };

  Subprocess() = default;

  // One poll() over the open outputs (plus stdin for POLLOUT, the pidfd when `forExit`) until
  // `until` at the latest, then reads whatever is ready. Callers loop; every wait has at least
  // one descriptor in the set, so this never degenerates into a sleep.
  void pollOnce(std::chrono::steady_clock::time_point until, bool wantStdin, bool forExit);
  void readAvailable(Output& output);
  bool checkExited();
  std::string describeExit() const;
  void killAndReap();

  pid_t pid_ = -1;
  detail::Fd pidfd_;  // readable once the child exits
  detail::Fd stdin_;
  Output out_;
  Output err_;
  std::optional<int> exitCode_;
};

// The path of the running executable (/proc/self/exe), to start a copy of oneself or a program
// installed beside it.
net::Result<std::string> selfPath();

}  // namespace weft::tools
