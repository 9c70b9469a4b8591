#include "game/server/arena_chat_notices.h"

#include "net/core/overloaded.h"
#include "net/core/str_cat.h"

namespace weft::game::server {

namespace {
const char* weaponName(sim::Weapon weapon) {
  return weapon == sim::Weapon::Laser ? "the laser" : "a rocket";
}
}  // namespace

ArenaChatNotices::ArenaChatNotices(ArenaServer& server, net::ChatRoom& room, net::Logger* log)
    : server_(server), room_(room), log_(log) {
  server_.setObserver(this);
}

ArenaChatNotices::~ArenaChatNotices() {
  server_.setObserver(nullptr);
}

std::string ArenaChatNotices::nameOf(sim::PlayerId player) const {
  const auto name = server_.nameOf(player);
  return name ? std::string(*name) : net::strCat("player ", static_cast<int>(player));
}

void ArenaChatNotices::playerJoined(sim::PlayerId, std::string_view name, bool bot) {
  say(net::strCat(name, bot ? " (a bot)" : "", " entered the arena"));
}

void ArenaChatNotices::playerLeft(sim::PlayerId, std::string_view name) {
  say(net::strCat(name, " left the arena"));
}

void ArenaChatNotices::stepped(const proto::TickEvents& events) {
  for (const sim::Event& event : events.events) {
    std::visit(net::Overloaded{
                   [&](const sim::PlayerKilled& k) {
                     say(k.killer == k.victim
                             ? net::strCat(nameOf(k.victim), " was killed by their own ",
                                           k.weapon == sim::Weapon::Laser ? "laser" : "rocket")
                             : net::strCat(nameOf(k.killer), " killed ", nameOf(k.victim), " with ",
                                           weaponName(k.weapon)));
                   },
                   [&](const sim::PhaseChanged& p) {
                     if (p.phase == sim::MatchPhase::Playing) {
                       say(net::strCat("The match on ", server_.world().map->name(), " has begun"));
                     } else if (p.phase == sim::MatchPhase::Results) {
                       say(winnerLine());
                     }
                   },
                   [](const auto&) {},
               },
               event);
  }
}

void ArenaChatNotices::say(const std::string& notice) {
  room_.announce(notice);
  if (log_) log_->info(notice);
}

std::string ArenaChatNotices::winnerLine() const {
  const sim::Player* best = nullptr;
  bool tied = false;
  for (const auto& player : server_.world().players) {
    if (!player) continue;
    if (!best || player->score > best->score) {
      best = &*player;
      tied = false;
    } else if (player->score == best->score) {
      tied = true;
    }
  }
  if (!best) return "The match is over";
  if (tied) return net::strCat("The match is over: a draw at ", best->score);
  return net::strCat("The match is over: ", nameOf(best->id), " wins with ", best->score,
                     best->score == 1 ? " kill" : " kills");
}

}  // namespace weft::game::server
