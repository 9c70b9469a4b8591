#include "net/netsim/sim_link_end.h"

#include <exception>
#include <string>

#include "net/core/str_cat.h"

namespace weft::net {

using detail::SimPacket;

SimLinkEnd::SimLinkEnd(Scheduler& scheduler, const SimLinkConfig& config, detail::SimWire& out,
                       Address host, Address peer)
    : scheduler_(scheduler),
      config_(config),
      out_(out),
      host_(std::move(host)),
      peer_(std::move(peer)),
      reliableSequence_(config.channelCount, 0),
      unreliableSequence_(config.channelCount, 0),
      rtt_(config.initialRtt),
      order_(config.channelCount) {}

SimLinkEnd::~SimLinkEnd() = default;

void SimLinkEnd::open(Protocol& protocol) {
  WEFT_ASSERT(state_ == State::Idle,
              "SimLinkEnd::open: an end is connected once (SimLink::connect)");
  state_ = State::Open;
  protocol_ = &protocol;
  messages_ = dynamic_cast<MessageReceiver*>(&protocol);
  const TimePoint now = scheduler_.clock().now();
  lastReliableSent_ = now;
  lossIntervalStart_ = now;
  armService();
  callProtocol([&] { protocol.makeConnection(*this); });
}

void SimLinkEnd::shutDown() {
  if (isOpen()) close({ReasonCode::ShuttingDown, "the simulated link was destroyed"});
}

// Exceptions from user code close only this connection, as the reactor does for sockets.
template <typename F>
void SimLinkEnd::callProtocol(F&& f) {
  try {
    f();
  } catch (const std::exception& e) {
    scheduler_.logger().error(
        strCat("SimLink ", host_.toString(), ": a protocol callback threw: ", e.what()));
    close(Reason::callbackError(e.what()));
  } catch (...) {
    close(Reason::callbackError("a protocol callback threw a non-standard exception"));
  }
}

// --- Sending --------------------------------------------------------------------------------

void SimLinkEnd::send(std::uint8_t channel, std::string_view message, Delivery delivery) {
  if (state_ != State::Open) return;
  WEFT_ASSERT(channel < config_.channelCount,
              "SimLinkEnd::send: channel out of range; raise SimLinkConfig::channelCount");
  totals_.bytesSent += message.size();
  ++totals_.packetsSent;
  SimPacket packet;
  packet.delivery = delivery;
  packet.channel = channel;
  packet.payload = std::make_shared<const std::string>(message);
  switch (delivery) {
    case Delivery::Reliable:
      packet.sequence = ++reliableSequence_[channel];
      sendReliable(std::move(packet));
      break;
    case Delivery::Unreliable:
      packet.sequence = ++unreliableSequence_[channel];
      transmit(packet);
      break;
    case Delivery::Unsequenced:
      packet.id = nextUnsequenced_++;
      transmit(packet);
      break;
  }
  updateProducer();
}

void SimLinkEnd::writeSequence(std::span<const std::string_view> pieces) {
  std::string joined;
  for (std::string_view piece : pieces) joined.append(piece);
  write(joined);
}

void SimLinkEnd::sendReliable(SimPacket packet) {
  packet.id = nextPacketId_++;
  waitingBytes_ += packet.wireBytes();
  if (packet.payload) unackedPayload_ += packet.payload->size();
  waiting_.push_back(std::move(packet));
  fillWindow();
}

// Moves waiting reliable packets onto the wire while the window has room (always at least one).
void SimLinkEnd::fillWindow() {
  const TimePoint now = scheduler_.clock().now();
  while (!waiting_.empty() && (inFlight_.empty() || inFlightBytes_ + waiting_.front().wireBytes() <=
                                                        config_.windowBytes)) {
    SimPacket packet = std::move(waiting_.front());
    waiting_.pop_front();
    waitingBytes_ -= packet.wireBytes();
    inFlightBytes_ += packet.wireBytes();
    const TimePoint retransmitAt = now + rtt_.timeout(config_.minRetransmit, config_.maxRetransmit);
    retransmits_.emplace(retransmitAt, packet.id);
    transmit(packet);
    lastReliableSent_ = now;
    const std::uint64_t id = packet.id;
    inFlight_.emplace(id, InFlight{std::move(packet), now, now, retransmitAt, 0});
  }
  armService();
}

void SimLinkEnd::transmit(const SimPacket& packet) {
  const PacketFate fate = out_.send(packet);
  ++intervalSent_;
  if (fate.outcome != PacketFate::Outcome::Delivered) ++intervalLost_;
  if (packet.kind == SimPacket::Kind::Message && packet.delivery != Delivery::Reliable &&
      fate.departure > scheduler_.clock().now()) {
    unreliableQueue_.emplace_back(fate.departure, packet.payload->size());
    unreliableQueued_ += packet.payload->size();
  }
}

void SimLinkEnd::sendAck(std::uint64_t id) {
  SimPacket ack;
  ack.kind = SimPacket::Kind::Ack;
  ack.id = id;
  out_.send(ack);  // acks are not counted in loss: only packets that wait for one are
}

// --- Timers: retransmission, timeout, pings --------------------------------------------------

void SimLinkEnd::service() {
  const TimePoint now = scheduler_.clock().now();
  if (state_ == State::Closed) return;
  if (!inFlight_.empty() && now - inFlight_.begin()->second.firstSent >= config_.timeout) {
    if (state_ == State::Disconnecting) return close(localReason_);
    return close(Reason::timedOut(strCat("no acknowledgement from ", peer_.toString(), " for ",
                                         toSeconds(config_.timeout), " s")));
  }
  while (!retransmits_.empty() && retransmits_.begin()->first <= now) {
    const std::uint64_t id = retransmits_.begin()->second;
    retransmits_.erase(retransmits_.begin());
    InFlight& entry = inFlight_.at(id);
    ++entry.retries;
    Duration backoff = rtt_.timeout(config_.minRetransmit, config_.maxRetransmit);
    for (int i = 0; i < entry.retries && backoff < config_.maxRetransmit; ++i) backoff *= 2;
    entry.lastSent = now;
    entry.retransmitAt = now + std::min(backoff, config_.maxRetransmit);
    retransmits_.emplace(entry.retransmitAt, id);
    transmit(entry.packet);
  }
  if (state_ == State::Open && inFlight_.empty() && waiting_.empty() &&
      now - lastReliableSent_ >= config_.pingInterval) {
    SimPacket ping;
    ping.kind = SimPacket::Kind::Ping;
    sendReliable(std::move(ping));
  }
  updateProducer();
  armService();
}

void SimLinkEnd::armService() {
  if (state_ == State::Closed) {
    serviceCall_.cancel();
    return;
  }
  std::optional<TimePoint> next;
  const auto consider = [&](TimePoint t) {
    if (!next || t < *next) next = t;
  };
  if (!retransmits_.empty()) consider(retransmits_.begin()->first);
  if (!inFlight_.empty()) consider(inFlight_.begin()->second.firstSent + config_.timeout);
  if (state_ == State::Open && inFlight_.empty() && waiting_.empty()) {
    consider(lastReliableSent_ + config_.pingInterval);
  }
  // A paused producer must hear when unreliable bytes leave a capped link's queue.
  if (gate_.paused() && !unreliableQueue_.empty()) consider(unreliableQueue_.front().first);
  if (!next) {
    serviceCall_.cancel();
    return;
  }
  if (serviceCall_.active() && serviceAt_ == *next) return;
  serviceAt_ = *next;
  serviceCall_ = scheduler_.callLater(*next - scheduler_.clock().now(), [this] { service(); });
}

// --- Receiving ------------------------------------------------------------------------------

void SimLinkEnd::packetArrived(const SimPacket& packet) {
  switch (packet.kind) {
    case SimPacket::Kind::Ack:
      if (state_ != State::Closed) ackArrived(packet.id);
      return;
    case SimPacket::Kind::Ping:
      if (state_ != State::Closed) sendAck(packet.id);
      return;
    case SimPacket::Kind::Disconnect:
      // Acknowledged even once closed (ENet's zombie state): the peer is waiting to close too.
      if (state_ != State::Idle) sendAck(packet.id);
      if (state_ == State::Open || state_ == State::Disconnecting) {
        close({fromWireCode(packet.wireCode), "the other side disconnected"});
      }
      return;
    case SimPacket::Kind::Message:
      if (state_ == State::Open || state_ == State::Disconnecting) messageArrived(packet);
      return;
  }
}

void SimLinkEnd::messageArrived(const SimPacket& packet) {
  if (refusing_) return;  // closing for a message over the limit: nothing more is delivered
  const std::size_t size = packet.payload ? packet.payload->size() : 0;
  if (messages_ != nullptr && size > messages_->maxMessageBytes()) {
    refusing_ = true;
    return beginDisconnect(Reason::messageTooLarge(strCat(
        "a message of ", size, " bytes from ", peer_.toString(), " is over the ",
        messages_->maxMessageBytes(), "-byte limit (MessageProtocolConfig::maxMessageBytes)")));
  }
  switch (packet.delivery) {
    case Delivery::Reliable: {
      sendAck(packet.id);
      std::vector<detail::ReceiveOrder::Payload> ready;
      order_.reliable(packet.channel, packet.sequence, packet.payload, ready);
      for (auto& payload : ready) inbox_.push_back({packet.channel, std::move(payload)});
      break;
    }
    case Delivery::Unreliable:
      if (order_.unreliable(packet.channel, packet.sequence)) {
        inbox_.push_back({packet.channel, packet.payload});
      }
      break;
    case Delivery::Unsequenced:
      if (order_.unsequenced(packet.id)) inbox_.push_back({packet.channel, packet.payload});
      break;
  }
  deliverInbox();
}

void SimLinkEnd::ackArrived(std::uint64_t id) {
  auto it = inFlight_.find(id);
  if (it == inFlight_.end()) return;  // a duplicate ack, or for a retransmission already acked
  const TimePoint now = scheduler_.clock().now();
  if (it->second.retries == 0) rtt_.sample(now - it->second.lastSent);
  retransmits_.erase({it->second.retransmitAt, id});
  inFlightBytes_ -= it->second.packet.wireBytes();
  if (it->second.packet.payload) unackedPayload_ -= it->second.packet.payload->size();
  const bool wasDisconnect = disconnectId_ == id;
  inFlight_.erase(it);
  if (wasDisconnect) return close(localReason_);
  fillWindow();
  if (state_ == State::Disconnecting) trySendDisconnect();
  updateProducer();
}

void SimLinkEnd::deliverInbox() {
  if (delivering_) return;  // the loop below picks up what arrives meanwhile
  delivering_ = true;
  while (!inbox_.empty() && !readingPaused_ && protocol_ != nullptr && state_ != State::Closed) {
    Received message = std::move(inbox_.front());
    inbox_.pop_front();
    totals_.bytesReceived += message.payload->size();
    ++totals_.packetsReceived;
    callProtocol([&] {
      if (messages_ != nullptr) {
        messages_->messageReceived(message.channel, *message.payload);
      } else {
        protocol_->dataReceived(*message.payload);
      }
    });
  }
  delivering_ = false;
}

void SimLinkEnd::resumeReading() {
  readingPaused_ = false;
  deliverInbox();
}

// --- Closing --------------------------------------------------------------------------------

void SimLinkEnd::disconnect(ReasonCode code) {
  beginDisconnect({code, "disconnected"});
}
void SimLinkEnd::loseConnection(Reason reason) {
  beginDisconnect(std::move(reason));
}
void SimLinkEnd::abort() {
  abortConnection(Reason::aborted());
}
void SimLinkEnd::abortConnection(Reason reason) {
  if (state_ == State::Open || state_ == State::Disconnecting) close(std::move(reason));
}

void SimLinkEnd::beginDisconnect(Reason localReason) {
  if (state_ != State::Open) return;
  state_ = State::Disconnecting;
  localReason_ = std::move(localReason);
  gate_.stop();
  trySendDisconnect();
}

// The goodbye goes once every reliable message was acknowledged, so the peer has delivered them
// all before it hears connectionLost; it is itself reliable, and acknowledged.
void SimLinkEnd::trySendDisconnect() {
  if (disconnectId_ || !waiting_.empty() || !inFlight_.empty()) return;
  SimPacket goodbye;
  goodbye.kind = SimPacket::Kind::Disconnect;
  goodbye.wireCode = toWireCode(localReason_.code);
  disconnectId_ = nextPacketId_;
  sendReliable(std::move(goodbye));
}

void SimLinkEnd::close(Reason reason) {
  if (state_ == State::Closed) return;
  state_ = State::Closed;
  waiting_.clear();
  waitingBytes_ = 0;
  inFlight_.clear();
  inFlightBytes_ = 0;
  unackedPayload_ = 0;
  retransmits_.clear();
  inbox_.clear();
  serviceCall_.cancel();
  gate_.stop();
  Protocol* protocol = std::exchange(protocol_, nullptr);
  messages_ = nullptr;
  if (protocol == nullptr) return;
  try {
    protocol->notifyConnectionLost(reason);
  } catch (const std::exception& e) {
    scheduler_.logger().error(
        strCat("SimLink ", host_.toString(), ": connectionLost threw: ", e.what()));
  }
}

// --- Stats and backpressure -----------------------------------------------------------------

std::size_t SimLinkEnd::queuedBytes() const {
  const TimePoint now = scheduler_.clock().now();
  while (!unreliableQueue_.empty() && unreliableQueue_.front().first <= now) {
    unreliableQueued_ -= unreliableQueue_.front().second;
    unreliableQueue_.pop_front();
  }
  return unackedPayload_ + unreliableQueued_;
}

NetStats SimLinkEnd::stats() const {
  NetStats stats;
  if (rtt_.measured()) {
    stats.rtt = rtt_.rtt();
    stats.rttVariance = rtt_.variance();
  }
  const TimePoint now = scheduler_.clock().now();
  // Loss over whole intervals of about a second, like ENet's packet-loss interval: the last
  // finished one, or the current one before any has finished.
  if (now - lossIntervalStart_ >= std::chrono::seconds(1) && intervalSent_ > 0) {
    lastIntervalLoss_ =
        100.0 * static_cast<double>(intervalLost_) / static_cast<double>(intervalSent_);
    intervalSent_ = 0;
    intervalLost_ = 0;
    lossIntervalStart_ = now;
  }
  if (lastIntervalLoss_) {
    stats.lossPercent = *lastIntervalLoss_;
  } else if (intervalSent_ > 0) {
    stats.lossPercent =
        100.0 * static_cast<double>(intervalLost_) / static_cast<double>(intervalSent_);
  }
  stats.queuedBytes = queuedBytes();
  stats.incomingBytes = order_.heldBackBytes();
  for (const Received& message : inbox_) stats.incomingBytes += message.payload->size();
  rates_.update(now, totals_, stats);
  return stats;
}

void SimLinkEnd::registerProducer(Producer& producer) {
  gate_.registerProducer(producer, state_ != State::Open);
  updateProducer();
}

void SimLinkEnd::updateProducer() {
  if (state_ != State::Open) return;
  const bool wasPaused = gate_.paused();
  gate_.update(queuedBytes(), config_.highWaterMark, config_.lowWaterMark);
  if (!wasPaused && gate_.paused()) armService();  // it drains only while the link is serviced
}

}  // namespace weft::net
