// Shared pieces for ENet tests over loopback: endpoints, a message-recording protocol and its
// factories. Loopback only (127.0.0.1).
#pragma once

#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "net/core/endpoint.h"
#include "net/core/factory.h"
#include "net/protocols/message_protocol.h"
#include "tests/net/core/loopback.h"

namespace weft::test {

struct Message {
  std::uint8_t channel;
  std::string bytes;
  friend bool operator==(const Message&, const Message&) = default;
};

// What happened to one message connection; owned by its factory, so it outlives the protocol.
struct MessageRecord {
  std::vector<Message> messages;
  bool made = false;
  std::optional<net::Reason> lost;
  net::MessageProtocol* live = nullptr;
  std::function<void(MessageRecord&)> onMade;
  std::function<void(MessageRecord&, const Message&)> onMessage;

  net::MessageProtocol& protocol() const {
    REQUIRE_MESSAGE(live != nullptr, "the connection's protocol is already gone");
    return *live;
  }
};

class MessageRecorder : public net::MessageProtocol {
 public:
  explicit MessageRecorder(MessageRecord& record) : record_(record) { record_.live = this; }
  ~MessageRecorder() override { record_.live = nullptr; }
  void connectionMade() override {
    record_.made = true;
    if (record_.onMade) record_.onMade(record_);
  }
  void messageReceived(std::uint8_t channel, std::string_view message) override {
    record_.messages.push_back({channel, std::string(message)});
    if (record_.onMessage) record_.onMessage(record_, record_.messages.back());
  }
  void connectionLost(const net::Reason& reason) override { record_.lost = reason; }

 private:
  MessageRecord& record_;
};

class MessageServerFactory : public net::ServerFactory {
 public:
  std::function<void(MessageRecord&)> configure;
  std::deque<MessageRecord> records;
  bool refuse = false;
  std::unique_ptr<net::Protocol> buildProtocol(const net::Address&) override {
    if (refuse) return nullptr;
    MessageRecord& record = records.emplace_back();
    if (configure) configure(record);
    return std::make_unique<MessageRecorder>(record);
  }
};

class MessageClientFactory : public net::ClientFactory {
 public:
  std::function<void(MessageRecord&)> configure;
  std::deque<MessageRecord> records;
  std::vector<net::Reason> failed;
  std::vector<net::Reason> lost;
  std::unique_ptr<net::Protocol> buildProtocol(const net::Address&) override {
    MessageRecord& record = records.emplace_back();
    if (configure) configure(record);
    return std::make_unique<MessageRecorder>(record);
  }
  void clientConnectionFailed(net::Connector&, const net::Reason& r) override { failed.push_back(r); }
  void clientConnectionLost(net::Connector&, const net::Reason& r) override { lost.push_back(r); }
};

}  // namespace weft::test
