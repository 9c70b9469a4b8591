// Subprocess::start: everything up to a running child — pipes, fork, the child's side up to
// exec, and the report of a failed exec — kept apart because the child's side may only make
// async-signal-safe calls. Tests: tests/tools/support/subprocess_test.cpp

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <optional>

#include "net/core/str_cat.h"
#include "tools/support/subprocess.h"

namespace weft::tools {

namespace {

using net::strCat;

// glibc 2.36's <sys/pidfd.h> lacks extern "C", so C++ cannot link its pidfd_open.
int pidfdOpen(pid_t pid) {
  return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
}

// "Subprocess: <what>: <strerror(error)>", the error every failed step returns.
net::Error failure(const std::string& what, int error) {
  return net::Error{strCat("Subprocess: ", what, ": ", std::strerror(error))};
}

struct Pipe {
  detail::Fd read, write;
};

// A pipe with both ends close-on-exec and numbered 3 or more, so that dup2() onto 0, 1 and 2
// in the child never meets an end that already sits there (an owner started with stdin closed).
net::Result<Pipe> makePipe() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return failure("pipe2", errno);
  detail::Fd ends[2] = {detail::Fd(fds[0]), detail::Fd(fds[1])};
  for (detail::Fd& end : ends) {
    if (end.get() >= 3) continue;
    const int moved = ::fcntl(end.get(), F_DUPFD_CLOEXEC, 3);
    if (moved < 0) return failure("fcntl(F_DUPFD_CLOEXEC)", errno);
    end = detail::Fd(moved);
  }
  return Pipe{std::move(ends[0]), std::move(ends[1])};
}

bool setNonBlocking(const detail::Fd& fd) {
  const int flags = ::fcntl(fd.get(), F_GETFL);
  return flags >= 0 && ::fcntl(fd.get(), F_SETFL, flags | O_NONBLOCK) == 0;
}

// execvp() semantics, done before fork() because the child may only make async-signal-safe
// calls: a name with a '/' is used as it is, any other is looked up in the owner's PATH.
std::optional<std::string> resolveProgram(const std::string& name) {
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
  return std::nullopt;
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
  if (::getppid() != parent) {  // the owner died before prctl took effect
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
    // A shared stderr is already in place; dup2 onto itself would leave close-on-exec set.
    const bool ready = stdio[target] == target ? ::fcntl(target, F_SETFD, 0) == 0
                                               : ::dup2(stdio[target], target) >= 0;
    if (!ready) reportStartFailure(errorPipe, StartFailure::Exec, errno);
  }
  if (workingDirectory && ::chdir(workingDirectory) != 0) {
    reportStartFailure(errorPipe, StartFailure::Chdir, errno);
  }
  // Descriptors the owner opened without O_CLOEXEC stay with it. Best effort: Linux 5.11+.
  ::close_range(3, ~0U, CLOSE_RANGE_CLOEXEC);
  ::execve(program, argv, envp);
  reportStartFailure(errorPipe, StartFailure::Exec, errno);
}

}  // namespace

net::Result<Subprocess> Subprocess::start(std::vector<std::string> argv, Options options) {
  if (argv.empty()) return net::Error{"Subprocess::start needs at least argv[0]"};
  const std::optional<std::string> found = resolveProgram(argv[0]);
  if (!found) {
    return net::Error{strCat("Subprocess: cannot start '", argv[0], "': not found in PATH")};
  }
  const std::string& program = *found;
  std::vector<std::string> env = childEnvironment(options);
  const std::vector<char*> argvPointers = pointers(argv);
  const std::vector<char*> envPointers = pointers(env);
  const char* workingDirectory =
      options.workingDirectory.empty() ? nullptr : options.workingDirectory.c_str();

  net::Result<Pipe> pipes[4] = {makePipe(), makePipe(), makePipe(), makePipe()};
  for (const auto& made : pipes) {
    if (!made) return made.error();
  }
  auto& [stdinRead, stdinWrite] = *pipes[0];
  auto& [stdoutRead, stdoutWrite] = *pipes[1];
  auto& [stderrRead, stderrWrite] = *pipes[2];
  auto& [errorRead, errorWrite] = *pipes[3];
  if (options.shareStderr) {
    stderrRead.reset();
    stderrWrite.reset();
  }
  const int stdio[3] = {stdinRead.get(), stdoutWrite.get(),
                        options.shareStderr ? STDERR_FILENO : stderrWrite.get()};
  const pid_t parent = ::getpid();

  // With every signal blocked, none of the owner's handlers can run in the child before it has
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
  if (pid < 0) return failure(strCat("fork for '", argv[0], "'"), forkError);

  Subprocess process;
  process.pid_ = pid;   // from here on, the destructor kills and reaps it whatever happens
  ::setpgid(pid, pid);  // also here, so the group exists before start returns (EACCES after exec)
  stdinRead.reset();
  stdoutWrite.reset();
  stderrWrite.reset();
  errorWrite.reset();

  // The error pipe closes on a successful exec; otherwise the child wrote why it failed.
  StartFailure failed{};
  ssize_t got;
  do {
    got = ::read(errorRead.get(), &failed, sizeof failed);
  } while (got < 0 && errno == EINTR);
  if (got == static_cast<ssize_t>(sizeof failed)) {
    switch (failed.stage) {
      case StartFailure::Chdir:
        return failure(
            strCat("cannot start '", argv[0], "': chdir to '", options.workingDirectory, "'"),
            failed.error);
      case StartFailure::Exec:
        return failure(strCat("cannot start '", program, "'"), failed.error);
      case StartFailure::ParentDied:
        break;
    }
    return failure(strCat("cannot start '", program, "'"), ECHILD);
  }

  process.pidfd_ = detail::Fd(pidfdOpen(pid));
  if (!process.pidfd_) return failure("pidfd_open (Linux 5.3 or later is needed)", errno);
  for (const detail::Fd* fd : {&stdinWrite, &stdoutRead, &stderrRead}) {
    if (*fd && !setNonBlocking(*fd)) return failure("fcntl(O_NONBLOCK)", errno);
  }
  process.stdin_ = std::move(stdinWrite);
  process.out_.fd = std::move(stdoutRead);
  process.err_.fd = std::move(stderrRead);
  return process;
}

}  // namespace weft::tools
