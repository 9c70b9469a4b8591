// StandardIO: a Protocol connected to this process's stdin and stdout (Twisted's
// stdio.StandardIO) — how a terminal tool reads typed lines through the reactor, with no
// thread and no blocking read. Tests: tests/net/core/standard_io_test.cpp
#pragma once

#include <unistd.h>

#include <memory>

#include "net/core/detail/event_loop.h"
#include "net/core/protocol.h"
#include "net/core/scheduler.h"

namespace weft::net {

class Reactor;

namespace detail {
class StdioConnection;
}

// Input arrives as dataReceived; end of input (Ctrl-D, a closed pipe) is connectionLost(Done).
// Writes go to the output descriptor at once (a terminal or pipe; they block only if its
// reader stalls). loseConnection ends reading. Works when stdin is a file, too.
class StandardIO {
 public:
  StandardIO(Reactor& reactor, std::unique_ptr<Protocol> protocol, int inputFd = STDIN_FILENO,
             int outputFd = STDOUT_FILENO);
  // Closes: the protocol gets connectionLost(Done) if it has not yet.
  ~StandardIO();
  StandardIO(const StandardIO&) = delete;
  StandardIO& operator=(const StandardIO&) = delete;

  // The protocol, while the connection is open (null after connectionLost).
  Protocol* protocol() const;
  bool closed() const;

 private:
  Reactor& reactor_;
  detail::HandleId handle_ = 0;
  std::shared_ptr<detail::StdioConnection*> connection_;
};

}  // namespace weft::net
