#include "game/client/arena_client_session.h"

#include <algorithm>
#include <cmath>

#include "game/proto/channels.h"
#include "game/proto/control_codec.h"
#include "game/proto/input_codec.h"
#include "game/proto/reasons.h"
#include "net/core/byte_reader.h"
#include "net/core/overloaded.h"
#include "net/core/str_cat.h"

namespace weft::game::client {

namespace {
// A disconnect with one of these (a client that missed the Reject still reads the code) means
// the server will say the same again: do not retry on your own.
bool refusal(net::ReasonCode code) {
  return code == proto::kVersionMismatch || code == proto::kServerFull ||
         code == proto::kBadPassword || code == proto::kNameRejected ||
         code == proto::kProtocolViolation || code == proto::kKicked;
}

net::Duration ticksToDuration(double ticks, net::Duration tickLength) {
  return std::chrono::duration_cast<net::Duration>(tickLength * ticks);
}
}  // namespace

ArenaClientSession::ArenaClientSession(const net::Clock& clock, net::Logger& logger,
                                       ArenaSessionConfig config)
    : clock_(clock), logger_(logger), config_(std::move(config)) {}

void ArenaClientSession::attach(net::MessageTransport& link) {
  link_ = &link;
  phase_ = SessionPhase::Joining;
  ring_.clear();
  ack_ = proto::kNoSnapshot;
  latest_.reset();
  interpolator_.clear();
  predictor_.reset();
  sync_.reset();
  nextTick_.reset();
  lastFrame_.reset();
  view_ = {};
  proto::Hello hello;
  hello.version = config_.version;
  hello.name = config_.name;
  hello.password = config_.password;
  hello.spectator = config_.spectator;
  sentResume_ = token_.has_value() && !config_.spectator;
  if (sentResume_) hello.resume = token_;
  std::string bytes;
  if (config_.version == proto::kProtocolVersion) {
    bytes = proto::encodeControl(proto::ClientControl{hello});
  } else {
    // Another version's Hello opens as every version's does (WIRE.md, "The version rule");
    // what follows is that version's business, and a server of this one reads no further.
    net::ByteWriter w;
    w.bytes(std::string_view(proto::kHelloMagic, sizeof proto::kHelloMagic)).u16(config_.version);
    bytes = w.data();
  }
  link.send(proto::kControlChannel, bytes, proto::kControlDelivery);
}

void ArenaClientSession::detach(const net::Reason& reason, bool willRetry) {
  link_ = nullptr;
  if (phase_ != SessionPhase::Refused) {
    phase_ = refusal(reason.code) ? SessionPhase::Refused : SessionPhase::Detached;
  }
  push(Disconnected{reason, willRetry && phase_ != SessionPhase::Refused});
}

void ArenaClientSession::messageReceived(std::uint8_t channel, std::string_view message) {
  if (!link_) return;
  if (channel == proto::kControlChannel) return control(message);
  if (channel == proto::kSnapshotChannel) return snapshot(message);
  // The chat channel is the owner's chat session's; nothing else comes from a server.
}

void ArenaClientSession::control(std::string_view message) {
  net::Result<proto::ServerControl> decoded = proto::decodeServerControl(message);
  if (!decoded) {
    ++counters_.badMessages;
    logger_.warning(net::strCat("arena client: ", decoded.error().message));
    return;
  }
  std::visit(net::Overloaded{
                 [&](const proto::Welcome& w) { welcome(w); },
                 [&](const proto::Reject& r) {
                   // A shutdown is not about this client: a restarted server takes it back.
                   if (r.code != net::ReasonCode::ShuttingDown) phase_ = SessionPhase::Refused;
                   push(Rejected{r.code, std::string(proto::describeReason(r.code)), r.detail});
                 },
                 [&](const proto::TickEvents& t) {
                   for (const sim::Event& event : t.events) {
                     if (const auto* kill = std::get_if<sim::PlayerKilled>(&event)) {
                       push(Kill{t.tick, *kill});
                     } else if (const auto* phase = std::get_if<sim::PhaseChanged>(&event)) {
                       push(PhaseChanged{t.tick, phase->phase});
                     }
                   }
                 },
                 [&](const proto::PlayerJoined& j) {
                   names_[j.player] = j.name;
                   push(PlayerJoined{j.player, j.name, j.bot});
                 },
                 [&](const proto::PlayerLeft& l) {
                   std::string name;
                   if (auto found = names_.find(l.player); found != names_.end()) {
                     name = std::move(found->second);
                     names_.erase(found);
                   }
                   push(PlayerLeft{l.player, std::move(name)});
                 },
                 [&](const proto::MapChanged& m) {
                   eras_.push_back({m.tick, m.map, m.config});
                   while (eras_.size() > 2) eras_.pop_front();
                   push(MapChanged{m.tick, m.map->name()});
                 },
             },
             decoded.value());
}

void ArenaClientSession::welcome(const proto::Welcome& w) {
  // A resumed player keeps its token; a newcomer (the grace ran out) gets a fresh one, maybe
  // under the same id.
  const bool resumed = sentResume_ && w.player != sim::kNoPlayer && w.player == player_ && token_ &&
                       w.resumeToken == *token_;
  player_ = w.player;
  if (player_ != sim::kNoPlayer) token_ = w.resumeToken;
  ticksPerSecond_ = w.config.ticksPerSecond;
  eras_.clear();
  eras_.push_back({std::numeric_limits<sim::Tick>::min(), w.map, w.config});
  names_.clear();
  sync_ = TickSync(ticksPerSecond_);
  sync_.sampleWelcome(w.serverTick, clock_.now());
  interpolator_.setTicksPerSnapshot(std::max(1, ticksPerSecond_ / std::max(1, w.snapshotRate)));
  predictor_.setPlayer(player_);
  predictor_.reset();
  phase_ = player_ == sim::kNoPlayer ? SessionPhase::Spectating : SessionPhase::Playing;
  push(Welcomed{player_, resumed, w.server});
}

const ArenaClientSession::MapEra& ArenaClientSession::eraOf(sim::Tick tick) const {
  for (auto era = eras_.rbegin(); era != eras_.rend(); ++era) {
    if (era->from <= tick) return *era;
  }
  return eras_.front();
}

void ArenaClientSession::snapshot(std::string_view message) {
  if (phase_ != SessionPhase::Playing && phase_ != SessionPhase::Spectating) return;
  proto::SnapshotResult decoded = proto::decodeSnapshot(message, ring_);
  if (!decoded) {
    // Either way the next one must be full: a baseline we lack, or bytes we cannot trust.
    ack_ = proto::kNoSnapshot;
    if (decoded.error().unknownBaseline) {
      ++counters_.unknownBaselines;
    } else {
      ++counters_.badMessages;
      logger_.warning(net::strCat("arena client: ", decoded.error().message));
    }
    return;
  }
  const proto::ReceivedSnapshot& received = decoded.value();
  const sim::Tick tick = received.state.tick;
  ++counters_.snapshots;
  ring_.put(received.state);
  if (ack_ == proto::kNoSnapshot || tick > ack_) ack_ = tick;
  if (latest_ && tick <= latest_->state.tick) return;  // an older one: a baseline, no more

  const net::TimePoint now = clock_.now();
  sync_.sample(tick, now);
  if (phase_ == SessionPhase::Playing && received.appliedInputTick < tick &&
      predictor_.inputFor(tick)) {
    ++counters_.lateInputs;
    sync_.inputLate(now);
  }
  interpolator_.add(received.state);
  const MapEra& era = eraOf(tick);
  predictor_.reconcile(received, era.map.pointer(), era.config);
  latest_ = received;
}

void ArenaClientSession::update() {
  const net::TimePoint now = clock_.now();
  const double frameSeconds = lastFrame_ ? net::toSeconds(now - *lastFrame_) : 0;
  lastFrame_ = now;
  if (link_) {
    linkStats_ = link_->stats();
    sync_.setRtt(linkStats_.rtt);
  }
  if (!link_ || (phase_ != SessionPhase::Playing && phase_ != SessionPhase::Spectating)) return;

  view_.clientTick = sync_.advance(now);
  view_.renderTick = sync_.receivedTick(now) -
                     interpolator_.delayTicks(static_cast<double>(sync_.jitter().count()) /
                                              static_cast<double>(sync_.tickLength().count()));
  if (phase_ == SessionPhase::Playing) {
    const auto newest = static_cast<sim::Tick>(std::floor(view_.clientTick));
    // The first input is for the client's tick now; after a jump (a stall) only the last
    // packet's worth is filed.
    if (!nextTick_) nextTick_ = newest;
    nextTick_ = std::max(*nextTick_, newest - proto::kMaxInputsPerPacket + 1);
    bool filed = false;
    for (; *nextTick_ <= newest; ++*nextTick_) {
      sim::Input input = input_;
      input.viewTick = std::max<sim::Tick>(0, static_cast<sim::Tick>(std::floor(view_.renderTick)));
      predictor_.addInput(*nextTick_, input);
      filed = true;
    }
    if (filed) sendInputs();
    predictor_.advanceTo(newest);
  }
  view_.others = interpolator_.sample(view_.renderTick, frameSeconds);
  std::erase_if(view_.others.players, [&](const RenderPlayer& p) { return p.id == player_; });
  predictor_.decay(frameSeconds);
  view_.own = predictor_.renderPosition(view_.clientTick);
}

void ArenaClientSession::sendInputs() {
  const sim::Tick newest = *predictor_.newestInput();
  sim::Tick first = newest - proto::kMaxInputsPerPacket + 1;
  if (latest_ && latest_->appliedInputTick != proto::kNoInput) {
    first = std::max(first, latest_->appliedInputTick + 1);
  }
  first = std::max<sim::Tick>(first, 0);
  proto::InputPacket packet;
  packet.newestTick = newest;
  packet.ackedSnapshot = ack_;
  for (sim::Tick t = first; t <= newest; ++t) {
    if (const sim::Input* input = predictor_.inputFor(t)) {
      packet.inputs.push_back(*input);
    } else {
      packet.inputs.clear();  // only a run without gaps ending at `newest` can be sent
    }
  }
  link_->send(proto::kInputChannel, proto::encodeInputPacket(packet), proto::kInputDelivery);
  ++counters_.inputPackets;
}

void ArenaClientSession::push(ClientEvent event) {
  events_.push_back(std::move(event));
  while (events_.size() > config_.maxEvents) {
    events_.pop_front();
    ++counters_.droppedEvents;
  }
}

std::vector<ClientEvent> ArenaClientSession::takeEvents() {
  std::vector<ClientEvent> out(std::make_move_iterator(events_.begin()),
                               std::make_move_iterator(events_.end()));
  events_.clear();
  return out;
}

std::optional<std::string_view> ArenaClientSession::nameOf(sim::PlayerId player) const {
  const auto found = names_.find(player);
  if (found == names_.end()) return std::nullopt;
  return found->second;
}

ArenaSessionStats ArenaClientSession::stats() const {
  ArenaSessionStats out = counters_;
  out.corrections = predictor_.corrections();
  out.frames = interpolator_.frames();
  out.starvedFrames = interpolator_.starvedFrames();
  out.rtt = sync_.rtt();
  out.jitter = sync_.jitter();
  const double jitterTicks =
      static_cast<double>(sync_.jitter().count()) / static_cast<double>(sync_.tickLength().count());
  out.interpolationDelay =
      ticksToDuration(interpolator_.delayTicks(jitterTicks), sync_.tickLength());
  out.lead = ticksToDuration(sync_.leadTicks(), sync_.tickLength());
  out.link = linkStats_;
  return out;
}

}  // namespace weft::game::client
