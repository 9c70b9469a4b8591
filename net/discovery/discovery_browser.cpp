#include "net/discovery/discovery_browser.h"

#include <cerrno>
#include <cstring>

#include "net/core/str_cat.h"
#include "net/udp/udp_endpoint.h"

namespace weft::net {

namespace {
Endpoint browserEndpoint(const DiscoveryBrowserConfig& config, const Address& target) {
  Endpoint endpoint;
  endpoint.kind = &kUdpKind;
  endpoint.role = Endpoint::Role::Server;
  endpoint.family = target.family();
  endpoint.host = !config.interface.empty()                      ? config.interface
                  : target.family() == Address::Family::IPv6 ? "::"
                                                                 : "0.0.0.0";
  endpoint.port = 0;
  return endpoint;
}
}  // namespace

Result<std::unique_ptr<DiscoveryBrowser>> DiscoveryBrowser::start(Reactor& reactor,
                                                                  DiscoveryBrowserConfig config,
                                                                  DiscoveryListener* listener) {
  auto fail = [](std::string_view message) {
    return Error{strCat("discovery browser: ", message)};
  };
  if (auto list = ServerList::check(config); !list) return fail(list.error().message);
  if (config.queryInterval <= Duration::zero() || config.queryInterval >= config.serverTimeout) {
    return fail(strCat("queryInterval (", config.queryInterval,
                       ") must be positive and below serverTimeout (", config.serverTimeout,
                       "), or servers would drop out between queries"));
  }
  if (config.port == 0) return fail("port 0: give the servers' discovery port");
  auto target = Address::fromNumeric(config.address, config.port);
  if (!target) return fail(strCat("address ", target.error().message));
  if (auto local = Address::fromNumeric(config.interface, 0);
      local && local->family() != target->family()) {
    return fail(strCat("interface '", config.interface, "' and address '", config.address,
                       "' are not both IPv4 or both IPv6"));
  }

  std::unique_ptr<DiscoveryBrowser> browser(
      new DiscoveryBrowser(reactor, config, *target, listener));
  auto port = listenUdp(reactor, browserEndpoint(config, *target), *browser);
  if (!port) return fail(port.error().message);
  browser->port_ = std::move(port).value();
  // Broadcast queries need SO_BROADCAST (sendto fails with EACCES without it); it changes
  // nothing for unicast, and a subnet broadcast address cannot be told from a host address.
  browser->transport().setBroadcast(true);
  if (auto started = browser->queries_.start(config.queryInterval); !started) {
    return fail(started.error().message);
  }
  return browser;
}

DiscoveryBrowser::DiscoveryBrowser(Reactor& reactor, const DiscoveryBrowserConfig& config,
                                   Address target, DiscoveryListener* listener)
    : reactor_(reactor),
      target_(std::move(target)),
      list_(config, listener, reactor.logger()),
      queries_(reactor.scheduler(), [this] { tick(); }) {}

DiscoveryBrowser::~DiscoveryBrowser() {
  queries_.stop();
  port_.reset();
}

void DiscoveryBrowser::tick() {
  const TimePoint now = reactor_.clock().now();
  sendQuery(now);
  list_.expire(now);  // last: its listener calls end the tick
}

void DiscoveryBrowser::queryNow() { sendQuery(reactor_.clock().now()); }

void DiscoveryBrowser::sendQuery(TimePoint now) {
  const std::uint64_t failedBefore = port_->counters().dropped;
  transport().write(list_.makeQuery(now), target_);
  // The first failure is worth a line (no network, a firewall, broadcast not allowed); errno
  // is still sendto's, as nothing in between makes a system call.
  if (!loggedSendFailure_ && port_->counters().dropped > failedBefore) {
    loggedSendFailure_ = true;
    reactor_.logger().warning(strCat("discovery browser: queries to ", target_.toString(),
                                     " cannot be sent: ", std::strerror(errno),
                                     " (later failures are only counted)"));
  }
}

void DiscoveryBrowser::datagramReceived(std::string_view data, const Address& from) {
  list_.datagramReceived(data, from, reactor_.clock().now());
}

DiscoveryBrowserCounters DiscoveryBrowser::counters() const {
  DiscoveryBrowserCounters counters = list_.counters();
  counters.sendFailures = port_->counters().dropped;
  return counters;
}

}  // namespace weft::net
