#include "net/core/connector.h"

#include <exception>

#include "net/core/detail/connection.h"
#include "net/core/detail/endpoint_transport.h"
#include "net/core/detail/reactor_access.h"
#include "net/core/detail/reactor_link.h"
#include "net/core/detail/resolver.h"
#include "net/core/endpoint_kind.h"
#include "net/core/factory.h"
#include "net/core/reactor.h"
#include "net/core/str_cat.h"

namespace weft::net {

namespace {

// Runs a factory callback; a throw is logged, never allowed to unwind into the reactor.
template <typename F>
void callFactory(Logger& logger, const char* name, F&& f) {
  try {
    f();
  } catch (const std::exception& e) {
    logger.error(strCat("ClientFactory::", name, " threw: ", e.what()));
  } catch (...) {
    logger.error(strCat("ClientFactory::", name, " threw a non-standard exception"));
  }
}

}  // namespace

// Kept out of Connector's own bases so its header shows no internals.
class Connector::Hooks final : public detail::ConnectionObserver {
 public:
  explicit Hooks(Connector& connector)
      : connector_(connector), link_(*connector.reactor_, [this] { connector_.detach(); }) {}
  void connectionClosed(const Reason& reason) override { connector_.connectionClosed(reason); }

 private:
  Connector& connector_;
  detail::ReactorLink link_;
};

std::unique_ptr<Connector> Reactor::connect(const Endpoint& endpoint, ClientFactory& factory) {
  // An endpoint of the wrong kind is bad input (it came from a command line), reported like
  // any other failure to connect.
  std::unique_ptr<Connector> connector(new Connector(*this, endpoint, factory));
  connector->connect();
  return connector;
}

Connector::Connector(Reactor& reactor, Endpoint endpoint, ClientFactory& factory)
    : reactor_(&reactor),
      hooks_(std::make_unique<Hooks>(*this)),
      endpoint_(std::move(endpoint)),
      factory_(factory),
      alive_(std::make_shared<Connector*>(this)) {}

Connector::~Connector() {
  if (!reactor_) return;
  alive_.reset();
  dialing_.reset();
  if (connection_) {
    connection_->setObserver(nullptr);
    connection_->abortNow(Reason::aborted("its Connector was destroyed"));
  }
  if (factoryStarted_) factory_.doStop();
}

void Connector::detach() {
  dialing_.reset();
  if (connection_) connection_->setObserver(nullptr);  // the loop's shutdown closes it
  connection_ = nullptr;
  timeout_.cancel();
  deferredFailure_.cancel();
  state_ = State::Disconnected;
  if (factoryStarted_) factory_.doStop();
  factoryStarted_ = false;
  reactor_ = nullptr;
}

Transport* Connector::transport() const { return connection_; }
Protocol* Connector::protocol() const { return connection_ ? &connection_->protocol() : nullptr; }

std::string Connector::describeDestination() const {
  if (endpoint_.kind->addressing == EndpointAddressing::Path) {
    return strCat(endpoint_.kind->name, ":", endpoint_.path);
  }
  return endpoint_.toString();
}

void Connector::connect() {
  if (!reactor_) return;
  if (state_ != State::Disconnected) {
    reactor_->logger().warning(
        strCat("Connector::connect: already connecting or connected to ", describeDestination()));
    return;
  }
  state_ = State::Connecting;
  ++attempt_;
  if (!factoryStarted_) {
    factoryStarted_ = true;
    factory_.doStart();
  }
  const Duration limit = endpoint_.timeout;
  timeout_ = reactor_->callLater(limit, [this, limit] {
    fail(Reason::timedOut(strCat("no connection to ", describeDestination(), " within ", limit)));
  });
  std::weak_ptr<Connector*> alive = alive_;
  const std::uint64_t attempt = attempt_;
  callFactory(reactor_->logger(), "startedConnecting", [&] { factory_.startedConnecting(*this); });
  if (alive.expired() || attempt != attempt_ || state_ != State::Connecting) return;
  startAttempt();
}

void Connector::startAttempt() {
  candidates_.clear();
  nextCandidate_ = 0;
  lastError_ = Reason::refused(strCat("no address of ", describeDestination(), " answered"));
  if (endpoint_.role != Endpoint::Role::Client) {
    return failSoon({ReasonCode::SocketError,
                     strCat(endpoint_.toString(), " is a listening endpoint; connect needs a "
                            "client one such as tcp:HOST:PORT")});
  }
  if (const auto& transport = *endpoint_.kind->transport; transport.dial == nullptr) {
    return failSoon(
        {ReasonCode::SocketError, strCat(endpoint_.toString(), ": ", transport.cannotConnect)});
  }
  if (endpoint_.kind->addressing == EndpointAddressing::Path) {
    auto address = Address::fromUnixPath(endpoint_.path);
    if (!address) return failSoon(Reason{ReasonCode::SocketError, address.error().message});
    candidates_.push_back(*address);
  } else if (auto numeric = Address::fromNumeric(endpoint_.host, endpoint_.port)) {
    candidates_.push_back(*numeric);  // numeric addresses connect at once, no thread involved
  } else {
    std::weak_ptr<Connector*> alive = alive_;
    const std::uint64_t attempt = attempt_;
    reactor_
        ->deferToThread([resolver = reactor_->config().resolver, host = endpoint_.host,
                         port = endpoint_.port, family = endpoint_.family] {
          return resolver ? resolver(host, port, family) : detail::resolveHost(host, port, family);
        })
        .then([alive, attempt](Result<std::vector<Address>>& resolved) {
          auto self = alive.lock();
          if (!self) return;
          Connector& c = **self;
          if (attempt != c.attempt_ || c.state_ != State::Connecting) return;
          if (!resolved) return c.fail(Reason::resolveFailed(resolved.error().message));
          c.candidates_ = std::move(*resolved);
          if (!c.tryNextAddress()) c.fail(c.lastError_);
        });
    return;
  }
  if (!tryNextAddress()) failSoon(lastError_);
}

// Starts dialing the next candidate; false when none is left to try.
bool Connector::tryNextAddress() {
  while (nextCandidate_ < candidates_.size()) {
    const Address& address = candidates_[nextCandidate_++];
    std::weak_ptr<Connector*> alive = alive_;
    detail::DialDone done = [alive](std::optional<Reason> failure) {
      if (auto self = alive.lock()) (**self).dialResult(std::move(failure));
    };
    detail::DialStart started =
        endpoint_.kind->transport->dial(*reactor_, endpoint_, address, std::move(done));
    if (started.attempt) {
      dialing_ = std::move(started.attempt);
      trying_ = address;
      return true;
    }
    lastError_ = std::move(started.failure);
  }
  return false;
}

void Connector::dialResult(std::optional<Reason> failure) {
  if (failure) {
    dialing_.reset();
    lastError_ = std::move(*failure);
    if (!tryNextAddress()) fail(lastError_);
    return;
  }
  timeout_.cancel();
  std::unique_ptr<Protocol> protocol;
  std::weak_ptr<Connector*> alive = alive_;
  callFactory(reactor_->logger(), "buildProtocol",
              [&] { protocol = factory_.buildProtocol(trying_); });
  if (alive.expired()) return;
  if (!protocol) {
    fail({ReasonCode::RefusedByFactory, "buildProtocol returned no protocol"});
    return;
  }
  candidates_.clear();
  connection_ = dialing_->establish(std::move(protocol), hooks_.get());
  dialing_.reset();
  if (!connection_) {
    fail({ReasonCode::SocketError, "the reactor could not watch the new connection"});
    return;
  }
  state_ = State::Connected;
  connection_->start();  // connectionMade; the connector is already recorded as its observer
  if (alive.expired() || state_ != State::Connected) return;
  callFactory(reactor_->logger(), "clientConnectionMade",
              [&] { factory_.clientConnectionMade(*this); });
}

void Connector::failSoon(Reason reason) {
  // Failures found inside connect() are reported from the next pump, like every other outcome,
  // so a factory never hears back while its own connect() call is still on the stack.
  deferredFailure_ = reactor_->callLater(Duration::zero(), [this, reason] { fail(reason); });
}

void Connector::finishAttempt() {
  timeout_.cancel();
  deferredFailure_.cancel();
  dialing_.reset();
  candidates_.clear();
  ++attempt_;  // a resolve still running for this attempt will be ignored
  state_ = State::Disconnected;
}

void Connector::fail(Reason reason) {
  if (state_ != State::Connecting) return;
  finishAttempt();
  std::weak_ptr<Connector*> alive = alive_;
  callFactory(reactor_->logger(), "clientConnectionFailed",
              [&] { factory_.clientConnectionFailed(*this, reason); });
  if (!alive.expired()) stopFactoryIfIdle();
}

void Connector::stopConnecting() {
  if (state_ != State::Connecting) return;
  fail(Reason::cancelled("stopConnecting() was called"));
}

void Connector::disconnect() {
  if (state_ == State::Connecting) stopConnecting();
  if (state_ == State::Connected && connection_) connection_->loseConnection(Reason::done());
}

void Connector::connectionClosed(const Reason& reason) {
  connection_ = nullptr;
  state_ = State::Disconnected;
  std::weak_ptr<Connector*> alive = alive_;
  callFactory(reactor_->logger(), "clientConnectionLost",
              [&] { factory_.clientConnectionLost(*this, reason); });
  if (!alive.expired()) stopFactoryIfIdle();
}

// Twisted's rule: once the factory's callback returns without reconnecting, its use by this
// connector is over.
void Connector::stopFactoryIfIdle() {
  if (state_ == State::Disconnected && factoryStarted_) {
    factoryStarted_ = false;
    factory_.doStop();
  }
}

}  // namespace weft::net
