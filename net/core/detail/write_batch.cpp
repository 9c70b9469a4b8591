#include "net/core/detail/write_batch.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cstring>

#include "net/core/assert.h"

namespace weft::net::detail {

namespace {
// reset() keeps this much of each storage's pages: a quiet dispatch's writes touch no new page,
// and an idle reactor holds a fixed 128 KiB, not its busiest dispatch.
constexpr std::size_t kKeptBytes = 64 * 1024;
// contiguous() copies whole pieces up to this much; a larger first piece is sent as it is.
constexpr std::size_t kScratchBytes = 64 * 1024;

std::size_t pageRoundUp(std::size_t n) {
  const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  return (n + page - 1) / page * page;
}
}  // namespace

WriteBatch::Storage::Storage(std::size_t bytes) {
  void* p = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) return;
  data = static_cast<char*>(p);
  capacity = bytes;
}

WriteBatch::Storage::~Storage() {
  if (data != nullptr) ::munmap(data, capacity);
}

void WriteBatch::Storage::release(std::size_t keep) {
  const std::size_t from = pageRoundUp(keep);
  const std::size_t to = std::min(pageRoundUp(touched), capacity);
  if (data != nullptr && to > from) ::madvise(data + from, to - from, MADV_DONTNEED);
  touched = 0;
}

WriteBatch::WriteBatch(std::size_t maxPieces, std::size_t maxBytes)
    : pieces_(std::min<std::size_t>(maxPieces, kEnd) * sizeof(Piece)),
      bytes_(std::min<std::size_t>(maxBytes, UINT32_MAX)) {}

bool WriteBatch::current(const Chain& chain) const {
  return chain.empty() || chain.round_ == round_;
}

std::uint32_t WriteBatch::addPiece(std::uint32_t offset, std::uint32_t length) {
  const auto index = static_cast<std::uint32_t>(pieces_.used / sizeof(Piece));
  piece(index) = {offset, length, kEnd};
  pieces_.used += sizeof(Piece);
  pieces_.touched = std::max(pieces_.touched, pieces_.used);
  return index;
}

std::uint32_t WriteBatch::addBytes(std::string_view data) {
  const auto offset = static_cast<std::uint32_t>(bytes_.used);
  std::memcpy(bytes_.data + bytes_.used, data.data(), data.size());
  bytes_.used += data.size();
  bytes_.touched = std::max(bytes_.touched, bytes_.used);
  lastOffset_ = offset;
  lastLength_ = static_cast<std::uint32_t>(data.size());
  return offset;
}

bool WriteBatch::append(Chain& chain, std::string_view data) {
  WEFT_ASSERT(current(chain),
              "WriteBatch: a chain outlived its dispatch (a connection with "
              "batched writes was not flushed before reset)");
  full_ = false;
  if (data.empty()) return true;
  if (data.size() > kMaxPieceBytes) return false;
  const auto length = static_cast<std::uint32_t>(data.size());
  const bool roomForBytes = bytes_.used + data.size() <= bytes_.capacity;
  if (!chain.empty() && roomForBytes) {
    Piece& tail = piece(chain.tail_);
    if (tail.offset + tail.length == bytes_.used) {
      // Its own last write is the batch's last bytes: grow that piece (one piece, not two).
      addBytes(data);
      tail.length += length;
      chain.bytes_ += length;
      return true;
    }
  }
  const bool same = length == lastLength_ &&
                    std::memcmp(bytes_.data + lastOffset_, data.data(), data.size()) == 0;
  if (pieces_.used + sizeof(Piece) > pieces_.capacity || (!same && !roomForBytes)) {
    full_ = true;
    return false;
  }
  const std::uint32_t offset = same ? lastOffset_ : addBytes(data);
  const std::uint32_t index = addPiece(offset, length);
  if (chain.empty()) {
    chain.head_ = index;
    chain.round_ = round_;
  } else {
    piece(chain.tail_).next = index;
  }
  chain.tail_ = index;
  chain.bytes_ += length;
  return true;
}

std::string_view WriteBatch::contiguous(const Chain& chain) {
  WEFT_ASSERT(current(chain), "WriteBatch: a chain outlived its dispatch");
  if (chain.empty()) return {};
  const Piece& head = piece(chain.head_);
  if (head.next == kEnd || head.length >= kScratchBytes) {
    return {bytes_.data + head.offset, head.length};
  }
  scratch_.clear();
  for (std::uint32_t i = chain.head_; i != kEnd; i = piece(i).next) {
    const Piece& p = piece(i);
    if (!scratch_.empty() && scratch_.size() + p.length > kScratchBytes) break;
    scratch_.append(bytes_.data + p.offset, p.length);
  }
  return scratch_;
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
    Piece& p = piece(chain.head_);
    if (count < p.length) {
      // Only this chain's piece moves; bytes another chain shares stay where they are.
      p.offset += static_cast<std::uint32_t>(count);
      p.length -= static_cast<std::uint32_t>(count);
      return;
    }
    count -= p.length;
    chain.head_ = p.next;
  }
}

void WriteBatch::moveTo(Chain& chain, std::string& out) {
  WEFT_ASSERT(current(chain), "WriteBatch: a chain outlived its dispatch");
  if (chain.empty()) return;
  out.reserve(out.size() + chain.bytes());
  for (std::uint32_t i = chain.head_; i != kEnd; i = piece(i).next) {
    out.append(bytes_.data + piece(i).offset, piece(i).length);
  }
  chain = Chain{};
}

void WriteBatch::reset() {
  ++round_;
  lastOffset_ = 0;
  lastLength_ = 0;
  full_ = false;
  pieces_.used = 0;
  bytes_.used = 0;
  if (pieces_.touched > kKeptBytes) pieces_.release(kKeptBytes);
  if (bytes_.touched > kKeptBytes) bytes_.release(kKeptBytes);
}

}  // namespace weft::net::detail
