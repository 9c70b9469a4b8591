// SimLinkEnd: one end of a SimLink — a Transport and a MessageTransport with ENet's delivery
// rules over the simulated wire: reliable messages acknowledged and retransmitted on an RTO from
// the measured RTT, unreliable ones sequenced, unsequenced ones never twice, pings when idle,
// graceful disconnect with a code, abort, stats and backpressure.
// Tests: tests/net/netsim/sim_link_test.cpp, tests/net/messages/ (contract suite)
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "net/core/detail/producer_gate.h"
#include "net/core/detail/rate_meter.h"
#include "net/core/message_receiver.h"
#include "net/core/message_transport.h"
#include "net/core/protocol.h"
#include "net/core/scheduler.h"
#include "net/core/transport.h"
#include "net/netsim/receive_order.h"
#include "net/netsim/rtt_estimator.h"
#include "net/netsim/sim_link_config.h"
#include "net/netsim/sim_wire.h"

namespace weft::net {

// A protocol attached to an end that is a MessageReceiver (a MessageProtocol) receives
// messageReceived(channel, message); any other Protocol receives each message's bytes through
// dataReceived, and its write() rides channel 0 reliably. Every callback runs inside the
// scheduler's calls, never inside send(). A message over the receiver's maxMessageBytes is not
// delivered: the end disconnects with MessageTooLarge and delivers nothing more.
class SimLinkEnd final : public Transport,
                         public MessageTransport,
                         private detail::SimWireReceiver {
 public:
  // Made by SimLink. `out` carries this end's packets to the other end.
  SimLinkEnd(Scheduler& scheduler, const SimLinkConfig& config, detail::SimWire& out, Address host,
             Address peer);
  ~SimLinkEnd();
  SimLinkEnd(const SimLinkEnd&) = delete;
  SimLinkEnd& operator=(const SimLinkEnd&) = delete;

  // For SimLink: attach and call connectionMade.
  void open(Protocol& protocol);
  // For SimLink: the link is going away; an open end hears connectionLost(ShuttingDown).
  void shutDown();
  bool isOpen() const { return state_ != State::Closed && protocol_ != nullptr; }

  // --- MessageTransport ---
  void send(std::uint8_t channel, std::string_view message,
            Delivery delivery = Delivery::Reliable) override;
  void disconnect(ReasonCode code = ReasonCode::Done) override;
  // Closes this end at once (connectionLost(Aborted) here). The peer is not told, as with
  // enet_peer_reset: it hears TimedOut once its pings go unanswered for config.timeout.
  void abort() override;
  std::uint8_t channelCount() const override { return config_.channelCount; }
  // rtt/rttVariance from acknowledgements (zero before the first), loss as the share of the
  // packets this end sent that the link dropped (over the last second or so), rates over about
  // a second, queuedBytes = reliable bytes waiting or unacknowledged + unreliable bytes still in
  // a capped link's queue (message bytes, not headers or pings), incomingBytes = messages held
  // for an earlier reliable one or while reading is paused; totals count messages and their
  // bytes.
  NetStats stats() const override;
  // The link's scheduler, for the protocol's own timers (both bases' scheduler()).
  Scheduler* scheduler() const override { return &scheduler_; }

  // --- Transport ---
  void write(std::string_view data) override { send(0, data, Delivery::Reliable); }
  void writeSequence(std::span<const std::string_view> pieces) override;
  // Like disconnect(reason.code); this side's connectionLost receives `reason` itself.
  void loseConnection(Reason reason = Reason::done()) override;
  void abortConnection(Reason reason = Reason::aborted()) override;
  bool disconnecting() const override { return state_ != State::Open; }
  Address peer() const override { return peer_; }
  Address host() const override { return host_; }
  std::size_t bufferedBytes() const override { return queuedBytes(); }
  void pauseReading() override { readingPaused_ = true; }
  void resumeReading() override;
  void registerProducer(Producer& producer) override;
  void unregisterProducer() override { gate_.unregisterProducer(); }

 private:
  friend class SimLink;  // connects the incoming wire to this end
  enum class State : std::uint8_t { Idle, Open, Disconnecting, Closed };
  struct InFlight {
    detail::SimPacket packet;
    TimePoint firstSent;
    TimePoint lastSent;
    TimePoint retransmitAt;
    int retries = 0;
  };
  struct Received {
    std::uint8_t channel;
    detail::ReceiveOrder::Payload payload;
  };

  void packetArrived(const detail::SimPacket& packet) override;
  void messageArrived(const detail::SimPacket& packet);
  void ackArrived(std::uint64_t id);
  void sendAck(std::uint64_t id);

  void sendReliable(detail::SimPacket packet);
  void transmit(const detail::SimPacket& packet);
  void fillWindow();
  void trySendDisconnect();
  void service();
  void armService();
  void deliverInbox();
  void close(Reason reason);
  void beginDisconnect(Reason localReason);
  std::size_t queuedBytes() const;
  void updateProducer();
  template <typename F>
  void callProtocol(F&& f);

  Scheduler& scheduler_;
  const SimLinkConfig& config_;
  detail::SimWire& out_;
  Address host_;
  Address peer_;
  State state_ = State::Idle;
  Protocol* protocol_ = nullptr;
  MessageReceiver* messages_ = nullptr;  // protocol_, when it takes whole messages
  Reason localReason_;                   // what this side hears once disconnected

  // Sending.
  std::uint64_t nextPacketId_ = 1;
  std::uint64_t nextUnsequenced_ = 1;
  std::vector<std::uint64_t> reliableSequence_;  // last used, per channel
  std::vector<std::uint64_t> unreliableSequence_;
  std::deque<detail::SimPacket> waiting_;  // reliable packets the window has no room for yet
  std::size_t waitingBytes_ = 0;           // with headers, for the window
  std::size_t unackedPayload_ = 0;  // message bytes waiting or unacknowledged, for queuedBytes
  std::map<std::uint64_t, InFlight> inFlight_;  // by id, so begin() is the oldest
  std::size_t inFlightBytes_ = 0;
  std::set<std::pair<TimePoint, std::uint64_t>> retransmits_;
  mutable std::deque<std::pair<TimePoint, std::size_t>> unreliableQueue_;  // (departure, bytes)
  mutable std::size_t unreliableQueued_ = 0;                               // message bytes
  std::optional<std::uint64_t> disconnectId_;
  TimePoint lastReliableSent_{};
  RttEstimator rtt_;
  ScopedCall serviceCall_;
  TimePoint serviceAt_{};

  // Receiving.
  detail::ReceiveOrder order_;
  std::deque<Received> inbox_;
  bool readingPaused_ = false;
  bool delivering_ = false;
  bool refusing_ = false;  // a message over the receiver's limit arrived: disconnecting

  // Stats and backpressure.
  TrafficTotals totals_;
  mutable detail::RateMeter rates_;
  mutable TimePoint lossIntervalStart_{};  // stats() rolls the interval over
  mutable std::uint64_t intervalSent_ = 0;
  mutable std::uint64_t intervalLost_ = 0;
  mutable std::optional<double> lastIntervalLoss_;
  detail::ProducerGate gate_;
};

}  // namespace weft::net
