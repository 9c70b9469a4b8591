// Factories for ENet tests over loopback whose connections each record into a ContractSide
// (tests/net/messages/contract_side.h), kept in a deque so the records outlive the protocols.
#pragma once

#include <deque>
#include <memory>
#include <vector>

#include "net/core/factory.h"
#include "tests/net/messages/contract_side.h"
#include "tests/net/core/loopback.h"

namespace weft::test {

class MessageServerFactory : public net::ServerFactory {
 public:
  std::deque<ContractSide> records;
  bool refuse = false;
  std::unique_ptr<net::Protocol> buildProtocol(const net::Address&) override {
    if (refuse) return nullptr;
    return std::make_unique<ContractProtocol>(records.emplace_back());
  }
};

class MessageClientFactory : public net::ClientFactory {
 public:
  std::deque<ContractSide> records;
  std::vector<net::Reason> failed;
  std::vector<net::Reason> lost;
  std::unique_ptr<net::Protocol> buildProtocol(const net::Address&) override {
    return std::make_unique<ContractProtocol>(records.emplace_back());
  }
  void clientConnectionFailed(net::Connector&, const net::Reason& r) override { failed.push_back(r); }
  void clientConnectionLost(net::Connector&, const net::Reason& r) override { lost.push_back(r); }
};

}  // namespace weft::test
