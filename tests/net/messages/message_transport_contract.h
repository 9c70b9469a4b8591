// The MessageTransport contract suite: one set of behaviours every message transport must show
// (SimLink, MessageProtocol's frames over TCP and over the in-memory pair, ENet), run against
// each of them through a small fixture (Twisted's ReactorBuilder, STYLE 23).
//
// Adding an implementation: write a fixture type F, then in its own test file
//   TYPE_TO_STRING(F);
//   WEFT_MESSAGE_TRANSPORT_CONTRACT(F);
// F must provide:
//   static constexpr bool kMayLoseUnreliable;  // Unreliable/Unsequenced messages may vanish
//   ContractSide client, server;  // the records of each side; F attaches a ContractProtocol
//                                 // (which fills them) to each end of a connection
//   void connect();               // makes the connection and returns once both sides have
//                                 // had connectionMade (REQUIRE inside)
//   bool settle(const std::function<bool()>& done);  // advances a ManualClock, or pumps a real
//                                 // reactor, until done() holds or a deadline passes; returns
//                                 // done(). Deadlines must allow for the transport's own
//                                 // timeout: the peer of an abort() may learn of it only then.
//   void idle();                  // runs the transport a little longer with nothing expected
//                                 // (seconds of ManualClock time, or ~100 ms of real pumping),
//                                 // so a late duplicate or a second connectionLost would show.
// F's destructor closes what is left and may check for leaks. A fixture may set
// `client.greeting` etc. before connect(); see ContractSide.
#pragma once

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "net/core/message_transport.h"
#include "net/core/reason.h"
#include "net/protocols/message_protocol.h"
#include "tests/net/messages/contract_side.h"
#include "tests/net/messages/message_recorder.h"

namespace weft::test {

namespace contract {
inline std::string numbered(int i) {
  return "message " + std::to_string(i);
}
inline std::string pattern(std::size_t size, unsigned salt) {
  std::string s(size, '\0');
  for (std::size_t i = 0; i < size; ++i) s[i] = static_cast<char>((i * 31 + salt) & 0xff);
  return s;
}
// A game's own disconnect code, from the game's band.
constexpr auto kKicked = net::reasonCode(net::ReasonBand::Game, 1);
}  // namespace contract

TEST_CASE_TEMPLATE_DEFINE(
    "message transport: both sides connect once, and a message sent from "
    "connectionMade arrives",
    F, contract_connect) {
  F f;
  f.server.greeting = "welcome";
  f.connect();
  CHECK(f.client.made == 1);
  CHECK(f.server.made == 1);
  CHECK(f.client.messages().channelCount() >= 1);
  REQUIRE(f.settle([&] { return !f.client.received.empty(); }));
  CHECK(f.client.received[0] == ReceivedMessage{0, "welcome"});
}

TEST_CASE_TEMPLATE_DEFINE(
    "message transport: messages arrive whole, on their channel, reliable "
    "ones in order, on every channel",
    F, contract_channels) {
  F f;
  f.connect();
  const int count = f.client.messages().channelCount();
  // The first eight channels and the last one, interleaved, both ways.
  std::vector<std::uint8_t> channels;
  for (int c = 0; c < std::min(count, 8); ++c) channels.push_back(static_cast<std::uint8_t>(c));
  if (count > 8) channels.push_back(static_cast<std::uint8_t>(count - 1));
  std::map<std::uint8_t, std::vector<std::string>> toServer;
  std::map<std::uint8_t, std::vector<std::string>> toClient;
  std::size_t sent = 0;
  for (int i = 0; i < 50; ++i) {
    for (std::uint8_t c : channels) {
      const std::string m = contract::numbered(i) + " on " + std::to_string(c);
      f.client.send(c, m);
      toServer[c].push_back(m);
      f.server.send(c, m + " back");
      toClient[c].push_back(m + " back");
      ++sent;
    }
  }
  REQUIRE(f.settle(
      [&] { return f.server.received.size() >= sent && f.client.received.size() >= sent; }));
  CHECK(f.server.received.size() == sent);
  CHECK(f.client.received.size() == sent);
  for (std::uint8_t c : channels) {
    CAPTURE(static_cast<int>(c));
    CHECK(f.server.on(c) == toServer[c]);
    CHECK(f.client.on(c) == toClient[c]);
  }
}

TEST_CASE_TEMPLATE_DEFINE("message transport: empty and 64 KiB messages arrive intact", F,
                          contract_sizes) {
  F f;
  f.connect();
  const std::string large = contract::pattern(64 * 1024, 7);
  const std::string odd = contract::pattern(64 * 1024 + 3, 11);
  f.client.send(0, "");
  f.client.send(0, large);
  f.client.send(0, "");
  f.client.send(0, odd);
  f.server.send(0, large);
  REQUIRE(f.settle([&] { return f.server.received.size() >= 4 && f.client.received.size() >= 1; }));
  CHECK(f.server.on(0) == std::vector<std::string>{"", large, "", odd});
  CHECK(f.client.on(0) == std::vector<std::string>{large});
}

TEST_CASE_TEMPLATE_DEFINE(
    "message transport: a burst of 10,000 small reliable messages arrives "
    "complete and in order",
    F, contract_burst) {
  F f;
  f.connect();
  constexpr int kBurst = 10'000;
  for (int i = 0; i < kBurst; ++i)
    f.client.send(2 % f.client.messages().channelCount(), std::to_string(i));
  REQUIRE(f.settle([&] { return f.server.received.size() >= kBurst; }));
  CHECK(f.server.received.size() == kBurst);
  bool inOrder = true;
  for (int i = 0; i < kBurst && inOrder; ++i)
    inOrder = f.server.received[static_cast<std::size_t>(i)].bytes == std::to_string(i);
  CHECK(inOrder);
}

TEST_CASE_TEMPLATE_DEFINE(
    "message transport: unreliable and unsequenced messages arrive at most "
    "once, unreliable ones never behind a newer one",
    F, contract_unreliable) {
  F f;
  f.connect();
  for (int i = 0; i < 200; ++i) {
    f.client.send(0, std::to_string(i), net::Delivery::Unreliable);
    f.client.send(1 % f.client.messages().channelCount(), "u" + std::to_string(i),
                  net::Delivery::Unsequenced);
  }
  f.client.send(0, "marker");  // reliable, after them all
  REQUIRE(f.settle([&] {
    return std::find(f.server.received.begin(), f.server.received.end(),
                     ReceivedMessage{0, "marker"}) != f.server.received.end();
  }));
  f.idle();  // let stragglers and duplicates arrive
  std::vector<int> unreliable;
  for (const auto& m : f.server.on(0)) {
    if (m != "marker") unreliable.push_back(std::stoi(m));
  }
  for (std::size_t i = 1; i < unreliable.size(); ++i) CHECK(unreliable[i - 1] < unreliable[i]);
  std::vector<std::string> unsequenced = f.server.on(1 % f.client.messages().channelCount());
  std::sort(unsequenced.begin(), unsequenced.end());
  CHECK(std::adjacent_find(unsequenced.begin(), unsequenced.end()) == unsequenced.end());
  if (!F::kMayLoseUnreliable) {
    CHECK(unreliable.size() == 200);
    CHECK(unsequenced.size() == 200);
  }
}

TEST_CASE_TEMPLATE_DEFINE(
    "message transport: disconnect(code) delivers queued reliable messages "
    "first, then both sides hear connectionLost once, the peer with the code",
    F, contract_disconnect) {
  for (net::ReasonCode code :
       {net::ReasonCode::Done, net::ReasonCode::ShuttingDown, contract::kKicked}) {
    CAPTURE(static_cast<std::uint32_t>(code));
    F f;
    f.connect();
    for (int i = 0; i < 500; ++i)
      f.server.send(0, contract::pattern(100, static_cast<unsigned>(i)));
    std::size_t receivedAtLoss = 0;
    f.server.messages().disconnect(code);
    REQUIRE(f.settle([&] {
      if (f.client.lost && receivedAtLoss == 0) receivedAtLoss = f.client.received.size();
      return f.client.lostCount > 0 && f.server.lostCount > 0;
    }));
    CHECK(receivedAtLoss == 500);
    CHECK(f.client.received.size() == 500);
    CHECK(f.client.lost->code == code);
    f.idle();
    CHECK(f.client.lostCount == 1);
    CHECK(f.server.lostCount == 1);
  }
}

TEST_CASE_TEMPLATE_DEFINE("message transport: sends after disconnect are ignored", F,
                          contract_send_after_disconnect) {
  F f;
  f.connect();
  f.client.send(0, "before");
  net::MessageTransport& messages = f.client.messages();
  messages.disconnect();
  messages.send(0, "after");
  messages.disconnect(net::ReasonCode::ProtocolError);  // a second disconnect changes nothing
  REQUIRE(f.settle([&] { return f.client.lostCount > 0 && f.server.lostCount > 0; }));
  CHECK(f.server.on(0) == std::vector<std::string>{"before"});
  CHECK(f.server.lost->code == net::ReasonCode::Done);
}

TEST_CASE_TEMPLATE_DEFINE(
    "message transport: abort closes this side at once with Aborted; the "
    "peer hears the connection end, once",
    F, contract_abort) {
  F f;
  f.connect();
  f.client.messages().abort();
  REQUIRE(f.settle([&] { return f.client.lostCount > 0; }));
  CHECK(f.client.lost->code == net::ReasonCode::Aborted);
  REQUIRE(f.settle([&] { return f.server.lostCount > 0; }));
  CHECK_FALSE(f.server.lost->clean());
  CHECK(f.client.lostCount == 1);
  CHECK(f.server.lostCount == 1);
}

TEST_CASE_TEMPLATE_DEFINE("message transport: stats totals count what was sent and received", F,
                          contract_stats) {
  F f;
  f.connect();
  const net::NetStats before = f.client.messages().stats();
  std::size_t payload = 0;
  for (int i = 0; i < 100; ++i) {
    const std::string m =
        contract::pattern(static_cast<std::size_t>(50 + i), static_cast<unsigned>(i));
    payload += m.size();
    f.client.send(0, m);
  }
  REQUIRE(f.settle([&] { return f.server.received.size() >= 100; }));
  REQUIRE(f.settle([&] { return f.client.messages().stats().queuedBytes == 0; }));
  const net::NetStats sent = f.client.messages().stats();
  const net::NetStats received = f.server.messages().stats();
  CHECK(sent.totals.bytesSent - before.totals.bytesSent >= payload);
  CHECK(sent.totals.packetsSent > before.totals.packetsSent);
  CHECK(received.totals.bytesReceived >= payload);
  CHECK(received.totals.packetsReceived >= 1);
  CHECK(sent.lossPercent >= 0);
  CHECK(sent.lossPercent <= 100);
}

TEST_CASE_TEMPLATE_DEFINE(
    "message transport: a message of exactly maxMessageBytes arrives; one byte longer closes "
    "the connection with MessageTooLarge, the sender told, nothing after it delivered",
    F, contract_max_message) {
  F f;
  f.server.config.maxMessageBytes = 3000;  // more than a datagram: ENet fragments it
  f.connect();
  const std::string atLimit = contract::pattern(3000, 3);
  f.client.send(0, atLimit);
  f.client.send(0, "small");
  REQUIRE(f.settle([&] { return f.server.received.size() >= 2; }));
  CHECK(f.server.on(0) == std::vector<std::string>{atLimit, "small"});
  f.client.send(0, contract::pattern(3001, 5));
  f.client.send(0, "after");
  REQUIRE(f.settle([&] { return f.server.lostCount > 0 && f.client.lostCount > 0; }));
  CHECK(f.server.lost->code == net::ReasonCode::MessageTooLarge);
  CHECK(f.server.lost->detail.find("3001 bytes") != std::string::npos);
  CHECK(f.client.lost->code == net::ReasonCode::MessageTooLarge);
  CHECK(f.server.received.size() == 2);
}

// Runs every contract case above against each fixture type given; use it inside
// namespace weft::test, where the cases are defined.
#define WEFT_MESSAGE_TRANSPORT_CONTRACT(...)                              \
  TEST_CASE_TEMPLATE_INVOKE(contract_connect, __VA_ARGS__);               \
  TEST_CASE_TEMPLATE_INVOKE(contract_channels, __VA_ARGS__);              \
  TEST_CASE_TEMPLATE_INVOKE(contract_sizes, __VA_ARGS__);                 \
  TEST_CASE_TEMPLATE_INVOKE(contract_burst, __VA_ARGS__);                 \
  TEST_CASE_TEMPLATE_INVOKE(contract_unreliable, __VA_ARGS__);            \
  TEST_CASE_TEMPLATE_INVOKE(contract_disconnect, __VA_ARGS__);            \
  TEST_CASE_TEMPLATE_INVOKE(contract_send_after_disconnect, __VA_ARGS__); \
  TEST_CASE_TEMPLATE_INVOKE(contract_abort, __VA_ARGS__);                 \
  TEST_CASE_TEMPLATE_INVOKE(contract_stats, __VA_ARGS__);                 \
  TEST_CASE_TEMPLATE_INVOKE(contract_max_message, __VA_ARGS__)

}  // namespace weft::test
