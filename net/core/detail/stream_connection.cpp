#include "net/core/detail/stream_connection.h"

#include <linux/sockios.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <exception>

#include "net/core/detail/socket.h"
#include "net/core/reactor.h"
#include "net/core/str_cat.h"

namespace weft::net::detail {

namespace {
// One sendmsg gathers at most this many pieces (on the stack); more take another call.
constexpr std::size_t kMaxIovecs = 64;
// A partly sent out_ drops its sent front once it is this large and more than half sent.
constexpr std::size_t kCompactAbove = 4096;

bool transient(int error) {
  return error == EAGAIN || error == EWOULDBLOCK || error == EINTR;
}
}  // namespace

StreamConnection* StreamConnection::open(EventLoop& loop, int fd,
                                         std::unique_ptr<Protocol> protocol,
                                         ConnectionObserver* observer) {
  auto owned = std::make_unique<StreamConnection>(loop, fd, std::move(protocol), observer);
  StreamConnection* connection = owned.get();
  auto id = loop.add(std::move(owned), Interest::Read);
  if (!id) {
    loop.logger().error(strCat("cannot watch a new connection: ", id.error().message));
    return nullptr;
  }
  return connection;
}

StreamConnection::StreamConnection(EventLoop& loop, int fd, std::unique_ptr<Protocol> protocol,
                                   ConnectionObserver* observer)
    : IoHandle(loop, fd),
      protocol_(std::move(protocol)),
      observer_(observer),
      peer_(peerAddress(fd)),
      host_(localAddress(fd)) {
  if (host_.family() == Address::Family::IPv4 || host_.family() == Address::Family::IPv6) {
    setNoDelay(fd);
  }
}

void StreamConnection::start() {
  callProtocol("connectionMade", [&] { protocol_->makeConnection(*this); });
}

template <typename F>
bool StreamConnection::callProtocol(const char* callback, F&& f) {
  auto failure = runProtocolCallback(loop_.logger(), *this, callback, std::forward<F>(f));
  if (failure) abortConnection(std::move(*failure));
  return !failure;
}

void StreamConnection::write(std::string_view data) {
  if (data.empty()) return;
  writeSequence(std::span<const std::string_view>(&data, 1));
}

void StreamConnection::writeSequence(std::span<const std::string_view> pieces) {
  if (state_ != State::Open) return;
  // Outside a dispatch (the game's update sending input) nothing batches with this write:
  // send straight from the caller's bytes and keep only what the kernel did not take.
  std::size_t sent = 0;
  if (bufferedBytes() == 0 && !loop_.dispatching() && fd_ >= 0) sent = sendDirect(pieces);
  for (std::string_view piece : pieces) {
    const std::size_t skip = std::min(sent, piece.size());
    sent -= skip;
    queue(piece.substr(skip));
  }
  afterWrite();
}

void StreamConnection::queue(std::string_view data) {
  // After a failed send the connection closes at the loop's level: nothing more can be sent.
  if (data.empty() || sendError_ != 0) return;
  if (loop_.dispatching()) {
    loop_.requestFlush(id());  // first: a full batch is sent early to those waiting for a flush
    if (loop_.batchWrite(batched_, data)) return;
  }
  // Behind what is batched already, so the bytes keep their order.
  loop_.writeBatch().moveTo(batched_, out_);
  out_.append(data);
}

void StreamConnection::sendBatched() {
  if (state_ == State::Open || state_ == State::Closing) sendBuffered();
}

std::size_t StreamConnection::sendDirect(std::span<const std::string_view> pieces) {
  iovec iov[kMaxIovecs];
  std::size_t n = 0;
  for (std::string_view piece : pieces) {
    if (n == kMaxIovecs) break;
    if (!piece.empty()) iov[n++] = {const_cast<char*>(piece.data()), piece.size()};
  }
  if (n == 0) return 0;
  msghdr message{};
  message.msg_iov = iov;
  message.msg_iovlen = n;
  const ssize_t sent = ::sendmsg(fd_, &message, MSG_NOSIGNAL);
  if (sent < 0) {
    if (!transient(errno)) sendError_ = errno;
    return 0;
  }
  totals_.bytesSent += static_cast<std::uint64_t>(sent);
  ++totals_.packetsSent;
  return static_cast<std::size_t>(sent);
}

void StreamConnection::afterWrite() {
  if (sendError_ != 0 || loop_.dispatching()) {
    loop_.requestFlush(id());  // errors, too, are handled from the loop's level
  } else {
    sendBuffered();
    if (sendError_ != 0) loop_.requestFlush(id());
    updateInterest();
  }
  gate_.pauseAbove(bufferedBytes(), loop_.config().writeHighWater);
}

void StreamConnection::sendBuffered() {
  WriteBatch& batch = loop_.writeBatch();
  while (bufferedBytes() > 0 && fd_ >= 0 && sendError_ == 0) {
    iovec iov[2];
    std::size_t n = 0;
    if (outOffset_ < out_.size()) iov[n++] = {out_.data() + outOffset_, out_.size() - outOffset_};
    if (const std::string_view more = batch.contiguous(batched_); !more.empty()) {
      iov[n++] = {const_cast<char*>(more.data()), more.size()};
    }
    msghdr message{};
    message.msg_iov = iov;
    message.msg_iovlen = n;
    const ssize_t sent = ::sendmsg(fd_, &message, MSG_NOSIGNAL);
    if (sent > 0) {
      totals_.bytesSent += static_cast<std::uint64_t>(sent);
      ++totals_.packetsSent;
      consumeSent(static_cast<std::size_t>(sent));
    } else if (sent < 0 && errno == EINTR) {
      continue;
    } else if (sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      break;
    } else {
      sendError_ = sent < 0 ? errno : EPIPE;
    }
  }
  // The batch is reset when the dispatch ends: what the socket did not take moves out now,
  // unless it never will (a connection whose send failed is about to close).
  if (sendError_ != 0) {
    dropOutput();
    return;
  }
  batch.moveTo(batched_, out_);
  if (outOffset_ == out_.size()) {
    dropOutput();  // drained: give the buffer back, whatever size a burst made it
  } else if (outOffset_ > kCompactAbove && outOffset_ > out_.size() / 2) {
    out_.erase(0, outOffset_);
    outOffset_ = 0;
  }
}

void StreamConnection::consumeSent(std::size_t count) {
  const std::size_t fromOut = std::min(count, out_.size() - outOffset_);
  outOffset_ += fromOut;
  if (count > fromOut) loop_.writeBatch().consume(batched_, count - fromOut);
}

void StreamConnection::dropOutput() {
  std::string().swap(out_);
  outOffset_ = 0;
  WriteBatch::drop(batched_);
}

void StreamConnection::drainOutput() {
  if (state_ == State::Closed) return;
  if (state_ == State::Aborting) {
    closeNow(std::move(*closeReason_));
    return;
  }
  sendBuffered();
  if (sendError_ != 0) {
    closeNow(Reason::fromErrno(sendError_, strCat("sending to ", peer().toString())));
    return;
  }
  if (state_ == State::Closing && bufferedBytes() == 0) {
    closeNow(std::move(*closeReason_));
    return;
  }
  // Resumed only here, at the loop's level, never inside the producer's own write.
  gate_.resumeAtOrBelow(bufferedBytes(), loop_.config().writeLowWater);
  updateInterest();
}

void StreamConnection::updateInterest() {
  if (state_ == State::Closed) return;
  Interest wanted = Interest::None;
  if (state_ == State::Open && !readingPaused_) wanted = wanted | Interest::Read;
  if (bufferedBytes() > 0 && state_ != State::Aborting) wanted = wanted | Interest::Write;
  if (wanted != interest_) {
    interest_ = wanted;
    loop_.setInterest(id(), wanted);
  }
}

void StreamConnection::loseConnection(Reason reason) {
  if (state_ != State::Open) return;
  state_ = State::Closing;
  closeReason_ = std::make_unique<Reason>(std::move(reason));
  updateInterest();
  loop_.requestFlush(id());
}

void StreamConnection::abortConnection(Reason reason) {
  if (state_ == State::Aborting || state_ == State::Closed) return;
  state_ = State::Aborting;
  closeReason_ = std::make_unique<Reason>(std::move(reason));
  dropOutput();
  updateInterest();
  loop_.requestFlush(id());
}

void StreamConnection::pauseReading() {
  readingPaused_ = true;
  updateInterest();
}

void StreamConnection::resumeReading() {
  readingPaused_ = false;
  updateInterest();
}

void StreamConnection::registerProducer(Producer& producer) {
  gate_.registerProducer(producer, state_ != State::Open);
  gate_.pauseAbove(bufferedBytes(), loop_.config().writeHighWater);
}

void StreamConnection::onReadable() {
  std::span<char> buffer = loop_.readBuffer();
  const int reads = loop_.config().readsPerConnection;
  for (int i = 0; i < reads; ++i) {
    if (state_ != State::Open || readingPaused_ || fd_ < 0) return;
    ssize_t n = ::recv(fd_, buffer.data(), buffer.size(), 0);
    if (n > 0) {
      totals_.bytesReceived += static_cast<std::uint64_t>(n);
      ++totals_.packetsReceived;
      std::string_view data(buffer.data(), static_cast<std::size_t>(n));
      if (!callProtocol("dataReceived", [&] { protocol_->dataReceived(data); })) return;
      if (static_cast<std::size_t>(n) < buffer.size()) return;  // drained for now
      continue;
    }
    if (n == 0) {
      closeNow(Reason::done("the other side closed the connection"));
      return;
    }
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) return;
    closeNow(Reason::fromErrno(errno, strCat("reading from ", peer().toString())));
    return;
  }
  // Cap reached: the rest waits for the next pump (the poller reports it again).
}

NetStats StreamConnection::stats() const {
  NetStats stats;
  stats.queuedBytes = bufferedBytes();
  if (!meter_) meter_ = std::make_unique<RateMeter>();
  meter_->update(loop_.clock().now(), totals_, stats);
  // The kernel measures a TCP connection's RTT and retransmissions; Unix sockets have neither.
  tcp_info info{};
  socklen_t length = sizeof info;
  if (fd_ >= 0 &&
      (host_.family() == Address::Family::IPv4 || host_.family() == Address::Family::IPv6) &&
      ::getsockopt(fd_, IPPROTO_TCP, TCP_INFO, &info, &length) == 0) {
    stats.rtt = std::chrono::microseconds(info.tcpi_rtt);
    stats.rttVariance = std::chrono::microseconds(info.tcpi_rttvar);
    // glibc's tcp_info has no segment count: estimate segments sent from bytes and the MSS.
    const double segments =
        info.tcpi_snd_mss > 0 ? static_cast<double>(totals_.bytesSent) / info.tcpi_snd_mss : 0.0;
    if (segments >= 1.0)
      stats.lossPercent = std::min(100.0, 100.0 * info.tcpi_total_retrans / segments);
  }
  int kernelQueued = 0;  // in the kernel, not yet acknowledged by the peer
  if (fd_ >= 0 && ::ioctl(fd_, SIOCOUTQ, &kernelQueued) == 0 && kernelQueued > 0) {
    stats.queuedBytes += static_cast<std::size_t>(kernelQueued);
  }
  return stats;
}

void StreamConnection::closeNow(Reason reason) {
  if (state_ == State::Closed) return;
  // A peer that closed after its last request still gets the replies to it.
  if (reason.clean() && state_ != State::Aborting) sendBuffered();
  if (state_ == State::Aborting && fd_ >= 0) {
    // An abort resets the connection (RST) instead of queueing a FIN behind unsent data.
    linger reset{1, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
  }
  state_ = State::Closed;
  dropOutput();
  loop_.release(id());
  gate_.stop();
  reportClosed(loop_.logger(), peer(), *protocol_, observer_, reason);
}

void StreamConnection::abortNow(Reason reason) {
  if (state_ == State::Closed) return;
  state_ = State::Aborting;  // reset, not FIN, and no flush
  dropOutput();
  closeNow(std::move(reason));
}

void StreamConnection::onLoopShutdown() {
  observer_ = nullptr;
  closeNow({ReasonCode::ShuttingDown, "the reactor is shutting down"});
}

}  // namespace weft::net::detail
