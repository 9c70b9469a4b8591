// ArenaChatNotices: the arena's news in its chat room — who entered and left the arena, every
// kill, the match's start and its winner — so telnet users and players read one kill feed.
// Tests: tests/game/server/arena_protocol_test.cpp
#pragma once

#include <string>

#include "game/server/arena_server.h"
#include "net/chat/chat_room.h"

namespace weft::game::server {

class ArenaChatNotices final : public ArenaServerObserver {
 public:
  // Observes `server` from now until destroyed; both must outlive it.
  ArenaChatNotices(ArenaServer& server, net::ChatRoom& room);
  ~ArenaChatNotices();
  ArenaChatNotices(const ArenaChatNotices&) = delete;
  ArenaChatNotices& operator=(const ArenaChatNotices&) = delete;

  void playerJoined(sim::PlayerId player, std::string_view name, bool bot) override;
  void playerLeft(sim::PlayerId player, std::string_view name) override;
  void stepped(const proto::TickEvents& events) override;

 private:
  std::string nameOf(sim::PlayerId player) const;
  std::string winnerLine() const;

  ArenaServer& server_;
  net::ChatRoom& room_;
};

}  // namespace weft::game::server
