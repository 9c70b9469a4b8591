#include "tools/bench/child_process.h"

#include <doctest/doctest.h>
#include <signal.h>

#include <cerrno>
#include <string>

using weft::bench::ChildProcess;
using namespace std::chrono_literals;

namespace {
bool alive(pid_t pid) {
  return ::kill(pid, 0) == 0 || errno != ESRCH;
}

ChildProcess shell(const std::string& script) {
  auto child = ChildProcess::start({"/bin/sh", "-c", script});
  REQUIRE(child.ok());
  return std::move(*child);
}
}  // namespace

TEST_CASE("readLine returns the child's lines in order, without their newlines") {
  ChildProcess child = shell("echo 'listening 1234'; echo second; exec sleep 30");
  auto first = child.readLine(5000ms);
  REQUIRE(first.ok());
  CHECK(*first == "listening 1234");
  auto second = child.readLine(5000ms);
  REQUIRE(second.ok());
  CHECK(*second == "second");
}

TEST_CASE("readLine gives up at its deadline when the child prints nothing") {
  ChildProcess child = shell("exec sleep 30");
  const auto start = std::chrono::steady_clock::now();
  auto line = child.readLine(100ms);
  REQUIRE(!line.ok());
  CHECK(line.error().message == "printed no line within 100 ms");
  CHECK(std::chrono::steady_clock::now() - start < 5s);
}

TEST_CASE("readLine says how a child that exits without a line ended") {
  ChildProcess child = shell("exit 3");
  auto line = child.readLine(5000ms);
  REQUIRE(!line.ok());
  CHECK(line.error().message == "exited with status 3 before printing a line");
  CHECK(child.waitExit(0ms) == 3);
}

TEST_CASE("waitExit reports the exit status, or nullopt while the child runs") {
  ChildProcess running = shell("exec sleep 30");
  CHECK(running.waitExit(50ms) == std::nullopt);
  ChildProcess done = shell("exit 0");
  CHECK(done.waitExit(5000ms) == 0);
  CHECK(done.waitExit(0ms) == 0);  // idempotent
}

TEST_CASE("destroying a ChildProcess kills and reaps a child that is still running") {
  pid_t pid = -1;
  {
    ChildProcess child = shell("exec sleep 30");
    pid = child.pid();
    REQUIRE(alive(pid));
  }
  CHECK(!alive(pid));  // reaped, so not even a zombie is left
}

TEST_CASE("start reports a program that cannot be run") {
  auto child = ChildProcess::start({"/nonexistent/program"});
  REQUIRE(!child.ok());
  CHECK(child.error().message == "cannot start /nonexistent/program: No such file or directory");
  CHECK(!ChildProcess::start({}).ok());
}

TEST_CASE("selfPath names this test's own executable") {
  auto self = ChildProcess::selfPath();
  REQUIRE(self.ok());
  CHECK(self->find("bench_child_process_test") != std::string::npos);
}
