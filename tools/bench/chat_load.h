// ChatLoad: weft-bench's chat load generator — N telnet-style members on loopback, S of them
// senders that keep W messages in flight, each message stamped with its send time — counting
// every delivery and timing a sample of them. Raw sockets and epoll, so the generator costs as
// little as possible and is the same for every server it measures.
// Run: weft-bench chat-fanout. Tests: tests/tools/bench/chat_load_test.cpp
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "net/core/result.h"

namespace weft::bench {

struct FanoutRun {
  std::size_t senders = 10;
  std::size_t window = 4;                       // messages each sender keeps in flight
  std::chrono::milliseconds warmUp{1000};       // sending, not counted
  std::chrono::milliseconds measured{5000};     // counted
  std::chrono::milliseconds drainLimit{10000};  // after the window, for the last echoes
  std::size_t latencyEvery = 10;                // time deliveries to every Nth member
  // Called as the measured window opens and closes (to read the server's CPU time there).
  std::function<void()> windowOpened;
  std::function<void()> windowClosed;
};

struct FanoutFigures {
  double seconds = 0;               // the measured window, as it really lasted
  std::uint64_t deliveries = 0;     // message lines received by all members in the window
  std::uint64_t messages = 0;       // messages the senders sent in the window
  std::vector<double> latenciesUs;  // send to receipt, for the timed members
  double generatorCpuSeconds = 0;   // this process's CPU time in the window
};

class ChatLoad {
 public:
  // Connects `members` members to 127.0.0.1:`port`, names them c0, c1..., and waits until
  // each is registered and has read everything the joins caused (a sync line from c0 that all
  // must see). Every wait ends by `limit`; the error says how far it got.
  static net::Result<ChatLoad> join(std::uint16_t port, std::size_t members,
                                    std::chrono::milliseconds limit);

  ChatLoad(ChatLoad&& other) noexcept;
  ChatLoad& operator=(ChatLoad&&) = delete;
  ChatLoad(const ChatLoad&) = delete;
  ~ChatLoad();  // closes every member's socket

  // Members 0..senders-1 send "m SENDER SEQ NANOS" lines, each keeping `window` unanswered
  // (until its own line comes back). After warm-up, counts the window; then stops sending and
  // waits for the messages in flight. Needs senders <= members.
  net::Result<FanoutFigures> fanOut(const FanoutRun& run);

  // Reads whatever is waiting (the members must never make the server buffer for them).
  void drain(std::chrono::milliseconds limit);

  std::size_t members() const;

 private:
  struct Member;
  ChatLoad();
  net::Result<void> addMember(std::uint16_t port, std::size_t index);
  // Reads every ready member once, passing complete lines to `onLine(member, line)`. Returns
  // false on a closed or failed member (error_ says which).
  template <typename OnLine>
  bool pollOnce(int timeoutMs, OnLine&& onLine);
  net::Result<void> sync(std::string marker, std::chrono::steady_clock::time_point until);

  int epoll_ = -1;
  std::vector<Member> members_;
  std::vector<char> buffer_;
  std::string error_;
};

}  // namespace weft::bench
