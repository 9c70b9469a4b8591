#include "net/core/detail/write_batch.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using weft::net::detail::WriteBatch;

namespace {

// What a chain would send, as a connection sends it.
std::string gathered(WriteBatch& batch, const WriteBatch::Chain& chain) {
  return std::string(batch.contiguous(chain));
}

}  // namespace

TEST_CASE("interleaved writes of several chains each come out in their own order") {
  WriteBatch batch(1 << 16, 1 << 20);
  WriteBatch::Chain a, b;
  CHECK(batch.append(a, "a1 "));
  CHECK(batch.append(b, "b1 "));
  CHECK(batch.append(a, "a2 "));
  CHECK(batch.append(b, "b2 "));
  CHECK(batch.append(a, "a3"));
  CHECK(gathered(batch, a) == "a1 a2 a3");
  CHECK(gathered(batch, b) == "b1 b2 ");
  CHECK(a.bytes() == 8);
  CHECK(b.bytes() == 6);
}

TEST_CASE("a broadcast's equal pieces share their bytes, once in the batch") {
  WriteBatch batch(1 << 16, 1 << 20);
  std::vector<WriteBatch::Chain> members(100);
  const std::string announcement = "<All welcome anna, client no. 7!>\r\n";
  for (auto& m : members) CHECK(batch.append(m, announcement));
  CHECK(batch.heldBytes() == announcement.size());
  for (auto& m : members) CHECK(gathered(batch, m) == announcement);

  SUBCASE("equal text from a different buffer is shared too: bytes are compared, not pointers") {
    const std::string copy = announcement;
    WriteBatch::Chain late;
    CHECK(batch.append(late, copy));
    CHECK(batch.heldBytes() == announcement.size());
  }
  SUBCASE("different text of the same length is not") {
    std::string other = announcement;
    other[5] = 'X';
    WriteBatch::Chain late;
    CHECK(batch.append(late, other));
    CHECK(batch.heldBytes() == 2 * announcement.size());
    CHECK(gathered(batch, late) == other);
  }
}

TEST_CASE("a chain's back-to-back writes become one piece") {
  WriteBatch batch(1 << 16, 1 << 20);
  WriteBatch::Chain a;
  batch.append(a, "hello");
  batch.append(a, "\r\n");
  CHECK(batch.pieceCount() == 1);
  CHECK(gathered(batch, a) == "hello\r\n");
}

TEST_CASE("consuming part of a shared piece leaves the other chains' view whole") {
  WriteBatch batch(1 << 16, 1 << 20);
  WriteBatch::Chain a, b;
  batch.append(a, "shared");
  batch.append(b, "shared");
  batch.append(a, "-a");
  batch.append(b, "-b");
  batch.consume(a, 3);
  CHECK(gathered(batch, a) == "red-a");
  CHECK(gathered(batch, b) == "shared-b");
  batch.consume(a, 4);  // across the end of the first piece
  CHECK(gathered(batch, a) == "a");
  CHECK(a.bytes() == 1);
  batch.consume(a, 1);
  CHECK(a.empty());
  CHECK(gathered(batch, a).empty());
}

TEST_CASE("moveTo appends what is left of the chain, in order, and empties it") {
  WriteBatch batch(1 << 16, 1 << 20);
  WriteBatch::Chain a, b;
  batch.append(a, "one ");
  batch.append(b, "x");
  batch.append(a, "two ");
  batch.append(a, "three");
  batch.consume(a, 2);
  std::string own = "kept:";
  batch.moveTo(a, own);
  CHECK(own == "kept:e two three");
  CHECK(a.empty());
  CHECK(gathered(batch, b) == "x");
}

TEST_CASE("a piece too big for the batch is refused, and nothing changes") {
  WriteBatch batch(1 << 16, 1 << 20);
  WriteBatch::Chain a;
  batch.append(a, "before");
  const std::string big(WriteBatch::kMaxPieceBytes + 1, 'z');
  CHECK_FALSE(batch.append(a, big));
  CHECK(gathered(batch, a) == "before");
  CHECK(batch.append(a, std::string(WriteBatch::kMaxPieceBytes, 'y')));
}

TEST_CASE("reset forgets every piece; chains emptied before it start afresh") {
  WriteBatch batch(1 << 16, 1 << 20);
  WriteBatch::Chain a;
  for (int i = 0; i < 1000; ++i) batch.append(a, "0123456789");
  std::string own;
  batch.moveTo(a, own);
  batch.reset();
  CHECK(batch.heldBytes() == 0);
  CHECK(batch.pieceCount() == 0);
  CHECK(batch.append(a, "next"));
  CHECK(gathered(batch, a) == "next");
}

TEST_CASE("a full batch refuses, says so, and takes pieces again after reset") {
  WriteBatch batch(3, 1 << 20);
  WriteBatch::Chain a, b, c;
  CHECK(batch.append(a, "1"));
  CHECK(batch.append(b, "2"));
  CHECK(batch.append(c, "3"));
  CHECK(batch.append(c, "3 more"));  // grows c's piece: no new piece needed
  CHECK_FALSE(batch.append(a, "4"));
  CHECK(batch.full());
  CHECK(gathered(batch, a) == "1");
  std::string own;
  for (auto* chain : {&a, &b, &c}) batch.moveTo(*chain, own);
  CHECK(own == "1233 more");
  batch.reset();
  CHECK(batch.append(a, "4"));
  CHECK_FALSE(batch.full());
}

TEST_CASE("a batch without room for bytes still shares the bytes appended last") {
  WriteBatch batch(16, 8);
  WriteBatch::Chain a, b, c;
  CHECK(batch.append(a, "12345678"));
  CHECK(batch.append(b, "12345678"));
  CHECK_FALSE(batch.append(c, "other"));
  CHECK(batch.full());
}
