#include "net/testing/connected_pair.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "net/core/address.h"
#include "net/core/assert.h"
#include "net/core/reason.h"
#include "net/testing/water_mark_gate.h"

namespace weft::testing {

namespace {
constexpr std::uint16_t kClientPort = 40000;  // an ephemeral port, as the kernel would pick
constexpr std::uint16_t kServerPort = 8007;
constexpr std::size_t kHighWaterMark = 64 * 1024;
constexpr std::size_t kLowWaterMark = 16 * 1024;
}  // namespace

// One end: the Transport its protocol writes to. Bytes wait in outgoing_ until flush().
class ConnectedPair::Side final : public net::Transport {
 public:
  Side(ConnectedPair& pair, net::Protocol& protocol, std::uint16_t hostPort, std::uint16_t peerPort)
      : pair_(pair),
        protocol_(protocol),
        host_(net::Address::loopbackIPv4(hostPort)),
        peer_(net::Address::loopbackIPv4(peerPort)) {}

  void write(std::string_view data) override {
    if (disconnecting()) return;
    outgoing_.append(data);
    gate_.update(outgoing_.size());
  }
  void writeSequence(std::span<const std::string_view> pieces) override {
    if (disconnecting()) return;
    for (std::string_view piece : pieces) outgoing_.append(piece);
    gate_.update(outgoing_.size());
  }

  // Takes effect in flush(), once the peer has read what this side wrote.
  void loseConnection(net::Reason reason) override {
    if (disconnecting()) return;
    closeRequest_ = std::move(reason);
    gate_.stop();
  }

  // Takes effect at once, or when the running callback returns.
  void abortConnection(net::Reason reason) override {
    if (loss_ || closed_) return;
    doom(std::move(reason));
    if (!other_->loss_ && !other_->closed_) {
      other_->doom(net::Reason::lost("the peer aborted the connection"));
    }
    if (pair_.dispatching_ == 0) pair_.settleCloses();
  }

  bool disconnecting() const override { return closeRequest_ || loss_ || closed_; }
  net::Address peer() const override { return peer_; }
  net::Address host() const override { return host_; }
  std::size_t bufferedBytes() const override { return outgoing_.size(); }
  void pauseReading() override { readingPaused_ = true; }
  void resumeReading() override { readingPaused_ = false; }
  void registerProducer(net::Producer& producer) override {
    gate_.registerProducer(producer, outgoing_.size(), disconnecting());
  }
  void unregisterProducer() override { gate_.unregisterProducer(); }

  bool canReceive() const { return !loss_ && !closed_ && !readingPaused_; }

  // Decides that connectionLost(reason) is next for this side; undelivered bytes are dropped.
  void doom(net::Reason reason) {
    loss_ = std::move(reason);
    doomedAt_ = ++pair_.dooms_;
    outgoing_.clear();
    gate_.stop();
  }

  ConnectedPair& pair_;
  net::Protocol& protocol_;
  Side* other_ = nullptr;
  net::Address host_;
  net::Address peer_;
  std::string outgoing_;                     // written, not yet delivered to the peer
  std::optional<net::Reason> closeRequest_;  // loseConnection's reason, until it takes effect
  std::optional<net::Reason> loss_;          // what connectionLost receives, once it is safe
  detail::WaterMarkGate gate_{kHighWaterMark, kLowWaterMark};
  int doomedAt_ = 0;  // sides hear of their loss in the order it was decided
  bool readingPaused_ = false;
  bool closed_ = false;  // connectionLost was delivered
};

namespace {
// Counts a protocol callback in progress, so closes decided inside it wait until it returns.
class DispatchScope {
 public:
  explicit DispatchScope(int& depth) : depth_(depth) { ++depth_; }
  ~DispatchScope() { --depth_; }
  DispatchScope(const DispatchScope&) = delete;
  DispatchScope& operator=(const DispatchScope&) = delete;

 private:
  int& depth_;
};
}  // namespace

ConnectedPair::ConnectedPair(net::Protocol& client, net::Protocol& server)
    : client_(std::make_unique<Side>(*this, client, kClientPort, kServerPort)),
      server_(std::make_unique<Side>(*this, server, kServerPort, kClientPort)) {
  client_->other_ = server_.get();
  server_->other_ = client_.get();
  {
    DispatchScope dispatch(dispatching_);
    server.makeConnection(*server_);
    client.makeConnection(*client_);
  }
  settleCloses();
}

ConnectedPair::~ConnectedPair() = default;

net::Transport& ConnectedPair::clientTransport() {
  return *client_;
}
net::Transport& ConnectedPair::serverTransport() {
  return *server_;
}

void ConnectedPair::flush() {
  WEFT_ASSERT(dispatching_ == 0,
              "ConnectedPair::flush called from inside a protocol callback; call it from the "
              "test, between steps");
  for (int round = 0;; ++round) {
    WEFT_ASSERT(round < kMaxFlushRounds,
                "ConnectedPair::flush: bytes still moving after kMaxFlushRounds rounds; the two "
                "protocols answer each other forever (an echo loop?)");
    const bool clientToServer = deliver(*client_, *server_);
    const bool serverToClient = deliver(*server_, *client_);
    if (clientToServer || serverToClient) continue;
    if (!closeFinishedSides()) return;
  }
}

bool ConnectedPair::deliver(Side& from, Side& to) {
  if (from.outgoing_.empty() || !to.canReceive()) return false;
  const std::string bytes = std::exchange(from.outgoing_, std::string());
  {
    DispatchScope dispatch(dispatching_);
    from.gate_.update(0);  // may resume a producer, which may write or even abort
    if (to.canReceive()) to.protocol_.dataReceived(bytes);
  }
  settleCloses();
  return true;
}

// A side that called loseConnection closes once its bytes are delivered, taking its peer
// with it (the peer reads end-of-stream: Done, unless it had asked to close for a reason).
bool ConnectedPair::closeFinishedSides() {
  for (Side* side : {client_.get(), server_.get()}) {
    if (!side->closeRequest_ || side->loss_ || side->closed_ || !side->outgoing_.empty()) continue;
    Side& other = *side->other_;
    side->doom(*side->closeRequest_);
    if (!other.loss_ && !other.closed_) {
      other.doom(other.closeRequest_ ? *other.closeRequest_ : net::Reason::done());
    }
    settleCloses();
    return true;
  }
  return false;
}

// Delivers the connectionLost calls decided so far: the side that closed hears first, then its
// peer. Only between callbacks, so no protocol loses its transport in the middle of one.
void ConnectedPair::settleCloses() {
  if (dispatching_ > 0) return;
  for (;;) {
    Side* next = nullptr;
    for (Side* side : {client_.get(), server_.get()}) {
      if (!side->loss_ || side->closed_) continue;
      if (next == nullptr || side->doomedAt_ < next->doomedAt_) next = side;
    }
    if (next == nullptr) return;
    next->closed_ = true;
    const net::Reason reason = *next->loss_;
    DispatchScope dispatch(dispatching_);
    next->protocol_.notifyConnectionLost(reason);
  }
}

}  // namespace weft::testing
