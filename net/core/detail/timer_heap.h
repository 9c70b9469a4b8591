// TimerHeap: the Scheduler's priority queue — a 4-ary min-heap of 16-byte entries laid out so
// that each node's four children fill exactly one 64-byte cache line. Internal.
// Tests: tests/net/core/scheduler_test.cpp
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <new>
#include <vector>

namespace weft::net::detail {

// Ordered by deadline, then by key: the Scheduler puts a call's sequence number in the key's
// high bits, so equal deadlines come out in the order they were scheduled.
struct TimerEntry {
  std::int64_t deadline;
  std::uint64_t key;
  // Bitwise, not short-circuit: with random deadlines a branch here mispredicts half the time,
  // and choosing among four children is most of what a pop does.
  friend bool operator<(const TimerEntry& a, const TimerEntry& b) {
    return (a.deadline < b.deadline) | ((a.deadline == b.deadline) & (a.key < b.key));
  }
};

class TimerHeap {
 public:
  TimerHeap() : storage_(kPad) {}

  bool empty() const { return storage_.size() == kPad; }
  std::size_t size() const { return storage_.size() - kPad; }
  const TimerEntry& top() const { return storage_[kPad]; }

  void push(TimerEntry entry) {
    storage_.push_back(entry);
    std::size_t i = size() - 1;
    while (i > 0) {
      const std::size_t parent = (i - 1) / kArity;
      if (!(entry < at(parent))) break;
      at(i) = at(parent);
      i = parent;
    }
    at(i) = entry;
  }

  // Floyd's bottom-up pop: the hole left by the top sinks to a leaf along the smaller child,
  // without comparing against the entry that will fill it, and the last entry then climbs from
  // there. The last entry belongs near the bottom, so this saves a comparison per level.
  void pop() {
    const TimerEntry last = storage_.back();
    storage_.pop_back();
    const std::size_t n = size();
    if (n == 0) return;
    std::size_t hole = 0;
    for (;;) {
      const std::size_t first = hole * kArity + 1;
      if (first >= n) break;
      const std::size_t best = first + kArity <= n ? smallestOfFour(first) : smallest(first, n);
      at(hole) = at(best);
      hole = best;
    }
    while (hole > 0) {
      const std::size_t parent = (hole - 1) / kArity;
      if (!(last < at(parent))) break;
      at(hole) = at(parent);
      hole = parent;
    }
    at(hole) = last;
  }

  // Drops the entries `dead` says are dead and restores the heap in O(n).
  template <typename Dead>
  void removeIf(Dead&& dead) {
    storage_.erase(std::remove_if(storage_.begin() + kPad, storage_.end(), dead), storage_.end());
    if (size() < 2) return;
    for (std::size_t i = (size() - 2) / kArity + 1; i-- > 0;) siftDown(i, at(i));
  }

  // Sorts every entry (a sorted array is a valid heap) and lets `visit` rewrite each in order;
  // `visit` must keep their relative order.
  template <typename Visit>
  void sortAndVisit(Visit&& visit) {
    std::sort(storage_.begin() + kPad, storage_.end());
    for (auto it = storage_.begin() + kPad; it != storage_.end(); ++it) visit(*it);
  }

 private:
  static constexpr std::size_t kArity = 4;
  // Node i's children are i*4+1..i*4+4. Shifting the array by three puts them at physical
  // (i+1)*4..(i+1)*4+3: one aligned group of four 16-byte entries, one cache line.
  static constexpr std::size_t kPad = 3;
  static constexpr std::size_t kLine = 64;
  static_assert(sizeof(TimerEntry) * kArity == kLine);

  template <typename T>
  struct CacheLineAllocator {
    using value_type = T;
    CacheLineAllocator() = default;
    template <typename U>
    CacheLineAllocator(const CacheLineAllocator<U>&) {}  // NOLINT: rebinding
    T* allocate(std::size_t n) {
      return static_cast<T*>(::operator new (n * sizeof(T), std::align_val_t{kLine}));
    }
    void deallocate(T* p, std::size_t) {
      ::operator delete (p, std::align_val_t{kLine});  // unsized: clang 14 lacks sized by default
    }
    friend bool operator==(const CacheLineAllocator&, const CacheLineAllocator&) { return true; }
  };

  TimerEntry& at(std::size_t i) { return storage_[i + kPad]; }

  // A tournament of selects the compiler turns into conditional moves.
  std::size_t smallestOfFour(std::size_t first) {
    const std::size_t a = first + static_cast<std::size_t>(at(first + 1) < at(first));
    const std::size_t b = first + 2 + static_cast<std::size_t>(at(first + 3) < at(first + 2));
    return at(b) < at(a) ? b : a;
  }
  std::size_t smallest(std::size_t first, std::size_t end) {
    std::size_t best = first;
    for (std::size_t c = first + 1; c < end; ++c) best = at(c) < at(best) ? c : best;
    return best;
  }

  void siftDown(std::size_t i, TimerEntry entry) {
    const std::size_t n = size();
    for (;;) {
      const std::size_t first = i * kArity + 1;
      if (first >= n) break;
      const std::size_t best = first + kArity <= n ? smallestOfFour(first)
                                                   : smallest(first, std::min(first + kArity, n));
      if (!(at(best) < entry)) break;
      at(i) = at(best);
      i = best;
    }
    at(i) = entry;
  }

  std::vector<TimerEntry, CacheLineAllocator<TimerEntry>> storage_;
};

}  // namespace weft::net::detail
