// Connector: one outgoing connection and its retries, as an RAII handle (Twisted's connector):
// resolves off-thread, tries each address, times out, and reports every outcome to its
// ClientFactory, from whose callbacks connect() may be called again. Tests: tests/net/core/connector_test.cpp
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "net/core/address.h"
#include "net/core/assert.h"
#include "net/core/endpoint.h"
#include "net/core/protocol.h"
#include "net/core/reactor.h"
#include "net/core/reason.h"
#include "net/core/scheduler.h"
#include "net/core/transport.h"

namespace weft::net {

class ClientFactory;

namespace detail {
class Connection;
class DialAttempt;
}  // namespace detail

class Connector final {
 public:
  enum class State : std::uint8_t { Disconnected, Connecting, Connected };

  // Stops an attempt, or aborts the connection — its protocol's connectionLost runs now, while
  // everything it may refer to still exists; the factory hears nothing more, except its
  // stopFactory if this was its last user.
  ~Connector();
  Connector(const Connector&) = delete;
  Connector& operator=(const Connector&) = delete;

  // Starts a new attempt; ignored (with a warning) unless Disconnected.
  void connect();
  // Gives up the current attempt: clientConnectionFailed with Cancelled.
  void stopConnecting();
  // Gives up the attempt, or closes the connection cleanly (clientConnectionLost follows).
  void disconnect();

  State state() const { return state_; }
  const Endpoint& destination() const { return endpoint_; }
  // The reactor it runs on (its scheduler is where a factory schedules retries).
  Reactor& reactor() const {
    WEFT_ASSERT(reactor_ != nullptr, "Connector::reactor() after its reactor was destroyed");
    return *reactor_;
  }
  // The connection's transport and protocol while Connected, else null.
  Transport* transport() const;
  Protocol* protocol() const;

 private:
  friend class Reactor;
  // What the reactor and the connection call back: its destruction, the connection's close.
  class Hooks;
  Connector(Reactor& reactor, Endpoint endpoint, ClientFactory& factory);
  void detach();

  void startAttempt();
  bool tryNextAddress();
  void dialResult(std::optional<Reason> failure);
  void fail(Reason reason);
  void failSoon(Reason reason);
  void finishAttempt();
  void stopFactoryIfIdle();
  void connectionClosed(const Reason& reason);
  std::string describeDestination() const;

  Reactor* reactor_;  // null once the reactor was destroyed
  std::unique_ptr<Hooks> hooks_;
  Endpoint endpoint_;
  ClientFactory& factory_;
  State state_ = State::Disconnected;
  bool factoryStarted_ = false;
  std::uint64_t attempt_ = 0;  // continuations of an older attempt find it changed and stop
  std::vector<Address> candidates_;
  std::size_t nextCandidate_ = 0;
  Address trying_;
  Reason lastError_;
  std::unique_ptr<detail::DialAttempt> dialing_;
  detail::Connection* connection_ = nullptr;
  ScopedCall timeout_;
  ScopedCall deferredFailure_;
  // Continuations that may outlive this object (a resolve on a worker) hold it weakly.
  std::shared_ptr<Connector*> alive_;
};

}  // namespace weft::net
