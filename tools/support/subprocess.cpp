#include "tools/support/subprocess.h"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <climits>
#include <cstring>

#include "net/core/str_cat.h"

namespace weft::tools {

namespace {

using Clock = std::chrono::steady_clock;  // waits on real processes are in real time

// Per read() pass over one pipe: enough to empty any pipe after its writer exited (a Linux pipe
// holds 64 KiB unless the writer enlarged it), yet bounded, so a child that writes without
// pause cannot keep a wait from checking its deadline.
constexpr std::size_t kReadCap = std::size_t{1} << 20;

// Blocks SIGPIPE on this thread while writing to a pipe whose reader may be gone, and takes
// back the SIGPIPE such a write raises, so the owner gets EPIPE instead of dying. A SIGPIPE that
// was already pending is left alone.
class SigpipeSuppressed {
 public:
  SigpipeSuppressed() {
    ::sigemptyset(&sigpipe_);
    ::sigaddset(&sigpipe_, SIGPIPE);
    sigset_t pending;
    ::sigpending(&pending);
    wasPending_ = ::sigismember(&pending, SIGPIPE) == 1;
    ::pthread_sigmask(SIG_BLOCK, &sigpipe_, &saved_);
  }
  SigpipeSuppressed(const SigpipeSuppressed&) = delete;
  SigpipeSuppressed& operator=(const SigpipeSuppressed&) = delete;
  ~SigpipeSuppressed() { ::pthread_sigmask(SIG_SETMASK, &saved_, nullptr); }

  // Call after a write failed with EPIPE.
  void takeRaisedSignal() {
    if (wasPending_) return;
    const timespec now{};
    while (::sigtimedwait(&sigpipe_, nullptr, &now) < 0 && errno == EINTR) {
    }
  }

 private:
  sigset_t sigpipe_;
  sigset_t saved_;
  bool wasPending_ = false;
};

// The first line at or after `from` that contains `fragment`, without its line ending. `from`
// advances past every line examined, so a wait rescans nothing; `next` moves past the line
// returned. An unterminated tail is a line only once the stream has ended.
std::optional<std::string> findLine(std::string_view text, std::size_t& from, std::size_t& next,
                                    std::string_view fragment, bool streamEnded) {
  while (from < text.size()) {
    std::size_t end = text.find('\n', from);
    const bool terminated = end != std::string_view::npos;
    if (!terminated) {
      if (!streamEnded) return std::nullopt;  // still being written
      end = text.size();
    }
    std::string_view line = text.substr(from, end - from);
    from = terminated ? end + 1 : end;
    if (line.find(fragment) == std::string_view::npos) continue;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    next = from;
    return std::string(line);
  }
  return std::nullopt;
}

}  // namespace

// --- detail::Fd -------------------------------------------------------------------------

detail::Fd& detail::Fd::operator=(Fd&& other) noexcept {
  if (this != &other) {
    reset();
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

void detail::Fd::reset() {
  // Never retry close() on EINTR: on Linux the descriptor is gone either way.
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

// --- Subprocess -------------------------------------------------------------------------

// Subprocess::start is in subprocess_start.cpp.

Subprocess::Subprocess(Subprocess&& other) noexcept
    : pid_(std::exchange(other.pid_, -1)),
      pidfd_(std::move(other.pidfd_)),
      stdin_(std::move(other.stdin_)),
      out_(std::move(other.out_)),
      err_(std::move(other.err_)),
      exitCode_(std::exchange(other.exitCode_, std::nullopt)) {}

Subprocess& Subprocess::operator=(Subprocess&& other) noexcept {
  if (this != &other) {
    killAndReap();
    pid_ = std::exchange(other.pid_, -1);
    pidfd_ = std::move(other.pidfd_);
    stdin_ = std::move(other.stdin_);
    out_ = std::move(other.out_);
    err_ = std::move(other.err_);
    exitCode_ = std::exchange(other.exitCode_, std::nullopt);
  }
  return *this;
}

Subprocess::~Subprocess() {
  killAndReap();
}

bool Subprocess::writeStdin(std::string_view data, Milliseconds deadline) {
  const auto until = Clock::now() + deadline;
  SigpipeSuppressed sigpipe;
  while (!data.empty() && stdin_) {
    const ssize_t n = ::write(stdin_.get(), data.data(), data.size());
    if (n >= 0) {
      data.remove_prefix(static_cast<std::size_t>(n));
    } else if (errno == EAGAIN) {
      if (Clock::now() >= until) return false;
      pollOnce(until, /*wantStdin=*/true, /*forExit=*/false);
    } else if (errno != EINTR) {
      if (errno == EPIPE) sigpipe.takeRaisedSignal();
      return false;
    }
  }
  return data.empty();
}

void Subprocess::closeStdin() {
  stdin_.reset();
}

std::optional<std::string> Subprocess::waitForLine(std::string_view fragment, Milliseconds deadline,
                                                   Stream stream) {
  const auto until = Clock::now() + deadline;
  Output& output = stream == Stream::Stdout ? out_ : err_;
  std::size_t scanned = output.next;  // lines before this were checked by this call already
  while (true) {
    const bool ended = !output.fd;
    if (auto line = findLine(output.text, scanned, output.next, fragment, ended)) return line;
    if (ended || Clock::now() >= until) return std::nullopt;
    pollOnce(until, /*wantStdin=*/false, /*forExit=*/false);
  }
}

net::Result<std::string> Subprocess::readLine(Milliseconds deadline) {
  if (auto line = waitForLine("", deadline)) return std::move(*line);
  if (out_.fd) return net::Error{net::strCat("printed no line within ", deadline.count(), " ms")};
  // Its stdout ended, so it has exited or is about to: say how.
  waitExit(std::min(deadline, Milliseconds(1000)));
  return net::Error{net::strCat(describeExit(), " before printing a line")};
}

std::string Subprocess::describeExit() const {
  if (!exitCode_) return "closed its stdout";
  if (*exitCode_ > 128) return net::strCat("was killed by signal ", *exitCode_ - 128);
  return net::strCat("exited with status ", *exitCode_);
}

void Subprocess::signal(int sig) {
  // Safe even after an exit: the zombie keeps the pid ours until the destructor reaps it.
  if (pid_ > 0) ::kill(pid_, sig);
}

std::optional<int> Subprocess::waitExit(Milliseconds deadline) {
  const auto until = Clock::now() + deadline;
  while (!exitCode_) {
    if (checkExited()) break;
    if (Clock::now() >= until) return std::nullopt;
    pollOnce(until, /*wantStdin=*/false, /*forExit=*/true);
  }
  // The child cannot write any more; take what is left in the pipes.
  for (Output* output : {&out_, &err_}) {
    if (output->fd) readAvailable(*output);
  }
  return exitCode_;
}

void Subprocess::pollOnce(Clock::time_point until, bool wantStdin, bool forExit) {
  std::array<pollfd, 4> fds{};
  std::size_t count = 0;
  // Index in `fds` of each descriptor polled this time, or -1.
  const auto add = [&](const detail::Fd& fd, short events) -> int {
    if (!fd) return -1;
    fds[count] = pollfd{fd.get(), events, 0};
    return static_cast<int>(count++);
  };
  const int out = add(out_.fd, POLLIN);
  const int err = add(err_.fd, POLLIN);
  if (wantStdin) add(stdin_, POLLOUT);
  if (forExit) add(pidfd_, POLLIN);

  const auto left = std::chrono::ceil<Milliseconds>(until - Clock::now());
  const int timeout = static_cast<int>(std::clamp<Milliseconds::rep>(left.count(), 0, INT_MAX));
  if (::poll(fds.data(), count, timeout) <= 0) return;  // timed out, or EINTR: callers loop

  if (out >= 0 && fds[static_cast<std::size_t>(out)].revents != 0) readAvailable(out_);
  if (err >= 0 && fds[static_cast<std::size_t>(err)].revents != 0) readAvailable(err_);
}

void Subprocess::readAvailable(Output& output) {
  char buffer[65536];
  std::size_t total = 0;
  while (total < kReadCap) {
    const ssize_t n = ::read(output.fd.get(), buffer, sizeof buffer);
    if (n > 0) {
      output.text.append(buffer, static_cast<std::size_t>(n));
      total += static_cast<std::size_t>(n);
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else if (n < 0 && errno == EAGAIN) {
      return;
    } else {
      output.fd.reset();  // end of file (every writer closed it), or a broken pipe
      return;
    }
  }
}

// Notes the exit status without reaping (WNOWAIT): the zombie keeps the pid, and the process
// group id with it, reserved until the destructor, so signal() and the group kill stay safe.
bool Subprocess::checkExited() {
  if (exitCode_) return true;
  siginfo_t info{};
  int result;
  do {
    result = ::waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED | WNOHANG | WNOWAIT);
  } while (result < 0 && errno == EINTR);
  if (result < 0 || info.si_pid == 0) return false;
  exitCode_ = info.si_code == CLD_EXITED ? info.si_status : 128 + info.si_status;
  return true;
}

void Subprocess::killAndReap() {
  if (pid_ <= 0) return;
  // The whole group: a `sh -c` wrapper's children too. The child alone as well, in case it
  // moved itself to another group.
  ::kill(-pid_, SIGKILL);
  ::kill(pid_, SIGKILL);
  while (::waitpid(pid_, nullptr, 0) < 0 && errno == EINTR) {
  }
  pid_ = -1;
}

net::Result<std::string> selfPath() {
  char path[4096];
  const ssize_t n = ::readlink("/proc/self/exe", path, sizeof path - 1);
  if (n <= 0) return net::Error{net::strCat("cannot read /proc/self/exe: ", std::strerror(errno))};
  return std::string(path, static_cast<std::size_t>(n));
}

}  // namespace weft::tools
