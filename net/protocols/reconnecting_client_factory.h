// ReconnectingClientFactory: a ClientFactory that reconnects after every failure or loss, with
// exponential backoff and jitter — Twisted's algorithm and defaults, on the injected clock.
// Tests: tests/net/protocols/reconnecting_client_factory_test.cpp
#pragma once

#include <cstdint>
#include <optional>
#include <random>

#include "net/core/connector.h"
#include "net/core/factory.h"
#include "net/core/scheduler.h"

namespace weft::net {

using namespace std::chrono_literals;

struct ReconnectPolicy {
  Duration initialDelay = 1s;          // the first retry waits about initialDelay * factor
  double factor = 2.7182818284590451;  // e: each failure multiplies the delay
  double jitter = 0.11962656472;       // relative spread, so a crowd of clients de-syncs
  Duration maxDelay = 3600s;           // never wait longer than this
  std::optional<int> maxRetries;       // give up after this many; none: keep trying
  std::optional<std::uint64_t> seed;   // jitter RNG seed (tests); none: random
};

class ReconnectingClientFactory : public ClientFactory {
 public:
  // Retries are scheduled on, and logged through, the reactor of the connector that failed, so
  // the factory needs nothing at construction and may be declared before the reactor (as
  // factories should be: they outlive the connections they made).
  explicit ReconnectingClientFactory(ReconnectPolicy policy = {});

  // Subclasses that override these call the base versions, as in Twisted.
  void clientConnectionFailed(Connector& connector, const Reason& reason) override;
  void clientConnectionLost(Connector& connector, const Reason& reason) override;

  // Back to the initial delay and zero retries; call it once a connection works (Twisted
  // users call it in buildProtocol).
  void resetDelay();
  // No more retries; the pending one is cancelled and a running attempt stopped.
  void stopTrying();

  // False after stopTrying(), or once maxRetries ran out.
  bool trying() const { return continueTrying_; }
  int retries() const { return retries_; }
  // The delay the next retry would wait before jitter, and when the pending retry is due.
  Duration delay() const { return fromSeconds(delaySeconds_); }
  std::optional<TimePoint> nextRetry() const { return pending_.get().time(); }
  const ReconnectPolicy& policy() const { return policy_; }

 protected:
  void retry(Connector& connector);

 private:
  ReconnectPolicy policy_;
  std::mt19937_64 rng_;
  double delaySeconds_;
  int retries_ = 0;
  bool continueTrying_ = true;
  Connector* connector_ = nullptr;
  ScopedCall pending_;
};

}  // namespace weft::net
