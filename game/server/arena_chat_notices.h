// ArenaChatNotices: the arena's news in its chat room — who entered and left the arena, every
// kill, the match's start and its winner — so telnet users and players read one kill feed.
// Tests: tests/game/server/arena_protocol_test.cpp
#pragma once

#include <string>

#include "game/server/arena_server.h"
#include "net/chat/chat_room.h"
#include "net/core/logger.h"

namespace weft::game::server {

class ArenaChatNotices final : public ArenaServerObserver {
 public:
  // Observes `server` from now until destroyed; both (and `log`) must outlive it. With a log,
  // each notice is also logged (Info): a dedicated server's record of who came and went.
  ArenaChatNotices(ArenaServer& server, net::ChatRoom& room, net::Logger* log = nullptr);
  ~ArenaChatNotices();
  ArenaChatNotices(const ArenaChatNotices&) = delete;
  ArenaChatNotices& operator=(const ArenaChatNotices&) = delete;

  void playerJoined(sim::PlayerId player, std::string_view name, bool bot) override;
  void playerLeft(sim::PlayerId player, std::string_view name) override;
  void stepped(const proto::TickEvents& events) override;

 private:
  std::string nameOf(sim::PlayerId player) const;
  std::string winnerLine() const;
  void say(const std::string& notice);

  ArenaServer& server_;
  net::ChatRoom& room_;
  net::Logger* log_;
};

}  // namespace weft::game::server
