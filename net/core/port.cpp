#include "net/core/port.h"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <exception>
#include <type_traits>

#include "net/core/detail/reactor_access.h"
#include "net/core/detail/reactor_link.h"
#include "net/core/detail/socket.h"
#include "net/core/detail/stream_connection.h"
#include "net/core/factory.h"
#include "net/core/reactor.h"
#include "net/core/str_cat.h"
#include "net/enet/enet_host.h"

namespace weft::net {

namespace {

using namespace std::chrono_literals;

// After EMFILE the listening socket stays readable; waiting a little instead of retrying
// every pump keeps a file-descriptor shortage from also becoming a busy loop and a log flood.
constexpr Duration kAcceptBackoff = 100ms;

class Listener final : public detail::IoHandle {
 public:
  Listener(Reactor& reactor, int fd, ServerFactory& factory)
      : IoHandle(detail::ReactorAccess::loop(reactor), fd), reactor_(reactor), factory_(factory) {}

  void onReadable() override {
    const int accepts = loop_.config().acceptsPerPump;
    for (int i = 0; i < accepts && fd_ >= 0; ++i) {
      sockaddr_storage storage{};
      socklen_t length = sizeof storage;
      int fd = ::accept4(fd_, reinterpret_cast<sockaddr*>(&storage), &length,
                         SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd < 0) {
        if (errno == EINTR || errno == ECONNABORTED) continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) return;
        backOff(errno);
        return;
      }
      accepted(fd, Address::fromSockaddr(reinterpret_cast<sockaddr*>(&storage), length));
    }
  }

  ListenerCounters listenerCounters() const override { return counters_; }

 private:
  void accepted(int fd, const Address& peer) {
    std::unique_ptr<Protocol> protocol = detail::buildServerProtocol(loop_.logger(), factory_, peer);
    if (!protocol) {
      ::close(fd);  // refused by the factory (a quota, a ban list) or it threw
      ++counters_.connectionsRefused;
      return;
    }
    if (auto* connection = detail::StreamConnection::open(loop_, fd, std::move(protocol), nullptr)) {
      connection->start();
    }
  }

  void backOff(int error) {
    loop_.logger().warning(strCat("cannot accept connections: ", std::strerror(error),
                                  "; trying again in ", kAcceptBackoff));
    loop_.setInterest(id(), Interest::None);
    // retry_ dies with the listener, so the call never outlives it.
    retry_ = reactor_.callLater(kAcceptBackoff, [this] { loop_.setInterest(id(), Interest::Read); });
  }

  Reactor& reactor_;
  ServerFactory& factory_;
  ScopedCall retry_;
  ListenerCounters counters_;
};

Result<int> bindAndListen(const Endpoint& endpoint, const Address& address) {
  auto fd = detail::openSocket(address.socketDomain(), SOCK_STREAM);
  if (!fd) return fd.error();
  if (address.family() != Address::Family::Unix) {
    int one = 1;
    ::setsockopt(*fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  }
  if (::bind(*fd, address.sockaddrPointer(), address.sockaddrLength()) != 0) {
    int error = errno;
    ::close(*fd);
    if (error == EADDRINUSE) {
      return Error{address.family() == Address::Family::Unix
                       ? strCat(endpoint.toString(), ": ", address.host(),
                                " is in use by a running server")
                       : strCat(endpoint.toString(), ": address already in use (is another ",
                                "server listening on port ", address.port(), "?)")};
    }
    return Error{strCat(endpoint.toString(), ": cannot bind ", address.toString(), ": ",
                        std::strerror(error))};
  }
  if (::listen(*fd, endpoint.backlog) != 0) {
    int error = errno;
    ::close(*fd);
    return Error{strCat(endpoint.toString(), ": listen: ", std::strerror(error))};
  }
  return fd;
}

// A socket file left by a server that died: nothing accepts on it, so it is safe to remove.
void removeStaleUnixSocket(const Address& address) {
  auto probe = detail::openSocket(AF_UNIX, SOCK_STREAM);
  if (!probe) return;
  bool stale = ::connect(*probe, address.sockaddrPointer(), address.sockaddrLength()) != 0 &&
               errno == ECONNREFUSED;
  ::close(*probe);
  if (stale) ::unlink(address.host().c_str());
}

Result<Address> listeningAddress(const Endpoint& endpoint) {
  if (endpoint.kind == Endpoint::Kind::Unix) return Address::fromUnixPath(endpoint.path);
  std::string interface = endpoint.host;
  if (interface.empty()) interface = endpoint.family == Address::Family::IPv6 ? "::" : "0.0.0.0";
  auto address = Address::fromNumeric(interface, endpoint.port);
  if (!address) return Error{strCat(endpoint.toString(), ": ", address.error().message)};
  return address;
}

}  // namespace

Result<std::unique_ptr<Port>> Reactor::listen(const Endpoint& endpoint, ServerFactory& factory) {
  if (endpoint.role != Endpoint::Role::Server) {
    return Error{strCat(endpoint.toString(), ": a client endpoint cannot listen; use tcp:PORT")};
  }
  if (endpoint.kind == Endpoint::Kind::Udp) {
    return Error{strCat(endpoint.toString(), ": UDP endpoints listen with listenUdp")};
  }
  if (endpoint.kind == Endpoint::Kind::Enet) {
    auto host = detail::listenEnet(*this, endpoint, factory);
    if (!host) return host.error();
    factory.doStart();
    return std::unique_ptr<Port>(new Port(*this, endpoint, factory, (*host)->address(), (*host)->id()));
  }
  auto address = listeningAddress(endpoint);
  if (!address) return address.error();
  if (address->family() == Address::Family::Unix) removeStaleUnixSocket(*address);
  auto fd = bindAndListen(endpoint, *address);
  if (!fd) return fd.error();
  Address bound = detail::localAddress(*fd);
  auto id = loop_->add(std::make_unique<Listener>(*this, *fd, factory), Interest::Read);
  if (!id) return Error{strCat(endpoint.toString(), ": ", id.error().message)};
  factory.doStart();
  return std::unique_ptr<Port>(new Port(*this, endpoint, factory, bound, *id));
}

static_assert(std::is_same_v<detail::HandleId, std::uint64_t>, "Port keeps a HandleId");

Port::Port(Reactor& reactor, Endpoint endpoint, ServerFactory& factory, Address address,
           std::uint64_t listener)
    : link_(std::make_unique<detail::ReactorLink>(reactor, [this] { stopListening(); })),
      endpoint_(std::move(endpoint)),
      factory_(factory),
      address_(std::move(address)),
      listener_(listener) {}

Port::~Port() {
  stopListening();
}

void Port::stopListening() {
  Reactor* reactor = link_->reactor();
  if (!listening_ || reactor == nullptr) return;
  listening_ = false;
  detail::EventLoop& loop = detail::ReactorAccess::loop(*reactor);
  if (detail::IoHandle* listener = loop.find(listener_)) listener->stopListening();
  if (address_.family() == Address::Family::Unix) ::unlink(address_.host().c_str());
  factory_.doStop();
}

ListenerCounters Port::counters() const {
  Reactor* reactor = link_->reactor();
  if (!listening_ || reactor == nullptr) return {};
  const detail::IoHandle* listener = detail::ReactorAccess::loop(*reactor).find(listener_);
  return listener != nullptr ? listener->listenerCounters() : ListenerCounters{};
}

}  // namespace weft::net
