// expectDeath: runs a function in a forked child and reports whether it aborted and what it
// printed on stderr — how tests check that API misuse is refused with a clear message.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <string>

namespace weft::testing {

struct Death {
  bool aborted = false;  // the child died of SIGABRT (a WEFT_ASSERT)
  std::string stderrText;
};

template <typename F>
Death expectDeath(F&& f) {
  int pipeFds[2];
  if (::pipe(pipeFds) != 0) return {};
  pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(pipeFds[1], STDERR_FILENO);
    ::close(pipeFds[0]);
    // Die of the abort itself: doctest's crash handler would report the child's "crash" as a
    // failed test on the shared stdout.
    std::signal(SIGABRT, SIG_DFL);
    f();
    std::_Exit(0);  // it survived: the parent sees a normal exit
  }
  ::close(pipeFds[1]);
  Death death;
  char buffer[4096];
  ssize_t n;
  while ((n = ::read(pipeFds[0], buffer, sizeof buffer)) > 0) {
    death.stderrText.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(pipeFds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  death.aborted = WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT;
  return death;
}

}  // namespace weft::testing
