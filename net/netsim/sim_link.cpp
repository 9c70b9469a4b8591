#include "net/netsim/sim_link.h"

#include <random>

#include "net/core/str_cat.h"

namespace weft::net {

namespace {
std::uint64_t pickSeed(const SimLinkConfig& config, Logger& logger) {
  if (config.seed) return *config.seed;
  std::random_device device;
  const std::uint64_t seed = (std::uint64_t{device()} << 32) ^ device();
  logger.info(strCat("SimLink: seed ", seed, " (set SimLinkConfig::seed to replay this run)"));
  return seed;
}
}  // namespace

SimLink::SimLink(Scheduler& scheduler, const LinkConditions& conditions, SimLinkConfig config)
    : config_(std::move(config)), seed_(pickSeed(config_, scheduler.logger())) {
  WEFT_ASSERT(config_.channelCount > 0, "SimLinkConfig::channelCount must be at least 1");
  WEFT_ASSERT(config_.lowWaterMark <= config_.highWaterMark,
              "SimLinkConfig: lowWaterMark must not be above highWaterMark");
  // Each direction draws from its own stream, so traffic one way never shifts the other's fate.
  std::uint64_t spread = seed_;
  toServer_ =
      std::make_unique<detail::SimWire>(scheduler, conditions, SimRandom::splitMix64(spread));
  toClient_ =
      std::make_unique<detail::SimWire>(scheduler, conditions, SimRandom::splitMix64(spread));
  client_ = std::make_unique<SimLinkEnd>(scheduler, config_, *toServer_, config_.clientAddress,
                                         config_.serverAddress);
  server_ = std::make_unique<SimLinkEnd>(scheduler, config_, *toClient_, config_.serverAddress,
                                         config_.clientAddress);
  toServer_->connectTo(*server_);
  toClient_->connectTo(*client_);
}

SimLink::~SimLink() {
  client_->shutDown();
  server_->shutDown();
}

void SimLink::connect(Protocol& client, Protocol& server) {
  WEFT_ASSERT(!connected_, "SimLink::connect: a link connects one pair once; make another link");
  connected_ = true;
  server_->open(server);
  client_->open(client);
}

detail::SimWire& SimLink::wire(Direction direction) {
  return direction == Direction::ClientToServer ? *toServer_ : *toClient_;
}
const detail::SimWire& SimLink::wire(Direction direction) const {
  return direction == Direction::ClientToServer ? *toServer_ : *toClient_;
}

void SimLink::setConditions(const LinkConditions& conditions) {
  toServer_->model().setConditions(conditions);
  toClient_->model().setConditions(conditions);
}
void SimLink::setConditions(Direction direction, const LinkConditions& conditions) {
  wire(direction).model().setConditions(conditions);
}
const LinkConditions& SimLink::conditions(Direction direction) const {
  return wire(direction).model().conditions();
}
const ImpairmentCounters& SimLink::counters(Direction direction) const {
  return wire(direction).model().counters();
}

}  // namespace weft::net
