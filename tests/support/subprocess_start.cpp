// Subprocess::start: everything up to a running child — pipes, fork, the child's side up to
// exec, and the report of a failed exec — kept apart because the child's side may only make
// async-signal-safe calls. Tests: tests/support/subprocess_test.cpp

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <stdexcept>
#include <system_error>

#include "support/subprocess.h"

namespace weft::testing {

namespace {

// glibc 2.36's <sys/pidfd.h> lacks extern "C", so C++ cannot link its pidfd_open.
int pidfdOpen(pid_t pid) {
  return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
}

[[noreturn]] void fail(int error, const std::string& what) {
  throw std::system_error(error, std::generic_category(), what);
}

// A pipe with both ends close-on-exec and numbered 3 or more, so that dup2() onto 0, 1 and 2
// in the child never meets an end that already sits there (a test run with stdin closed).
std::pair<detail::Fd, detail::Fd> makePipe() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) fail(errno, "Subprocess: pipe2");
  detail::Fd ends[2] = {detail::Fd(fds[0]), detail::Fd(fds[1])};
  for (detail::Fd& end : ends) {
    if (end.get() >= 3) continue;
    const int moved = ::fcntl(end.get(), F_DUPFD_CLOEXEC, 3);
    if (moved < 0) fail(errno, "Subprocess: fcntl(F_DUPFD_CLOEXEC)");
    end = detail::Fd(moved);
  }
  return {std::move(ends[0]), std::move(ends[1])};
}

void setNonBlocking(const detail::Fd& fd) {
  const int flags = ::fcntl(fd.get(), F_GETFL);
  if (flags < 0 || ::fcntl(fd.get(), F_SETFL, flags | O_NONBLOCK) != 0) {
    fail(errno, "Subprocess: fcntl(O_NONBLOCK)");
  }
}

// execvp() semantics, done before fork() because the child may only make async-signal-safe
// calls: a name with a '/' is used as it is, any other is looked up in the test's PATH.
std::string resolveProgram(const std::string& name) {
  if (name.find('/') != std::string::npos) return name;
  const char* path = std::getenv("PATH");
  std::string_view dirs = path ? path : "/usr/bin:/bin";
  while (true) {
    const std::size_t colon = dirs.find(':');
    std::string dir(dirs.substr(0, colon));
    const std::string candidate = (dir.empty() ? std::string(".") : dir) + "/" + name;
    struct stat info {};
    if (::stat(candidate.c_str(), &info) == 0 && S_ISREG(info.st_mode) &&
        ::access(candidate.c_str(), X_OK) == 0) {
      return candidate;
    }
    if (colon == std::string_view::npos) break;
    dirs.remove_prefix(colon + 1);
  }
  fail(ENOENT, "Subprocess: cannot start '" + name + "': not found in PATH");
}

std::vector<std::string> childEnvironment(const SubprocessOptions& options) {
  std::vector<std::string> env;
  for (char** entry = environ; *entry; ++entry) {
    const std::string_view variable = *entry;
    const std::string_view key = variable.substr(0, variable.find('='));
    const bool replaced = std::any_of(options.env.begin(), options.env.end(),
                                      [&](const auto& added) { return added.first == key; });
    if (!replaced) env.emplace_back(variable);
  }
  for (const auto& [key, value] : options.env) env.push_back(key + "=" + value);
  return env;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> result;
  for (std::string& s : strings) result.push_back(s.data());
  result.push_back(nullptr);
  return result;
}

// What the child reports through the error pipe when it cannot exec.
struct StartFailure {
  enum Stage : int { ParentDied, Chdir, Exec } stage;
  int error;
};

[[noreturn]] void reportStartFailure(int errorPipe, StartFailure::Stage stage, int error) {
  const StartFailure failure{stage, error};
  [[maybe_unused]] const ssize_t written = ::write(errorPipe, &failure, sizeof failure);
  ::_exit(127);
}

// Runs in the child between fork() and exec, so: async-signal-safe calls only, no allocation,
// no locks, everything prepared by the parent. Never returns.
[[noreturn]] void becomeChild(const char* program, char* const* argv, char* const* envp,
                              const char* workingDirectory, pid_t parent, const int stdio[3],
                              int errorPipe) {
  ::setpgid(0, 0);  // its own group, so the destructor can kill whatever it starts
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != parent) {  // the test died before prctl took effect
    reportStartFailure(errorPipe, StartFailure::ParentDied, 0);
  }

  // Start clean: default dispositions (an ignored SIGPIPE or SIGINT would survive exec) and an
  // empty mask (the parent blocked everything around fork).
  struct sigaction defaults {};
  defaults.sa_handler = SIG_DFL;
  for (int sig = 1; sig < NSIG; ++sig) {
    if (sig != SIGKILL && sig != SIGSTOP) ::sigaction(sig, &defaults, nullptr);
  }
  sigset_t none;
  ::sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);

  for (int target = 0; target < 3; ++target) {
    if (::dup2(stdio[target], target) < 0) {
      reportStartFailure(errorPipe, StartFailure::Exec, errno);
    }
  }
  if (workingDirectory && ::chdir(workingDirectory) != 0) {
    reportStartFailure(errorPipe, StartFailure::Chdir, errno);
  }
  // Descriptors the test opened without O_CLOEXEC stay with the test. Best effort: Linux 5.11+.
  ::close_range(3, ~0U, CLOSE_RANGE_CLOEXEC);
  ::execve(program, argv, envp);
  reportStartFailure(errorPipe, StartFailure::Exec, errno);
}

}  // namespace

Subprocess Subprocess::start(std::vector<std::string> argv, Options options) {
  if (argv.empty()) throw std::invalid_argument("Subprocess::start needs at least argv[0]");
  const std::string program = resolveProgram(argv[0]);
  std::vector<std::string> env = childEnvironment(options);
  const std::vector<char*> argvPointers = pointers(argv);
  const std::vector<char*> envPointers = pointers(env);
  const char* workingDirectory =
      options.workingDirectory.empty() ? nullptr : options.workingDirectory.c_str();

  auto [stdinRead, stdinWrite] = makePipe();
  auto [stdoutRead, stdoutWrite] = makePipe();
  auto [stderrRead, stderrWrite] = makePipe();
  auto [errorRead, errorWrite] = makePipe();
  const int stdio[3] = {stdinRead.get(), stdoutWrite.get(), stderrWrite.get()};
  const pid_t parent = ::getpid();

  // With every signal blocked, none of the test's handlers can run in the child before it has
  // reset them; the child then unblocks everything itself.
  sigset_t all, saved;
  ::sigfillset(&all);
  ::pthread_sigmask(SIG_SETMASK, &all, &saved);
  const pid_t pid = ::fork();
  if (pid == 0) {
    becomeChild(program.c_str(), argvPointers.data(), envPointers.data(), workingDirectory, parent,
                stdio, errorWrite.get());
  }
  const int forkError = errno;
  ::pthread_sigmask(SIG_SETMASK, &saved, nullptr);
  if (pid < 0) fail(forkError, "Subprocess: fork for '" + argv[0] + "'");

  Subprocess process;
  process.pid_ = pid;   // from here on, the destructor kills and reaps it whatever happens
  ::setpgid(pid, pid);  // also here, so the group exists before start returns (EACCES after exec)
  stdinRead.reset();
  stdoutWrite.reset();
  stderrWrite.reset();
  errorWrite.reset();

  // The error pipe closes on a successful exec; otherwise the child wrote why it failed.
  StartFailure failure{};
  ssize_t got;
  do {
    got = ::read(errorRead.get(), &failure, sizeof failure);
  } while (got < 0 && errno == EINTR);
  if (got == static_cast<ssize_t>(sizeof failure)) {
    switch (failure.stage) {
      case StartFailure::Chdir:
        fail(failure.error, "Subprocess: cannot start '" + argv[0] + "': chdir to '" +
                                options.workingDirectory + "'");
      case StartFailure::Exec:
        fail(failure.error, "Subprocess: cannot start '" + program + "'");
      case StartFailure::ParentDied:
        break;
    }
    fail(ECHILD, "Subprocess: cannot start '" + program + "'");
  }

  process.pidfd_ = detail::Fd(pidfdOpen(pid));
  if (!process.pidfd_) fail(errno, "Subprocess: pidfd_open (Linux 5.3 or later is needed)");
  setNonBlocking(stdinWrite);
  setNonBlocking(stdoutRead);
  setNonBlocking(stderrRead);
  process.stdin_ = std::move(stdinWrite);
  process.out_.fd = std::move(stdoutRead);
  process.err_.fd = std::move(stderrRead);
  return process;
}

}  // namespace weft::testing
