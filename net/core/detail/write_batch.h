// WriteBatch: what every connection writes during one reactor dispatch, held in one buffer the
// loop shares, so that batching a fan-out's small writes into one send per connection costs an
// idle connection no write buffer of its own. Internal. Tests: tests/net/core/write_batch_test.cpp
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace weft::net::detail {

// A connection appends its writes to its Chain during a dispatch and, at the dispatch's end,
// sends the chain (contiguous, consume) and moves whatever the socket did not take into a
// buffer of its own (moveTo). Then the loop resets the batch for the next dispatch: a chain
// never outlives the dispatch it was filled in, which is what lets ten thousand connections
// share one buffer. A batch that fills up mid-dispatch is sent early the same way (EventLoop).
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
    std::uint32_t head_ = 0;   // first piece
    std::uint32_t tail_ = 0;   // last piece, where the next one links in
    std::uint32_t bytes_ = 0;  // in all its pieces
    std::uint32_t round_ = 0;  // the batch's round it was filled in (see reset)
  };

  // A piece above this goes to the connection's own buffer instead: it is contiguous already,
  // and would fill the shared batch for one connection.
  static constexpr std::size_t kMaxPieceBytes = 64 * 1024;

  // `maxPieces` and `maxBytes` bound the batch; they are reserved address space, and pages are
  // used only as the batch fills (see Storage).
  WriteBatch(std::size_t maxPieces, std::size_t maxBytes);
  WriteBatch(const WriteBatch&) = delete;
  WriteBatch& operator=(const WriteBatch&) = delete;

  // Appends `data` to `chain`. False, with nothing changed, when the batch cannot take it: a
  // piece above kMaxPieceBytes (the caller keeps it in its own buffer, behind the chain's bytes
  // moved there first, so their order holds), or a full batch (send it, reset, then append).
  bool append(Chain& chain, std::string_view data);
  // True when the last refusal was for want of room, not for the piece's size.
  bool full() const { return full_; }
  // The chain's first bytes in one piece: its first piece itself, or its first pieces copied
  // into a scratch buffer (up to 64 KiB). Valid until the next call or reset. One contiguous
  // send costs the kernel less than gathering a fan-out's dozens of small pieces.
  std::string_view contiguous(const Chain& chain);
  // Drops the first `count` bytes of the chain (the socket took them).
  void consume(Chain& chain, std::size_t count);
  // Appends the chain's bytes to `out` and empties the chain.
  void moveTo(Chain& chain, std::string& out);
  // Empties the chain without sending it (an abort).
  static void drop(Chain& chain) { chain = Chain{}; }

  // Every chain was sent, moved or dropped: forget all pieces. Pages used above a small kept
  // size go back to the system, so a burst leaves no memory behind.
  void reset();

  // For tests: bytes the batch holds (shared pieces counted once) and pieces.
  std::size_t heldBytes() const { return bytes_.used; }
  std::size_t pieceCount() const { return pieces_.used / sizeof(Piece); }

 private:
  struct Piece {
    std::uint32_t offset;  // in bytes_
    std::uint32_t length;
    std::uint32_t next;  // the chain's next piece, or kEnd
  };
  static constexpr std::uint32_t kEnd = UINT32_MAX;

  // Address space reserved once (mmap) and filled from the front. Its own mapping rather than
  // the heap: a batch that grew for a burst and shrank again would otherwise leave holes
  // between the connections' objects that no later allocation fills, which the process keeps.
  // If the reservation fails the capacity is 0 and every write goes to its connection's buffer.
  struct Storage {
    explicit Storage(std::size_t bytes);
    ~Storage();
    Storage(const Storage&) = delete;
    Storage& operator=(const Storage&) = delete;
    // Gives back the pages between `keep` and the most ever used since the last call.
    void release(std::size_t keep);

    char* data = nullptr;
    std::size_t capacity = 0;
    std::size_t used = 0;
    std::size_t touched = 0;  // most used since the last release
  };

  bool current(const Chain& chain) const;
  Piece& piece(std::uint32_t i) { return reinterpret_cast<Piece*>(pieces_.data)[i]; }
  const Piece& piece(std::uint32_t i) const {
    return reinterpret_cast<const Piece*>(pieces_.data)[i];
  }
  std::uint32_t addPiece(std::uint32_t offset, std::uint32_t length);
  std::uint32_t addBytes(std::string_view data);

  Storage pieces_;                // Piece records, linked per chain
  Storage bytes_;                 // every piece's bytes; pieces may share them
  std::string scratch_;           // contiguous()'s copy
  std::uint32_t lastOffset_ = 0;  // the bytes appended last, which an equal piece may share
  std::uint32_t lastLength_ = 0;
  std::uint32_t round_ = 1;  // chains filled before the last reset are stale
  bool full_ = false;
};

}  // namespace weft::net::detail
