#include "tools/support/subprocess.h"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <chrono>
#include <stdexcept>
#include <string>

#include "tests/support/programs.h"

using weft::testing::binPath;
using weft::testing::startProgram;
using weft::tools::Subprocess;
using namespace std::chrono_literals;

namespace {

// Generous bounds: the sanitizer build and a busy machine are slow to start a shell.
constexpr auto kSoon = 10s;

Subprocess shell(const std::string& script, Subprocess::Options options = {}) {
  return startProgram({"/bin/sh", "-c", script}, std::move(options));
}

auto elapsedSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::steady_clock::now() - start;
}

pid_t parsePid(const std::string& text) {
  pid_t pid = 0;
  std::from_chars(text.data(), text.data() + text.size(), pid);
  return pid;
}

// True once `pid` (any process, not only a child) has exited, waiting up to `deadline`.
bool exitsWithin(pid_t pid, std::chrono::milliseconds deadline) {
  // A raw syscall: glibc 2.36's <sys/pidfd.h> lacks extern "C".
  const int fd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
  if (fd < 0) return errno == ESRCH;  // already gone
  pollfd exited{fd, POLLIN, 0};
  const int ready = ::poll(&exited, 1, static_cast<int>(deadline.count()));
  ::close(fd);
  return ready == 1;
}

}  // namespace

TEST_CASE("cat echoes back what is written to its stdin, and exits 0 at end of input") {
  Subprocess cat = startProgram({"/bin/cat"});
  REQUIRE(cat.writeStdin("hello\nworld\n"));
  CHECK(cat.waitForLine("world", kSoon) == "world");
  cat.closeStdin();
  CHECK(cat.waitExit(kSoon) == 0);
  CHECK(cat.stdoutSoFar() == "hello\nworld\n");
}

TEST_CASE("a program is found in PATH when its name has no slash") {
  Subprocess echo = startProgram({"echo", "from PATH"});
  CHECK(echo.waitForLine("PATH", kSoon) == "from PATH");
  CHECK(echo.waitExit(kSoon) == 0);
}

TEST_CASE("the exit status of a program is reported") {
  CHECK(shell("exit 3").waitExit(kSoon) == 3);
  CHECK(shell("exit 0").waitExit(kSoon) == 0);
}

TEST_CASE("a program killed by a signal reports 128 plus the signal") {
  Subprocess cat = startProgram({"/bin/cat"});
  cat.signal(SIGTERM);
  CHECK(cat.waitExit(kSoon) == 128 + SIGTERM);
  CHECK(cat.waitExit(0ms) == 128 + SIGTERM);  // asked again: the same answer, at once
}

TEST_CASE("stdout and stderr are captured separately") {
  Subprocess p = shell("echo out; echo err >&2");
  CHECK(p.waitForLine("err", kSoon, Subprocess::Stream::Stderr) == "err");
  CHECK(p.waitExit(kSoon) == 0);
  CHECK(p.stdoutSoFar() == "out\n");
  CHECK(p.stderrSoFar() == "err\n");
}

TEST_CASE("waitForLine returns nullopt at its deadline when the line never comes") {
  Subprocess silent = startProgram({"/bin/cat"});
  const auto start = std::chrono::steady_clock::now();
  CHECK_FALSE(silent.waitForLine("never", 200ms).has_value());
  const auto waited = elapsedSince(start);
  CHECK(waited >= 200ms);
  CHECK(waited < 200ms + 5s);
}

TEST_CASE("waitForLine gives up at once when the stream ends without the line") {
  Subprocess p = shell("echo one");
  const auto start = std::chrono::steady_clock::now();
  CHECK_FALSE(p.waitForLine("two", 60s).has_value());
  CHECK(elapsedSince(start) < 30s);
  CHECK(p.stdoutSoFar() == "one\n");
}

TEST_CASE("waitForLine consumes lines: waiting twice for a fragment finds two occurrences") {
  Subprocess p = shell("echo 'hit 1'; echo miss; echo 'hit 2'");
  CHECK(p.waitForLine("hit", kSoon) == "hit 1");
  CHECK(p.waitForLine("hit", kSoon) == "hit 2");
  CHECK_FALSE(p.waitForLine("hit", kSoon).has_value());
  CHECK_FALSE(p.waitForLine("miss", kSoon).has_value());  // before the last line returned
}

TEST_CASE("a line is returned without its line ending, and a final unterminated one counts") {
  Subprocess p = shell("printf 'dos\\r\\nlast'");
  CHECK(p.waitForLine("dos", kSoon) == "dos");
  CHECK(p.waitForLine("last", kSoon) == "last");
}

TEST_CASE("waitExit returns nullopt at its deadline while the program runs") {
  Subprocess cat = startProgram({"/bin/cat"});
  const auto start = std::chrono::steady_clock::now();
  CHECK_FALSE(cat.waitExit(100ms).has_value());
  CHECK(elapsedSince(start) >= 100ms);
}

TEST_CASE("the destructor kills and reaps a program that never exits") {
  pid_t pid = 0;
  {
    Subprocess cat = startProgram({"/bin/cat"});
    pid = cat.pid();
    REQUIRE(pid > 0);
    CHECK(::kill(pid, 0) == 0);
  }
  CHECK(::waitpid(pid, nullptr, WNOHANG) == -1);  // reaped: no longer our child
  CHECK(errno == ECHILD);
  CHECK(::kill(pid, 0) == -1);  // and gone
  CHECK(errno == ESRCH);
}

TEST_CASE("the destructor also kills what the program started") {
  pid_t sleeper = 0;
  SUBCASE("while the program still runs") {
    Subprocess p = shell("sleep 1000 & echo $!; wait");
    sleeper = parsePid(p.waitForLine("", kSoon).value_or(""));
    REQUIRE(sleeper > 0);
  }
  SUBCASE("after the program exited and left it running") {
    Subprocess p = shell("sleep 1000 & echo $!");
    sleeper = parsePid(p.waitForLine("", kSoon).value_or(""));
    REQUIRE(sleeper > 0);
    REQUIRE(p.waitExit(kSoon) == 0);
    CHECK(::kill(sleeper, 0) == 0);  // still running until the destructor
  }
  CHECK(exitsWithin(sleeper, kSoon));
}

TEST_CASE("writing more than a pipe holds does not deadlock against the program's output") {
  // cat writes back while the test is still writing: writeStdin must read meanwhile.
  std::string data;
  for (int i = 0; data.size() < (1 << 20); ++i) data += "line " + std::to_string(i) + "\n";
  Subprocess cat = startProgram({"/bin/cat"});
  REQUIRE(cat.writeStdin(data, kSoon));
  cat.closeStdin();
  CHECK(cat.waitExit(kSoon) == 0);
  CHECK(cat.stdoutSoFar() == data);
}

TEST_CASE("large output on both streams is read in full") {
  Subprocess p =
      shell("head -c 300000 /dev/zero | tr '\\0' o; head -c 300000 /dev/zero | tr '\\0' e >&2");
  CHECK(p.waitExit(kSoon) == 0);
  CHECK(p.stdoutSoFar() == std::string(300000, 'o'));
  CHECK(p.stderrSoFar() == std::string(300000, 'e'));
}

TEST_CASE("writing to a program that closed its stdin fails instead of raising SIGPIPE") {
  Subprocess p = shell("exec 0<&-; echo ready; exec sleep 1000");
  REQUIRE(p.waitForLine("ready", kSoon));
  CHECK_FALSE(p.writeStdin("nobody reads this\n"));
  sigset_t pending;
  ::sigpending(&pending);
  CHECK(::sigismember(&pending, SIGPIPE) == 0);
}

TEST_CASE("environment additions and the working directory reach the program") {
  Subprocess::Options options;
  options.env = {{"WEFT_SUBPROCESS_TEST", "42"}, {"HOME", "/nowhere"}};
  options.workingDirectory = "/";
  Subprocess p = shell("echo \"$WEFT_SUBPROCESS_TEST $HOME $(pwd)\"", options);
  CHECK(p.waitForLine("42", kSoon) == "42 /nowhere /");
  CHECK(p.waitExit(kSoon) == 0);
}

TEST_CASE("descriptors the test opened without close-on-exec are not inherited") {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);  // deliberately without O_CLOEXEC
  const std::string fd = std::to_string(fds[1]);
  Subprocess p = shell("if [ -e /proc/self/fd/" + fd + " ]; then echo leaked; else echo clean; fi");
  CHECK(p.waitForLine("", kSoon) == "clean");
  ::close(fds[0]);
  ::close(fds[1]);
}

TEST_CASE("a program that cannot be started is an error naming it") {
  const auto missing = Subprocess::start({"/nonexistent/weft-program"});
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().message ==
        "Subprocess: cannot start '/nonexistent/weft-program': No such file or directory");
  const auto unknown = Subprocess::start({"weft-no-such-program"});
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.error().message ==
        "Subprocess: cannot start 'weft-no-such-program': not found in PATH");
  Subprocess::Options elsewhere;
  elsewhere.workingDirectory = "/nonexistent-directory";
  const auto badDirectory = Subprocess::start({"/bin/true"}, elsewhere);
  REQUIRE_FALSE(badDirectory.ok());
  CHECK(badDirectory.error().message.find("/nonexistent-directory") != std::string::npos);
  CHECK_FALSE(Subprocess::start({}).ok());
}

TEST_CASE("startProgram fails the test with the start error") {
  CHECK_THROWS_WITH_AS(startProgram({"/nonexistent/weft-program"}),
                       doctest::Contains("/nonexistent/weft-program"), std::runtime_error);
}

TEST_CASE("readLine returns the next line, or says what the program did instead") {
  SUBCASE("lines in order") {
    Subprocess p = shell("echo 'listening 1234'; echo second; exec sleep 30");
    CHECK(p.readLine(kSoon).value() == "listening 1234");
    CHECK(p.readLine(kSoon).value() == "second");
  }
  SUBCASE("silence until the deadline") {
    Subprocess p = shell("exec sleep 30");
    const auto line = p.readLine(100ms);
    REQUIRE_FALSE(line.ok());
    CHECK(line.error().message == "printed no line within 100 ms");
  }
  SUBCASE("an exit before any line") {
    Subprocess p = shell("exit 3");
    const auto line = p.readLine(kSoon);
    REQUIRE_FALSE(line.ok());
    CHECK(line.error().message == "exited with status 3 before printing a line");
  }
  SUBCASE("a signal before any line") {
    Subprocess p = shell("kill -9 $$");
    const auto line = p.readLine(kSoon);
    REQUIRE_FALSE(line.ok());
    CHECK(line.error().message == "was killed by signal 9 before printing a line");
  }
}

TEST_CASE("a shared stderr is the owner's, and stdout stays a pipe") {
  // The owner's stderr, seen from the child: the same open file as the test's.
  struct stat ours {};
  REQUIRE(::fstat(STDERR_FILENO, &ours) == 0);
  Subprocess::Options options;
  options.shareStderr = true;
  Subprocess p = shell(
      "stat -L -c '%d %i' /proc/self/fd/2; echo 'subprocess_test: this line on stderr is expected' "
      ">&2",
      options);
  CHECK(p.waitForLine("", kSoon) ==
        std::to_string(ours.st_dev) + " " + std::to_string(ours.st_ino));
  CHECK(p.waitExit(kSoon) == 0);
  CHECK(p.stderrSoFar().empty());
}

TEST_CASE("selfPath names the running executable") {
  const auto self = weft::tools::selfPath();
  REQUIRE(self.ok());
  CHECK(*self == binPath("tools_support_subprocess_test"));
}

TEST_CASE("a moved-from Subprocess owns nothing, and the moved-to one works") {
  Subprocess first = startProgram({"/bin/cat"});
  const pid_t pid = first.pid();
  Subprocess second = std::move(first);
  CHECK(first.pid() == -1);  // NOLINT(bugprone-use-after-move): checking exactly that
  CHECK(second.pid() == pid);
  REQUIRE(second.writeStdin("still here\n"));
  CHECK(second.waitForLine("still", kSoon) == "still here");
}

TEST_CASE("binPath names a file in the build's bin directory") {
  CHECK(::access(binPath("tools_support_subprocess_test").c_str(), X_OK) == 0);
}
