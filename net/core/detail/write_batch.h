// WriteBatch: what every connection writes during one reactor dispatch, held in one buffer the
// loop shares, so that batching a fan-out's small writes into one send per connection costs an
// idle connection no write buffer of its own. Internal. Tests: tests/net/core/write_batch_test.cpp
#pragma once

#include <sys/uio.h>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace weft::net::detail {

// A connection appends its writes to its Chain during a dispatch and, at the dispatch's end,
// sends the chain (gather, consume) and moves whatever the socket did not take into a buffer of
// its own (moveTo). Then the loop resets the batch for the next dispatch: a chain never outlives
// the dispatch it was filled in, which is what lets ten thousand connections share one buffer.
//
// Ten thousand members that each get the same announcement would each copy it: instead a piece
// equal to the one appended just before (a broadcast's next member) refers to the same bytes.
class WriteBatch {
 public:
  // One connection's pieces in this dispatch, oldest first. 16 bytes, kept in the connection.
  class Chain {
   public:
    bool empty() const { return bytes_ == 0; }
    std::size_t bytes() const { return bytes_; }

   private:
    friend class WriteBatch;
    std::uint32_t head_ = 0;   // first piece, in pieces_
    std::uint32_t tail_ = 0;   // last piece, where the next one links in
    std::uint32_t bytes_ = 0;  // in all its pieces
    std::uint32_t round_ = 0;  // the batch's round it was filled in (see reset)
  };

  // A piece above this goes to the connection's own buffer instead: it is contiguous already,
  // and the shared batch should not grow (and stay grown) for one large write.
  static constexpr std::size_t kMaxPieceBytes = 64 * 1024;

  WriteBatch() = default;
  WriteBatch(const WriteBatch&) = delete;
  WriteBatch& operator=(const WriteBatch&) = delete;

  // Appends `data` to `chain`. False, with nothing changed, when the batch cannot take it (a
  // piece above kMaxPieceBytes, or a batch at its size limit): the caller moves the chain to its
  // own buffer and appends there, so the order of its bytes holds.
  bool append(Chain& chain, std::string_view data);
  // The chain's first pieces as iovecs, up to out.size(); returns how many were filled.
  std::size_t gather(const Chain& chain, std::span<iovec> out) const;
  // Drops the first `count` bytes of the chain (the socket took them).
  void consume(Chain& chain, std::size_t count);
  // Appends the chain's bytes to `out` and empties the chain.
  void moveTo(Chain& chain, std::string& out);
  // Empties the chain without sending it (an abort).
  static void drop(Chain& chain) { chain = Chain{}; }

  // The dispatch is over and every chain was sent, moved or dropped: forget all pieces. Keeps
  // the memory a busy dispatch needs, up to a limit (one buffer per reactor, not per connection).
  void reset();

  // For tests: bytes the batch holds (shared pieces counted once) and pieces.
  std::size_t heldBytes() const { return bytes_.size(); }
  std::size_t pieceCount() const { return pieces_.size(); }

 private:
  struct Piece {
    std::uint32_t offset;  // in bytes_
    std::uint32_t length;
    std::uint32_t next;    // the chain's next piece, or kEnd
  };
  static constexpr std::uint32_t kEnd = UINT32_MAX;

  bool current(const Chain& chain) const;

  std::string bytes_;          // every piece's bytes; pieces may share them
  std::vector<Piece> pieces_;  // linked per chain
  std::uint32_t lastOffset_ = 0;  // the bytes appended last, which an equal piece may share
  std::uint32_t lastLength_ = 0;
  std::uint32_t round_ = 1;       // chains made before the last reset are stale
};

}  // namespace weft::net::detail
