#include "game/server/arena_server.h"

#include <algorithm>

#include "game/proto/channels.h"
#include "game/proto/control_codec.h"
#include "game/proto/snapshot_codec.h"
#include "game/sim/checksum.h"
#include "game/sim/step.h"
#include "net/chat/chat_text.h"
#include "net/core/assert.h"
#include "net/core/str_cat.h"

namespace weft::game::server {

namespace {
// Bots are named like players, so the scoreboard and the kill feed read naturally; "bot" says
// what they are (PlayerJoined::bot tells clients too).
constexpr std::string_view kBotNames[] = {"Ada", "Bo", "Cy",  "Dee", "Eli", "Fay", "Gus", "Hal",
                                          "Ida", "Jo", "Kit", "Lou", "Max", "Ned", "Oz",  "Pip"};

std::uint64_t randomSeed() {
  std::random_device device;
  return (static_cast<std::uint64_t>(device()) << 32) ^ device();
}
}  // namespace

ArenaServer::ArenaServer(net::Scheduler& scheduler, ArenaServerConfig config)
    : scheduler_(scheduler),
      config_(std::move(config)),
      random_(randomSeed()),
      held_(config_.resumeGrace),
      loop_(scheduler, [this] {
        // One step per tick, and the ticks the loop missed while it ran late, up to a limit.
        const auto missed = static_cast<int>(std::min<std::uint64_t>(
            loop_.lastSkipped(), static_cast<std::uint64_t>(kMaxCatchUpTicks)));
        stats_.ticksSkipped += loop_.lastSkipped() - static_cast<std::uint64_t>(missed);
        for (int i = 0; i <= missed && !shutDown_; ++i) {
          const net::TimePoint started = scheduler_.clock().now();
          tick();
          // Kept for whoever reads them; bounded if nobody does (an hour at 50 Hz).
          if (tickDurations_.size() < 180'000) {
            tickDurations_.push_back(scheduler_.clock().now() - started);
          }
        }
      }) {
  const std::string problem = validate(config_);
  WEFT_ASSERT(problem.empty(), "ArenaServer: the config is not usable (check validate() first)");
  world_ = sim::makeWorld(config_.maps.front(), config_.sim, config_.seed);
}

ArenaServer::~ArenaServer() = default;

void ArenaServer::start() {
  fillBots();
  const auto interval = std::chrono::duration_cast<net::Duration>(std::chrono::seconds(1)) /
                        config_.sim.ticksPerSecond;
  (void)loop_.start(interval, false);
}

void ArenaServer::record(std::function<void(std::string_view)> sink) {
  WEFT_ASSERT(world_.tick == 0 && playerCount() == 0,
              "ArenaServer::record: call it before start(), with the world at tick 0");
  recordSink_ = std::move(sink);
  recordSink_(proto::RecordWriter::begin({config_.name, config_.seed, config_.sim, world_.map}));
}

void ArenaServer::shutdown(net::ReasonCode code) {
  if (shutDown_) return;
  shutDown_ = true;
  loop_.stop();
  for (Session& session : sessions_) {
    if (session.link && session.state != SessionState::Closing) {
      close(session, code, "the server is shutting down");
    }
  }
}

int ArenaServer::playerCount() const {
  return static_cast<int>(
      std::count_if(players_.begin(), players_.end(), [](const auto& p) { return p.has_value(); }));
}
int ArenaServer::botCount() const {
  return static_cast<int>(
      std::count_if(players_.begin(), players_.end(), [](const auto& p) { return p && p->bot; }));
}
int ArenaServer::spectatorCount() const {
  return static_cast<int>(std::count_if(sessions_.begin(), sessions_.end(), [](const Session& s) {
    return s.state == SessionState::Spectating;
  }));
}
std::optional<std::string_view> ArenaServer::nameOf(sim::PlayerId player) const {
  if (player >= sim::kMaxPlayers || !players_[player]) return std::nullopt;
  return players_[player]->name;
}

std::vector<net::NetStats> ArenaServer::clientStats() const {
  std::vector<net::NetStats> out;
  for (const Session& session : sessions_) {
    if (session.link &&
        (session.state == SessionState::Playing || session.state == SessionState::Spectating)) {
      out.push_back(session.link->stats());
    }
  }
  return out;
}

void ArenaServer::tick() {
  expireSessions();
  const sim::Tick next = world_.tick + 1;  // an input is stamped with the tick its step makes
  sim::TickInputs inputs{};
  for (std::size_t id = 0; id < players_.size(); ++id) {
    auto& player = players_[id];
    if (!player) continue;
    if (player->bot) {
      inputs[id] = sim::botInput(world_, static_cast<sim::PlayerId>(id), player->botState);
    } else if (player->session) {
      inputs[id] = player->inputs.take(next);
    }  // a player held for a resume stands still
  }
  if (recordSink_) {
    std::uint64_t present = 0;
    for (std::size_t id = 0; id < players_.size(); ++id) {
      if (players_[id]) present |= std::uint64_t{1} << id;
    }
    recordSink_(recorder_.writeStep(inputs, present));
  }
  sim::Events events = sim::step(world_, inputs);
  ++stats_.ticks;
  // A checksum a second lets a replay say where it went wrong, not only that it did.
  if (recordSink_ && world_.tick % config_.sim.ticksPerSecond == 0) {
    recordSink_(recorder_.write(proto::RecordChecksum{world_.tick, sim::checksum(world_)}));
  }
  if (!events.empty()) {
    proto::TickEvents message{world_.tick, {}};
    for (std::size_t first = 0; first < events.size(); first += proto::kMaxEventsPerMessage) {
      const std::size_t last = std::min(events.size(), first + proto::kMaxEventsPerMessage);
      message.events.assign(events.begin() + static_cast<std::ptrdiff_t>(first),
                            events.begin() + static_cast<std::ptrdiff_t>(last));
      broadcast(message);
      if (observer_) observer_->stepped(message);
    }
  }
  if (world_.match.phase == sim::MatchPhase::NextMap) nextMap();
  if (world_.tick % (config_.sim.ticksPerSecond / config_.snapshotRate) == 0) sendSnapshots();
}

void ArenaServer::sendSnapshots() {
  proto::Snapshot snapshot = proto::snapshotOf(world_);
  for (Session& session : sessions_) {
    if (!session.link) continue;
    if (session.state != SessionState::Playing && session.state != SessionState::Spectating) {
      continue;
    }
    const proto::Snapshot* baseline = session.ackedSnapshot == proto::kNoSnapshot
                                          ? nullptr
                                          : sentSnapshots_.find(session.ackedSnapshot);
    sim::Tick applied = proto::kNoInput;
    if (session.state == SessionState::Playing) {
      applied = players_[session.player]->inputs.lastOwnTick().value_or(proto::kNoInput);
    }
    const std::string bytes = proto::encodeSnapshot(snapshot, baseline, applied);
    session.link->send(proto::kSnapshotChannel, bytes, proto::kSnapshotDelivery);
    ++stats_.snapshotsSent;
    stats_.snapshotBytes += bytes.size();
    if (!baseline) ++stats_.fullSnapshots;
  }
  sentSnapshots_.put(std::move(snapshot));
}

void ArenaServer::nextMap() {
  mapIndex_ = (mapIndex_ + 1) % config_.maps.size();
  sim::resetForNextMap(world_, config_.maps[mapIndex_]);
  if (recordSink_) recordSink_(recorder_.write(proto::RecordMap{world_.map}));
  broadcast(proto::MapChanged{world_.tick, config_.sim, world_.map});
}

void ArenaServer::expireSessions() {
  const net::TimePoint now = scheduler_.clock().now();
  // Closed sessions go here, between steps, so no loop over them ever sees one vanish.
  std::erase_if(sessions_, [](const Session& s) { return !s.link; });
  for (Session& session : sessions_) {
    if (session.state == SessionState::AwaitingHello &&
        now - session.connectedAt >= config_.helloTimeout) {
      reject(session, net::ReasonCode::TimedOut,
             net::strCat("no Hello within ", config_.helloTimeout));
    }
  }
  for (sim::PlayerId id : held_.expire(now)) {
    ++stats_.expired;
    removePlayer(id);
  }
  fillBots();
}

void ArenaServer::broadcast(const proto::ServerControl& message) {
  const std::string bytes = proto::encodeControl(message);
  for (Session& session : sessions_) {
    if (session.link &&
        (session.state == SessionState::Playing || session.state == SessionState::Spectating)) {
      session.link->send(proto::kControlChannel, bytes, proto::kControlDelivery);
    }
  }
}

std::optional<sim::PlayerId> ArenaServer::freeId() const {
  for (std::size_t id = 0; id < players_.size(); ++id) {
    if (!players_[id]) return static_cast<sim::PlayerId>(id);
  }
  return std::nullopt;
}

sim::PlayerId ArenaServer::addPlayer(std::string name, bool bot) {
  const std::optional<sim::PlayerId> id = freeId();
  WEFT_ASSERT(id.has_value(), "ArenaServer::addPlayer: no free id (check playerCount first)");
  sim::addPlayer(world_, *id);
  Player& player = players_[*id].emplace();
  player.name = std::move(name);
  player.key = net::nameKey(player.name);
  player.bot = bot;
  player.inputs = InputBuffer(world_.tick + 1);
  // Each bot's aim errors and reactions come from the world's seed, the bot's id and when it
  // came: a rerun of the same match plays the same.
  player.botState =
      sim::BotState(config_.seed * 0x9E3779B97F4A7C15ull + *id * 1000003ull + world_.tick);
  if (recordSink_) recordSink_(recorder_.write(proto::RecordJoin{*id, player.name, bot}));
  broadcast(proto::PlayerJoined{*id, player.name, bot});
  if (observer_) observer_->playerJoined(*id, player.name, bot);
  return *id;
}

void ArenaServer::removePlayer(sim::PlayerId id) {
  if (!players_[id]) return;
  const std::string name = std::move(players_[id]->name);
  sim::removePlayer(world_, id);
  players_[id].reset();
  if (recordSink_) recordSink_(recorder_.write(proto::RecordLeave{id}));
  broadcast(proto::PlayerLeft{id});
  if (observer_) observer_->playerLeft(id, name);
}

bool ArenaServer::evictBot() {
  for (std::size_t id = players_.size(); id-- > 0;) {
    if (players_[id] && players_[id]->bot) {
      removePlayer(static_cast<sim::PlayerId>(id));
      return true;
    }
  }
  return false;
}

void ArenaServer::fillBots() {
  if (shutDown_) return;
  std::size_t next = static_cast<std::size_t>(botCount());
  while (botCount() < config_.bots && playerCount() < config_.maxPlayers) {
    const std::string_view base = kBotNames[next++ % std::size(kBotNames)];
    addPlayer(uniqueName(net::strCat("bot ", base)), true);
  }
}

}  // namespace weft::game::server
