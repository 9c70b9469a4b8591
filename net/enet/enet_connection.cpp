#include "net/enet/enet_connection.h"

#include <exception>
#include <string>

#include "net/core/reactor.h"
#include "net/core/str_cat.h"
#include "net/enet/enet_address.h"
#include "net/enet/enet_host.h"
#include "net/enet/enet_message_limit.h"

namespace weft::net::detail {

namespace {

enet_uint32 packetFlags(Delivery delivery) {
  switch (delivery) {
    case Delivery::Reliable:
      return ENET_PACKET_FLAG_RELIABLE;
    // Without UNRELIABLE_FRAGMENT ENet would send a large unreliable message reliably.
    case Delivery::Unreliable:
      return ENET_PACKET_FLAG_UNRELIABLE_FRAGMENT;
    case Delivery::Unsequenced:
      return ENET_PACKET_FLAG_UNSEQUENCED | ENET_PACKET_FLAG_UNRELIABLE_FRAGMENT;
  }
  return ENET_PACKET_FLAG_RELIABLE;
}

}  // namespace

EnetConnection::EnetConnection(EnetHost& host, ENetPeer* peer, std::unique_ptr<Protocol> protocol,
                               ConnectionObserver* observer)
    : host_(host),
      peer_(peer),
      protocol_(std::move(protocol)),
      messages_(dynamic_cast<MessageReceiver*>(protocol_.get())),
      observer_(observer),
      peerAddress_(toAddress(peer->address)) {
  peer_->data = this;
}

EnetConnection::~EnetConnection() {
  for (Held& held : heldWhilePaused_) enet_packet_destroy(held.packet);
  if (peer_ != nullptr) peer_->data = nullptr;
}

Address EnetConnection::host() const {
  return host_.address();
}

std::uint8_t EnetConnection::channelCount() const {
  return peer_ != nullptr ? static_cast<std::uint8_t>(peer_->channelCount) : 0;
}

std::size_t EnetConnection::bufferedBytes() const {
  return peer_ != nullptr ? host_.heldBytes(peer_) : 0;
}

void EnetConnection::start() {
  callProtocol("connectionMade", [&] { protocol_->makeConnection(*this); });
}

template <typename F>
bool EnetConnection::callProtocol(const char* callback, F&& f) {
  auto failure = runProtocolCallback(host_.reactor().logger(), *this, callback, std::forward<F>(f));
  if (failure) abortConnection(std::move(*failure));
  return !failure;
}

void EnetConnection::send(std::uint8_t channel, std::string_view message, Delivery delivery) {
  if (state_ != State::Open || peer_ == nullptr) return;
  if (channel >= peer_->channelCount) {
    // Both ends' channel counts decide the connection's: a mismatch is configuration, so it is
    // reported, not asserted.
    host_.reactor().logger().error(strCat("send on channel ", channel, " to ",
                                          peerAddress_.toString(), ": the connection has only ",
                                          peer_->channelCount, " channels; message dropped"));
    return;
  }
  ENetPacket* packet = enet_packet_create(message.data(), message.size(), packetFlags(delivery));
  if (packet == nullptr) return;
  // Its bytes count as buffered until ENet frees it: once sent (unreliable) or acknowledged.
  host_.track(packet, peer_);
  if (sendEnetPacket(*peer_, channel, packet) < 0) {
    enet_packet_destroy(packet);
    host_.reactor().logger().error(
        strCat("ENet refused a ", message.size(), "-byte message to ", peerAddress_.toString()));
    return;
  }
  totals_.bytesSent += message.size();
  ++totals_.packetsSent;
  host_.sendSoon();
  pauseProducerIfFull();
}

void EnetConnection::writeSequence(std::span<const std::string_view> pieces) {
  std::string joined;
  for (std::string_view piece : pieces) joined.append(piece);
  write(joined);
}

void EnetConnection::received(std::uint8_t channel, ENetPacket* packet) {
  totals_.bytesReceived += packet->dataLength;
  ++totals_.packetsReceived;
  if (state_ != State::Open) {
    enet_packet_destroy(packet);
    return;
  }
  // The host let it through (it is within the host's limit), but this protocol takes less.
  if (messages_ != nullptr && packet->dataLength > messages_->maxMessageBytes()) {
    messageTooLarge(packet->dataLength, messages_->maxMessageBytes(),
                    "MessageProtocolConfig::maxMessageBytes");
    enet_packet_destroy(packet);
    return;
  }
  if (readingPaused_ || !heldWhilePaused_.empty()) {
    heldWhilePaused_.push_back({channel, packet});
    return;
  }
  deliver(channel, packet);
}

void EnetConnection::deliver(std::uint8_t channel, ENetPacket* packet) {
  const std::string_view message(reinterpret_cast<const char*>(packet->data), packet->dataLength);
  if (messages_ != nullptr) {
    callProtocol("messageReceived", [&] { messages_->messageReceived(channel, message); });
  } else {
    callProtocol("dataReceived", [&] { protocol_->dataReceived(message); });
  }
  enet_packet_destroy(packet);
}

void EnetConnection::resumeReading() {
  readingPaused_ = false;
  if (!heldWhilePaused_.empty()) host_.resumeDelivery(this);
}

void EnetConnection::deliverHeld() {
  while (!heldWhilePaused_.empty() && !readingPaused_ && state_ == State::Open) {
    Held held = heldWhilePaused_.front();
    heldWhilePaused_.pop_front();
    deliver(held.channel, held.packet);
  }
}

void EnetConnection::disconnect(ReasonCode code) {
  loseConnection({code, "disconnected"});
}

void EnetConnection::loseConnection(Reason reason) {
  if (state_ != State::Open) return;
  state_ = State::Closing;
  closeReason_ = std::move(reason);
  // ENet sends what is queued first, then the disconnect with our code; its acknowledgement
  // (or ENet's timeout) brings the disconnect event that ends the connection.
  enet_peer_disconnect_later(peer_, toWireCode(closeReason_.code));
  host_.sendSoon();
}

void EnetConnection::abortConnection(Reason reason) {
  if (state_ == State::Aborting || state_ == State::Closed) return;
  state_ = State::Aborting;
  closeReason_ = std::move(reason);
  host_.closeSoon(this);
}

void EnetConnection::finishPendingClose() {
  if (state_ == State::Aborting) abortNow(closeReason_);
}

void EnetConnection::abortNow(Reason reason) {
  if (state_ == State::Closed) return;
  // Like a TCP reset: the peer hears at once (if the datagram arrives) that the link is gone.
  dropPeer(ReasonCode::ConnectionLost);
  close(std::move(reason));
}

void EnetConnection::peerGone(std::uint32_t wireCode) {
  Reason reason;
  if (state_ == State::Closing || state_ == State::Aborting) {
    reason = closeReason_;
  } else if (wireCode == 0) {
    reason =
        Reason::timedOut(strCat("no answer from ", peerAddress_.toString(), " (ENet gave up)"));
  } else {
    const ReasonCode code = fromWireCode(wireCode);
    reason = {code, code == ReasonCode::Done ? "the other side closed the connection"
                                             : "the other side disconnected"};
  }
  peer_->data = nullptr;
  peer_ = nullptr;  // ENet resets the slot after this event
  close(std::move(reason));
}

void EnetConnection::messageTooLarge(std::size_t bytes, std::size_t limit,
                                     std::string_view setting) {
  loseConnection(Reason::messageTooLarge(strCat("a message of ", bytes, " bytes from ",
                                                peerAddress_.toString(), " is over the ", limit,
                                                "-byte limit (", setting, ")")));
}

void EnetConnection::hostClosing(const Reason& reason) {
  observer_ = nullptr;
  dropPeer(ReasonCode::ShuttingDown);
  close(reason);
}

// Tells the peer `code` in one unreliable datagram and lets ENet reuse its slot at once.
void EnetConnection::dropPeer(ReasonCode code) {
  if (peer_ == nullptr) return;
  peer_->data = nullptr;
  enet_peer_disconnect_now(std::exchange(peer_, nullptr), toWireCode(code));
}

void EnetConnection::close(Reason reason) {
  if (state_ == State::Closed) return host_.retire(this);
  state_ = State::Closed;
  for (Held& held : heldWhilePaused_) enet_packet_destroy(held.packet);
  heldWhilePaused_.clear();
  gate_.stop();
  reportClosed(host_.reactor().logger(), peerAddress_, *protocol_, observer_, reason);
  host_.retire(this);
}

void EnetConnection::registerProducer(Producer& producer) {
  gate_.registerProducer(producer, state_ != State::Open);
  pauseProducerIfFull();
}

void EnetConnection::pauseProducerIfFull() {
  gate_.pauseAbove(bufferedBytes(), host_.reactor().config().writeHighWater);
  if (gate_.paused()) host_.watchForDrain(this);
}

void EnetConnection::resumeProducerIfDrained() {
  gate_.resumeAtOrBelow(bufferedBytes(), host_.reactor().config().writeLowWater);
  if (gate_.paused()) host_.watchForDrain(this);
}

Scheduler* EnetConnection::scheduler() const {
  return &host_.reactor().scheduler();
}

NetStats EnetConnection::stats() const {
  NetStats stats;
  stats.queuedBytes = bufferedBytes();
  if (peer_ != nullptr) stats.incomingBytes = peer_->totalWaitingData;
  for (const Held& held : heldWhilePaused_) stats.incomingBytes += held.packet->dataLength;
  if (!meter_) meter_ = std::make_unique<RateMeter>();
  meter_->update(host_.reactor().clock().now(), totals_, stats);
  if (peer_ != nullptr) {
    stats.rtt = std::chrono::milliseconds(peer_->roundTripTime);
    stats.rttVariance = std::chrono::milliseconds(peer_->roundTripTimeVariance);
    stats.lossPercent = 100.0 * peer_->packetLoss / double{ENET_PEER_PACKET_LOSS_SCALE};
  }
  return stats;
}

}  // namespace weft::net::detail
