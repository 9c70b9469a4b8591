// arena-bot: many scripted players in one process, each a real network client (ArenaClient with
// its own connection, prediction and interpolation), for load tests and for filling a LAN game;
// prints each bot's and the total traffic, RTT, corrections and starved frames, then exits.
// Run: arena-bot --help. Tests: tests/tools/arena/arena_bot_test.cpp

#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "game/client/arena_client.h"
#include "net/core/looping_call.h"
#include "net/core/reactor.h"
#include "net/core/str_cat.h"
#include "net/endpoints/builtin_endpoints.h"
#include "tools/chat/chat_tool.h"

namespace {

using namespace weft::net;
namespace client = weft::game::client;
namespace sim = weft::game::sim;

constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;
constexpr auto kFrame = std::chrono::microseconds(16667);  // a 60 Hz game loop

constexpr const char* kDescription =
    "arena-bot: scripted players for an arena server, each one a real network client with its "
    "own connection (ENet or framed TCP), prediction and interpolation. They wander, turn and "
    "fire; after --seconds each one's traffic down and up, RTT, corrections of its predicted "
    "player and starved interpolation frames are printed, with the totals, and the program "
    "exits (1 if a bot never got into the game).";

// What a bot holds: a heading that turns now and then, the aim sweeping, the laser held half
// the time and a rocket now and then. Seeded per bot, so a rerun sends the same inputs.
class Script {
 public:
  explicit Script(std::uint64_t seed) : rng_(seed) {}
  sim::Input next() {
    if (framesLeft_-- <= 0) {
      framesLeft_ = std::uniform_int_distribution<int>(20, 90)(rng_);
      std::uniform_int_distribution<int> axis(-1, 1);
      moveX_ = static_cast<std::int8_t>(127 * axis(rng_));
      moveY_ = static_cast<std::int8_t>(127 * axis(rng_));
      firing_ = std::bernoulli_distribution(0.5)(rng_);
    }
    ++frame_;
    sim::Input input;
    input.moveX = moveX_;
    input.moveY = moveY_;
    input.aimX = static_cast<std::int16_t>((frame_ * 7) % 200 - 100);
    input.aimY = static_cast<std::int16_t>(((frame_ * 7) / 200) % 2 == 0 ? 60 : -60);
    if (firing_) input.buttons = sim::kFireLaser;
    if (frame_ % 97 == 0) input.buttons |= sim::kFireRocket;
    return input;
  }

 private:
  std::mt19937_64 rng_;
  int framesLeft_ = 0;
  std::int64_t frame_ = 0;
  std::int8_t moveX_ = 0;
  std::int8_t moveY_ = 0;
  bool firing_ = false;
};

struct Bot {
  std::unique_ptr<client::ArenaClient> client;
  Script script;
  bool welcomed = false;
  std::string lastReason;
};

double ms(Duration d) {
  return toSeconds(d) * 1000;
}

}  // namespace

int main(int argc, char** argv) {
  std::cout << std::unitbuf;
  CLI::App cli(kDescription, "arena-bot");
  cli.footer(
      "Examples:\n"
      "  arena-bot --connect enet:localhost:7777 --count 16 --seconds 30\n"
      "  arena-bot --connect tcp:localhost:7780 --count 1 --name probe --seconds 5\n");
  std::string connect;
  int count = 1;
  double seconds = 30;
  std::string name = "botty";
  std::string password;
  std::uint64_t seed = 1;
  cli.add_option("--connect", connect, "The server: enet:HOST:PORT, or tcp:HOST:PORT (framed)")
      ->required()
      ->type_name("ENDPOINT");
  cli.add_option("--count", count, "Bots, each its own connection")
      ->capture_default_str()
      ->check(CLI::Range(1, 256));
  cli.add_option("--seconds", seconds, "How long they play")
      ->capture_default_str()
      ->check(weft::chat_tools::finite(CLI::Range(0.1, 86400.0)));
  cli.add_option("--name", name, "Their names' stem: NAME1, NAME2, ...")->capture_default_str();
  cli.add_option("--password", password, "The server's password, if it has one");
  cli.add_option("--seed", seed, "Their scripts' seed")->capture_default_str();
  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return cli.exit(error) == 0 ? 0 : kExitUsage;
  }
  auto endpoint = parseClientEndpoint(connect);
  if (!endpoint) {
    std::cerr << "arena-bot: --connect " << endpoint.error().message << "\n";
    return kExitUsage;
  }

  weft::chat_tools::ConsoleLogger console(LogLevel::Warning);
  SteadyClock clock;
  ReactorConfig reactorConfig;
  reactorConfig.logger = &console;
  Reactor reactor(clock, reactorConfig);
  std::vector<Bot> bots;
  bots.reserve(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) {
    client::ArenaClientConfig config;
    config.session.name = strCat(name, i + 1);
    if (!password.empty()) config.session.password = password;
    bots.push_back({std::make_unique<client::ArenaClient>(reactor, *endpoint, config),
                    Script(seed * 1000003 + static_cast<std::uint64_t>(i)),
                    false,
                    {}});
  }
  LoopingCall frames(reactor.scheduler(), [&] {
    for (Bot& bot : bots) {
      for (const client::ClientEvent& event : bot.client->takeEvents()) {
        if (std::holds_alternative<client::Welcomed>(event)) bot.welcomed = true;
        if (const auto* r = std::get_if<client::Rejected>(&event)) {
          bot.lastReason = strCat(r->sentence, r->detail.empty() ? "" : ": ", r->detail);
        }
        if (const auto* d = std::get_if<client::Disconnected>(&event)) {
          if (bot.lastReason.empty()) bot.lastReason = d->reason.sentence();
        }
      }
      bot.client->setInput(bot.script.next());
      bot.client->update();
    }
  });
  (void)frames.start(kFrame);
  reactor.callLater(fromSeconds(seconds), [&] { reactor.stop(); });
  reactor.run();
  frames.stop();

  std::printf("%-10s %5s %10s %10s %8s %8s %12s %10s\n", "bot", "in", "down B/s", "up B/s",
              "RTT ms", "delay ms", "corrections", "starved");
  double down = 0, up = 0;
  std::uint64_t corrections = 0, starved = 0, framesSeen = 0;
  int in = 0;
  for (std::size_t i = 0; i < bots.size(); ++i) {
    const client::ArenaClientStats stats = bots[i].client->stats();
    const auto& s = stats.session;
    down += stats.bytesDownPerSecond;
    up += stats.bytesUpPerSecond;
    corrections += s.corrections.total();
    starved += s.starvedFrames;
    framesSeen += s.frames;
    in += bots[i].welcomed;
    std::printf("%-10s %5s %10.0f %10.0f %8.1f %8.1f %12llu %10llu\n", strCat(name, i + 1).c_str(),
                bots[i].welcomed ? "yes" : "no", stats.bytesDownPerSecond, stats.bytesUpPerSecond,
                ms(s.rtt), ms(s.interpolationDelay),
                static_cast<unsigned long long>(s.corrections.total()),
                static_cast<unsigned long long>(s.starvedFrames));
    if (!bots[i].welcomed && !bots[i].lastReason.empty()) {
      std::printf("           not in the game: %s\n", bots[i].lastReason.c_str());
    }
  }
  const double n = static_cast<double>(bots.size());
  std::printf(
      "total: %d of %zu bots in the game; per bot %.0f B/s down, %.0f B/s up; %llu "
      "corrections; %llu of %llu frames starved\n",
      in, bots.size(), down / n, up / n, static_cast<unsigned long long>(corrections),
      static_cast<unsigned long long>(starved), static_cast<unsigned long long>(framesSeen));
  // Goodbyes, so the server frees the places at once instead of holding them for a resume:
  // a moment of the reactor lets them out.
  for (Bot& bot : bots) bot.client->stop();
  reactor.callLater(std::chrono::milliseconds(300), [&] { reactor.stop(); });
  reactor.run();
  return in == count ? 0 : kExitFailure;
}
