#include "net/core/standard_io.h"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include "tests/net/core/loopback.h"

using namespace weft::test;
using weft::net::Reactor;
using weft::net::ReasonCode;
using weft::net::StandardIO;
using weft::net::SteadyClock;
using weft::testing::pumpUntil;
using weft::testing::RecordingLogger;

namespace {
struct Pipe {
  int read = -1;
  int write = -1;
  Pipe() {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    read = fds[0];
    write = fds[1];
  }
  ~Pipe() {
    closeWrite();
    if (read >= 0) ::close(read);
  }
  void closeWrite() {
    if (write >= 0) ::close(write);
    write = -1;
  }
  std::string drain() {
    ::fcntl(read, F_SETFL, O_NONBLOCK);
    std::string out;
    char buffer[256];
    ssize_t n;
    while ((n = ::read(read, buffer, sizeof buffer)) > 0) out.append(buffer, static_cast<std::size_t>(n));
    return out;
  }
};
}  // namespace

TEST_CASE("typed input reaches the protocol through the reactor and its writes reach the output") {
  SteadyClock clock;
  RecordingLogger log;
  Record record;
  record.echo = true;
  Reactor reactor(clock, quietConfig(log));
  Pipe input;
  Pipe output;
  StandardIO stdio(reactor, std::make_unique<Recorder>(record), input.read, output.write);
  CHECK(record.made);
  REQUIRE(::write(input.write, "hello\n", 6) == 6);
  CHECK(pumpUntil(reactor, [&] { return record.received == "hello\n"; }));
  CHECK(output.drain() == "hello\n");

  input.closeWrite();  // Ctrl-D
  REQUIRE(pumpUntil(reactor, [&] { return record.lost.has_value(); }));
  CHECK(record.lost->code == ReasonCode::Done);
  CHECK(record.lost->detail == "end of input");
  CHECK(stdio.closed());
  // The protocol is still there after the end of input, as long as the StandardIO is.
  reactor.pump(weft::net::Duration::max());
  CHECK(&stdio.protocol() == record.live);
}

TEST_CASE("input from a regular file is read to its end, a chunk per pump") {
  SteadyClock clock;
  RecordingLogger log;
  Record record;
  Reactor reactor(clock, quietConfig(log));
  TempDir dir;
  const std::string path = dir.file("input.txt");
  std::string content(200'000, 'x');
  {
    std::FILE* f = std::fopen(path.c_str(), "w");
    std::fwrite(content.data(), 1, content.size(), f);
    std::fclose(f);
  }
  int fd = ::open(path.c_str(), O_RDONLY);
  Pipe output;
  {
    StandardIO stdio(reactor, std::make_unique<Recorder>(record), fd, output.write);
    REQUIRE(pumpUntil(reactor, [&] { return record.lost.has_value(); }));
  }
  CHECK(record.received == content);
  CHECK(record.lost->code == ReasonCode::Done);
  ::close(fd);
}

TEST_CASE("input from /dev/null, which epoll refuses to watch, ends at once") {
  SteadyClock clock;
  RecordingLogger log;
  Record record;
  Reactor reactor(clock, quietConfig(log));
  const int fd = ::open("/dev/null", O_RDONLY);
  REQUIRE(fd >= 0);
  Pipe output;
  {
    StandardIO stdio(reactor, std::make_unique<Recorder>(record), fd, output.write);
    REQUIRE(pumpUntil(reactor, [&] { return record.lost.has_value(); }));
  }
  CHECK(record.received.empty());
  CHECK(record.lost->code == ReasonCode::Done);
  ::close(fd);
}

TEST_CASE("loseConnection ends standard I/O from the loop, and the real descriptor stays open") {
  SteadyClock clock;
  RecordingLogger log;
  Record record;
  record.onData = [](Record& self, std::string_view) { self.transport().loseConnection(); };
  Reactor reactor(clock, quietConfig(log));
  Pipe input;
  Pipe output;
  StandardIO stdio(reactor, std::make_unique<Recorder>(record), input.read, output.write);
  REQUIRE(::write(input.write, "quit\n", 5) == 5);
  REQUIRE(pumpUntil(reactor, [&] { return record.lost.has_value(); }));
  CHECK(record.lost->code == ReasonCode::Done);
  CHECK(::fcntl(input.read, F_GETFD) != -1);  // StandardIO read from a duplicate
  CHECK(reactor.openHandles() == 0);
}
