// UniqueFunction<R(Args...)>: a move-only std::function with inline storage, so a timer or a
// deferred call can own a unique_ptr and scheduling a small lambda allocates nothing.
// (C++20 on GCC 12 has no std::move_only_function.) Tests: tests/net/core/unique_function_test.cpp
#pragma once

#include <cstddef>
#include <functional>
#include <new>
#include <type_traits>
#include <utility>

#include "net/core/assert.h"

namespace weft::net {

template <typename Signature>
class UniqueFunction;

template <typename R, typename... Args>
class UniqueFunction<R(Args...)> {
 public:
  // Callables up to this size (pointer-aligned, nothrow-movable) live inside the object; larger
  // ones on the heap. 24 bytes hold `this` and two more pointers or a shared_ptr, and keep the
  // whole object at 32 bytes: two per cache line, so a scheduler's callbacks never straddle one.
  static constexpr std::size_t kInlineSize = 24;

  UniqueFunction() noexcept = default;
  UniqueFunction(std::nullptr_t) noexcept {}

  template <typename F>
  requires(!std::is_same_v<std::remove_cvref_t<F>, UniqueFunction> &&
           std::is_invocable_r_v<R, std::remove_cvref_t<F>&, Args...>)
      UniqueFunction(F&& f) {  // NOLINT(google-explicit-constructor): converts like std::function
    using Stored = std::remove_cvref_t<F>;
    if constexpr (fitsInline<Stored>()) {
      ::new (static_cast<void*>(storage_)) Stored(std::forward<F>(f));
      ops_ = &kInlineOps<Stored>;
    } else {
      ::new (static_cast<void*>(storage_)) Stored*(new Stored(std::forward<F>(f)));
      ops_ = &kHeapOps<Stored>;
    }
  }

  UniqueFunction(UniqueFunction&& other) noexcept : ops_(other.ops_) {
    if (ops_) ops_->relocate(other.storage_, storage_);
    other.ops_ = nullptr;
  }

  UniqueFunction& operator=(UniqueFunction&& other) noexcept {
    if (this != &other) {
      reset();
      ops_ = other.ops_;
      if (ops_) ops_->relocate(other.storage_, storage_);
      other.ops_ = nullptr;
    }
    return *this;
  }

  UniqueFunction& operator=(std::nullptr_t) noexcept {
    reset();
    return *this;
  }

  UniqueFunction(const UniqueFunction&) = delete;
  UniqueFunction& operator=(const UniqueFunction&) = delete;

  ~UniqueFunction() { reset(); }

  explicit operator bool() const noexcept { return ops_ != nullptr; }

  // False when destroying the callable would do nothing (an inline, trivially destructible
  // lambda capturing pointers and numbers): a scheduler can then cancel without touching it.
  bool ownsResources() const noexcept { return ops_ != nullptr && ops_->destroy != nullptr; }

  R operator()(Args... args) {
    WEFT_ASSERT(ops_ != nullptr, "called an empty UniqueFunction; check it before calling");
    return ops_->invoke(storage_, std::forward<Args>(args)...);
  }

 private:
  struct Ops {
    R (*invoke)(void* storage, Args&&... args);
    // Moves the callable from `from` into raw storage `to` and ends its life in `from`.
    void (*relocate)(void* from, void* to) noexcept;
    void (*destroy)(void* storage) noexcept;  // null when there is nothing to destroy
  };

  template <typename F>
  static constexpr bool fitsInline() {
    return sizeof(F) <= kInlineSize && alignof(F) <= alignof(void*) &&
           std::is_nothrow_move_constructible_v<F>;
  }

  template <typename F>
  static constexpr Ops kInlineOps = {
      [](void* s, Args&&... args) -> R {
        return std::invoke(*std::launder(static_cast<F*>(s)), std::forward<Args>(args)...);
      },
      [](void* from, void* to) noexcept {
        F* source = std::launder(static_cast<F*>(from));
        ::new (to) F(std::move(*source));
        source->~F();
      },
      std::is_trivially_destructible_v<F>
          ? nullptr
          : +[](void* s) noexcept { std::launder(static_cast<F*>(s))->~F(); },
  };

  template <typename F>
  static constexpr Ops kHeapOps = {
      [](void* s, Args&&... args) -> R {
        return std::invoke(**std::launder(static_cast<F**>(s)), std::forward<Args>(args)...);
      },
      [](void* from, void* to) noexcept { ::new (to) F*(*std::launder(static_cast<F**>(from))); },
      [](void* s) noexcept { delete *std::launder(static_cast<F**>(s)); },
  };

  void reset() noexcept {
    if (ops_) {
      const Ops* ops = ops_;
      ops_ = nullptr;
      if (ops->destroy) ops->destroy(storage_);
    }
  }

  alignas(void*) unsigned char storage_[kInlineSize];
  const Ops* ops_ = nullptr;
};

// The callback type of timers and thread hand-offs.
using Callback = UniqueFunction<void()>;

static_assert(sizeof(UniqueFunction<void()>) == 32, "a Callback is meant to be 32 bytes");

}  // namespace weft::net
