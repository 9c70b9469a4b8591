// Core's own endpoint kinds, tcp (and tcp6) and unix: stream sockets whose listening side is
// below (a Listener accepting into StreamConnections) and whose dialling side is
// net/core/detail/stream_dial.cpp. Tests: tests/net/core/listener_test.cpp,
// tests/net/core/connector_test.cpp, tests/net/core/endpoint_test.cpp
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "net/core/detail/endpoint_transport.h"
#include "net/core/detail/reactor_access.h"
#include "net/core/detail/socket.h"
#include "net/core/detail/stream_connection.h"
#include "net/core/endpoint_kind.h"
#include "net/core/factory.h"
#include "net/core/port.h"
#include "net/core/reactor.h"
#include "net/core/str_cat.h"

namespace weft::net {

namespace {

using namespace std::chrono_literals;
using namespace endpoint_fields;

// After EMFILE the listening socket stays readable; waiting a little instead of retrying
// every pump keeps a file-descriptor shortage from also becoming a busy loop and a log flood.
constexpr Duration kAcceptBackoff = 100ms;

class Listener final : public detail::IoHandle {
 public:
  // `socketFile`: a Unix socket's path, removed when listening stops; empty for TCP.
  Listener(Reactor& reactor, int fd, ServerFactory& factory, std::string socketFile)
      : IoHandle(detail::ReactorAccess::loop(reactor), fd),
        reactor_(reactor),
        factory_(factory),
        socketFile_(std::move(socketFile)) {}

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

  void stopListening() override {
    if (!socketFile_.empty()) ::unlink(socketFile_.c_str());
    IoHandle::stopListening();
  }

  ListenerCounters listenerCounters() const override { return counters_; }

 private:
  void accepted(int fd, const Address& peer) {
    std::unique_ptr<Protocol> protocol =
        detail::buildServerProtocol(loop_.logger(), factory_, peer);
    if (!protocol) {
      ::close(fd);  // refused by the factory (a quota, a ban list) or it threw
      ++counters_.connectionsRefused;
      return;
    }
    if (auto* connection =
            detail::StreamConnection::open(loop_, fd, std::move(protocol), nullptr)) {
      connection->start();
    }
  }

  void backOff(int error) {
    loop_.logger().warning(strCat("cannot accept connections: ", std::strerror(error),
                                  "; trying again in ", kAcceptBackoff));
    loop_.setInterest(id(), Interest::None);
    // retry_ dies with the listener, so the call never outlives it.
    retry_ =
        reactor_.callLater(kAcceptBackoff, [this] { loop_.setInterest(id(), Interest::Read); });
  }

  Reactor& reactor_;
  ServerFactory& factory_;
  std::string socketFile_;
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
      return Error{
          address.family() == Address::Family::Unix
              ? strCat(endpoint.toString(), ": ", address.host(), " is in use by a running server")
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
  if (endpoint.kind->addressing == EndpointAddressing::Path) {
    return Address::fromUnixPath(endpoint.path);
  }
  std::string interface = endpoint.host;
  if (interface.empty()) interface = endpoint.family == Address::Family::IPv6 ? "::" : "0.0.0.0";
  auto address = Address::fromNumeric(interface, endpoint.port);
  if (!address) return Error{strCat(endpoint.toString(), ": ", address.error().message)};
  return address;
}

Result<detail::Listening> listenStream(Reactor& reactor, const Endpoint& endpoint,
                                       ServerFactory& factory) {
  auto address = listeningAddress(endpoint);
  if (!address) return address.error();
  const bool unix = address->family() == Address::Family::Unix;
  if (unix) removeStaleUnixSocket(*address);
  auto fd = bindAndListen(endpoint, *address);
  if (!fd) return fd.error();
  Address bound = detail::localAddress(*fd);
  auto listener =
      std::make_unique<Listener>(reactor, *fd, factory, unix ? address->host() : std::string());
  auto id = detail::ReactorAccess::loop(reactor).add(std::move(listener), Interest::Read);
  if (!id) return Error{strCat(endpoint.toString(), ": ", id.error().message)};
  return detail::Listening{*id, std::move(bound)};
}

detail::DialStart dialStream(Reactor& reactor, const Endpoint&, const Address& address,
                             detail::DialDone done) {
  return detail::dialStream(reactor, address, std::move(done));
}

constexpr detail::EndpointTransport kStreamTransport{listenStream, {}, dialStream, {}};

}  // namespace

constexpr EndpointKind kTcpKind{"tcp",
                                "tcp6",
                                EndpointAddressing::Ip,
                                {},
                                {{&kPort}, {&kInterface, &kBacklog}},
                                {{&kHost, &kPort}, {&kTimeout}},
                                &kStreamTransport};

constexpr EndpointKind kUnixKind{"unix",
                                 {},
                                 EndpointAddressing::Path,
                                 {},
                                 {{&kPath}, {&kBacklog}},
                                 {{&kPath}, {&kTimeout}},
                                 &kStreamTransport};

}  // namespace weft::net
