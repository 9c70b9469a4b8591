#include "net/testing/connected_pair.h"

#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

#include "net/protocols/line_receiver.h"
#include "tests/support/printers.h"

using weft::net::LineReceiver;
using weft::net::Producer;
using weft::net::Protocol;
using weft::net::Reason;
using weft::net::ReasonCode;
using weft::testing::ConnectedPair;

namespace {

using Events = std::vector<std::string>;

// Logs into a shared list, so the order across both sides is visible. Data can be commands:
// "close", "abort" and "ping N" (answered with "ping N-1" down to 0).
class Peer final : public Protocol {
 public:
  Peer(std::string name, Events& log) : name_(std::move(name)), log_(log) {}

  void connectionMade() override {
    log_.push_back(name_ + " made");
    if (!greeting.empty()) transport().write(greeting);
  }
  void dataReceived(std::string_view data) override {
    log_.push_back(name_ + " got " + std::string(data));
    if (data == "close") transport().loseConnection();
    if (data == "abort") {
      transport().abortConnection();
      log_.push_back(name_ + " returns from dataReceived");
    }
    if (data.starts_with("ping ") && data != "ping 0") {
      transport().write("ping " + std::to_string(std::stoi(std::string(data.substr(5))) - 1));
    }
  }
  void connectionLost(const Reason& reason) override {
    log_.push_back(name_ + " lost " + reason.sentence());
  }

  std::string greeting;

 private:
  std::string name_;
  Events& log_;
};

}  // namespace

TEST_CASE("the server connects first, and addresses mirror each other on loopback") {
  Events log;
  Peer client("client", log);
  Peer server("server", log);
  ConnectedPair pair(client, server);
  CHECK(log == Events{"server made", "client made"});
  CHECK(pair.clientTransport().peer() == pair.serverTransport().host());
  CHECK(pair.serverTransport().peer() == pair.clientTransport().host());
  CHECK(pair.clientTransport().peer().isLoopback());
  CHECK(pair.clientTransport().peer().toString() == "127.0.0.1:8007");
}

TEST_CASE("bytes written in connectionMade wait for the first flush") {
  Events log;
  Peer client("client", log);
  Peer server("server", log);
  server.greeting = "welcome";
  ConnectedPair pair(client, server);
  CHECK(pair.serverTransport().bufferedBytes() == 7);
  CHECK(log == Events{"server made", "client made"});
  pair.flush();
  CHECK(log == Events{"server made", "client made", "client got welcome"});
  CHECK(pair.serverTransport().bufferedBytes() == 0);
}

TEST_CASE("replies written while receiving are delivered in the same flush") {
  Events log;
  Peer client("client", log);
  Peer server("server", log);
  ConnectedPair pair(client, server);
  pair.clientTransport().write("ping 3");
  pair.flush();
  CHECK(log == Events{"server made", "client made", "server got ping 3", "client got ping 2",
                      "server got ping 1", "client got ping 0"});
  CHECK(client.connected());
  CHECK(server.connected());
}

TEST_CASE("loseConnection delivers the data first, then both sides lose the connection") {
  Events log;
  Peer client("client", log);
  Peer server("server", log);
  ConnectedPair pair(client, server);
  pair.serverTransport().write("last words");
  pair.serverTransport().loseConnection(Reason::protocolError("bad hello"));
  CHECK(pair.serverTransport().disconnecting());
  pair.flush();
  CHECK(log == Events{"server made", "client made", "client got last words",
                      "server lost Protocol error: bad hello", "client lost Connection closed"});
  CHECK_FALSE(client.connected());
  CHECK_FALSE(server.connected());
}

TEST_CASE("a close requested from a callback also waits for its data to be delivered") {
  Events log;
  Peer client("client", log);
  Peer server("server", log);
  ConnectedPair pair(client, server);
  pair.clientTransport().write("close");
  pair.flush();
  CHECK(log == Events{"server made", "client made", "server got close",
                      "server lost Connection closed", "client lost Connection closed"});
}

TEST_CASE("abortConnection drops unsent data and the peer sees ConnectionLost at once") {
  Events log;
  Peer client("client", log);
  Peer server("server", log);
  ConnectedPair pair(client, server);
  pair.clientTransport().write("never delivered");
  pair.serverTransport().write("never delivered either");
  pair.clientTransport().abortConnection();
  CHECK(log == Events{"server made", "client made", "client lost Connection aborted",
                      "server lost Connection lost: the peer aborted the connection"});
  pair.flush();
  CHECK(log.size() == 4);
}

TEST_CASE("an abort from inside a callback takes effect when the callback returns") {
  Events log;
  Peer client("client", log);
  Peer server("server", log);
  ConnectedPair pair(client, server);
  pair.clientTransport().write("abort");
  pair.flush();
  CHECK(log == Events{"server made", "client made", "server got abort",
                      "server returns from dataReceived", "server lost Connection aborted",
                      "client lost Connection lost: the peer aborted the connection"});
}

TEST_CASE("a side that paused reading receives nothing, and the bytes wait on the sender") {
  Events log;
  Peer client("client", log);
  Peer server("server", log);
  ConnectedPair pair(client, server);
  pair.serverTransport().pauseReading();
  pair.clientTransport().write("held");
  pair.clientTransport().loseConnection();
  pair.flush();
  CHECK(log == Events{"server made", "client made"});
  CHECK(pair.clientTransport().bufferedBytes() == 4);

  pair.serverTransport().resumeReading();
  pair.flush();
  CHECK(log == Events{"server made", "client made", "server got held",
                      "client lost Connection closed", "server lost Connection closed"});
}

TEST_CASE("a producer paused by an unread peer resumes once the peer reads") {
  class Flood final : public Producer {
   public:
    void pauseProducing() override { events.push_back("pause"); }
    void resumeProducing() override { events.push_back("resume"); }
    Events events;
  };
  Events log;
  Peer client("client", log);
  Peer server("server", log);
  ConnectedPair pair(client, server);
  Flood flood;
  pair.clientTransport().registerProducer(flood);
  pair.serverTransport().pauseReading();
  pair.clientTransport().write(std::string(64 * 1024 + 1, 'x'));
  pair.flush();
  CHECK(flood.events == Events{"pause"});
  pair.serverTransport().resumeReading();
  pair.flush();
  CHECK(flood.events == Events{"pause", "resume"});
  pair.clientTransport().unregisterProducer();
}

TEST_CASE("two line protocols talk through the pair as they would over TCP") {
  class Chat final : public LineReceiver {
   public:
    explicit Chat(std::string name) : name_(std::move(name)) {}
    void connectionMade() override { sendLine("hello from " + name_); }
    void lineReceived(std::string_view line) override {
      heard.emplace_back(line);
      if (line == "bye") transport().loseConnection();
      if (line.starts_with("hello") && name_ == "server") sendLine("bye");
    }
    void connectionLost(const Reason& reason) override { lost = reason.code; }
    Events heard;
    ReasonCode lost = ReasonCode::Aborted;  // until connectionLost says otherwise

   private:
    std::string name_;
  };
  Chat client("client");
  Chat server("server");
  ConnectedPair pair(client, server);
  pair.flush();
  CHECK(server.heard == Events{"hello from client"});
  CHECK(client.heard == Events{"hello from server", "bye"});
  CHECK(client.lost == ReasonCode::Done);
  CHECK(server.lost == ReasonCode::Done);
}
