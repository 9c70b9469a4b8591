// StandardIO: a Protocol connected to this process's stdin and stdout (Twisted's
// stdio.StandardIO) — how a terminal tool reads typed lines through the reactor, with no
// thread and no blocking read. Tests: tests/net/core/standard_io_test.cpp
#pragma once

#include <unistd.h>

#include <memory>

#include "net/core/protocol.h"
#include "net/core/scheduler.h"

namespace weft::net {

class Reactor;

namespace detail {
class StdioConnection;
}

// Input arrives as dataReceived; end of input (Ctrl-D, a closed pipe) is connectionLost(Done).
// Writes go to the output descriptor at once (a terminal or pipe; they block only if its
// reader stalls). loseConnection ends reading. Works when stdin is a file or /dev/null, too.
// The protocol belongs to this object and lives as long as it does, past connectionLost: piped
// input can end before anything else has happened, and other objects may still refer to it.
class StandardIO {
 public:
  StandardIO(Reactor& reactor, std::unique_ptr<Protocol> protocol, int inputFd = STDIN_FILENO,
             int outputFd = STDOUT_FILENO);
  // Closes: the protocol gets connectionLost(Done) if it has not yet.
  ~StandardIO();
  StandardIO(const StandardIO&) = delete;
  StandardIO& operator=(const StandardIO&) = delete;

  Protocol& protocol() const { return *protocol_; }
  // True once input ended or the protocol closed standard I/O.
  bool closed() const;

 private:
  std::unique_ptr<Protocol> protocol_;
  std::shared_ptr<detail::StdioConnection*> connection_;
};

}  // namespace weft::net
