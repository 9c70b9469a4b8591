// Helpers for the arena server's tests: a server on a ManualClock, and clients that talk to it
// through an in-memory link, decode what it sends and keep their own snapshot ring.
#pragma once

#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "game/proto/channels.h"
#include "game/proto/control_codec.h"
#include "game/proto/input_codec.h"
#include "game/proto/snapshot_codec.h"
#include "game/server/arena_server.h"
#include "net/core/logger.h"
#include "net/core/scheduler.h"
#include "net/testing/manual_clock.h"
#include "tests/game/sim/sim_support.h"

namespace weft::game::server::testing {

using namespace std::chrono_literals;

inline ArenaServerConfig smallConfig(int maxPlayers = 4) {
  ArenaServerConfig config;
  config.maxPlayers = maxPlayers;
  config.maps = {sim::testing::shippedMap("dust")};
  return config;
}

// One client's end of a connection, handing the server what it sends at once and keeping what
// the server sends to it. A disconnect reaches the server as a transport's connectionLost does.
class FakeLink final : public net::MessageTransport {
 public:
  explicit FakeLink(ArenaServer& server) : server_(server) { session_ = server.connected(*this); }
  ~FakeLink() override { quit(); }

  void send(std::uint8_t channel, std::string_view message, net::Delivery) override {
    if (!disconnectedWith) sent.emplace_back(channel, std::string(message));
  }
  void disconnect(net::ReasonCode code) override {
    if (disconnectedWith) return;
    disconnectedWith = code;
    server_.disconnected(session_);
  }
  void abort() override { disconnect(net::ReasonCode::Done); }
  std::uint8_t channelCount() const override { return proto::kChannelCount; }
  net::NetStats stats() const override { return {}; }

  // The client sends.
  void toServer(std::uint8_t channel, std::string_view message) {
    if (!disconnectedWith) server_.received(session_, channel, message);
  }
  // The client's side goes away (a cable pulled: the server times it out).
  void close() { end(net::Reason::timedOut("no answer")); }
  // The player quits: a clean goodbye.
  void quit() { end(net::Reason::done()); }
  void end(const net::Reason& reason) {
    if (disconnectedWith) return;
    disconnectedWith = reason.code;
    server_.disconnected(session_, reason);
  }

  // Everything the server sent on the control channel so far, decoded, and forgotten.
  std::vector<proto::ServerControl> takeControl() {
    std::vector<proto::ServerControl> out;
    std::vector<std::pair<std::uint8_t, std::string>> keep;
    for (auto& [channel, bytes] : sent) {
      if (channel != proto::kControlChannel) {
        keep.emplace_back(channel, std::move(bytes));
        continue;
      }
      auto decoded = proto::decodeServerControl(bytes);
      REQUIRE_MESSAGE(decoded.ok(), "the server sent a control message that does not decode");
      out.push_back(std::move(decoded.value()));
    }
    sent = std::move(keep);
    return out;
  }
  std::vector<std::string> takeSnapshots() {
    std::vector<std::string> out;
    std::vector<std::pair<std::uint8_t, std::string>> keep;
    for (auto& [channel, bytes] : sent) {
      if (channel == proto::kSnapshotChannel) {
        out.push_back(std::move(bytes));
      } else {
        keep.emplace_back(channel, std::move(bytes));
      }
    }
    sent = std::move(keep);
    return out;
  }

  std::vector<std::pair<std::uint8_t, std::string>> sent;
  std::optional<net::ReasonCode> disconnectedWith;

 private:
  ArenaServer& server_;
  SessionId session_ = 0;
};

template <class T>
const T* findMessage(const std::vector<proto::ServerControl>& messages) {
  for (const auto& m : messages) {
    if (const T* found = std::get_if<T>(&m)) return found;
  }
  return nullptr;
}

// The first T among what the server sent on the control channel since the last take (a copy:
// the rest is forgotten).
template <class T>
std::optional<T> takeMessage(FakeLink& link) {
  const auto messages = link.takeControl();
  if (const T* found = findMessage<T>(messages)) return *found;
  return std::nullopt;
}

inline std::string helloBytes(std::string name, bool spectator = false) {
  proto::Hello hello;
  hello.name = std::move(name);
  hello.spectator = spectator;
  return proto::encodeControl(proto::ClientControl{hello});
}

// A client that said Hello and keeps up: decodes every snapshot against its ring, acks the
// newest, and sends one input packet a tick.
struct Client {
  Client(ArenaServer& server, std::string name, bool spectator = false) : link(server) {
    link.toServer(proto::kControlChannel, helloBytes(std::move(name), spectator));
    const auto messages = link.takeControl();
    if (const auto* w = findMessage<proto::Welcome>(messages)) welcome = *w;
    if (const auto* r = findMessage<proto::Reject>(messages)) reject = *r;
  }

  // Decodes what arrived; returns how many snapshots did.
  int readSnapshots() {
    int count = 0;
    for (const std::string& bytes : link.takeSnapshots()) {
      proto::SnapshotResult decoded = proto::decodeSnapshot(bytes, ring);
      REQUIRE_MESSAGE(decoded.ok(), "a snapshot that does not decode");
      latest = decoded.value();
      ring.put(latest->state);
      ++count;
    }
    return count;
  }
  void sendInput(sim::Tick tick, const sim::Input& input) {
    proto::InputPacket packet;
    packet.newestTick = tick;
    packet.inputs = {input};
    packet.ackedSnapshot = latest ? latest->state.tick : proto::kNoSnapshot;
    link.toServer(proto::kInputChannel, proto::encodeInputPacket(packet));
  }

  FakeLink link;
  std::optional<proto::Welcome> welcome;
  std::optional<proto::Reject> reject;
  proto::SnapshotRing ring;
  std::optional<proto::ReceivedSnapshot> latest;
};

// A server on a manual clock, not started: a test steps it with tick().
struct ServerRig {
  explicit ServerRig(ArenaServerConfig config = smallConfig())
      : scheduler(clock, log), server(scheduler, std::move(config)) {}

  void ticks(int n) {
    for (int i = 0; i < n; ++i) server.tick();
  }

  weft::testing::ManualClock clock;
  net::StderrLogger log;
  net::Scheduler scheduler;
  ArenaServer server;
};

}  // namespace weft::game::server::testing
