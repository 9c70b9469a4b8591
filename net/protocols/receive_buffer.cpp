#include "net/protocols/receive_buffer.h"

namespace weft::net::detail {

ReceiveBuffer::Queued& ReceiveBuffer::queued() {
  if (!queued_) queued_ = std::make_unique<Queued>();
  return *queued_;
}

ReceiveBuffer::Pass ReceiveBuffer::receive(std::string_view data) {
  if (passing_) {
    queued().back.append(data);
    return Pass(nullptr);
  }
  passing_ = true;
  consumed_ = 0;
  if (kept_.empty()) {
    input_ = data;
    inputIsKept_ = false;
  } else {
    kept_.append(data);
    input_ = kept_;
    inputIsKept_ = true;
  }
  return Pass(this);
}

void ReceiveBuffer::prepend(std::string_view bytes) {
  if (bytes.empty()) return;
  if (!passing_) {
    kept_.insert(0, bytes);
    input_ = kept_;
    return;
  }
  // The usual case: a raw-data consumer hands back the tail of the chunk it was given. Those
  // bytes sit right before unread(), so un-consuming them is the whole job. Only the first
  // prepend of a callback may do this, or two of them would come out in reverse order.
  const bool justConsumed =
      bytes.size() <= consumed_ && bytes.data() + bytes.size() == input_.data() + consumed_;
  if (justConsumed && (!queued_ || queued_->front.empty()) && rewound_ == 0) {
    consumed_ -= bytes.size();
    rewound_ = bytes.size();
    return;
  }
  Queued& q = queued();
  if (rewound_ > 0) {
    q.front.append(input_.substr(consumed_, rewound_));
    consumed_ += rewound_;
    rewound_ = 0;
  }
  q.front.append(bytes);
}

bool ReceiveBuffer::absorb() {
  const bool rewound = rewound_ > 0;
  rewound_ = 0;
  if (!queued_ || (queued_->front.empty() && queued_->back.empty())) return rewound;
  const bool hadFront = !queued_->front.empty();
  keepUnread();
  kept_.insert(0, queued_->front);
  kept_.append(queued_->back);
  queued_.reset();
  input_ = kept_;
  return rewound || hadFront;
}

void ReceiveBuffer::endPass() {
  absorb();
  keepUnread();
  input_ = kept_;
  passing_ = false;
}

// Makes kept_ hold exactly unread(). The unread tail of a pass is short in practice (at most
// one partial frame), so this copy is paid once per pass, not once per frame.
void ReceiveBuffer::keepUnread() {
  if (inputIsKept_) {
    kept_.erase(0, consumed_);
    // An idle connection keeps no capacity from the partial line it once held.
    if (kept_.empty()) std::string().swap(kept_);
  } else {
    kept_.assign(input_.substr(consumed_));
    inputIsKept_ = true;
  }
  consumed_ = 0;
  input_ = kept_;
}

}  // namespace weft::net::detail
