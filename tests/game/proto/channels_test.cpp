#include "game/proto/channels.h"

#include <doctest/doctest.h>

#include <set>
#include <string>

#include "game/proto/reasons.h"
#include "net/chat/chat_wire.h"

using namespace weft::game::proto;
using weft::net::ReasonBand;
using weft::net::ReasonCode;

TEST_CASE("chat keeps the channel net/chat's sessions take by default") {
  CHECK(kChatChannel == weft::net::kChatChannel);
}

TEST_CASE("each kind of traffic has a channel of its own, all below kChannelCount") {
  const std::set<std::uint8_t> channels{kChatChannel, kControlChannel, kSnapshotChannel,
                                        kInputChannel};
  CHECK(channels.size() == 4);
  CHECK(*channels.rbegin() < kChannelCount);
  CHECK(kControlDelivery == weft::net::Delivery::Reliable);
  CHECK(kSnapshotDelivery == weft::net::Delivery::Unreliable);
  CHECK(kInputDelivery == weft::net::Delivery::Unsequenced);
}

TEST_CASE("the game's reason codes are in the game's band, distinct, each with its own sentence") {
  const ReasonCode codes[] = {kVersionMismatch, kServerFull,        kBadPassword, kNameRejected,
                              kResumeExpired,   kProtocolViolation, kKicked};
  std::set<std::string> sentences;
  for (ReasonCode code : codes) {
    CAPTURE(static_cast<std::uint32_t>(code));
    CHECK(weft::net::bandOf(code) == ReasonBand::Game);
    const std::string sentence(describeReason(code));
    CHECK(sentence != weft::net::describe(code));  // not the band's generic "Closed by the game"
    CHECK(!sentence.empty());
    CHECK(sentence.back() != '.');
    sentences.insert(sentence);
  }
  CHECK(sentences.size() == std::size(codes));
  CHECK(static_cast<std::uint32_t>(kVersionMismatch) == 3001);  // numbers on the wire
  CHECK(static_cast<std::uint32_t>(kKicked) == 3007);
}

TEST_CASE("describeReason reads every other code as net/core does") {
  CHECK(describeReason(ReasonCode::TimedOut) == weft::net::describe(ReasonCode::TimedOut));
  CHECK(describeReason(ReasonCode::ServerFull) == weft::net::describe(ReasonCode::ServerFull));
  CHECK(describeReason(weft::net::reasonCode(ReasonBand::Game, 999)) == "Closed by the game");
}
