// weft-example-logfile-server: lines appended to the file the factory opens in startFactory and
// closes in stopFactory, which SIGTERM reaches by stopping the listener.

#include <doctest/doctest.h>
#include <poll.h>
#include <signal.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/net/examples/example_support.h"

using namespace weft::test;

namespace {

std::string contentOf(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream content;
  content << file.rdbuf();
  return content.str();
}

// Waits, without polling on a timer, until the file at `path` holds `expected`: inotify reports
// every write to it.
bool fileBecomes(const std::string& path, const std::string& expected, Milliseconds deadline) {
  const int watch = ::inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
  REQUIRE(watch >= 0);
  REQUIRE(::inotify_add_watch(watch, path.c_str(), IN_MODIFY | IN_CLOSE_WRITE) >= 0);
  const auto until = std::chrono::steady_clock::now() + deadline;
  bool matched = false;
  while (!(matched = contentOf(path) == expected)) {
    const auto left = std::chrono::ceil<Milliseconds>(until - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    pollfd changed{watch, POLLIN, 0};
    if (::poll(&changed, 1, static_cast<int>(left.count())) > 0) {
      char events[4096];
      while (::read(watch, events, sizeof events) > 0) {
      }
    }
  }
  ::close(watch);
  return matched;
}

struct TempFile {
  std::string path;
  TempFile() {
    char pattern[] = "/tmp/weft-logfile-XXXXXX";
    const int fd = ::mkstemp(pattern);
    REQUIRE(fd >= 0);
    ::close(fd);
    path = pattern;
  }
  ~TempFile() { std::filesystem::remove(path); }
};

}  // namespace

TEST_CASE("lines from every client are appended to the file, which SIGTERM closes") {
  TempFile log;
  std::ofstream(log.path) << "from an earlier run\n";
  RunningServer server = startServer("logfile-server", {"--file", log.path});
  CHECK(server.process.stdoutSoFar().starts_with("appending lines to " + log.path + "\n"));

  TestSocket first = TestSocket::connectTo(server.port);
  TestSocket second = TestSocket::connectTo(server.port);
  first.send("one\r\n");
  CHECK(fileBecomes(log.path, "from an earlier run\none\n", kSoon));
  second.send("two\nthree\n");
  CHECK(fileBecomes(log.path, "from an earlier run\none\ntwo\nthree\n", kSoon));
  first.send("four\n");
  CHECK(fileBecomes(log.path, "from an earlier run\none\ntwo\nthree\nfour\n", kSoon));

  server.process.signal(SIGTERM);
  CHECK(server.process.waitExit(kSoon) == 0);
  CHECK(server.process.stdoutSoFar().ends_with("closed " + log.path + "\n"));
  CHECK(contentOf(log.path) == "from an earlier run\none\ntwo\nthree\nfour\n");
}

TEST_CASE("a file that cannot be opened is named on stderr, and the exit code is 1") {
  Subprocess server = startExample("logfile-server", {"--listen", "tcp:0:interface=127.0.0.1",
                                                      "--file", "/nonexistent/dir/log.txt"});
  CHECK(server.waitExit(kSoon) == 1);
  CHECK(server.stderrSoFar() ==
        "weft-example-logfile-server: cannot open /nonexistent/dir/log.txt: No such file or "
        "directory\n");
}
