// EnetConnection: one ENet peer as a Transport and a MessageTransport. A protocol that is a
// MessageReceiver (a MessageProtocol) gets ENet's channels and delivery modes; any other Protocol
// gets a byte stream carried reliably on channel 0. Found from ENet's events through peer->data,
// which is cleared before ENet reuses the slot. Internal. Tests: tests/net/enet/
#pragma once

#include <enet/enet.h>

#include <deque>
#include <memory>
#include <string_view>

#include "net/core/detail/connection.h"
#include "net/core/detail/producer_gate.h"
#include "net/core/detail/rate_meter.h"
#include "net/core/message_receiver.h"
#include "net/core/message_transport.h"

namespace weft::net::detail {

class EnetHost;

class EnetConnection final : public Connection, public MessageTransport {
 public:
  EnetConnection(EnetHost& host, ENetPeer* peer, std::unique_ptr<Protocol> protocol,
                 ConnectionObserver* observer);
  ~EnetConnection() override;

  // From the host's event loop.
  void received(std::uint8_t channel, ENetPacket* packet);  // takes the packet
  void peerGone(std::uint32_t wireCode);                    // ENet's disconnect event
  void finishPendingClose();                                // end of dispatch
  void deliverHeld();                                       // after resumeReading
  void resumeProducerIfDrained();                           // after ENet freed acknowledged packets
  void hostClosing(const Reason& reason);
  // The peer sent a message of `bytes`, over `limit` (named by `setting`): closes the
  // connection with MessageTooLarge, telling the peer, and takes nothing more from it.
  void messageTooLarge(std::size_t bytes, std::size_t limit, std::string_view setting);

  // Connection
  void start() override;
  Protocol& protocol() override { return *protocol_; }
  void setObserver(ConnectionObserver* observer) override { observer_ = observer; }
  void abortNow(Reason reason) override;

  // MessageTransport
  void send(std::uint8_t channel, std::string_view message, Delivery delivery) override;
  void disconnect(ReasonCode code) override;
  void abort() override { abortConnection(Reason::aborted()); }
  std::uint8_t channelCount() const override;

  // Transport
  void write(std::string_view data) override { send(0, data, Delivery::Reliable); }
  void writeSequence(std::span<const std::string_view> pieces) override;
  void loseConnection(Reason reason) override;
  void abortConnection(Reason reason) override;
  bool disconnecting() const override { return state_ != State::Open; }
  Address peer() const override { return peerAddress_; }
  Address host() const override;
  std::size_t bufferedBytes() const override;
  void pauseReading() override { readingPaused_ = true; }
  void resumeReading() override;
  void registerProducer(Producer& producer) override;
  void unregisterProducer() override { gate_.unregisterProducer(); }
  NetStats stats() const override;
  // The host's reactor's (both bases' scheduler()).
  Scheduler* scheduler() const override;

 private:
  // Closing: ENet delivers what is queued, then disconnects (disconnect_later); Aborting: the
  // peer is told at once and dropped at the end of the dispatch.
  enum class State : std::uint8_t { Open, Closing, Aborting, Closed };

  void deliver(std::uint8_t channel, ENetPacket* packet);
  void close(Reason reason);
  void dropPeer(ReasonCode code);
  void pauseProducerIfFull();
  template <typename F>
  bool callProtocol(const char* callback, F&& f);

  EnetHost& host_;
  ENetPeer* peer_;
  std::unique_ptr<Protocol> protocol_;
  MessageReceiver* messages_;  // protocol_ when it takes whole messages, else null
  ConnectionObserver* observer_;
  Address peerAddress_;
  Reason closeReason_;
  ProducerGate gate_;
  struct Held {
    std::uint8_t channel;
    ENetPacket* packet;
  };
  std::deque<Held> heldWhilePaused_;
  TrafficTotals totals_;
  mutable std::unique_ptr<RateMeter> meter_;
  State state_ = State::Open;
  bool readingPaused_ = false;
};

}  // namespace weft::net::detail
