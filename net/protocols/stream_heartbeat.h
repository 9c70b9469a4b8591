// StreamHeartbeat: liveness for messages over a byte stream. ENet and SimLink ping on their own;
// a TCP peer that vanished (a cable pulled, a machine off, a NAT that forgot) says nothing for
// hours, so MessageProtocol's framing beats when it has been quiet and gives up when the peer is.
// Tests: tests/net/protocols/stream_heartbeat_test.cpp,
// tests/net/protocols/message_protocol_test.cpp
#pragma once

#include <chrono>
#include <cstdint>

#include "net/core/clock.h"
#include "net/core/scheduler.h"

namespace weft::net {

struct HeartbeatConfig {
  // At the end of each interval in which nothing else was sent, a heartbeat goes out, so a live
  // peer is never silent for two intervals in a row; zero: no heartbeats and no timeout.
  Duration interval = std::chrono::seconds(5);
  // A peer that beats and then says nothing for this long is gone: the connection ends with
  // TimedOut, between `timeout` and `timeout + interval` after the last bytes from it. More
  // than twice the peer's interval, or a quiet peer that is alive would be cut off; both ends
  // of a weft connection use the same defaults. (A test that moves a ManualClock this far
  // without pumping the reactor between steps has read nothing meanwhile, as a dead link would
  // look: advance in steps and pump, or set interval zero.)
  Duration timeout = std::chrono::seconds(15);
};

// What a heartbeat asks of the framing it watches over.
class HeartbeatSink {
 public:
  // Write one heartbeat frame now.
  virtual void sendHeartbeat() = 0;
  // The peer has been silent past the timeout: end the connection.
  virtual void heartbeatTimedOut(Duration silentFor) = 0;

 protected:
  ~HeartbeatSink() = default;
};

// Started with the connection, it beats at once: that first beat tells the peer to hold this
// side to its timeout. A peer is held to ours only once a beat of its own has arrived, so an end
// without a scheduler (a test that feeds bytes by hand) is never cut off for being quiet. It
// counts whole intervals, with no clock read per byte: the framing says when it sent and received.
class StreamHeartbeat {
 public:
  // `sink` must outlive the heartbeat; `config.interval` must be positive.
  StreamHeartbeat(Scheduler& scheduler, const HeartbeatConfig& config, HeartbeatSink& sink);
  StreamHeartbeat(const StreamHeartbeat&) = delete;
  StreamHeartbeat& operator=(const StreamHeartbeat&) = delete;

  // Beats now, and watches from here on. Once.
  void start();

  // The framing wrote something of its own (a message, a goodbye): no beat is due this interval.
  void sent() { sentThisInterval_ = true; }
  // Bytes arrived: the peer is alive.
  void received() { heardThisInterval_ = true; }
  // A heartbeat frame arrived: the peer beats, so from now on it is held to the timeout.
  void peerBeats() { peerBeats_ = true; }
  // The connection is closing: no more beats or timeouts.
  void stop() { tick_.cancel(); }

 private:
  void tick();

  Scheduler& scheduler_;
  Duration interval_;
  HeartbeatSink& sink_;
  ScopedCall tick_;
  std::uint32_t silentAllowed_ = 0;  // whole silent intervals before the timeout
  std::uint32_t silent_ = 0;         // intervals in a row with nothing heard
  bool sentThisInterval_ = false;
  bool heardThisInterval_ = false;
  bool peerBeats_ = false;
};

}  // namespace weft::net
