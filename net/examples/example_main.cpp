#include "net/examples/example_main.h"

#include <cmath>
#include <csignal>
#include <filesystem>
#include <iostream>

#include "net/endpoints/builtin_endpoints.h"
#include "net/udp/udp_endpoint.h"

namespace weft::examples {

namespace {

constexpr const char* kListenHelp =
    "Where to listen: tcp:PORT (tcp:0 picks a free port), tcp:PORT:interface=ADDR, "
    "tcp6:PORT, unix:PATH";
constexpr const char* kConnectHelp =
    "Where to connect: tcp:HOST:PORT, tcp:PORT (on 127.0.0.1), unix:PATH; "
    "add :timeout=SECONDS to give up sooner than 30 s";

// "Example:" and the usage lines below it, indented like CLI11's option list.
std::string footer(const std::string& usage) {
  std::string text = "Example:\n";
  std::size_t start = 0;
  while (start < usage.size()) {
    std::size_t end = usage.find('\n', start);
    if (end == std::string::npos) end = usage.size();
    text += "  " + usage.substr(start, end - start) + "\n";
    start = end + 1;
  }
  return text;
}

}  // namespace

CLI::Validator finite(CLI::Validator range) {
  std::string description = range.get_description();
  return CLI::Validator(
      [range = std::move(range)](std::string& input) -> std::string {
        double value = 0;
        if (CLI::detail::lexical_cast(input, value) && !std::isfinite(value)) {
          return "Value " + input + " is not a finite number";
        }
        return range(input);
      },
      std::move(description));
}

Example::Example(Role role, std::string description, std::string usage)
    : cli_(std::move(description)) {
  cli_.footer(footer(usage));
  if (role != Role::Client) {
    listenOption_ = cli_.add_option("--listen", listenText_, kListenHelp)->type_name("ENDPOINT");
  }
  if (role != Role::Server) {
    connectOption_ =
        cli_.add_option("--connect", connectText_, kConnectHelp)->type_name("ENDPOINT");
  }
  if (role == Role::ServerOrClient) {
    listenOption_->excludes(connectOption_);
  } else {
    (listenOption_ ? listenOption_ : connectOption_)->required();
  }
  // Tests and scripts read what an example prints while it runs, through a pipe: every line
  // must leave at once, not when a buffer fills.
  std::cout << std::unitbuf;
  reactor_.emplace(clock_);
  signals_.emplace(*reactor_, std::initializer_list<int>{SIGINT, SIGTERM},
                   [this](int) { stop(0); });
}

Example::~Example() = default;

std::optional<int> Example::parse(int argc, char** argv) {
  name_ = std::filesystem::path(argv[0]).filename().string();
  cli_.name(name_);
  try {
    cli_.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return cli_.exit(error) == 0 ? 0 : kExitUsage;  // exit() prints the help or the error
  }
  const bool listening = listenOption_ && listenOption_->count() > 0;
  if (!listening && !(connectOption_ && connectOption_->count() > 0)) {
    std::cerr << name_ << ": give --listen ENDPOINT or --connect ENDPOINT; see --help\n";
    return kExitUsage;
  }
  const std::string& text = listening ? listenText_ : connectText_;
  auto parsed = listening ? net::parseServerEndpoint(text) : net::parseClientEndpoint(text);
  if (!parsed) {
    std::cerr << name_ << (listening ? ": --listen " : ": --connect ") << parsed.error().message
              << "\n";
    return kExitUsage;
  }
  if (parsed->kind == &net::kUdpKind) {
    std::cerr << name_ << ": " << text << ": the examples speak TCP or Unix sockets, not UDP\n";
    return kExitUsage;
  }
  endpoint_ = std::move(*parsed);
  return std::nullopt;
}

net::Reactor& Example::reactor() {
  WEFT_ASSERT(reactor_.has_value(), "Example::reactor() after run() returned; the reactor is gone");
  return *reactor_;
}

net::Port* Example::listen(net::ServerFactory& factory) {
  WEFT_ASSERT(!isClient(), "Example::listen needs --listen; this program was given --connect");
  auto port = reactor().listen(endpoint_, factory);
  if (!port) {
    std::cerr << name_ << ": cannot listen: " << port.error().message << "\n";
    return nullptr;
  }
  std::cout << "listening on " << (*port)->address().toString() << "\n";
  return ports_.emplace_back(std::move(*port)).get();
}

int Example::serve(net::ServerFactory& factory) {
  if (!listen(factory)) return kExitFailure;
  return run();
}

net::Connector& Example::connect(net::ClientFactory& factory) {
  WEFT_ASSERT(isClient(), "Example::connect needs --connect; this program was given --listen");
  return *connectors_.emplace_back(reactor().connect(endpoint_, factory));
}

void Example::stop(int exitCode) {
  if (stopped_) return;
  exitCode_ = exitCode;
  stopped_ = true;
  if (reactor_) reactor_->stop();
}

int Example::run() {
  reactor().run();  // returns at once if stop() came first (a Ctrl-C during start-up)
  stopped_ = true;  // protocols that hear connectionLost(ShuttingDown) below cannot call stop()
  // The reactor goes now, not with this object: its connections end while the factories and
  // protocols that main declared after this Example are still alive. The watcher first, as its
  // pipe is one of the reactor's handles.
  signals_.reset();
  reactor_.reset();
  return exitCode_;
}

}  // namespace weft::examples
