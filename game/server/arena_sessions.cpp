// ArenaServer's sessions: connections coming and going, the handshake, and what each may send.
#include "game/proto/channels.h"
#include "game/proto/control_codec.h"
#include "game/proto/input_codec.h"
#include "game/server/arena_server.h"
#include "net/chat/chat_room.h"
#include "net/chat/chat_text.h"
#include "net/core/overloaded.h"
#include "net/core/str_cat.h"

namespace weft::game::server {

namespace {
// As long as a chat name, so a player is called the same in the game and in its chat.
const std::size_t kMaxNameCharacters = net::ChatRoomConfig{}.maxNameCharacters;
}  // namespace

ArenaServer::Session* ArenaServer::find(SessionId id) {
  for (Session& session : sessions_) {
    if (session.id == id && session.link) return &session;
  }
  return nullptr;
}

SessionId ArenaServer::connected(net::MessageTransport& link) {
  Session& session = sessions_.emplace_back();
  session.id = nextSession_++;
  session.link = &link;
  session.connectedAt = scheduler_.clock().now();
  if (shutDown_) reject(session, net::ReasonCode::ShuttingDown, "the server is shutting down");
  return session.id;
}

void ArenaServer::disconnected(SessionId id, const net::Reason& reason) {
  Session* session = find(id);
  if (!session) return;
  session->link = nullptr;  // swept out between steps
  if (session->state == SessionState::Playing) {
    Player& player = *players_[session->player];
    player.session.reset();
    if (config_.resumeGrace > net::Duration::zero() && !reason.clean()) {
      held_.hold(session->player, player.token, scheduler_.clock().now());
    } else {
      removePlayer(session->player);
    }
  }
  session->state = SessionState::Closing;
}

void ArenaServer::received(SessionId id, std::uint8_t channel, std::string_view message) {
  Session* session = find(id);
  if (!session || session->state == SessionState::Closing) return;
  switch (channel) {
    case proto::kControlChannel:
      return receivedControl(*session, message);
    case proto::kInputChannel:
      return receivedInput(*session, message);
    case proto::kChatChannel:
      return;  // the protocol's chat session reads it
    default:
      return drop(*session, proto::kProtocolViolation,
                  net::strCat("a message on channel ", static_cast<int>(channel),
                              ", where a client sends nothing"));
  }
}

void ArenaServer::receivedControl(Session& session, std::string_view message) {
  net::Result<proto::ClientControl> decoded = proto::decodeClientControl(message);
  if (!decoded) return drop(session, proto::kProtocolViolation, decoded.error().message);
  std::visit(net::Overloaded{
                 [&](const proto::Hello& h) { hello(session, h); },
                 [&](const proto::Follow& f) {
                   if (session.state == SessionState::AwaitingHello) {
                     return drop(session, proto::kProtocolViolation, "a Follow before the Hello");
                   }
                   session.follow = f.player;
                 },
             },
             decoded.value());
}

void ArenaServer::receivedInput(Session& session, std::string_view message) {
  net::Result<proto::InputPacket> decoded = proto::decodeInputPacket(message);
  if (!decoded) return drop(session, proto::kProtocolViolation, decoded.error().message);
  // Inputs travel unreliably beside the Hello and may overtake it, and a spectator has no
  // player to move: counted, not held against the client. The packet names no player: a
  // session can only ever move its own.
  const proto::InputPacket& packet = decoded.value();
  // Input packets arrive in any order: the newest one's ack is the client's latest word. A
  // spectator sends them for the ack alone, so it too gets deltas rather than full snapshots.
  if (session.state != SessionState::AwaitingHello && packet.newestTick > session.ackFromTick) {
    session.ackFromTick = packet.newestTick;
    session.ackedSnapshot = packet.ackedSnapshot;
  }
  if (session.state != SessionState::Playing) {
    ++stats_.ignoredInputs;
    return;
  }
  InputBuffer& inputs = players_[session.player]->inputs;
  for (std::size_t i = 0; i < packet.inputs.size(); ++i) {
    inputs.offer(proto::inputTick(packet, i), packet.inputs[i]);
  }
}

void ArenaServer::hello(Session& session, const proto::Hello& hello) {
  if (session.state != SessionState::AwaitingHello) {
    return drop(session, proto::kProtocolViolation, "a second Hello");
  }
  if (hello.version != proto::kProtocolVersion) {
    return reject(session, proto::kVersionMismatch,
                  net::strCat("this server speaks version ", proto::kProtocolVersion,
                              " of the arena protocol, the client version ", hello.version));
  }
  if (config_.password && hello.password != config_.password) {
    return reject(session, proto::kBadPassword,
                  hello.password ? "wrong password" : "this server needs a password");
  }
  if (hello.resume) {
    std::optional<sim::PlayerId> id = held_.claim(*hello.resume, scheduler_.clock().now());
    if (!id) id = takeOver(*hello.resume);
    if (id) {
      Player& player = *players_[*id];
      player.session = session.id;
      player.inputs = InputBuffer(world_.tick + 1);
      session.state = SessionState::Playing;
      session.player = *id;
      ++stats_.resumed;
      return welcome(session);
    }
    // Out of grace (or never ours): join as a newcomer, which the Welcome's id shows.
  }
  if (hello.spectator) {
    if (spectatorCount() >= config_.maxSpectators) {
      return reject(session, proto::kServerFull,
                    net::strCat("all ", config_.maxSpectators, " spectator places are taken"));
    }
    session.state = SessionState::Spectating;
    return welcome(session);
  }
  if (playerCount() >= config_.maxPlayers && !evictBot()) {
    return reject(session, proto::kServerFull,
                  config_.maxSpectators > 0
                      ? net::strCat("all ", config_.maxPlayers,
                                    " places are taken; join as a spectator to watch")
                      : net::strCat("all ", config_.maxPlayers, " places are taken"));
  }
  std::string name = net::sanitizeName(hello.name, kMaxNameCharacters).name;
  if (name.empty()) name = "player";
  const sim::PlayerId id = addPlayer(uniqueName(name), false);
  Player& player = *players_[id];
  player.session = session.id;
  for (std::size_t i = 0; i < player.token.size(); i += 8) {
    const std::uint64_t bits = random_();
    for (std::size_t b = 0; b < 8; ++b)
      player.token[i + b] = static_cast<std::uint8_t>(bits >> (8 * b));
  }
  session.state = SessionState::Playing;
  session.player = id;
  welcome(session);
}

void ArenaServer::welcome(Session& session) {
  proto::Welcome welcome;
  welcome.player = session.state == SessionState::Playing ? session.player : sim::kNoPlayer;
  welcome.serverTick = world_.tick;
  welcome.snapshotRate = config_.snapshotRate;
  welcome.server = {config_.name, static_cast<std::uint8_t>(config_.maxPlayers),
                    static_cast<std::uint8_t>(playerCount())};
  if (session.state == SessionState::Playing) welcome.resumeToken = players_[session.player]->token;
  welcome.config = config_.sim;
  welcome.map = world_.map;
  session.link->send(proto::kControlChannel, proto::encodeControl(proto::ServerControl{welcome}),
                     proto::kControlDelivery);
  // Everyone already in, itself included (its own PlayerJoined went out before it was welcome).
  for (std::size_t id = 0; id < players_.size(); ++id) {
    if (!players_[id]) continue;
    const proto::PlayerJoined joined{static_cast<sim::PlayerId>(id), players_[id]->name,
                                     players_[id]->bot};
    session.link->send(proto::kControlChannel, proto::encodeControl(proto::ServerControl{joined}),
                       proto::kControlDelivery);
  }
}

void ArenaServer::reject(Session& session, net::ReasonCode code, std::string detail) {
  ++stats_.rejected;
  close(session, code, std::move(detail));
}

void ArenaServer::drop(Session& session, net::ReasonCode code, std::string detail) {
  ++stats_.badMessages;
  close(session, code, std::move(detail));
}

void ArenaServer::close(Session& session, net::ReasonCode code, std::string detail) {
  if (session.state == SessionState::Playing) {
    // Sent away, not dropped by the network: nothing to resume.
    players_[session.player]->session.reset();
    removePlayer(session.player);
  }
  session.state = SessionState::Closing;
  // The Reject first, so a client reads the sentence, then the disconnect, whose code reaches
  // a client that missed it (WIRE.md). The transport's connectionLost ends the session.
  session.link->send(
      proto::kControlChannel,
      proto::encodeControl(proto::ServerControl{proto::Reject{code, std::move(detail)}}),
      proto::kControlDelivery);
  if (session.link) session.link->disconnect(code);  // unless the send itself lost it
}

std::optional<sim::PlayerId> ArenaServer::takeOver(const proto::ResumeToken& token) {
  // A client that reconnects before the server noticed its old connection is gone (ENet takes
  // seconds to time a peer out) shows a token whose player is still connected: the newest
  // connection wins, and the old one is closed, so a resume never depends on that race.
  for (std::size_t id = 0; id < players_.size(); ++id) {
    Player* player = players_[id] ? &*players_[id] : nullptr;
    if (!player || player->bot || !player->session || player->token != token) continue;
    if (Session* old = find(*player->session)) {
      player->session.reset();
      old->state = SessionState::Closing;  // its player is not removed: it moves
      old->link->send(proto::kControlChannel,
                      proto::encodeControl(proto::ServerControl{proto::Reject{
                          net::ReasonCode::Kicked, "replaced by a newer connection"}}),
                      proto::kControlDelivery);
      if (old->link) old->link->disconnect(net::ReasonCode::Kicked);
    }
    return static_cast<sim::PlayerId>(id);
  }
  return std::nullopt;
}

std::string ArenaServer::uniqueName(std::string_view wanted) const {
  const auto taken = [&](const std::string& key) {
    return std::any_of(players_.begin(), players_.end(),
                       [&](const auto& p) { return p && p->key == key; });
  };
  std::string name(wanted);
  for (int n = 2; taken(net::nameKey(name)); ++n) name = net::strCat(wanted, n);
  return name;
}

}  // namespace weft::game::server
