#include "net/core/signal_watcher.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstring>
#include <type_traits>

#include "net/core/detail/reactor_access.h"
#include "net/core/reactor.h"
#include "net/core/str_cat.h"

namespace weft::net {

namespace {

constexpr int kMaxSignal = 65;
static_assert(std::is_same_v<detail::HandleId, std::uint64_t>, "SignalWatcher keeps a HandleId");

// The one piece of process-wide state in weft: a signal handler can only reach globals.
std::atomic<int> gPipeFor[kMaxSignal];
struct sigaction gPrevious[kMaxSignal];

void onSignalArrived(int signo) {
  const int saved = errno;
  const int fd = gPipeFor[signo].load(std::memory_order_relaxed);
  if (fd >= 0) {
    const unsigned char byte = static_cast<unsigned char>(signo);
    [[maybe_unused]] auto n = ::write(fd, &byte, 1);
  }
  errno = saved;
}

class SignalReader final : public detail::IoHandle {
 public:
  SignalReader(detail::EventLoop& loop, int fd, UniqueFunction<void(int)> onSignal)
      : IoHandle(loop, fd), onSignal_(std::move(onSignal)) {}

  void onReadable() override {
    unsigned char signals[64];
    ssize_t n;
    while ((n = ::read(fd_, signals, sizeof signals)) > 0) {
      for (ssize_t i = 0; i < n; ++i) {
        try {
          onSignal_(signals[i]);
        } catch (const std::exception& e) {
          loop_.logger().error(strCat("a signal callback threw: ", e.what()));
        }
      }
    }
  }

 private:
  UniqueFunction<void(int)> onSignal_;
};

}  // namespace

SignalWatcher::SignalWatcher(Reactor& reactor, std::initializer_list<int> signals,
                             UniqueFunction<void(int)> onSignal)
    : reactor_(reactor), signals_(signals) {
  static const bool initialised = [] {
    for (auto& fd : gPipeFor) fd.store(-1);
    return true;
  }();
  (void)initialised;
  int fds[2];
  WEFT_ASSERT(::pipe2(fds, O_NONBLOCK | O_CLOEXEC) == 0, "pipe2 failed; out of descriptors?");
  writeFd_ = fds[1];
  auto id = detail::ReactorAccess::loop(reactor_).add(
      std::make_unique<SignalReader>(detail::ReactorAccess::loop(reactor_), fds[0], std::move(onSignal)),
      Interest::Read);
  WEFT_ASSERT(id.ok(), "could not watch the signal pipe");
  reader_ = *id;
  for (int signo : signals_) {
    WEFT_ASSERT(signo > 0 && signo < kMaxSignal, "SignalWatcher: not a signal number");
    int expected = -1;
    WEFT_ASSERT(gPipeFor[signo].compare_exchange_strong(expected, writeFd_),
                "SignalWatcher: another watcher already holds this signal; destroy it first");
    struct sigaction action {};
    action.sa_handler = onSignalArrived;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    ::sigaction(signo, &action, &gPrevious[signo]);
  }
}

SignalWatcher::~SignalWatcher() {
  for (int signo : signals_) {
    ::sigaction(signo, &gPrevious[signo], nullptr);
    gPipeFor[signo].store(-1);
  }
  detail::ReactorAccess::loop(reactor_).release(reader_);
  ::close(writeFd_);
}

}  // namespace weft::net
