#include "net/core/detail/stream_connection.h"

#include <doctest/doctest.h>
#include <sys/socket.h>

#include <functional>
#include <string>

#include "net/core/detail/socket.h"
#include "net/testing/pump_until.h"
#include "tests/net/core/loopback.h"

using namespace weft::test;
using weft::net::Reactor;
using weft::net::ReactorConfig;
using weft::net::ReasonCode;
using weft::net::SteadyClock;
using weft::testing::pumpUntil;
using weft::testing::RecordingLogger;

namespace {

// A server and one connected client in one reactor, over TCP or a Unix socket.
struct Pair {
  // Factories before the reactor: they must outlive everything the reactor owns.
  SteadyClock clock;
  RecordingLogger log;
  RecorderFactory serverFactory;
  RecorderClientFactory clientFactory;
  TempDir dir;
  Reactor reactor;
  std::unique_ptr<weft::net::Port> port;
  std::unique_ptr<weft::net::Connector> connector;

  explicit Pair(bool useUnix = false, ReactorConfig config = {}) : reactor(clock, withLog(config)) {
    auto listened = reactor.listen(useUnix ? unixServer(dir.file("s.sock")) : tcpServer(),
                                   serverFactory);
    REQUIRE(listened.ok());
    port = std::move(listened).value();
    connector = reactor.connect(clientFor(port->address()), clientFactory);
  }
  ReactorConfig withLog(ReactorConfig config) {
    config.logger = &log;
    return config;
  }
  bool connect() {
    return pumpUntil(reactor, [&] {
      return !serverFactory.records.empty() && !clientFactory.records.empty() &&
             clientFactory.records[0].made;
    });
  }
  Record& server() { return serverFactory.records.at(0); }
  Record& client() { return clientFactory.records.at(0); }
};

}  // namespace

TEST_CASE("bytes written on one side arrive on the other, over TCP and Unix sockets") {
  for (bool useUnix : {false, true}) {
    CAPTURE(useUnix);
    Pair pair(useUnix);
    pair.serverFactory.configure = [](Record& r) { r.echo = true; };
    REQUIRE(pair.connect());
    pair.client().transport().write("hello, ");
    std::string_view pieces[] = {"wo", "rld"};
    pair.client().transport().writeSequence(pieces);
    CHECK(pumpUntil(pair.reactor, [&] { return pair.client().received == "hello, world"; }));
    CHECK(pair.server().received == "hello, world");
  }
}

TEST_CASE("peer and host of the two ends mirror each other") {
  Pair pair;
  REQUIRE(pair.connect());
  CHECK(pair.client().transport().peer() == pair.server().transport().host());
  CHECK(pair.client().transport().host() == pair.server().transport().peer());
  CHECK(pair.server().transport().host() == pair.port->address());
}

TEST_CASE("loseConnection sends everything buffered before closing") {
  Pair pair;
  const std::string big(2 * 1024 * 1024, 'x');
  pair.serverFactory.configure = [&](Record& r) {
    r.onData = [&](Record& self, std::string_view) {
      self.transport().write(big);
      self.transport().loseConnection();
      self.transport().write("dropped: written after loseConnection");
    };
  };
  REQUIRE(pair.connect());
  pair.client().transport().write("go");
  CHECK(pumpUntil(pair.reactor, [&] { return pair.client().lost.has_value(); }));
  CHECK(pair.client().received.size() == big.size());
  CHECK(pair.client().lost->code == ReasonCode::Done);
  CHECK(pair.server().lost->code == ReasonCode::Done);
  CHECK(pair.clientFactory.lost.size() == 1);
}

TEST_CASE("abortConnection drops what is buffered and resets the connection") {
  Pair pair;
  REQUIRE(pair.connect());
  pair.client().transport().pauseReading();  // a slow reader, so data stays buffered
  const std::size_t total = 16u << 20;
  pair.server().transport().write(std::string(total, 'y'));
  CHECK(pair.server().transport().bufferedBytes() > 0);
  pair.server().transport().abortConnection();
  CHECK(pair.server().transport().disconnecting());
  CHECK(pair.server().transport().bufferedBytes() == 0);
  pair.client().transport().resumeReading();
  CHECK(pumpUntil(pair.reactor, [&] { return pair.client().lost.has_value(); }));
  CHECK(pair.server().lost->code == ReasonCode::Aborted);
  CHECK(pair.client().lost->code == ReasonCode::ConnectionLost);  // a reset, not a clean close
  CHECK(pair.client().received.size() < total);
}

TEST_CASE("the peer closing is a clean Done for the other side") {
  Pair pair;
  REQUIRE(pair.connect());
  pair.client().transport().loseConnection();
  CHECK(pumpUntil(pair.reactor, [&] { return pair.server().lost.has_value(); }));
  CHECK(pair.server().lost->code == ReasonCode::Done);
  CHECK(pair.server().lost->detail == "the other side closed the connection");
}

TEST_CASE("a protocol that throws closes only its own connection") {
  Pair pair;
  pair.serverFactory.configure = [](Record& r) {
    r.echo = true;
    r.onData = [](Record&, std::string_view data) {
      if (data.find("boom") != std::string_view::npos) throw std::runtime_error("bad input");
    };
  };
  REQUIRE(pair.connect());
  auto second = pair.reactor.connect(clientFor(pair.port->address()), pair.clientFactory);
  REQUIRE(pumpUntil(pair.reactor, [&] { return pair.serverFactory.records.size() == 2; }));
  pair.client().transport().write("boom");
  CHECK(pumpUntil(pair.reactor, [&] { return pair.client().lost.has_value(); }));
  CHECK(pair.server().lost->code == ReasonCode::CallbackError);
  CHECK(pair.server().lost->detail == "dataReceived: bad input");
  CHECK(pair.log.contains("threw in dataReceived: bad input", weft::net::LogLevel::Error));

  Record& other = pair.clientFactory.records.at(1);
  other.transport().write("still here");
  CHECK(pumpUntil(pair.reactor, [&] { return other.received == "still here"; }));
}

TEST_CASE("pauseReading holds data back until resumeReading") {
  Pair pair;
  REQUIRE(pair.connect());
  pair.server().transport().pauseReading();
  pair.client().transport().write("waiting");
  // Give the bytes every chance to be delivered: they must not be while reading is paused.
  for (int i = 0; i < 20; ++i) {
    pair.reactor.pump(weft::net::Duration::max());
    pair.reactor.waitForEvents(1ms);
  }
  CHECK(pair.server().received.empty());
  pair.server().transport().resumeReading();
  CHECK(pumpUntil(pair.reactor, [&] { return pair.server().received == "waiting"; }));
}

TEST_CASE("reads are capped per connection per pump, so a flood cannot starve the others") {
  ReactorConfig config;
  config.readChunkBytes = 1024;
  config.readsPerConnection = 1;
  Pair pair(false, config);
  REQUIRE(pair.connect());
  auto second = pair.reactor.connect(clientFor(pair.port->address()), pair.clientFactory);
  REQUIRE(pumpUntil(pair.reactor, [&] { return pair.serverFactory.records.size() == 2; }));
  Record& flooder = pair.server();
  Record& quiet = pair.serverFactory.records.at(1);

  pair.client().transport().write(std::string(64 * 1024, 'f'));
  pair.clientFactory.records.at(1).transport().write("q");
  REQUIRE(pumpUntil(pair.reactor, [&] { return !quiet.received.empty(); }));
  // The quiet connection was served while the flood was still arriving in 1 KiB slices.
  CHECK(flooder.received.size() < 64 * 1024);
  std::size_t before = flooder.received.size();
  pair.reactor.pump(weft::net::Duration::max());
  CHECK(flooder.received.size() - before <= 1024);
  CHECK(pumpUntil(pair.reactor, [&] { return flooder.received.size() == 64 * 1024; }));
}

namespace {
// Writes 16 KiB chunks until told to pause; counts what it did.
struct ChunkProducer : weft::net::Producer {
  weft::net::Transport* transport = nullptr;
  bool paused = false;
  int pauses = 0;
  int resumes = 0;
  std::size_t written = 0;
  std::size_t limit = 4 * 1024 * 1024;
  void produce() {
    while (!paused && written < limit) {
      transport->write(std::string(16 * 1024, 'p'));
      written += 16 * 1024;
    }
  }
  void pauseProducing() override {
    paused = true;
    ++pauses;
  }
  void resumeProducing() override {
    paused = false;
    ++resumes;
    produce();
  }
};
}  // namespace

TEST_CASE("a producer is paused above the high-water mark and resumed below the low one") {
  Pair pair;
  REQUIRE(pair.connect());
  pair.client().transport().pauseReading();  // a slow reader: the server's buffer must fill
  ChunkProducer producer;
  producer.transport = &pair.server().transport();
  pair.server().transport().registerProducer(producer);
  pair.reactor.callLater(0s, [&] { producer.produce(); });
  REQUIRE(pumpUntil(pair.reactor, [&] { return producer.pauses > 0; }));
  const std::size_t high = pair.reactor.config().writeHighWater;
  CHECK(pair.server().transport().bufferedBytes() <= high + 16 * 1024);
  CHECK(producer.written < producer.limit);  // memory stayed bounded: it stopped early

  pair.client().transport().resumeReading();
  CHECK(pumpUntil(pair.reactor, [&] { return pair.client().received.size() == producer.limit; }));
  CHECK(producer.resumes > 0);
  pair.server().transport().unregisterProducer();
}

TEST_CASE("a write outside the reactor's dispatch is sent at once, without waiting for a pump") {
  SteadyClock clock;
  RecordingLogger log;
  RecorderClientFactory factory;
  Reactor reactor(clock, quietConfig(log));
  // A plain blocking socket plays the server: it sees the bytes with no pump on our side.
  int listener = ::socket(AF_INET, SOCK_STREAM, 0);
  auto any = weft::net::Address::loopbackIPv4(0);
  REQUIRE(::bind(listener, any.sockaddrPointer(), any.sockaddrLength()) == 0);
  REQUIRE(::listen(listener, 1) == 0);
  auto connector = reactor.connect(clientFor(weft::net::detail::localAddress(listener)), factory);
  REQUIRE(pumpUntil(reactor, [&] { return !factory.records.empty() && factory.records[0].made; }));
  int accepted = ::accept(listener, nullptr, nullptr);
  REQUIRE(accepted >= 0);

  factory.records[0].transport().write("now");
  timeval tv{5, 0};
  ::setsockopt(accepted, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  char buffer[8] = {};
  CHECK(::recv(accepted, buffer, 3, MSG_WAITALL) == 3);
  CHECK(std::string(buffer) == "now");
  ::close(accepted);
  ::close(listener);
}

TEST_CASE("writes batched during dispatches keep their order when the socket takes only part") {
  Pair pair;
  REQUIRE(pair.connect());
  pair.client().transport().pauseReading();  // the server's socket fills; the rest waits in it
  weft::net::Transport& server = pair.server().transport();
  std::string expected;
  const auto writeLines = [&](int first, int count) {
    for (int i = first; i < first + count; ++i) {
      const std::string line =
          "line " + std::to_string(i) + std::string(100 + i % 997, '.') + "\n";
      server.write(line);
      expected += line;
    }
  };
  int round = 0;
  // Each callLater runs in its own dispatch: the first rounds fill the socket, later ones queue
  // behind bytes already moved to the connection's own buffer; one write is too big to batch.
  std::function<void()> next = [&] {
    writeLines(round * 5000, 5000);
    if (round == 2) {
      const std::string big(weft::net::detail::WriteBatch::kMaxPieceBytes * 2, 'B');
      server.write(big);
      expected += big;
    }
    if (++round < 4) pair.reactor.callLater(0s, next);
  };
  pair.reactor.callLater(0s, next);
  REQUIRE(pumpUntil(pair.reactor, [&] { return round == 4; }));
  CHECK(server.bufferedBytes() > 0);
  pair.client().transport().resumeReading();
  CHECK(pumpUntil(pair.reactor, [&] { return pair.client().received.size() >= expected.size(); }));
  CHECK(pair.client().received == expected);
  CHECK(server.bufferedBytes() == 0);
}

TEST_CASE("a dispatch that writes more than the write batch holds sends it early, in order") {
  Pair pair;
  REQUIRE(pair.connect());
  // Two connections share the batch; together they write more pieces than it holds (a million).
  std::string expected;
  for (int i = 0; expected.size() < 8 * 1024 * 1024; ++i) {
    expected += "line " + std::to_string(i) + "\n";
  }
  pair.reactor.callLater(0s, [&] {
    for (std::size_t at = 0; at < expected.size();) {
      const std::size_t end = expected.find('\n', at) + 1;
      pair.server().transport().write(std::string_view(expected).substr(at, end - at));
      pair.client().transport().write(std::string_view(expected).substr(at, end - at));
      at = end;
    }
  });
  CHECK(pumpUntil(pair.reactor, [&] {
    return pair.server().received.size() >= expected.size() &&
           pair.client().received.size() >= expected.size();
  }));
  CHECK(pair.client().received == expected);
  CHECK(pair.server().received == expected);
}
