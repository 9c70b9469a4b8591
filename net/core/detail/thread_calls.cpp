#include "net/core/detail/thread_calls.h"

#include <sys/eventfd.h>
#include <unistd.h>

#include <cstdint>
#include <exception>

#include "net/core/str_cat.h"

namespace weft::net::detail {

namespace {
// Readable when another thread posted; reading resets the counter. The calls themselves run
// from the reactor's drain, which checks pending() every pump, so this only wakes the poller.
class WakeHandle final : public IoHandle {
 public:
  WakeHandle(EventLoop& loop, int fd) : IoHandle(loop, fd) {}
  void onReadable() override {
    std::uint64_t count;
    while (::read(fd_, &count, sizeof count) > 0) {
    }
  }
};
}  // namespace

ThreadCalls::ThreadCalls(EventLoop& loop) : loop_(loop) {
  wakeFd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  WEFT_ASSERT(wakeFd_ >= 0, "eventfd failed; the process is out of file descriptors");
  auto id = loop_.add(std::make_unique<WakeHandle>(loop_, wakeFd_), Interest::Read);
  WEFT_ASSERT(id.ok(), "could not watch the reactor's wake-up descriptor");
  wakeHandle_ = *id;
}

ThreadCalls::~ThreadCalls() {
  loop_.release(wakeHandle_);
}

void ThreadCalls::post(Callback fn) {
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(std::move(fn));
    pending_.store(true, std::memory_order_release);
  }
  const std::uint64_t one = 1;
  [[maybe_unused]] auto written = ::write(wakeFd_, &one, sizeof one);
}

std::size_t ThreadCalls::drain(Logger& logger) {
  if (!pending()) return 0;
  {
    std::lock_guard lock(mutex_);
    running_.swap(queue_);
    pending_.store(false, std::memory_order_release);
  }
  const std::size_t count = running_.size();
  for (Callback& fn : running_) {
    try {
      fn();
    } catch (const std::exception& e) {
      logger.error(strCat("a callFromThread function threw: ", e.what()));
    } catch (...) {
      logger.error("a callFromThread function threw a non-standard exception");
    }
  }
  running_.clear();
  return count;
}

}  // namespace weft::net::detail
