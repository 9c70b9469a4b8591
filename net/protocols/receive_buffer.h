// ReceiveBuffer: the unparsed bytes of a framing receiver, parsed in place without copying.
// Tests: tests/net/protocols/receive_buffer_test.cpp
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace weft::net::detail {

// A receiver parses each dataReceived in a *pass*: unread() is a view of the bytes kept from
// earlier passes followed by the new ones. When nothing was kept the view is the caller's own
// data, so a burst of whole frames is parsed without a single copy; only an unfinished tail is
// copied when the pass ends.
//
// Callbacks run during a pass and receive views into unread(). So that those views stay
// valid, bytes that arrive *during* a callback (a re-entrant dataReceived, setLineMode's
// extra) are queued, and folded in by absorb() once the callback has returned.
class ReceiveBuffer {
 public:
  // Ends its pass when it goes out of scope, also when a callback throws.
  class [[nodiscard]] Pass {
   public:
    Pass(const Pass&) = delete;
    Pass& operator=(const Pass&) = delete;
    ~Pass() {
      if (owner_ != nullptr) owner_->endPass();
    }
    // False when a pass was already running: the data was queued behind it, and the running
    // pass will parse it, so the caller has nothing to do.
    explicit operator bool() const { return owner_ != nullptr; }

   private:
    friend class ReceiveBuffer;
    explicit Pass(ReceiveBuffer* owner) : owner_(owner) {}
    ReceiveBuffer* owner_;
  };

  ReceiveBuffer() = default;
  ReceiveBuffer(const ReceiveBuffer&) = delete;
  ReceiveBuffer& operator=(const ReceiveBuffer&) = delete;

  // Starts a pass over the kept bytes plus `data`, which must stay valid for the pass.
  Pass receive(std::string_view data);

  // The bytes not consumed yet. Valid until the next consume, absorb or the end of the pass.
  std::string_view unread() const { return input_.substr(consumed_); }
  void consume(std::size_t count) { consumed_ += count; }

  // Puts `bytes` in front of unread(), to be parsed next. During a pass they become visible at
  // the next absorb() (unless they are the bytes just consumed, which are simply un-consumed).
  void prepend(std::string_view bytes);

  // Folds in what callbacks queued. Call it after every callback; it invalidates the views the
  // callback was given. Returns true if bytes were put in front, so a scan must restart.
  bool absorb();

  bool receiving() const { return passing_; }
  // The bytes carried over from earlier passes (an unfinished line or frame): what the buffer
  // holds of its own between dataReceived calls.
  std::size_t keptBytes() const { return kept_.size(); }

 private:
  void endPass();
  void keepUnread();

  // Bytes a callback handed in during a pass; rare, so made on first use: every connection of a
  // line or framed protocol has a ReceiveBuffer, and most never need these.
  struct Queued {
    std::string front;  // prepended during a pass: goes before unread()
    std::string back;   // received during a pass: goes after unread()
  };
  Queued& queued();

  std::string kept_;  // unread bytes carried between passes; no capacity kept once empty
  std::unique_ptr<Queued> queued_;
  std::string_view input_;    // the bytes this pass parses: the caller's data, or kept_
  std::size_t consumed_ = 0;  // of input_
  std::size_t rewound_ = 0;   // bytes un-consumed by prepend() since the last absorb()
  bool inputIsKept_ = false;
  bool passing_ = false;
};

}  // namespace weft::net::detail
