// Dialing TCP and Unix sockets: a non-blocking connect() watched for writability, then the
// socket becomes a StreamConnection. Tests: tests/net/core/connector_test.cpp
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include "net/core/detail/connection.h"
#include "net/core/detail/reactor_access.h"
#include "net/core/detail/socket.h"
#include "net/core/detail/stream_connection.h"
#include "net/core/reactor.h"
#include "net/core/str_cat.h"

namespace weft::net::detail {

namespace {

// The reason a player reads: "Connection refused: nothing accepts connections at 127.0.0.1:7777".
Reason describeFailure(int error, const Address& address) {
  if (error == ECONNREFUSED) {
    return Reason::refused(strCat("nothing accepts connections at ", address.toString()));
  }
  if (error == ENOENT && address.family() == Address::Family::Unix) {
    return Reason::refused(strCat("no socket file at ", address.host()));
  }
  return Reason::fromErrno(error, strCat("connecting to ", address.toString()));
}

// A socket whose connect() is in progress: writable (or failed) means it finished.
class PendingConnect final : public IoHandle {
 public:
  PendingConnect(EventLoop& loop, int fd, UniqueFunction<void(int)> done)
      : IoHandle(loop, fd), done_(std::move(done)) {}
  void onWritable() override { finish(); }
  void onReadable() override { finish(); }

 private:
  void finish() {
    if (!done_) return;
    auto done = std::move(done_);
    done(pendingSocketError(fd_));
  }
  UniqueFunction<void(int)> done_;
};

class StreamDial final : public DialAttempt {
 public:
  StreamDial(EventLoop& loop, HandleId pending) : loop_(loop), pending_(pending) {}
  ~StreamDial() override {
    if (pending_ != 0) loop_.release(pending_);
  }

  Connection* establish(std::unique_ptr<Protocol> protocol, ConnectionObserver* observer) override {
    const int fd = loop_.detachDescriptor(std::exchange(pending_, 0));
    if (fd < 0) return nullptr;
    return StreamConnection::open(loop_, fd, std::move(protocol), observer);
  }

 private:
  EventLoop& loop_;
  HandleId pending_;
};

}  // namespace

DialStart dialStream(Reactor& reactor, const Address& address, DialDone done) {
  auto fd = openSocket(address.socketDomain(), SOCK_STREAM);
  if (!fd) return {nullptr, Reason{ReasonCode::SocketError, fd.error().message}};
  if (::connect(*fd, address.sockaddrPointer(), address.sockaddrLength()) != 0 &&
      errno != EINPROGRESS && errno != EAGAIN) {
    const int error = errno;
    ::close(*fd);
    return {nullptr, describeFailure(error, address)};
  }
  // Even a connect that finished at once (a Unix socket) reports through the loop, so `done`
  // never runs inside this call.
  EventLoop& loop = ReactorAccess::loop(reactor);
  auto pending = std::make_unique<PendingConnect>(
      loop, *fd, [done = std::move(done), address](int error) mutable {
        if (error == 0) return done(std::nullopt);
        done(describeFailure(error, address));
      });
  auto id = loop.add(std::move(pending), Interest::Write);
  if (!id) return {nullptr, Reason{ReasonCode::SocketError, id.error().message}};
  return {std::make_unique<StreamDial>(loop, *id), {}};
}

}  // namespace weft::net::detail
