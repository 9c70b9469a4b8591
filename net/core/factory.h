// Factory: builds a Protocol for each connection and holds what connections share (Twisted's
// Factory / ServerFactory / ClientFactory), with start/stop hooks around its first and last use.
// Tests: tests/net/core/listener_test.cpp, tests/net/core/connector_test.cpp
#pragma once

#include <memory>

#include "net/core/address.h"
#include "net/core/message_receiver.h"
#include "net/core/protocol.h"
#include "net/core/reason.h"

namespace weft::net {

class Connector;

// Lifetime: a factory must outlive its ports and connectors and the connections they made
// (protocols usually refer to their factory): declare it before the Reactor.
class Factory {
 public:
  virtual ~Factory() = default;

  // A protocol for a new connection from (or to) `peer`; returning nullptr refuses it, and the
  // connection is closed at once.
  virtual std::unique_ptr<Protocol> buildProtocol(const Address& peer) = 0;

  // Called when the first port or connector starts using this factory, and after the last one
  // stops: the place to open and close shared resources (a log file, a database).
  virtual void startFactory() {}
  virtual void stopFactory() {}

  // For ports and connectors: count a user in and out (Twisted's doStart / doStop).
  void doStart() {
    if (users_++ == 0) startFactory();
  }
  void doStop() {
    WEFT_ASSERT(users_ > 0, "Factory::doStop without a matching doStart");
    if (--users_ == 0) stopFactory();
  }
  int users() const { return users_; }

 private:
  int users_ = 0;
};

// A factory for listening ports.
class ServerFactory : public Factory {
 public:
  // The longest message any protocol this factory builds accepts, for a transport that must
  // refuse longer ones before a protocol exists: an ENet port reassembles messages for all its
  // peers, and closes the connection of one sending more (MessageTooLarge) before buffering
  // it. Match the protocols' own limit (MessageProtocolConfig::maxMessageBytes).
  virtual std::size_t maxMessageBytes() const { return kDefaultMaxMessageBytes; }
};

// A factory for outgoing connections; it hears how each attempt went. `connector` can
// connect() again from any of these (the usual way to retry by hand).
class ClientFactory : public Factory {
 public:
  virtual void startedConnecting(Connector& connector) { (void)connector; }
  // The connection is up and its protocol's connectionMade has run (a weft addition: the
  // place to reset a backoff or fire "connected" to a UI).
  virtual void clientConnectionMade(Connector& connector) { (void)connector; }
  virtual void clientConnectionFailed(Connector& connector, const Reason& reason) {
    (void)connector, (void)reason;
  }
  virtual void clientConnectionLost(Connector& connector, const Reason& reason) {
    (void)connector, (void)reason;
  }
};

// Builds a default-constructed P for every connection (Twisted's Factory.forProtocol).
template <typename P>
class ServerFactoryFor final : public ServerFactory {
 public:
  std::unique_ptr<Protocol> buildProtocol(const Address&) override { return std::make_unique<P>(); }
};

}  // namespace weft::net
