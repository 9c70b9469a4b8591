// weft-lan as real processes: an announcer and a browser over loopback, and what each does with
// a bad command line or bad input. Loopback only (127.0.0.1); never the LAN broadcast address.

#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <csignal>
#include <cstdint>
#include <regex>
#include <string>
#include <vector>

#include "tests/support/programs.h"

using weft::tools::Subprocess;
using namespace std::chrono_literals;

namespace {
// Generous for a loaded machine and the sanitizer build; a passing test never waits this long.
constexpr std::chrono::milliseconds kSoon{20000};

Subprocess lan(std::vector<std::string> args) {
  args.insert(args.begin(), weft::testing::binPath("weft-lan"));
  return weft::testing::startProgram(std::move(args));
}

// An announcer on 127.0.0.1 at a port the system picks, and that port.
struct Announcer {
  Subprocess process;
  std::string port;
};

Announcer announce(std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"announce", "--name", "den", "--game-port", "7777",
                                   "--max-players", "8", "--listen",
                                   "udp:0:interface=127.0.0.1"};
  args.insert(args.end(), extra.begin(), extra.end());
  Subprocess process = lan(args);
  auto line = process.waitForLine("announcing", kSoon);
  REQUIRE_MESSAGE(line, process.stderrSoFar());
  std::smatch match;
  REQUIRE(std::regex_search(*line, match, std::regex(R"(on 127\.0\.0\.1:(\d+);)")));
  return {std::move(process), match[1]};
}

Subprocess browse(const std::string& port) {
  return lan({"browse", "--address", "127.0.0.1", "--port", port, "--interface", "127.0.0.1",
              "--interval", "0.1", "--timeout", "1"});
}

// Exit code and stderr of a run that must stop by itself.
std::pair<int, std::string> refused(std::vector<std::string> args) {
  Subprocess process = lan(std::move(args));
  auto code = process.waitExit(kSoon);
  REQUIRE(code);
  return {*code, process.stderrSoFar()};
}
}  // namespace

TEST_CASE("browse shows an announced server appear, change and go") {
  Announcer server = announce();
  Subprocess browser = browse(server.port);
  CHECK(browser.waitForLine("+ \"den\" at 127.0.0.1:7777, 0/8 players, protocol 0, rtt ", kSoon));

  REQUIRE(server.process.writeStdin("players 3\n"));
  CHECK(server.process.waitForLine("players 3/8", kSoon));
  CHECK(browser.waitForLine("~ \"den\" at 127.0.0.1:7777, 3/8 players", kSoon));

  server.process.signal(SIGTERM);
  CHECK(server.process.waitExit(kSoon) == 0);
  CHECK(server.process.stdoutSoFar().find("rate-limited 0, rejected 0") != std::string::npos);
  CHECK(browser.waitForLine("- \"den\" at 127.0.0.1:7777, 3/8 players", kSoon));

  browser.signal(SIGTERM);
  CHECK(browser.waitExit(kSoon) == 0);
  CHECK(browser.stdoutSoFar().find("servers listed 0, timed out 1, rejected 0") !=
        std::string::npos);
}

namespace {
// A hostile discovery server on 127.0.0.1: it answers each query with whatever name it likes,
// the way a program that does not use weft's encoder could.
class HostileAnswerer {
 public:
  HostileAnswerer() : fd_(::socket(AF_INET, SOCK_DGRAM, 0)) {
    sockaddr_in here{};
    here.sin_family = AF_INET;
    here.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&here), sizeof here) == 0);
    socklen_t length = sizeof here;
    REQUIRE(::getsockname(fd_, reinterpret_cast<sockaddr*>(&here), &length) == 0);
    port_ = ntohs(here.sin_port);
  }
  ~HostileAnswerer() { ::close(fd_); }
  std::string port() const { return std::to_string(port_); }

  // Waits for one query (false if none comes in time) and answers it as a server named `name`.
  bool answerOne(const std::string& name) {
    pollfd ready{fd_, POLLIN, 0};
    if (::poll(&ready, 1, static_cast<int>(kSoon.count())) != 1) return false;
    char query[128];
    sockaddr_in from{};
    socklen_t length = sizeof from;
    const auto got =
        ::recvfrom(fd_, query, sizeof query, 0, reinterpret_cast<sockaddr*>(&from), &length);
    if (got != 96) return false;
    // WIRE.md's answer: the query's header with kind 'A', game id ARNA, protocol 0, 0/8
    // players, game port 7777, the name.
    std::string answer(query, 14);
    answer[5] = 'A';
    answer += std::string("ARNA") + std::string(4, '\0') + std::string("\0\0\0\x08\x1e\x61", 6);
    answer += static_cast<char>(name.size());
    answer += name;
    return ::sendto(fd_, answer.data(), answer.size(), 0, reinterpret_cast<sockaddr*>(&from),
                    length) == static_cast<ssize_t>(answer.size());
  }

 private:
  int fd_;
  std::uint16_t port_ = 0;
};
}  // namespace

TEST_CASE("browse never prints a name that reads backwards or hides characters") {
  HostileAnswerer server;
  Subprocess browser = browse(server.port());
  // "ytrap NAL" overridden right to left reads "LAN party", and hides a zero-width space.
  const std::string reversed = "\u202Eytrap\u200B NAL";
  for (int query = 0; query < 3; ++query) REQUIRE(server.answerOne(reversed));
  browser.signal(SIGTERM);
  CHECK(browser.waitExit(kSoon) == 0);
  const std::string& out = browser.stdoutSoFar();
  CHECK(out.find("\u202E") == std::string::npos);
  CHECK(out.find("\u200B") == std::string::npos);
  CHECK(out.find("servers listed 0") != std::string::npos);
  CHECK(out.find("rejected 0") == std::string::npos);  // the answers were read, and refused
}

TEST_CASE("a bad command on announce's stdin is reported and changes nothing") {
  Announcer server = announce();
  REQUIRE(server.process.writeStdin("players 99\nplayers many\nname bad\x1b[2J\nfly\n"));
  for (const char* message :
       {"'players 99': players (99) is more than max players (8)",
        "'players many': players takes a number from 0 to 65535",
        "'name bad\x1b[2J': server name 'bad' holds a control character (U+001B at byte 3)",
        "'fly': unknown command; commands: players N, name TEXT, stats"}) {
    CAPTURE(message);
    CHECK(server.process.waitForLine(message, kSoon, Subprocess::Stream::Stderr));
  }
  // End of input ends the commands, not the server, which still says what it had.
  server.process.closeStdin();
  CHECK(server.process.waitForLine("end of commands (stdin closed); still announcing", kSoon));
  Subprocess browser = browse(server.port);
  CHECK(browser.waitForLine("+ \"den\" at 127.0.0.1:7777, 0/8 players", kSoon));
  server.process.signal(SIGTERM);
  CHECK(server.process.waitExit(kSoon) == 0);
}

TEST_CASE("a second announcer on a port in use fails at once, naming the port") {
  Announcer first = announce();
  auto [code, error] = refused({"announce", "--name", "two", "--game-port", "7777", "--listen",
                                "udp:" + first.port + ":interface=127.0.0.1"});
  CHECK(code == 1);
  CHECK(error.starts_with("weft-lan: discovery server: udp:" + first.port));
  CHECK(error.find("address already in use") != std::string::npos);
  CHECK(error.find(first.port) != std::string::npos);
}

TEST_CASE("command lines that make no sense exit 2 and name the bad value") {
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{"announce", "--name", "tab\there", "--game-port", "7777"},
       "weft-lan announce: server name 'tab here' holds a control character (U+0009 at byte 3)"},
      {{"announce", "--name", "den", "--game-port", "0"},
       "weft-lan announce: game port 0: give the port players connect to"},
      {{"announce", "--name", "den", "--game-port", "7777", "--players", "9", "--max-players", "8"},
       "weft-lan announce: players (9) is more than max players (8)"},
      {{"announce", "--name", "den", "--game-port", "7777", "--listen", "tcp:7778"},
       "weft-lan announce: --listen tcp:7778: give a udp: or udp6: endpoint"},
      {{"announce", "--name", "den", "--game-port", "7777", "--game-id", "ARENA"},
       "weft-lan announce: --game-id: game id 'ARENA' is neither"},
      {{"browse", "--address", "nosuch.example"},
       "weft-lan: discovery browser: address 'nosuch.example' is not a numeric IPv4 or IPv6 "
       "address"},
      {{"browse", "--address", "127.0.0.1", "--interval", "0"},
       "weft-lan browse: --interval 0: give seconds above 0 and at most 3600"},
      {{"browse", "--address", "127.0.0.1", "--interval", "2", "--timeout", "1"},
       "weft-lan: discovery browser: queryInterval (2s) must be positive and below serverTimeout "
       "(1s)"},
      {{"browse", "--port", "0"},
       "weft-lan: discovery browser: port 0: give the servers' discovery port"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.message);
    auto [code, error] = refused(c.args);
    CHECK(code == 2);
    CHECK(error.find(c.message) != std::string::npos);
  }
  auto [code, error] = refused({"announce", "--game-port", "7777"});
  CHECK(code == 2);
  CHECK(error.find("--name is required") != std::string::npos);
}
