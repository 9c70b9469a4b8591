// ChildProcess: a helper process a benchmark starts (usually weft-bench itself, re-executed with
// a hidden subcommand), reads a line from and shuts down, with every wait bounded and nothing
// left running whatever happens to the parent.
// Tests: tests/tools/bench/child_process_test.cpp
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "net/core/result.h"

namespace weft::bench {

class ChildProcess {
 public:
  using Milliseconds = std::chrono::milliseconds;

  // Starts argv[0] (a path; no PATH search) with `argv`. Its stdin is /dev/null, its stdout a
  // pipe to readLine, its stderr this process's stderr (so its complaints show as they are). It
  // gets SIGKILL if this process dies first. The error says why it could not be started.
  static net::Result<ChildProcess> start(const std::vector<std::string>& argv);

  // The path of the running executable (/proc/self/exe resolved), to start a copy of oneself.
  static net::Result<std::string> selfPath();

  ChildProcess(ChildProcess&& other) noexcept;
  ChildProcess& operator=(ChildProcess&& other) noexcept;  // stops what it held first
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  // Kills (SIGKILL) and reaps the child if it is still running.
  ~ChildProcess();

  // The next line the child prints on stdout, without its newline, waiting up to `deadline`.
  // The error says what happened instead: it exited (with which status) or stayed silent.
  net::Result<std::string> readLine(Milliseconds deadline);

  // Waits up to `deadline` for the child to exit and returns its status as a shell reports it
  // (128 + signal when killed); nullopt if it is still running then. Idempotent once it exited.
  std::optional<int> waitExit(Milliseconds deadline);

  pid_t pid() const { return pid_; }

 private:
  ChildProcess(pid_t pid, int pidfd, int out) : pid_(pid), pidfd_(pidfd), out_(out) {}
  void stop();
  bool reap(bool block);
  std::string describeExit() const;

  pid_t pid_ = -1;
  int pidfd_ = -1;  // readable once the child exits
  int out_ = -1;    // read end of the child's stdout
  std::string buffered_;
  std::optional<int> status_;
};

}  // namespace weft::bench
