#include "tools/bench/far_end_holder.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <utility>
#include <vector>

#include "net/core/str_cat.h"

namespace weft::bench {

using net::strCat;

namespace {

// The kernel's limit on descriptors in one SCM_RIGHTS message (SCM_MAX_FD).
constexpr std::size_t kFdsPerMessage = 253;

// The child: async-signal-safe calls only, no allocation (the parent may hold locks).
[[noreturn]] void holdForever(int channel, pid_t parent) {
  if (::prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || ::getppid() != parent) ::_exit(1);
  if (channel < 3) channel = ::fcntl(channel, F_DUPFD_CLOEXEC, 3);  // clear of stdio, below
  if (channel < 0) ::_exit(1);
  // Keep stderr (2) and the channel; drop everything else, so the parent's own sockets and
  // pipes are not kept open by this process.
  const unsigned low = 3, high = static_cast<unsigned>(channel);
  if (channel > 3) ::close_range(low, high - 1, 0);
  ::close_range(high + 1, UINT_MAX, 0);
  ::close(STDIN_FILENO);
  ::close(STDOUT_FILENO);
  alignas(cmsghdr) char control[CMSG_SPACE(kFdsPerMessage * sizeof(int))];
  while (true) {
    char byte;
    iovec data{&byte, 1};
    msghdr message{};
    message.msg_iov = &data;
    message.msg_iovlen = 1;
    message.msg_control = control;
    message.msg_controllen = sizeof control;
    const ssize_t n = ::recvmsg(channel, &message, MSG_CMSG_CLOEXEC);
    if (n == 0) ::_exit(0);  // the parent closed its end: done
    if (n < 0 && errno != EINTR) ::_exit(1);
    // The received descriptors are now ours; keeping them is the whole job.
  }
}

}  // namespace

net::Result<FarEndHolder> FarEndHolder::start() {
  int pair[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0) {
    return net::Error{strCat("far-end holder: socketpair: ", std::strerror(errno))};
  }
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid == 0) holdForever(pair[1], parent);
  const int error = errno;
  ::close(pair[1]);
  if (pid < 0) {
    ::close(pair[0]);
    return net::Error{strCat("far-end holder: fork: ", std::strerror(error))};
  }
  return FarEndHolder(pid, pair[0]);
}

FarEndHolder::FarEndHolder(FarEndHolder&& other) noexcept
    : pid_(std::exchange(other.pid_, -1)),
      channel_(std::exchange(other.channel_, -1)),
      held_(std::exchange(other.held_, 0)) {}

FarEndHolder& FarEndHolder::operator=(FarEndHolder&& other) noexcept {
  if (this != &other) {
    stop();
    pid_ = std::exchange(other.pid_, -1);
    channel_ = std::exchange(other.channel_, -1);
    held_ = std::exchange(other.held_, 0);
  }
  return *this;
}

FarEndHolder::~FarEndHolder() {
  stop();
}

void FarEndHolder::stop() {
  if (channel_ >= 0) ::close(std::exchange(channel_, -1));
  if (pid_ > 0) {
    // Nothing to flush in the holder: ending it at once keeps teardown bounded.
    ::kill(pid_, SIGKILL);
    while (::waitpid(pid_, nullptr, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
  }
}

net::Result<void> FarEndHolder::adopt(std::span<const int> fds) {
  net::Result<void> result;
  for (std::size_t first = 0; first < fds.size() && result.ok(); first += kFdsPerMessage) {
    const std::size_t count = std::min(kFdsPerMessage, fds.size() - first);
    alignas(cmsghdr) char control[CMSG_SPACE(kFdsPerMessage * sizeof(int))]{};
    char byte = 'f';
    iovec data{&byte, 1};
    msghdr message{};
    message.msg_iov = &data;
    message.msg_iovlen = 1;
    message.msg_control = control;
    message.msg_controllen = CMSG_SPACE(count * sizeof(int));
    cmsghdr* header = CMSG_FIRSTHDR(&message);
    header->cmsg_level = SOL_SOCKET;
    header->cmsg_type = SCM_RIGHTS;
    header->cmsg_len = CMSG_LEN(count * sizeof(int));
    std::memcpy(CMSG_DATA(header), fds.data() + first, count * sizeof(int));
    ssize_t n;
    do {
      n = ::sendmsg(channel_, &message, MSG_NOSIGNAL);
    } while (n < 0 && errno == EINTR);
    if (n != 1) {
      result = net::Error{strCat("far-end holder: sendmsg: ", std::strerror(errno))};
    } else {
      held_ += count;
    }
  }
  // Descriptors in flight belong to the message, so closing ours now is safe.
  for (int fd : fds) ::close(fd);
  return result;
}

}  // namespace weft::bench
