#include "tools/bench/child_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <utility>

#include "net/core/str_cat.h"

namespace weft::bench {

using net::strCat;

namespace {

using Steady = std::chrono::steady_clock;

int remainingMs(Steady::time_point until) {
  const auto left = std::chrono::ceil<std::chrono::milliseconds>(until - Steady::now()).count();
  return left <= 0 ? 0 : static_cast<int>(std::min<long long>(left, INT_MAX));
}

void closeFd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

// Between fork and exec only async-signal-safe calls: this runs in the child.
[[noreturn]] void execChild(char* const* argv, int out, int report, pid_t parent) {
  // If the parent is already gone the death signal would never come; give up at once.
  if (::prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || ::getppid() != parent) ::_exit(127);
  const int null = ::open("/dev/null", O_RDONLY);
  // dup2 onto itself would leave close-on-exec set (a parent started with stdout closed).
  const bool outReady =
      out == STDOUT_FILENO ? ::fcntl(out, F_SETFD, 0) == 0 : ::dup2(out, STDOUT_FILENO) >= 0;
  if (null < 0 || ::dup2(null, STDIN_FILENO) < 0 || !outReady) {
    const int error = errno;
    [[maybe_unused]] auto n = ::write(report, &error, sizeof error);
    ::_exit(127);
  }
  ::execv(argv[0], argv);
  const int error = errno;  // exec failed: tell the parent why through the close-on-exec pipe
  [[maybe_unused]] auto n = ::write(report, &error, sizeof error);
  ::_exit(127);
}

}  // namespace

net::Result<std::string> ChildProcess::selfPath() {
  char path[4096];
  const ssize_t n = ::readlink("/proc/self/exe", path, sizeof path - 1);
  if (n <= 0) return net::Error{strCat("cannot read /proc/self/exe: ", std::strerror(errno))};
  return std::string(path, static_cast<std::size_t>(n));
}

net::Result<ChildProcess> ChildProcess::start(const std::vector<std::string>& argv) {
  if (argv.empty()) return net::Error{"ChildProcess::start needs a program"};
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);

  int out[2], report[2];
  if (::pipe2(out, O_CLOEXEC) != 0) {
    return net::Error{strCat("cannot make a pipe for ", argv[0], ": ", std::strerror(errno))};
  }
  if (::pipe2(report, O_CLOEXEC) != 0) {
    const int error = errno;
    ::close(out[0]), ::close(out[1]);
    return net::Error{strCat("cannot make a pipe for ", argv[0], ": ", std::strerror(error))};
  }
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid == 0) execChild(args.data(), out[1], report[1], parent);
  const int forkError = errno;
  ::close(out[1]);
  ::close(report[1]);
  if (pid < 0) {
    ::close(out[0]), ::close(report[0]);
    return net::Error{strCat("cannot start ", argv[0], ": fork: ", std::strerror(forkError))};
  }

  // The report pipe closes on a successful exec, or carries the errno of a failed one.
  int execError = 0;
  ssize_t n;
  do {
    n = ::read(report[0], &execError, sizeof execError);
  } while (n < 0 && errno == EINTR);
  ::close(report[0]);
  const int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));  // -1 on old kernels
  ChildProcess child(pid, pidfd, out[0]);
  if (n > 0) {
    child.reap(true);
    return net::Error{strCat("cannot start ", argv[0], ": ", std::strerror(execError))};
  }
  return child;
}

ChildProcess::ChildProcess(ChildProcess&& other) noexcept
    : pid_(std::exchange(other.pid_, -1)),
      pidfd_(std::exchange(other.pidfd_, -1)),
      out_(std::exchange(other.out_, -1)),
      buffered_(std::move(other.buffered_)),
      status_(other.status_) {}

ChildProcess& ChildProcess::operator=(ChildProcess&& other) noexcept {
  if (this != &other) {
    stop();
    pid_ = std::exchange(other.pid_, -1);
    pidfd_ = std::exchange(other.pidfd_, -1);
    out_ = std::exchange(other.out_, -1);
    buffered_ = std::move(other.buffered_);
    status_ = other.status_;
  }
  return *this;
}

ChildProcess::~ChildProcess() {
  stop();
}

void ChildProcess::stop() {
  if (pid_ > 0 && !status_) {
    ::kill(pid_, SIGKILL);
    reap(true);
  }
  closeFd(out_);
  closeFd(pidfd_);
  pid_ = -1;
}

bool ChildProcess::reap(bool block) {
  if (status_) return true;
  int status = 0;
  pid_t got;
  do {
    got = ::waitpid(pid_, &status, block ? 0 : WNOHANG);
  } while (got < 0 && errno == EINTR);
  if (got != pid_) return false;
  status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return true;
}

std::string ChildProcess::describeExit() const {
  if (!status_) return "is still running";
  if (*status_ > 128) return strCat("was killed by signal ", *status_ - 128);
  return strCat("exited with status ", *status_);
}

net::Result<std::string> ChildProcess::readLine(Milliseconds deadline) {
  const Steady::time_point until = Steady::now() + deadline;
  while (true) {
    if (const std::size_t newline = buffered_.find('\n'); newline != std::string::npos) {
      std::string line = buffered_.substr(0, newline);
      buffered_.erase(0, newline + 1);
      return line;
    }
    if (out_ < 0) break;
    pollfd p{out_, POLLIN, 0};
    const int ready = ::poll(&p, 1, remainingMs(until));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) {
      return net::Error{strCat("printed no line within ", deadline.count(), " ms")};
    }
    char chunk[4096];
    const ssize_t n = ::read(out_, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      closeFd(out_);  // end of its output: it exited (or closed stdout); see how below
      break;
    }
    buffered_.append(chunk, static_cast<std::size_t>(n));
  }
  waitExit(std::min(deadline, Milliseconds(1000)));
  return net::Error{strCat(describeExit(), " before printing a line")};
}

std::optional<int> ChildProcess::waitExit(Milliseconds deadline) {
  if (pid_ <= 0) return status_;
  const Steady::time_point until = Steady::now() + deadline;
  while (!reap(false)) {
    const int left = remainingMs(until);
    if (left == 0) return std::nullopt;
    // The pidfd turns readable at the exit; without one (an old kernel), look every millisecond.
    pollfd p{pidfd_, POLLIN, 0};
    ::poll(pidfd_ >= 0 ? &p : nullptr, pidfd_ >= 0 ? 1 : 0, pidfd_ >= 0 ? left : 1);
  }
  return status_;
}

}  // namespace weft::bench
