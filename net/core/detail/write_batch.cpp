#include "net/core/detail/write_batch.h"

#include <cstring>

#include "net/core/assert.h"

namespace weft::net::detail {

namespace {
// Offsets are 32 bits (a chain is 16 bytes in every connection); past this a dispatch's writes
// go to the connections' own buffers.
constexpr std::size_t kMaxBatchBytes = std::size_t{1} << 30;
constexpr std::size_t kMaxPieces = std::size_t{1} << 28;
// reset() keeps this much of each vector: enough for a thousand members' share of a busy
// dispatch, a fixed cost per reactor.
constexpr std::size_t kKeptBytes = 1 << 20;
constexpr std::size_t kKeptPieces = 1 << 16;
}  // namespace

bool WriteBatch::current(const Chain& chain) const {
  return chain.empty() || chain.round_ == round_;
}

bool WriteBatch::append(Chain& chain, std::string_view data) {
  WEFT_ASSERT(current(chain), "WriteBatch: a chain outlived its dispatch (a connection with "
                              "batched writes was not flushed before reset)");
  if (data.empty()) return true;
  if (data.size() > kMaxPieceBytes || bytes_.size() + data.size() > kMaxBatchBytes ||
      chain.bytes() + data.size() > kMaxBatchBytes || pieces_.size() >= kMaxPieces) {
    return false;
  }
  const auto length = static_cast<std::uint32_t>(data.size());
  if (!chain.empty()) {
    Piece& tail = pieces_[chain.tail_];
    if (tail.offset + tail.length == bytes_.size()) {
      // Its own last write is the batch's last bytes: grow that piece (one iovec, not two).
      lastOffset_ = static_cast<std::uint32_t>(bytes_.size());
      lastLength_ = length;
      bytes_.append(data);
      tail.length += length;
      chain.bytes_ += length;
      return true;
    }
  }
  std::uint32_t offset = lastOffset_;
  const bool same = length == lastLength_ && std::memcmp(bytes_.data() + lastOffset_,
                                                         data.data(), data.size()) == 0;
  if (!same) {
    offset = static_cast<std::uint32_t>(bytes_.size());
    bytes_.append(data);
    lastOffset_ = offset;
    lastLength_ = length;
  }
  const auto index = static_cast<std::uint32_t>(pieces_.size());
  pieces_.push_back({offset, length, kEnd});
  if (chain.empty()) {
    chain.head_ = index;
    chain.round_ = round_;
  } else {
    pieces_[chain.tail_].next = index;
  }
  chain.tail_ = index;
  chain.bytes_ += length;
  return true;
}

std::size_t WriteBatch::gather(const Chain& chain, std::span<iovec> out) const {
  WEFT_ASSERT(current(chain), "WriteBatch: a chain outlived its dispatch");
  if (chain.empty()) return 0;
  std::size_t n = 0;
  for (std::uint32_t i = chain.head_; i != kEnd && n < out.size(); i = pieces_[i].next) {
    const Piece& piece = pieces_[i];
    out[n++] = {const_cast<char*>(bytes_.data()) + piece.offset, piece.length};
  }
  return n;
}

void WriteBatch::consume(Chain& chain, std::size_t count) {
  WEFT_ASSERT(current(chain) && count <= chain.bytes(),
              "WriteBatch::consume: more bytes than the chain holds");
  chain.bytes_ -= static_cast<std::uint32_t>(count);
  if (chain.empty()) {
    chain = Chain{};
    return;
  }
  while (count > 0) {
    Piece& piece = pieces_[chain.head_];
    if (count < piece.length) {
      // Only this chain's piece moves; bytes another chain shares stay where they are.
      piece.offset += static_cast<std::uint32_t>(count);
      piece.length -= static_cast<std::uint32_t>(count);
      return;
    }
    count -= piece.length;
    chain.head_ = piece.next;
  }
}

void WriteBatch::moveTo(Chain& chain, std::string& out) {
  WEFT_ASSERT(current(chain), "WriteBatch: a chain outlived its dispatch");
  if (chain.empty()) return;
  out.reserve(out.size() + chain.bytes());
  for (std::uint32_t i = chain.head_; i != kEnd; i = pieces_[i].next) {
    out.append(bytes_, pieces_[i].offset, pieces_[i].length);
  }
  chain = Chain{};
}

void WriteBatch::reset() {
  ++round_;
  lastOffset_ = 0;
  lastLength_ = 0;
  if (bytes_.capacity() > kKeptBytes) {
    std::string().swap(bytes_);
  } else {
    bytes_.clear();
  }
  if (pieces_.capacity() > kKeptPieces) {
    std::vector<Piece>().swap(pieces_);
  } else {
    pieces_.clear();
  }
}

}  // namespace weft::net::detail
