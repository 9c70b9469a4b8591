// SimLink: two connected in-memory ends, each a Transport and a MessageTransport, joined by a
// simulated network (latency, jitter, loss, duplication, reordering, a bandwidth cap) and driven
// by the injected Scheduler — a whole client and server in one process, deterministic under
// ManualClock. Tests: tests/net/netsim/sim_link_test.cpp, tests/net/messages/ (contract suite)
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>

#include "net/core/address.h"
#include "net/core/protocol.h"
#include "net/core/scheduler.h"
#include "net/netsim/impairment_model.h"
#include "net/netsim/link_conditions.h"
#include "net/netsim/sim_link_config.h"
#include "net/netsim/sim_link_end.h"

namespace weft::net {

class SimLink {
 public:
  enum class Direction : std::uint8_t { ClientToServer, ServerToClient };

  // `scheduler` (and its clock and logger) must outlive the link. `conditions` apply to both
  // directions and must be valid (asserted; see LinkConditions::validate).
  explicit SimLink(Scheduler& scheduler, const LinkConditions& conditions = {},
                   SimLinkConfig config = {});
  // Ends still open hear connectionLost(ShuttingDown), so protocols must outlive the link.
  ~SimLink();
  SimLink(const SimLink&) = delete;
  SimLink& operator=(const SimLink&) = delete;

  // Attaches the protocols and calls connectionMade: the server's first, as a listening port
  // accepts before the connector hears back. Once per link.
  void connect(Protocol& client, Protocol& server);

  SimLinkEnd& client() { return *client_; }
  SimLinkEnd& server() { return *server_; }

  // Live: packets already on the wire keep their fate.
  void setConditions(const LinkConditions& conditions);
  void setConditions(Direction direction, const LinkConditions& conditions);
  const LinkConditions& conditions(Direction direction) const;
  const ImpairmentCounters& counters(Direction direction) const;
  std::uint64_t seed() const { return seed_; }
  const SimLinkConfig& config() const { return config_; }

 private:
  detail::SimWire& wire(Direction direction);
  const detail::SimWire& wire(Direction direction) const;

  SimLinkConfig config_;
  std::uint64_t seed_;
  std::unique_ptr<detail::SimWire> toServer_;
  std::unique_ptr<detail::SimWire> toClient_;
  std::unique_ptr<SimLinkEnd> client_;
  std::unique_ptr<SimLinkEnd> server_;
  bool connected_ = false;
};

}  // namespace weft::net
