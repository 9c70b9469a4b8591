#include "net/protocols/receive_buffer.h"

#include <doctest/doctest.h>

#include <string>
#include <string_view>

using weft::net::detail::ReceiveBuffer;

TEST_CASE("a pass over nothing kept parses the caller's bytes in place") {
  ReceiveBuffer buffer;
  const std::string data = "frame";
  auto pass = buffer.receive(data);
  REQUIRE(pass);
  CHECK(buffer.unread().data() == data.data());
  buffer.consume(2);
  CHECK(buffer.unread() == "ame");
}

TEST_CASE("bytes left unread at the end of a pass are kept for the next one") {
  ReceiveBuffer buffer;
  {
    const std::string data = "abcdef";
    auto pass = buffer.receive(data);
    buffer.consume(4);
  }
  CHECK(buffer.unread() == "ef");
  auto pass = buffer.receive("gh");
  CHECK(buffer.unread() == "efgh");
}

TEST_CASE("bytes received during a pass queue behind it until absorbed") {
  ReceiveBuffer buffer;
  auto pass = buffer.receive("one");
  {
    auto nested = buffer.receive("two");
    CHECK_FALSE(nested);
  }
  CHECK(buffer.unread() == "one");
  CHECK_FALSE(buffer.absorb());  // appended at the back: a scan of the front stays valid
  CHECK(buffer.unread() == "onetwo");
}

TEST_CASE("handing back the bytes just consumed un-consumes them without a copy") {
  ReceiveBuffer buffer;
  const std::string data = "headerbody";
  auto pass = buffer.receive(data);
  const std::string_view chunk = buffer.unread();
  buffer.consume(chunk.size());
  buffer.prepend(chunk.substr(6));
  CHECK(buffer.unread().data() == data.data() + 6);
  CHECK(buffer.absorb());
  CHECK(buffer.unread() == "body");
}

TEST_CASE("bytes prepended during a pass come first, in the order given, once absorbed") {
  ReceiveBuffer buffer;
  const std::string data = "xyz";
  auto pass = buffer.receive(data);
  const std::string_view chunk = buffer.unread();
  buffer.consume(1);
  buffer.prepend(chunk.substr(0, 1));  // the just-consumed "x": rewound
  buffer.prepend("-");                 // from elsewhere: must still follow the "x"
  {
    auto nested = buffer.receive("!");  // re-entrant data: goes last
    CHECK_FALSE(nested);
  }
  CHECK(buffer.absorb());
  CHECK(buffer.unread() == "x-yz!");
}

TEST_CASE("bytes prepended between passes are parsed first by the next one") {
  ReceiveBuffer buffer;
  { auto pass = buffer.receive("tail"); }
  buffer.prepend("head ");
  CHECK(buffer.unread() == "head tail");
}

TEST_CASE("a pass still keeps what is unread when a callback throws out of it") {
  ReceiveBuffer buffer;
  try {
    auto pass = buffer.receive("abc");
    buffer.consume(1);
    throw 42;
  } catch (int) {
  }
  CHECK_FALSE(buffer.receiving());
  CHECK(buffer.unread() == "bc");
}
