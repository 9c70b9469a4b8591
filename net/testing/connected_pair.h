// ConnectedPair: a client and a server Protocol joined in memory: both ends tested, no sockets.
// Tests: tests/net/testing/connected_pair_test.cpp
//
// Twisted's iosim (connectedServerAndClient + IOPump). Each side has its own Transport; what
// one writes waits until flush() hands it to the other, as a real network would between two
// frames. Closes follow TCP: loseConnection delivers what was written first, abortConnection
// drops it and the peer sees ConnectionLost.
#pragma once

#include <memory>

#include "net/core/protocol.h"
#include "net/core/transport.h"

namespace weft::testing {

class ConnectedPair {
 public:
  static constexpr int kMaxFlushRounds = 10'000;

  // Connects the server, then the client (a listening port accepts before the connector hears
  // back). Nothing moves until flush(). Both protocols must outlive the pair; destroying the
  // pair does not call connectionLost: flush() a close through first if the test needs it.
  ConnectedPair(net::Protocol& client, net::Protocol& server);
  ~ConnectedPair();
  ConnectedPair(const ConnectedPair&) = delete;
  ConnectedPair& operator=(const ConnectedPair&) = delete;

  // Delivers written bytes both ways until nothing moves: bytes a side writes while receiving
  // are delivered in the same flush. A side that paused reading receives nothing; the bytes
  // wait on the sender, in its bufferedBytes, where they can pause its producer. Then closes
  // what was closed: once a side that called loseConnection has had its bytes delivered, it
  // gets connectionLost with its own reason, then its peer gets Done. Asserts if the two keep
  // answering each other for more than kMaxFlushRounds rounds. Not callable from inside a
  // protocol callback.
  void flush();

  net::Transport& clientTransport();
  net::Transport& serverTransport();

 private:
  class Side;
  friend class Side;

  bool deliver(Side& from, Side& to);
  bool closeFinishedSides();
  void settleCloses();

  std::unique_ptr<Side> client_;
  std::unique_ptr<Side> server_;
  int dispatching_ = 0;  // protocol callbacks running; closes wait until none is
  int dooms_ = 0;        // closes decided so far, to deliver them in that order
};

}  // namespace weft::testing
