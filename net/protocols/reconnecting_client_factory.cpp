#include "net/protocols/reconnecting_client_factory.h"

#include <algorithm>

#include "net/core/reactor.h"
#include "net/core/str_cat.h"

namespace weft::net {

ReconnectingClientFactory::ReconnectingClientFactory(ReconnectPolicy policy)
    : policy_(policy),
      rng_(policy.seed ? *policy.seed : std::random_device{}()),
      delaySeconds_(toSeconds(policy.initialDelay)) {
  WEFT_ASSERT(policy_.factor >= 1.0 && policy_.jitter >= 0.0 &&
                  policy_.initialDelay > Duration::zero() && policy_.maxDelay > Duration::zero(),
              "ReconnectPolicy: factor must be >= 1, jitter >= 0, delays > 0");
}

void ReconnectingClientFactory::clientConnectionFailed(Connector& connector, const Reason&) {
  if (continueTrying_) retry(connector);
}

void ReconnectingClientFactory::clientConnectionLost(Connector& connector, const Reason&) {
  if (continueTrying_) retry(connector);
}

void ReconnectingClientFactory::retry(Connector& connector) {
  if (!continueTrying_) return;
  connector_ = &connector;
  Logger& logger = connector.reactor().logger();
  ++retries_;
  if (policy_.maxRetries && retries_ > *policy_.maxRetries) {
    logger.info(strCat("giving up on ", connector.destination().toString(), " after ", retries_ - 1,
                       " retries"));
    continueTrying_ = false;
    return;
  }
  delaySeconds_ = std::min(delaySeconds_ * policy_.factor, toSeconds(policy_.maxDelay));
  if (policy_.jitter > 0) {
    std::normal_distribution<double> spread(delaySeconds_, delaySeconds_ * policy_.jitter);
    delaySeconds_ = std::max(0.0, spread(rng_));
  }
  logger.info(strCat("reconnecting to ", connector.destination().toString(), " in ",
                     fromSeconds(delaySeconds_), " (retry ", retries_, ")"));
  pending_ = connector.reactor().callLater(fromSeconds(delaySeconds_),
                                           [&connector] { connector.connect(); });
}

void ReconnectingClientFactory::resetDelay() {
  delaySeconds_ = toSeconds(policy_.initialDelay);
  retries_ = 0;
  continueTrying_ = true;
}

void ReconnectingClientFactory::stopTrying() {
  pending_.cancel();
  continueTrying_ = false;
  if (connector_ && connector_->state() == Connector::State::Connecting) {
    connector_->stopConnecting();
  }
}

}  // namespace weft::net
