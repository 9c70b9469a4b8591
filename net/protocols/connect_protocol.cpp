#include "net/protocols/connect_protocol.h"

#include "net/core/connector.h"
#include "net/core/detail/reactor_access.h"
#include "net/core/factory.h"

namespace weft::net {

namespace {

// A factory for exactly one protocol; adopted by the reactor until its connection is over.
class OneShotConnect final : public ClientFactory {
 public:
  OneShotConnect(Reactor& reactor, std::unique_ptr<Protocol> protocol)
      : reactor_(reactor), protocol_(std::move(protocol)), raw_(protocol_.get()) {}

  void start(const Endpoint& endpoint) { connector_ = reactor_.connect(endpoint, *this); }

  Deferred<Protocol*> result() { return result_; }

  std::unique_ptr<Protocol> buildProtocol(const Address&) override { return std::move(protocol_); }
  void clientConnectionMade(Connector&) override { result_.resolve(raw_); }
  void clientConnectionFailed(Connector&, const Reason& reason) override {
    result_.reject(reason);
    detail::ReactorAccess::disown(reactor_, this);
  }
  void clientConnectionLost(Connector&, const Reason& reason) override {
    result_.reject(reason);  // lost before connectionMade finished: still an answer
    detail::ReactorAccess::disown(reactor_, this);
  }
  Connector* connector() { return connector_.get(); }

 private:
  Reactor& reactor_;
  std::unique_ptr<Protocol> protocol_;
  Protocol* raw_;
  Deferred<Protocol*> result_;
  std::unique_ptr<Connector> connector_;
};

}  // namespace

Deferred<Protocol*> connectProtocol(Reactor& reactor, const Endpoint& endpoint,
                                    std::unique_ptr<Protocol> protocol) {
  auto attempt = std::make_shared<OneShotConnect>(reactor, std::move(protocol));
  detail::ReactorAccess::adopt(reactor, attempt);
  Deferred<Protocol*> result = attempt->result();
  std::weak_ptr<OneShotConnect> weak = attempt;
  result.setCanceller([weak] {
    if (auto self = weak.lock()) {
      if (Connector* c = self->connector()) c->stopConnecting();
    }
  });
  attempt->start(endpoint);
  return result;
}

}  // namespace weft::net
