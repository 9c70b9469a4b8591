// Shared pieces for tests over real loopback sockets: endpoints, a recording protocol, simple
// factories. Loopback only (127.0.0.1, ::1, Unix sockets in a temporary directory).
#pragma once

#include <doctest/doctest.h>
#include <unistd.h>

#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "net/core/connector.h"
#include "net/core/endpoint.h"
#include "net/core/factory.h"
#include "net/core/port.h"
#include "net/core/reactor.h"
#include "net/endpoints/builtin_endpoints.h"
#include "net/enet/enet_endpoint.h"
#include "net/testing/pump_until.h"
#include "net/testing/recording_logger.h"

namespace weft::test {

using namespace std::chrono_literals;
namespace net = weft::net;

inline net::Endpoint tcpServer(std::string interface = "127.0.0.1", std::uint16_t port = 0) {
  net::Endpoint e;
  e.kind = &net::kTcpKind;
  e.role = net::Endpoint::Role::Server;
  e.family = interface.find(':') != std::string::npos ? net::Address::Family::IPv6
                                                      : net::Address::Family::IPv4;
  e.host = std::move(interface);
  e.port = port;
  return e;
}

inline net::Endpoint clientFor(const net::Address& address) {
  net::Endpoint e;
  e.role = net::Endpoint::Role::Client;
  if (address.family() == net::Address::Family::Unix) {
    e.kind = &net::kUnixKind;
    e.path = address.host();
  } else {
    e.kind = &net::kTcpKind;
    e.family = address.family();
    e.host = address.host();
    e.port = address.port();
  }
  return e;
}

inline net::Endpoint unixServer(const std::string& path) {
  net::Endpoint e;
  e.kind = &net::kUnixKind;
  e.role = net::Endpoint::Role::Server;
  e.path = path;
  return e;
}

// ENet on loopback: a server on a port the system picks, and a client for it.
inline net::Endpoint enetServer(int peers = net::EnetOptions::kDefaultPeers,
                                int channels = net::EnetOptions::kDefaultChannels) {
  auto e = net::parseServerEndpoint("enet:0:interface=127.0.0.1:peers=" + std::to_string(peers) +
                                    ":channels=" + std::to_string(channels));
  REQUIRE_MESSAGE(e.ok(), e.error().message);
  return *e;
}

inline net::Endpoint enetClient(const net::Address& server) {
  auto e = net::parseClientEndpoint("enet:127.0.0.1:" + std::to_string(server.port()));
  REQUIRE(e.ok());
  return *e;
}

// A fresh directory under /tmp for Unix socket files, removed afterwards.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    char pattern[] = "/tmp/weft-test-XXXXXX";
    path = ::mkdtemp(pattern);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  std::string file(const std::string& name) const { return (path / name).string(); }
};

class Recorder;

// What happened to one connection. Owned by the test's factory, so it outlives the protocol
// (which its connection destroys soon after connectionLost).
struct Record {
  std::string received;
  bool made = false;
  std::optional<net::Reason> lost;
  Recorder* live = nullptr;  // the protocol while it exists
  bool echo = false;
  std::string greeting;
  std::function<void(Record&, std::string_view)> onData;

  net::Transport& transport() const;
};

class Recorder : public net::Protocol {
 public:
  explicit Recorder(Record& record) : record_(record) { record_.live = this; }
  ~Recorder() override { record_.live = nullptr; }

  void connectionMade() override {
    record_.made = true;
    if (!record_.greeting.empty()) transport().write(record_.greeting);
  }
  void dataReceived(std::string_view data) override {
    record_.received.append(data);
    if (record_.echo) transport().write(data);
    if (record_.onData) record_.onData(record_, data);
  }
  void connectionLost(const net::Reason& reason) override { record_.lost = reason; }

 private:
  Record& record_;
};

inline net::Transport& Record::transport() const {
  REQUIRE_MESSAGE(live != nullptr, "the connection's protocol is already gone");
  return live->transport();
}

// Builds Recorders, each writing into a Record kept here (a deque keeps them in place).
class RecorderFactory : public net::ServerFactory {
 public:
  std::function<void(Record&)> configure;
  std::deque<Record> records;
  bool refuse = false;
  int started = 0;
  int stopped = 0;

  std::unique_ptr<net::Protocol> buildProtocol(const net::Address&) override {
    if (refuse) return nullptr;
    Record& record = records.emplace_back();
    if (configure) configure(record);
    return std::make_unique<Recorder>(record);
  }
  void startFactory() override { ++started; }
  void stopFactory() override { ++stopped; }
};

class RecorderClientFactory : public net::ClientFactory {
 public:
  std::function<void(Record&)> configure;
  std::deque<Record> records;
  std::vector<net::Reason> failed;
  std::vector<net::Reason> lost;
  int connecting = 0;
  int started = 0;
  int stopped = 0;
  std::function<void(net::Connector&)> onFailed;
  std::function<void(net::Connector&)> onLost;

  std::unique_ptr<net::Protocol> buildProtocol(const net::Address&) override {
    Record& record = records.emplace_back();
    if (configure) configure(record);
    return std::make_unique<Recorder>(record);
  }
  void startFactory() override { ++started; }
  void stopFactory() override { ++stopped; }
  void startedConnecting(net::Connector&) override { ++connecting; }
  void clientConnectionFailed(net::Connector& c, const net::Reason& r) override {
    failed.push_back(r);
    if (onFailed) onFailed(c);
  }
  void clientConnectionLost(net::Connector& c, const net::Reason& r) override {
    lost.push_back(r);
    if (onLost) onLost(c);
  }
};

inline net::ReactorConfig quietConfig(weft::testing::RecordingLogger& log) {
  net::ReactorConfig config;
  config.logger = &log;
  return config;
}

}  // namespace weft::test
