// Deferred<T>: a result that arrives later — a value or a Reason — with then/otherwise chaining
// and a Clock-driven timeout, as in Twisted. Single-threaded: fire and chain on the reactor
// thread (deferToThread brings results back there). Tests: tests/net/core/deferred_test.cpp
#pragma once

#include <exception>
#include <memory>
#include <optional>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "net/core/reason.h"
#include "net/core/scheduler.h"
#include "net/core/str_cat.h"
#include "net/core/unique_function.h"

namespace weft::net {

template <typename T>
class Deferred;

namespace detail {
template <typename R>
struct DeferredResult {
  using type = R;
};
template <typename U>
struct DeferredResult<Deferred<U>> {
  using type = U;
};
// What a continuation passed to then() returns: it takes T& (or nothing for void).
template <typename T, typename F>
struct ContinuationResult {
  using type = std::invoke_result_t<F&, T&>;
};
template <typename F>
struct ContinuationResult<void, F> {
  using type = std::invoke_result_t<F&>;
};
template <typename R>
inline constexpr bool kIsDeferred = false;
template <typename U>
inline constexpr bool kIsDeferred<Deferred<U>> = true;
}  // namespace detail

// A shared handle: copies refer to the same result. It fires once; later resolve/reject calls
// return false and change nothing (a timeout racing a late answer is normal, not misuse).
template <typename T>
class Deferred {
 public:
  using Value = std::conditional_t<std::is_void_v<T>, std::monostate, T>;

  Deferred() : state_(std::make_shared<State>()) {}

  static Deferred succeeded(Value value = Value{}) {
    Deferred d;
    d.resolve(std::move(value));
    return d;
  }
  static Deferred failed(Reason reason) {
    Deferred d;
    d.reject(std::move(reason));
    return d;
  }

  bool resolve(Value value) {
    if (fired()) return false;
    state_->value.emplace(std::move(value));
    fire();
    return true;
  }
  bool resolve() requires std::is_void_v<T> { return resolve(Value{}); }
  bool reject(Reason reason) {
    if (fired()) return false;
    state_->failure.emplace(std::move(reason));
    fire();
    return true;
  }

  bool fired() const { return state_->value || state_->failure; }
  bool hasValue() const { return state_->value.has_value(); }
  bool hasFailed() const { return state_->failure.has_value(); }
  Value& value() const {
    WEFT_ASSERT(hasValue(), "Deferred::value() before it succeeded; use then()");
    return *state_->value;
  }
  const Reason& failure() const {
    WEFT_ASSERT(hasFailed(), "Deferred::failure() when it has not failed; use otherwise()");
    return *state_->failure;
  }

  // Chains `f` on success; a failure skips it and passes through. `f` takes the value by
  // reference (or nothing, for Deferred<void>) and returns a value, void, or a Deferred to wait
  // on. An exception from `f` becomes a CallbackError failure of the returned Deferred.
  template <typename F>
  auto then(F f) -> Deferred<
      typename detail::DeferredResult<typename detail::ContinuationResult<T, F>::type>::type> {
    using R = typename detail::ContinuationResult<T, F>::type;
    using U = typename detail::DeferredResult<R>::type;
    Deferred<U> next;
    next.setCanceller(cancellerFor(*this));
    whenFired([next, f = std::move(f)](State& s) mutable {
      if (s.failure) {
        next.reject(*s.failure);
        return;
      }
      Deferred<U>::settle(next, [&]() -> R { return invokeWithValue(f, *s.value); });
    });
    return next;
  }

  // Handles a failure. If `g` returns a T (or Deferred<T>) the chain recovers with it; if `g`
  // returns void it only observes, and the failure passes on. Success skips `g`.
  template <typename G>
  Deferred<T> otherwise(G g) {
    using R = std::invoke_result_t<G&, const Reason&>;
    Deferred<T> next;
    next.setCanceller(cancellerFor(*this));
    whenFired([next, g = std::move(g)](State& s) mutable {
      if (s.value) {
        next.resolve(takeOrCopy(*s.value));
        return;
      }
      if constexpr (std::is_void_v<R>) {
        try {
          g(*s.failure);
          next.reject(*s.failure);
        } catch (const std::exception& e) {
          next.reject(Reason::callbackError(e.what()));
        }
      } else {
        Deferred<T>::settle(next, [&]() -> R { return g(*s.failure); });
      }
    });
    return next;
  }

  // What cancel() should do to stop the underlying work (close a socket, drop a request).
  void setCanceller(Callback canceller) { state_->canceller = std::move(canceller); }

  // Stops the work if it has not finished: fails with Cancelled, then runs the canceller.
  void cancel() { abandon(Reason::cancelled()); }

  // Fails with TimedOut (and cancels the work) unless it fires within `timeout`, measured on
  // the scheduler's clock. Returns *this for chaining.
  Deferred& withTimeout(Scheduler& scheduler, Duration timeout) {
    if (fired()) return *this;
    ScopedCall timer = scheduler.callLater(timeout, [self = *this, timeout]() mutable {
      self.abandon(Reason::timedOut(strCat("no result within ", timeout)));
    });
    // Firing runs and then drops this waiter, and the ScopedCall cancels the timer with it; a
    // ScopedCall also stays harmless if the Deferred outlives the scheduler.
    whenFired([timer = std::move(timer)](State&) mutable { timer.cancel(); });
    return *this;
  }

 private:
  template <typename>
  friend class Deferred;

  struct State {
    std::optional<Value> value;
    std::optional<Reason> failure;
    std::vector<UniqueFunction<void(State&)>> waiters;
    Callback canceller;
  };

  explicit Deferred(std::shared_ptr<State> state) : state_(std::move(state)) {}

  // A chained Deferred cancels its source through a weak reference: the source already holds
  // the chained one (as a waiter), and a strong pointer back would leak both if neither fires.
  template <typename X>
  static Callback cancellerFor(const Deferred<X>& source) {
    return [weak = std::weak_ptr<typename Deferred<X>::State>(source.state_)] {
      if (auto strong = weak.lock()) Deferred<X>(std::move(strong)).cancel();
    };
  }

  // Several continuations may read one value: copy it when it can be copied.
  static Value takeOrCopy(Value& value) {
    if constexpr (std::is_copy_constructible_v<Value>) {
      return value;
    } else {
      return std::move(value);
    }
  }

  template <typename F>
  static auto invokeWithValue(F& f, Value& value) {
    if constexpr (std::is_void_v<T>) {
      (void)value;
      return f();
    } else {
      return f(value);
    }
  }

  // Resolves `next` with what `produce` returns (a value, void, or a Deferred to forward).
  template <typename Produce>
  static void settle(Deferred& next, Produce produce) {
    using R = decltype(produce());
    try {
      if constexpr (std::is_void_v<R>) {
        produce();
        next.resolve(Value{});
      } else if constexpr (detail::kIsDeferred<R>) {
        R inner = produce();
        next.setCanceller(cancellerFor(inner));
        inner.whenFired([next](typename R::State& s) mutable {
          if (s.value) {
            next.resolve(R::takeOrCopy(*s.value));
          } else {
            next.reject(*s.failure);
          }
        });
      } else {
        next.resolve(produce());
      }
    } catch (const std::exception& e) {
      next.reject(Reason::callbackError(e.what()));
    } catch (...) {
      next.reject(Reason::callbackError("a callback threw a non-standard exception"));
    }
  }

  // Fails first, then stops the work: a canceller that itself rejects (with Cancelled) must
  // not replace the reason the caller gave up for (TimedOut).
  void abandon(Reason reason) {
    if (fired()) return;
    Callback canceller = std::move(state_->canceller);
    reject(std::move(reason));
    if (canceller) canceller();
  }

  void whenFired(UniqueFunction<void(State&)> waiter) {
    if (fired()) {
      waiter(*state_);
    } else {
      state_->waiters.push_back(std::move(waiter));
    }
  }

  void fire() {
    state_->canceller = nullptr;
    // Keep the state alive while waiters run: one of them may drop the last handle.
    std::shared_ptr<State> keep = state_;
    auto waiters = std::move(keep->waiters);
    keep->waiters.clear();
    for (auto& waiter : waiters) waiter(*keep);
  }

  std::shared_ptr<State> state_;
};

}  // namespace weft::net
