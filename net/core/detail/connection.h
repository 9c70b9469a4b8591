// Connection and DialAttempt: what a Connector holds, whatever the transport — a TCP or Unix
// socket (StreamConnection), an ENet peer (net/enet's EnetConnection). Internal.
// Tests: tests/net/core/connector_test.cpp, tests/net/enet/enet_connect_test.cpp
#pragma once

#include <exception>
#include <memory>
#include <optional>
#include <string>

#include "net/core/address.h"
#include "net/core/factory.h"
#include "net/core/logger.h"
#include "net/core/protocol.h"
#include "net/core/reason.h"
#include "net/core/transport.h"
#include "net/core/unique_function.h"

namespace weft::net {
class Reactor;
}

namespace weft::net::detail {

// Told when a connection closes (the Connector that made it uses this for clientConnectionLost).
class ConnectionObserver {
 public:
  virtual void connectionClosed(const Reason& reason) = 0;

 protected:
  ~ConnectionObserver() = default;
};

// A live connection with its protocol. The transport owns it; an owner such as a Connector
// only observes it and may close it.
class Connection : public Transport {
 public:
  // Calls connectionMade. Separate from construction so the owner can record the connection
  // before user code runs.
  virtual void start() = 0;
  virtual Protocol& protocol() = 0;
  virtual void setObserver(ConnectionObserver* observer) = 0;
  // Closes at once: the protocol's connectionLost runs inside this call. For owners being
  // destroyed, which may be inside a callback of this very connection: the object itself
  // lives until the current dispatch ends.
  virtual void abortNow(Reason reason) = 0;
};

// "protocol for 127.0.0.1:5000 threw in dataReceived: bad input; closing that connection"
std::string callbackErrorLine(const Address& peer, const char* callback, const std::string& what);

// Runs one protocol callback of `connection`. A throw is logged and returned as the reason to
// close that connection, and only that one (the caller aborts with it). The peer's address is
// asked for only then: connections keep it compactly, and this runs for every read.
template <typename F>
std::optional<Reason> runProtocolCallback(Logger& logger, const Transport& connection,
                                          const char* callback, F&& f) {
  std::string what;
  try {
    f();
    return std::nullopt;
  } catch (const std::exception& e) {
    what = e.what();
  } catch (...) {
    what = "a non-standard exception";
  }
  logger.error(callbackErrorLine(connection.peer(), callback, what));
  return Reason::callbackError(std::string(callback) + ": " + what);
}

// The protocol a server builds for a newcomer from `peer`: null when the factory refuses, or
// throws (logged), which ends only that newcomer.
std::unique_ptr<Protocol> buildServerProtocol(Logger& logger, Factory& factory, const Address& peer);

// How every connection ends: its protocol hears connectionLost (a throw is logged, not
// propagated), then the observer, which is forgotten.
void reportClosed(Logger& logger, const Address& peer, Protocol& protocol,
                  ConnectionObserver*& observer, const Reason& reason);

// One attempt to reach one address. Destroying it gives the attempt up.
class DialAttempt {
 public:
  virtual ~DialAttempt() = default;
  // After a successful DialDone: the connection around `protocol`, not started yet; null (the
  // error logged) if it could not be made. Called at most once.
  virtual Connection* establish(std::unique_ptr<Protocol> protocol,
                                ConnectionObserver* observer) = 0;
};

// nullopt: connected, establish() next. Otherwise why the attempt failed, in a sentence a
// player can read ("Connection refused: nothing accepts connections at 127.0.0.1:7777").
using DialDone = UniqueFunction<void(std::optional<Reason> failure)>;

// A started attempt, or the reason it could not even start (`attempt` null).
struct DialStart {
  std::unique_ptr<DialAttempt> attempt;
  Reason failure;
};

// TCP and Unix sockets (net/core/detail/stream_dial.cpp); every kind dials through its
// EndpointTransport (net/core/detail/endpoint_transport.h). `done` is never called from inside
// the dial call itself.
DialStart dialStream(Reactor& reactor, const Address& address, DialDone done);

}  // namespace weft::net::detail
