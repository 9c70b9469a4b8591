#include "net/core/standard_io.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>

#include <cerrno>
#include <exception>
#include <string>

#include "net/core/detail/reactor_access.h"
#include "net/core/reactor.h"
#include "net/core/str_cat.h"

namespace weft::net {

namespace detail {

// Reads from a duplicate of the input descriptor (closing it never closes the real stdin) and
// writes straight to the output descriptor.
class StdioConnection final : public IoHandle, public Transport {
 public:
  StdioConnection(Reactor& reactor, int inputFd, int outputFd, Protocol& protocol,
                  std::shared_ptr<StdioConnection*> self)
      : IoHandle(detail::ReactorAccess::loop(reactor), ::fcntl(inputFd, F_DUPFD_CLOEXEC, 0)),
        reactor_(reactor),
        outputFd_(outputFd),
        protocol_(protocol),
        self_(std::move(self)) {}

  void start(bool pollable) {
    pollable_ = pollable;
    call("connectionMade", [&] { protocol_.makeConnection(*this); });
    if (!pollable_) readSoon();
  }

  void close(Reason reason) {
    if (closed_) return;
    closed_ = true;
    *self_ = nullptr;
    readAgain_.cancel();
    loop_.release(id());
    try {
      protocol_.notifyConnectionLost(reason);
    } catch (const std::exception& e) {
      loop_.logger().error(strCat("stdio protocol threw in connectionLost: ", e.what()));
    }
  }

  // IoHandle
  void onReadable() override { readOnce(); }
  void flush() override {
    if (closing_) close(closeReason_);
  }
  void onLoopShutdown() override {
    close({ReasonCode::ShuttingDown, "the reactor is shutting down"});
  }

  // Transport
  void write(std::string_view data) override {
    if (closing_ || closed_) return;
    while (!data.empty()) {
      ssize_t n = ::write(outputFd_, data.data(), data.size());
      if (n > 0) {
        data.remove_prefix(static_cast<std::size_t>(n));
      } else if (n < 0 && errno == EINTR) {
        continue;
      } else if (n < 0 && errno == EAGAIN) {
        pollfd wait{outputFd_, POLLOUT, 0};
        ::poll(&wait, 1, 1000);
      } else {
        return;  // the reader went away (EPIPE): nothing more can be shown
      }
    }
  }
  void writeSequence(std::span<const std::string_view> pieces) override {
    for (std::string_view piece : pieces) write(piece);
  }
  void loseConnection(Reason reason) override { beginClose(std::move(reason)); }
  void abortConnection(Reason reason) override { beginClose(std::move(reason)); }
  bool disconnecting() const override { return closing_ || closed_; }
  Address peer() const override { return {}; }
  Address host() const override { return {}; }
  std::size_t bufferedBytes() const override { return 0; }
  void pauseReading() override {
    paused_ = true;
    if (pollable_) loop_.setInterest(id(), Interest::None);
  }
  void resumeReading() override {
    paused_ = false;
    if (pollable_) {
      loop_.setInterest(id(), Interest::Read);
    } else {
      readSoon();
    }
  }
  void registerProducer(Producer&) override {}  // writes never buffer: nothing to pause
  void unregisterProducer() override {}
  Scheduler* scheduler() const override { return &reactor_.scheduler(); }

 private:
  template <typename F>
  void call(const char* callback, F&& f) {
    try {
      f();
    } catch (const std::exception& e) {
      loop_.logger().error(strCat("stdio protocol threw in ", callback, ": ", e.what()));
      beginClose(Reason::callbackError(strCat(callback, ": ", e.what())));
    }
  }

  void beginClose(Reason reason) {
    if (closing_ || closed_) return;
    closing_ = true;
    closeReason_ = std::move(reason);
    loop_.requestFlush(id());  // closes from the loop, never inside the protocol's call
  }

  void readOnce() {
    if (closing_ || closed_ || paused_) return;
    std::span<char> buffer = loop_.readBuffer();
    ssize_t n = ::read(fd_, buffer.data(), buffer.size());
    if (n > 0) {
      call("dataReceived", [&] {
        protocol_.dataReceived({buffer.data(), static_cast<std::size_t>(n)});
      });
      if (!pollable_) readSoon();
    } else if (n == 0) {
      close(Reason::done("end of input"));
    } else if (errno != EAGAIN && errno != EINTR) {
      close(Reason::fromErrno(errno, "reading standard input"));
    } else if (!pollable_) {
      readSoon();
    }
  }

  // A regular file cannot be polled (epoll refuses it) and is always readable: read it one
  // chunk per pump instead.
  void readSoon() {
    readAgain_ = reactor_.callLater(Duration::zero(), [this] { readOnce(); });
  }

  Reactor& reactor_;
  int outputFd_;
  Protocol& protocol_;  // owned by the StandardIO, which outlives every call into it
  std::shared_ptr<StdioConnection*> self_;
  Reason closeReason_;
  ScopedCall readAgain_;
  bool pollable_ = true;
  bool paused_ = false;
  bool closing_ = false;
  bool closed_ = false;
};

}  // namespace detail

StandardIO::StandardIO(Reactor& reactor, std::unique_ptr<Protocol> protocol, int inputFd,
                       int outputFd)
    : protocol_(std::move(protocol)),
      connection_(std::make_shared<detail::StdioConnection*>(nullptr)) {
  auto owned = std::make_unique<detail::StdioConnection>(reactor, inputFd, outputFd, *protocol_,
                                                         connection_);
  detail::StdioConnection* raw = owned.get();
  *connection_ = raw;
  // Regular files, and character devices other than terminals (/dev/null, a program's stdin
  // under cron or `< /dev/null`), are always readable, and epoll refuses them both.
  struct stat info {};
  const bool alwaysReadable =
      ::fstat(inputFd, &info) == 0 &&
      (S_ISREG(info.st_mode) || (S_ISCHR(info.st_mode) && !::isatty(inputFd)));
  if (alwaysReadable) {
    detail::ReactorAccess::loop(reactor).addUnwatched(std::move(owned));
  } else {
    auto id = detail::ReactorAccess::loop(reactor).add(std::move(owned), Interest::Read);
    WEFT_ASSERT(id.ok(), "StandardIO: the input descriptor cannot be watched");
  }
  raw->start(!alwaysReadable);
}

StandardIO::~StandardIO() {
  if (*connection_) (*connection_)->close(Reason::done("standard I/O closed"));
}

bool StandardIO::closed() const {
  return *connection_ == nullptr;
}

}  // namespace weft::net
