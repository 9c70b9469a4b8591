#include "net/udp/udp_port.h"

#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <exception>

#include "net/core/detail/reactor_access.h"
#include "net/core/detail/reactor_link.h"
#include "net/core/detail/socket.h"
#include "net/core/reactor.h"
#include "net/core/str_cat.h"
#include "net/udp/datagram_protocol.h"
#include "net/udp/udp_endpoint.h"

namespace weft::net {

namespace detail {

class UdpSocket final : public IoHandle, public DatagramTransport {
 public:
  UdpSocket(EventLoop& loop, int fd, DatagramProtocol& protocol)
      : IoHandle(loop, fd), protocol_(protocol) {}

  void start() {
    try {
      protocol_.makeConnection(*this);
    } catch (const std::exception& e) {
      loop_.logger().error(strCat("DatagramProtocol::startProtocol threw: ", e.what()));
    }
  }

  void stop() {
    if (stopped_) return;
    stopped_ = true;
    try {
      protocol_.loseConnection();
    } catch (const std::exception& e) {
      loop_.logger().error(strCat("DatagramProtocol::stopProtocol threw: ", e.what()));
    }
  }

  const DatagramCounters& counters() const { return counters_; }

  // IoHandle: a capped number of datagrams per pump, like a stream connection's reads.
  void onReadable() override {
    std::span<char> buffer = loop_.readBuffer();
    for (int i = 0; i < loop_.config().datagramsPerPump && fd_ >= 0 && !stopped_; ++i) {
      sockaddr_storage from{};
      socklen_t length = sizeof from;
      ssize_t n = ::recvfrom(fd_, buffer.data(), buffer.size(), 0,
                             reinterpret_cast<sockaddr*>(&from), &length);
      if (n < 0) {
        if (errno == EINTR) continue;
        if (errno == ECONNREFUSED) {
          call("connectionRefused", [&] { protocol_.connectionRefused(); });
          continue;
        }
        return;  // EAGAIN: drained
      }
      ++counters_.received;
      const Address sender = Address::fromSockaddr(reinterpret_cast<sockaddr*>(&from), length);
      call("datagramReceived", [&] {
        protocol_.datagramReceived({buffer.data(), static_cast<std::size_t>(n)}, sender);
      });
    }
  }
  void onLoopShutdown() override { stop(); }

  // DatagramTransport
  void write(std::string_view datagram, const Address& to) override {
    if (stopped_ || fd_ < 0) return;
    ssize_t n = ::sendto(fd_, datagram.data(), datagram.size(), MSG_NOSIGNAL, to.sockaddrPointer(),
                         to.sockaddrLength());
    count(n);
  }
  void write(std::string_view datagram) override {
    if (stopped_ || fd_ < 0) return;
    WEFT_ASSERT(connected_, "DatagramTransport::write without an address needs connect() first");
    count(::send(fd_, datagram.data(), datagram.size(), MSG_NOSIGNAL));
  }
  void connect(const Address& peer) override {
    if (fd_ >= 0 && ::connect(fd_, peer.sockaddrPointer(), peer.sockaddrLength()) == 0) {
      connected_ = true;
    } else {
      loop_.logger().warning(
          strCat("UDP connect to ", peer.toString(), ": ", std::strerror(errno)));
    }
  }
  Address host() const override { return fd_ >= 0 ? localAddress(fd_) : Address{}; }
  void setBroadcast(bool enabled) override {
    int on = enabled ? 1 : 0;
    ::setsockopt(fd_, SOL_SOCKET, SO_BROADCAST, &on, sizeof on);
  }

 private:
  void count(ssize_t result) {
    if (result >= 0) {
      ++counters_.sent;
    } else {
      ++counters_.dropped;
      if (errno == ECONNREFUSED) call("connectionRefused", [&] { protocol_.connectionRefused(); });
    }
  }

  // A throwing protocol is logged; the port keeps serving (there is no connection to close).
  template <typename F>
  void call(const char* callback, F&& f) {
    try {
      f();
    } catch (const std::exception& e) {
      loop_.logger().error(strCat("DatagramProtocol::", callback, " threw: ", e.what()));
    }
  }

  DatagramProtocol& protocol_;
  DatagramCounters counters_;
  bool connected_ = false;
  bool stopped_ = false;
};

}  // namespace detail

Result<std::unique_ptr<UdpPort>> listenUdp(Reactor& reactor, const Endpoint& endpoint,
                                           DatagramProtocol& protocol) {
  if (endpoint.kind != &kUdpKind || endpoint.role != Endpoint::Role::Server) {
    return Error{strCat(endpoint.toString(), ": listenUdp needs a udp:PORT endpoint")};
  }
  auto address = Address::fromNumeric(endpoint.host, endpoint.port);
  if (!address) return Error{strCat(endpoint.toString(), ": ", address.error().message)};
  auto fd = detail::openSocket(address->socketDomain(), SOCK_DGRAM);
  if (!fd) return Error{strCat(endpoint.toString(), ": ", fd.error().message)};
  if (::bind(*fd, address->sockaddrPointer(), address->sockaddrLength()) != 0) {
    int error = errno;
    ::close(*fd);
    if (error == EADDRINUSE) {
      return Error{strCat(endpoint.toString(), ": address already in use (is another program ",
                          "using UDP port ", endpoint.port, "?)")};
    }
    return Error{strCat(endpoint.toString(), ": cannot bind: ", std::strerror(error))};
  }
  Address bound = detail::localAddress(*fd);
  detail::EventLoop& loop = detail::ReactorAccess::loop(reactor);
  auto socket = std::make_unique<detail::UdpSocket>(loop, *fd, protocol);
  detail::UdpSocket* raw = socket.get();
  auto id = loop.add(std::move(socket), Interest::Read);
  if (!id) return Error{strCat(endpoint.toString(), ": ", id.error().message)};
  raw->start();
  return std::unique_ptr<UdpPort>(new UdpPort(reactor, *id, bound));
}

UdpPort::UdpPort(Reactor& reactor, std::uint64_t handle, Address address)
    : link_(std::make_unique<detail::ReactorLink>(reactor, [this] { stopListening(); })),
      handle_(handle),
      address_(std::move(address)) {}

UdpPort::~UdpPort() {
  stopListening();
}

void UdpPort::stopListening() {
  Reactor* reactor = link_->reactor();
  if (handle_ == 0 || reactor == nullptr) return;
  detail::EventLoop& loop = detail::ReactorAccess::loop(*reactor);
  if (auto* socket = static_cast<detail::UdpSocket*>(loop.find(handle_))) {
    counters_ = socket->counters();
    socket->stop();
  }
  loop.release(handle_);
  handle_ = 0;
}

DatagramCounters UdpPort::counters() const {
  Reactor* reactor = link_->reactor();
  if (handle_ == 0 || reactor == nullptr) return counters_;
  auto* socket =
      static_cast<detail::UdpSocket*>(detail::ReactorAccess::loop(*reactor).find(handle_));
  return socket ? socket->counters() : counters_;
}

}  // namespace weft::net
