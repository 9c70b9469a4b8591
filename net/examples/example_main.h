// Example: the main() that every weft example shares (the --listen/--connect command line, the
// reactor, Ctrl-C, exit codes), so each example reads like its seed. Internal to net/examples.
// Tests: tests/net/examples/ (every example runs through it)
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "net/core/clock.h"
#include "net/core/connector.h"
#include "net/core/endpoint.h"
#include "net/core/factory.h"
#include "net/core/port.h"
#include "net/core/reactor.h"
#include "net/core/signal_watcher.h"
#include "net/core/unique_function.h"

namespace weft::examples {

// Exit codes: 0 for a clean end (Ctrl-C included), 1 when the network said no (a port in use, a
// refused or lost connection), 2 for a command line that does not parse.
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

// `range` (CLI11's Range on a floating-point option) that also refuses nan and inf, with the
// same help text: Range lets nan through, as every comparison with it is false.
CLI::Validator finite(CLI::Validator range);

// Which endpoint option the program takes: --listen, --connect, or exactly one of the two.
enum class Role { Server, Client, ServerOrClient };

// Declare it first in main. run() shuts the reactor down before it returns, so connections end
// (their protocols hear connectionLost) while the factories and protocols declared after the
// Example still exist. So once listen() or connect() has succeeded, main returns through run().
class Example {
 public:
  // `description` is the --help paragraph; `usage` is a command line or two to copy.
  Example(Role role, std::string description, std::string usage);
  ~Example();
  Example(const Example&) = delete;
  Example& operator=(const Example&) = delete;

  // Where a program adds its own options, before parse().
  CLI::App& cli() { return cli_; }
  // nullopt: go on. Otherwise the exit code to return at once: 0 after --help, kExitUsage after
  // printing what is wrong (for an endpoint, the parser's message naming the bad part).
  std::optional<int> parse(int argc, char** argv);

  // After parse(): the --listen or --connect endpoint, and which of them was given.
  const net::Endpoint& endpoint() const { return endpoint_; }
  bool isClient() const { return endpoint_.role == net::Endpoint::Role::Client; }
  const std::string& name() const { return name_; }
  net::Reactor& reactor();

  // Listens on --listen and prints "listening on ADDRESS" (the real port of tcp:0). Returns the
  // port, open until run() ends; null after printing on stderr why it cannot listen.
  net::Port* listen(net::ServerFactory& factory);
  // The whole main of a server: listen(), then run().
  int serve(net::ServerFactory& factory);
  // Starts connecting to --connect; the connector lasts until run() ends.
  net::Connector& connect(net::ClientFactory& factory);

  // Makes run() return `exitCode` once the current callback is done; Ctrl-C and SIGTERM call
  // stop(0). The first call decides: a connection that ends because the program is stopping
  // cannot change the code.
  void stop(int exitCode = 0);
  // Runs the reactor until stop(), then shuts it down (see the class comment). Returns the code
  // given to stop().
  int run();

 private:
  CLI::App cli_;
  CLI::Option* listenOption_ = nullptr;
  CLI::Option* connectOption_ = nullptr;
  std::string listenText_;
  std::string connectText_;
  std::string name_;
  net::Endpoint endpoint_;
  net::SteadyClock clock_;
  std::optional<net::Reactor> reactor_;
  std::optional<net::SignalWatcher> signals_;
  std::vector<std::unique_ptr<net::Port>> ports_;
  std::vector<std::unique_ptr<net::Connector>> connectors_;
  int exitCode_ = 0;
  bool stopped_ = false;
};

}  // namespace weft::examples
