#include "net/core/reactor.h"

#include <algorithm>

#include "net/core/connector.h"
#include "net/core/detail/event_loop.h"
#include "net/core/detail/reactor_link.h"
#include "net/core/detail/thread_calls.h"
#include "net/core/detail/thread_pool.h"
#include "net/core/port.h"

namespace weft::net {

namespace {
// Clears a flag on scope exit, so a throwing callback cannot leave the reactor "dispatching".
class DispatchScope {
 public:
  explicit DispatchScope(detail::EventLoop& loop) : loop_(loop) { loop_.setDispatching(true); }
  ~DispatchScope() { loop_.setDispatching(false); }
  DispatchScope(const DispatchScope&) = delete;
  DispatchScope& operator=(const DispatchScope&) = delete;

 private:
  detail::EventLoop& loop_;
};
}  // namespace

Reactor::Reactor(Clock& clock, ReactorConfig config)
    : clock_(clock),
      config_(config),
      logger_(loggerOr(config_.logger)),
      scheduler_(clock_, logger_),
      loop_(std::make_unique<detail::EventLoop>(clock_, logger_, config_, scheduler_)),
      threadCalls_(std::make_unique<detail::ThreadCalls>(*loop_)) {
  WEFT_ASSERT(
      config_.readChunkBytes > 0 && config_.readsPerConnection > 0 && config_.acceptsPerPump > 0,
      "ReactorConfig: read chunk, reads per connection and accepts per pump must be > 0");
  WEFT_ASSERT(config_.writeLowWater <= config_.writeHighWater,
              "ReactorConfig: writeLowWater must not exceed writeHighWater");
}

Reactor::~Reactor() {
  // Order matters: workers first (nothing new arrives from other threads), then the handles
  // users hold (factories get stopFactory), then fire-and-forget helpers, then every socket
  // (protocols get connectionLost), and timers last, since closing code may still use them.
  pool_.reset();
  for (detail::ReactorLink* link : std::vector(links_)) link->detach();
  links_.clear();
  adopted_.clear();
  threadCalls_.reset();
  loop_.reset();
}

PumpResult Reactor::pump(Duration budget) {
  WEFT_ASSERT(!loop_->dispatching(),
              "Reactor::pump was called from inside a reactor callback; pump only from the game "
              "loop (it is not re-entrant) and use callLater to run work after this callback");
  PumpResult result;
  DispatchScope scope(*loop_);
  const TimePoint start = clock_.now();  // the pump's one "now" (libuv's uv_now)
  const TimePoint stopAt = budget == Duration::max() ? TimePoint::max() : start + budget;
  // The clock is read again only after work was done: an idle pump reads it once.
  auto spent = [&] { return stopAt != TimePoint::max() && clock_.now() >= stopAt; };
  auto serveSockets = [&] {
    threadCalls_->drain(logger_);
    result.socketsServed += loop_->dispatch(stopAt, Duration::zero());
  };

  // Timers first, then sockets — unless timers ate the whole budget last time, in which case
  // sockets go first, so neither can starve the other frame after frame.
  bool out = false;
  if (std::exchange(ioFirst_, false)) {
    serveSockets();
    out = result.socketsServed > 0 && spent();
    if (!out) result.timersRun = scheduler_.runDue(start, stopAt);
  } else {
    result.timersRun = scheduler_.runDue(start, stopAt);
    out = result.timersRun > 0 && spent();
    ioFirst_ = out;
    if (!out) serveSockets();
  }
  loop_->finishDispatch();
  result.budgetSpent = out || ((result.timersRun > 0 || result.socketsServed > 0) && spent());
  return result;
}

void Reactor::run() {
  WEFT_ASSERT(!loop_->dispatching(), "Reactor::run was called from inside a reactor callback");
  running_ = true;
  // A stop() that came first (a signal during start-up) is honoured: run returns at once.
  while (!stopRequested_) {
    DispatchScope scope(*loop_);
    scheduler_.runDue(clock_.now());
    threadCalls_->drain(logger_);
    std::optional<Duration> timeout;  // none: sleep until a socket or thread wakes us
    if (stopRequested_ || loop_->hasQueuedWork() || threadCalls_->pending()) {
      timeout = Duration::zero();
    } else if (auto next = scheduler_.nextDeadline()) {
      timeout = std::max(Duration::zero(), *next - clock_.now());
    }
    loop_->dispatch(TimePoint::max(), timeout);
    loop_->finishDispatch();
  }
  stopRequested_ = false;
  running_ = false;
}

void Reactor::stop() {
  stopRequested_ = true;
}

void Reactor::waitForEvents(Duration maxWait) {
  WEFT_ASSERT(!loop_->dispatching(), "Reactor::waitForEvents was called from a reactor callback");
  Duration timeout = maxWait;
  if (loop_->hasQueuedWork() || threadCalls_->pending()) timeout = Duration::zero();
  if (auto next = scheduler_.nextDeadline()) {
    timeout = std::min(timeout, std::max(Duration::zero(), *next - clock_.now()));
  }
  loop_->wait(timeout);
}

void Reactor::callFromThread(Callback fn) {
  threadCalls_->post(std::move(fn));
}

void Reactor::postToPool(Callback task) {
  if (!pool_) pool_ = std::make_unique<detail::ThreadPool>(config_.threadPoolSize);
  pool_->post(std::move(task));
}

std::size_t Reactor::openHandles() const {
  return loop_->handleCount() - 1;  // the thread wake-up is the reactor's own, not a socket
}

void Reactor::adopt(std::shared_ptr<void> owned) {
  adopted_.push_back(std::move(owned));
}

void Reactor::disown(const void* owned) {
  // Destroyed after this dispatch, not now: the caller is usually the object itself.
  auto it = std::find_if(adopted_.begin(), adopted_.end(),
                         [owned](const std::shared_ptr<void>& p) { return p.get() == owned; });
  if (it == adopted_.end()) return;
  std::shared_ptr<void> keep = std::move(*it);
  adopted_.erase(it);
  callLater(Duration::zero(), [keep = std::move(keep)] {});
}

}  // namespace weft::net
