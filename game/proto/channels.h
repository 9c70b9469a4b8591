// The arena connection's channels: which messages ride on which ENet channel, and how delivered.
// Tests: tests/game/proto/channels_test.cpp
#pragma once

#include <cstdint>

#include "net/core/message_transport.h"

namespace weft::game::proto {

// One connection per player (ENet, or framed TCP where everything is reliable anyway), opened
// with kChannelCount channels by both the server's port and the client's connector.
//
// Chat keeps channel 0, the one net/chat's sessions take by default on a game's connection
// (net::kChatChannel; game/proto may not include net/chat, so a test holds the two equal).
inline constexpr std::uint8_t kChatChannel = 0;
// Handshake, the simulation's events, joins and leaves, map changes, a spectator's choice:
// reliable and ordered, so an event is never lost and a PlayerLeft never overtakes its
// PlayerJoined.
inline constexpr std::uint8_t kControlChannel = 1;
// Snapshots, server to client: unreliable and sequenced. A lost snapshot is never resent (the
// next one is newer and delta-coded against what the client acknowledged), and one that
// arrives after a newer one is useless, so ENet drops it rather than hand it over late.
inline constexpr std::uint8_t kSnapshotChannel = 2;
// Inputs, client to server: unreliable and unsequenced. Each packet names the ticks of the
// inputs it carries and repeats the unacknowledged ones, so the server files every input
// under its tick and needs no order from the transport; an older packet that arrives after a
// newer one may still bring an input the server lacks (the newer one repeats at most
// kMaxInputsPerPacket), which sequenced delivery would throw away.
inline constexpr std::uint8_t kInputChannel = 3;
inline constexpr std::uint8_t kChannelCount = 4;

inline constexpr net::Delivery kControlDelivery = net::Delivery::Reliable;
inline constexpr net::Delivery kSnapshotDelivery = net::Delivery::Unreliable;
inline constexpr net::Delivery kInputDelivery = net::Delivery::Unsequenced;

}  // namespace weft::game::proto
