// The longest message an ENet port takes (ServerFactory::maxMessageBytes), over loopback: a
// message at the limit arrives, one byte more closes the sender's connection with
// MessageTooLarge, whole or in fragments; a peer streaming a huge message makes the server hold
// none of it; the server still sends messages larger than it takes. And the datagram scan that
// finds such a message before ENet drops it unseen.
#include "net/enet/enet_message_limit.h"

#include <doctest/doctest.h>
#include <enet/enet.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "net/core/byte_reader.h"
#include "net/core/connector.h"
#include "net/core/port.h"
#include "net/core/reactor.h"
#include "net/enet/enet_datagram_check.h"
#include "net/enet/unique_enet_host.h"
#include "net/testing/pump_until.h"
#include "net/testing/recording_logger.h"
#include "tests/net/enet/enet_support.h"

namespace weft::test {
namespace {

using weft::testing::pumpUntil;
using namespace std::chrono_literals;

class LimitedServerFactory final : public MessageServerFactory {
 public:
  explicit LimitedServerFactory(std::size_t limit) : limit_(limit) {}
  std::size_t maxMessageBytes() const override { return limit_; }

 private:
  std::size_t limit_;
};

struct Fixture {
  weft::testing::RecordingLogger log;
  net::SteadyClock clock;
  LimitedServerFactory serverFactory;
  MessageClientFactory clientFactory;
  net::Reactor reactor{clock, quietConfig(log)};
  std::unique_ptr<net::Port> port;
  std::unique_ptr<net::Connector> connector;

  explicit Fixture(std::size_t limit) : serverFactory(limit) {
    auto listening = reactor.listen(enetServer(), serverFactory);
    REQUIRE_MESSAGE(listening.ok(), listening.error().message);
    port = std::move(*listening);
    connector = reactor.connect(enetClient(port->address()), clientFactory);
    REQUIRE(pumpUntil(reactor, [&] {
      return !clientFactory.records.empty() && clientFactory.records[0].made &&
             !serverFactory.records.empty() && serverFactory.records[0].made;
    }));
  }
  ContractSide& client() { return clientFactory.records.back(); }
  ContractSide& server() { return serverFactory.records.back(); }
};

TEST_CASE("an ENet port takes messages up to its factory's limit and closes on one byte more") {
  // Under a datagram, ENet sends a message whole; over it, in fragments announcing the total.
  for (std::size_t limit : {std::size_t{100}, std::size_t{5000}}) {
    CAPTURE(limit);
    Fixture f(limit);
    for (net::Delivery delivery : {net::Delivery::Reliable, net::Delivery::Unsequenced}) {
      f.client().send(1, std::string(limit, 'a'), delivery);
    }
    REQUIRE(pumpUntil(f.reactor, [&] { return f.server().received.size() == 2; }));
    CHECK(f.server().on(1) == std::vector<std::string>(2, std::string(limit, 'a')));

    f.client().send(1, std::string(limit + 1, 'b'));
    REQUIRE(pumpUntil(f.reactor, [&] { return f.server().lost && f.client().lost; }));
    CHECK(f.server().lost->code == net::ReasonCode::MessageTooLarge);
    CHECK(f.server().lost->detail.find(std::to_string(limit + 1) + " bytes") != std::string::npos);
    CHECK(f.server().lost->detail.find("ServerFactory::maxMessageBytes") != std::string::npos);
    CHECK(f.client().lost->code == net::ReasonCode::MessageTooLarge);  // the sender hears why
    CHECK(f.server().received.size() == 2);
  }
}

TEST_CASE("an unreliable message over the limit closes the connection as a reliable one does") {
  Fixture f(5000);
  f.client().send(2, std::string(5001, 'u'), net::Delivery::Unreliable);
  REQUIRE(pumpUntil(f.reactor, [&] { return f.server().lost.has_value(); }));
  CHECK(f.server().lost->code == net::ReasonCode::MessageTooLarge);
  CHECK(f.server().received.empty());
}

TEST_CASE("a peer streaming a huge message makes the server hold none of it") {
  constexpr std::size_t kLimit = 64 * 1024;
  Fixture f(kLimit);
  f.client().send(0, std::string(8 << 20, 'h'));  // 8 MiB, all of it queued in the client
  std::size_t mostHeld = 0;
  REQUIRE(pumpUntil(f.reactor, [&] {
    if (f.server().protocol != nullptr) {
      mostHeld = std::max(mostHeld, f.server().messages().stats().incomingBytes);
    }
    return f.server().lost.has_value();
  }));
  CHECK(mostHeld == 0);  // ENet never reassembled it: refused at its first fragment
  CHECK(f.server().lost->code == net::ReasonCode::MessageTooLarge);
  CHECK(f.server().lost->detail.find(std::to_string(8 << 20) + " bytes") != std::string::npos);
}

TEST_CASE("incomingBytes counts the messages a connection holds while its reading is paused") {
  Fixture f(net::kDefaultMaxMessageBytes);
  f.server().protocol->transport().pauseReading();
  f.client().send(0, std::string(100'000, 'r'));
  REQUIRE(
      pumpUntil(f.reactor, [&] { return f.server().messages().stats().incomingBytes == 100'000; }));
  f.server().protocol->transport().resumeReading();
  REQUIRE(pumpUntil(f.reactor, [&] { return f.server().received.size() == 1; }));
  CHECK(f.server().messages().stats().incomingBytes == 0);
}

TEST_CASE("a server sends messages larger than those it takes") {
  Fixture f(1000);
  const std::string welcome(200 * 1024, 'w');  // far over the port's limit
  f.server().send(0, welcome);
  REQUIRE(pumpUntil(f.reactor, [&] { return !f.client().received.empty() || f.client().lost; }));
  CHECK(f.client().on(0) == std::vector<std::string>{welcome});
  CHECK_FALSE(f.server().lost);
}

// --- The datagram scan -------------------------------------------------------------------

std::vector<std::uint8_t> bytesOf(const std::string& s) {
  return {s.begin(), s.end()};
}

// A datagram to peer 0 holding `commands`, each already laid out.
std::string datagram(const std::vector<std::string>& commands) {
  net::ByteWriter w;
  w.u16(0);
  std::string out = w.take();
  for (const std::string& c : commands) out += c;
  return out;
}

std::string reliable(std::uint16_t length) {
  net::ByteWriter w;
  w.u8(ENET_PROTOCOL_COMMAND_SEND_RELIABLE | int{ENET_PROTOCOL_COMMAND_FLAG_ACKNOWLEDGE})
      .u8(0)
      .u16(1);
  w.u16(length);
  return w.take() + std::string(length, 'p');
}

std::string fragment(std::uint8_t command, std::uint32_t total, std::uint16_t length) {
  net::ByteWriter w;
  w.u8(command).u8(0).u16(1);  // header
  w.u16(1).u16(length).u32(total / 1000 + 1).u32(0).u32(total).u32(0);
  return w.take() + std::string(length, 'f');
}

std::string acknowledge() {
  net::ByteWriter w;
  w.u8(ENET_PROTOCOL_COMMAND_ACKNOWLEDGE).u8(0xFF).u16(0).u16(7).u16(0);
  return w.take();
}

TEST_CASE("the scan finds the first message over the limit: a fragment's total or a whole one") {
  using net::detail::oversizedEnetMessage;
  const auto scan = [](const std::string& d, std::size_t limit) {
    return oversizedEnetMessage(bytesOf(d), limit);
  };
  CHECK(scan(datagram({acknowledge(), reliable(100)}), 100) == std::nullopt);
  CHECK(scan(datagram({acknowledge(), reliable(101)}), 100) == 101);
  CHECK(scan(datagram(
                 {reliable(10), fragment(ENET_PROTOCOL_COMMAND_SEND_FRAGMENT, 30'000'000, 1000)}),
             65538) == 30'000'000);
  CHECK(scan(datagram({fragment(ENET_PROTOCOL_COMMAND_SEND_UNRELIABLE_FRAGMENT, 5001, 1000)}),
             5000) == 5001);
  CHECK(scan(datagram({fragment(ENET_PROTOCOL_COMMAND_SEND_FRAGMENT, 5000, 1000)}), 5000) ==
        std::nullopt);
  // Cut short anywhere, it reads nothing past the end.
  const std::string whole = datagram({acknowledge(), reliable(50), reliable(300)});
  for (std::size_t size = 0; size < whole.size(); ++size) {
    CAPTURE(size);
    const auto found = scan(whole.substr(0, size), 100);
    CHECK((!found || *found == 300));
  }
}

TEST_CASE("a host holds at most two of its largest messages and a reliable window per peer") {
  auto enet = net::detail::UniqueEnetHost::create(nullptr, {});
  REQUIRE(enet.ok());
  net::detail::limitEnetMessages(*enet->get(), 65538);
  CHECK((*enet)->maximumPacketSize == 65538);
  CHECK((*enet)->maximumWaitingData == 2 * 65538 + 64 * 1024);
}

}  // namespace
}  // namespace weft::test
