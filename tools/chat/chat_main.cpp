// weft-chat: the terminal chat client. Lines typed (or piped) on stdin go to the room; what the
// room says is printed on stdout; at the end of input it says /quit and exits once the server
// has said goodbye. Telnet lines on tcp:/unix: (any weft-chatd --listen port, or any server of
// the same line dialogue); the game protocol on enet: or with --game (weft-chatd --listen-game
// ports), which also reconnects and catches up on what it missed.
// Run: weft-chat --help. Tests: tests/tools/chat/chat_client_tool_test.cpp

#include <CLI/CLI.hpp>
#include <csignal>
#include <deque>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "net/chat/chat_client.h"
#include "net/chat/chat_text.h"
#include "net/chat/telnet_chat.h"
#include "net/core/connector.h"
#include "net/core/factory.h"
#include "net/core/reactor.h"
#include "net/core/signal_watcher.h"
#include "net/core/standard_io.h"
#include "net/core/str_cat.h"
#include "net/protocols/line_receiver.h"
#include "net/text/sanitizing_logger.h"
#include "tools/chat/chat_tool.h"

namespace {

using namespace weft::net;
using weft::chat_tools::Front;

constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;
constexpr std::size_t kMaxWaitingLines = 1000;  // typed before the room is reachable

constexpr const char* kDescription =
    "weft-chat: a terminal chat client. Type lines to say them (or /help for the commands); "
    "what the room says is printed as it arrives. It reads stdin, so it also works from a "
    "pipe: the lines are sent in order, then /quit, and it exits when the server has said "
    "goodbye.\n\n"
    "Protocol: tcp:, tcp6: and unix: endpoints speak telnet lines (weft-chatd's --listen "
    "ports, or any chat server with a name prompt and one line per message); enet: endpoints, or "
    "--game on the others, speak the game protocol (weft-chatd's --listen-game ports), which "
    "reconnects with backoff and fills in what was missed.";

// The state both protocols share: what was typed and not sent yet, and how the program ends.
class Session {
 public:
  Session(Reactor& reactor, std::string name) : reactor_(reactor), name_(std::move(name)) {}

  void typed(std::string_view line) {
    if (waiting_.size() < kMaxWaitingLines) waiting_.emplace_back(line);
    flush();
  }
  void inputEnded() {
    inputEnded_ = true;
    flush();
  }
  // Where typed lines go, once the room is there (null while it is not).
  void setOutlet(std::function<bool(std::string_view)> outlet) {
    outlet_ = std::move(outlet);
    flush();
  }
  void finish(int code) {
    if (finished_) return;
    finished_ = true;
    exitCode_ = code;
    reactor_.stop();
  }
  int exitCode() const { return exitCode_; }
  const std::string& name() const { return name_; }

 private:
  void flush() {
    while (outlet_ && !waiting_.empty()) {
      if (!outlet_(waiting_.front())) return;
      waiting_.pop_front();
    }
    if (outlet_ && inputEnded_ && !quitSent_) quitSent_ = outlet_("/quit");
  }

  Reactor& reactor_;
  std::string name_;
  std::deque<std::string> waiting_;
  std::function<bool(std::string_view)> outlet_;
  bool inputEnded_ = false;
  bool quitSent_ = false;
  bool finished_ = false;
  int exitCode_ = 0;
};

// Standard input, line by line.
class Keyboard final : public LineReceiver {
 public:
  explicit Keyboard(Session& session) : LineReceiver({.lenient = true}), session_(session) {}
  void lineReceived(std::string_view line) override { session_.typed(line); }
  void connectionLost(const Reason&) override { session_.inputEnded(); }

 private:
  Session& session_;
};

// A reason as it may reach the terminal: a server's Goodbye is in its own words.
std::string printable(const Reason& reason) {
  return sanitizeText(reason.sentence());
}

// --- Telnet lines ---------------------------------------------------------------------------

class TelnetSession final : public LineReceiver {
 public:
  explicit TelnetSession(Session& session)
      : LineReceiver({.lenient = true, .maxLength = 1 << 20}), session_(session) {}
  void connectionMade() override {
    sendLine(sanitizeText(session_.name()));
    session_.setOutlet([this](std::string_view line) {
      sendLine(stripTelnetCommands(sanitizeText(line)));
      return true;
    });
  }
  void lineReceived(std::string_view line) override {
    // The server's words are not trusted with our terminal either.
    if (!promptSeen_ && line == kTelnetNamePrompt) {
      promptSeen_ = true;
      return;
    }
    promptSeen_ = true;
    std::cout << sanitizeText(line) << std::endl;
  }
  void connectionLost(const Reason&) override { session_.setOutlet(nullptr); }

 private:
  Session& session_;
  bool promptSeen_ = false;
};

class TelnetFactory final : public ClientFactory {
 public:
  explicit TelnetFactory(Session& session) : session_(session) {}
  std::unique_ptr<Protocol> buildProtocol(const Address&) override {
    return std::make_unique<TelnetSession>(session_);
  }
  void clientConnectionFailed(Connector&, const Reason& reason) override {
    std::cerr << "weft-chat: cannot connect: " << printable(reason) << std::endl;
    session_.finish(kExitFailure);
  }
  void clientConnectionLost(Connector&, const Reason& reason) override {
    if (!reason.clean()) std::cerr << "weft-chat: " << printable(reason) << std::endl;
    session_.finish(reason.clean() ? 0 : kExitFailure);
  }

 private:
  Session& session_;
};

// --- Game messages ----------------------------------------------------------------------------

void showEvents(ChatClient& client, Session& session, bool& everJoined) {
  for (ChatEvent& event : client.takeEvents()) {
    switch (event.type) {
      case ChatEvent::Type::Joined:
        everJoined = true;
        std::cerr << "weft-chat: in the room as " << sanitizeText(event.name) << std::endl;
        break;
      case ChatEvent::Type::Message: {
        event.message.sender = sanitizeText(event.message.sender);
        event.message.text = sanitizeText(event.message.text);
        std::cout << renderTelnet(ChatDelivery(event.message, event.replay)) << std::flush;
        break;
      }
      case ChatEvent::Type::Missed:
        std::cerr << "weft-chat: " << event.missed
                  << " messages were missed (older than the server's history)" << std::endl;
        break;
      case ChatEvent::Type::Disconnected:
      case ChatEvent::Type::Failed:
        if (!everJoined && event.type == ChatEvent::Type::Failed) {
          std::cerr << "weft-chat: cannot connect: " << printable(event.reason) << std::endl;
          return session.finish(kExitFailure);
        }
        if (!event.willRetry) {
          if (!event.reason.clean())
            std::cerr << "weft-chat: " << printable(event.reason) << std::endl;
          return session.finish(event.reason.clean() ? 0 : kExitFailure);
        }
        std::cerr << "weft-chat: " << printable(event.reason) << "; "
                  << sanitizeText(client.status()) << std::endl;
        break;
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::cout << std::unitbuf;
  std::signal(SIGPIPE, SIG_IGN);
  CLI::App cli(kDescription, "weft-chat");
  cli.footer(
      "Examples:\n"
      "  weft-chat --connect tcp:localhost:5555 --name anna\n"
      "  printf 'hello\\n/list\\n' | weft-chat --connect tcp:localhost:5555 --name bot\n"
      "  weft-chat --connect tcp:localhost:5557 --game --name anna\n");
  std::string connectText, name;
  bool game = false;
  cli.add_option("--connect", connectText,
                 "Where the server is: tcp:HOST:PORT, tcp:PORT (on 127.0.0.1), unix:PATH, "
                 "enet:HOST:PORT")
      ->type_name("ENDPOINT")
      ->required();
  cli.add_option("--name", name, "Your name in the room (empty: the server picks a guest name)")
      ->required();
  cli.add_flag("--game", game,
               "Speak the game protocol (framed) on a tcp: or unix: endpoint: for weft-chatd's "
               "--listen-game ports");
  double welcomeTimeoutSeconds = toSeconds(ChatClientConfig{}.welcomeTimeout);
  cli.add_option("--welcome-timeout", welcomeTimeoutSeconds,
                 "Game protocol (--game, enet:): seconds to wait for the room's welcome once "
                 "connected; a server that accepts and never answers is then dropped and tried "
                 "again with the usual backoff")
      ->capture_default_str()
      ->check(weft::chat_tools::finite(CLI::Range(0.01, 86400.0)));
  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return cli.exit(error) == 0 ? 0 : kExitUsage;
  }
  auto endpoint = weft::chat_tools::parseChatEndpoint(connectText, Endpoint::Role::Client);
  if (!endpoint) {
    std::cerr << "weft-chat: --connect " << endpoint.error().message << "\n";
    return kExitUsage;
  }
  const Front front = *weft::chat_tools::frontFor(*endpoint, connectText, game);

  SteadyClock clock;
  StderrLogger stderrLog(LogLevel::Warning);  // the reconnect notices are ours to print
  SanitizingLogger logger(stderrLog);         // warnings may quote what the server sent
  ReactorConfig reactorConfig;
  reactorConfig.logger = &logger;
  Reactor reactor(clock, reactorConfig);
  Session session(reactor, name);
  SignalWatcher signals(reactor, {SIGINT, SIGTERM}, [&](int) { session.finish(0); });
  StandardIO keyboard(reactor, std::make_unique<Keyboard>(session));

  if (front == Front::Telnet) {
    TelnetFactory factory(session);
    auto connector = reactor.connect(*endpoint, factory);
    reactor.run();
    return session.exitCode();
  }
  ChatClientConfig config;
  config.name = name;
  config.welcomeTimeout = fromSeconds(welcomeTimeoutSeconds);
  ChatClient client(reactor, *endpoint, config);
  bool everJoined = false;
  client.setOnEvent([&] {
    showEvents(client, session, everJoined);
    if (client.state() == ChatClient::State::Joined) {
      session.setOutlet([&](std::string_view line) { return client.send(line); });
    } else {
      session.setOutlet(nullptr);
    }
  });
  reactor.run();
  return session.exitCode();
}
