// weft-bench frame-flood: the headless App runs N frames at 60 Hz (frame limiter, software
// renderer, an ImGui window) while a loopback client floods its TCP connection with short lines
// at a fixed rate; prints frame, pump, update, render and wait times (p50/p99/max), the rates,
// and how many frames' pumps overran their budget by more than 0.5 ms. How to read it:
// tools/bench/README.md.
// Run: weft-bench frame-flood [--frames 600] [--rate 100000] [--budget-ms 2] [--fps 60]
//      [--size 32] [--screenshot out.png] [--vsync-like]

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <imgui.h>

#include "engine/app/app.h"
#include "net/core/factory.h"
#include "net/core/port.h"
#include "net/core/reactor.h"
#include "net/core/str_cat.h"
#include "net/endpoints/builtin_endpoints.h"
#include "net/protocols/line_receiver.h"
#include "tools/bench/command.h"
#include "tools/bench/stats.h"

namespace weft::bench {
namespace {

using net::strCat;
using Steady = std::chrono::steady_clock;

struct FloodOptions {
  std::uint64_t frames = 600;
  double rate = 100'000;  // lines per second
  double budgetMs = 2;
  double fps = 60;
  int size = 32;          // bytes per line, with its "\r\n"
  std::string screenshot;
  bool vsyncLike = false;  // the limiter sleeps without serving the network, as a vsync'd present
};

// A frame's pump counts as over its budget when it is longer than the budget plus this.
constexpr auto kOverrunAllowance = std::chrono::microseconds(500);

class CountLines final : public net::LineReceiver {
 public:
  explicit CountLines(std::uint64_t& lines) : lines_(lines) {}
  void lineReceived(std::string_view) override { ++lines_; }

 private:
  std::uint64_t& lines_;
};

class CountFactory final : public net::ServerFactory {
 public:
  explicit CountFactory(std::uint64_t& lines) : lines_(lines) {}
  std::unique_ptr<net::Protocol> buildProtocol(const net::Address&) override {
    return std::make_unique<CountLines>(lines_);
  }

 private:
  std::uint64_t& lines_;
};

// The flooding client: a thread with a blocking socket, sending whatever is due every
// millisecond. When the app falls behind, send() blocks: the achieved rate is reported.
class Flooder {
 public:
  Flooder(std::uint16_t port, double rate, int size) : rate_(rate), line_(lineOf(size)) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ok_ = fd_ >= 0 && ::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    if (ok_) thread_ = std::thread([this] { flood(); });
  }
  ~Flooder() {
    stop();
    if (fd_ >= 0) ::close(fd_);
  }
  bool ok() const { return ok_; }
  void stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }
  std::uint64_t sent() const { return sent_; }
  double seconds() const { return seconds_; }

 private:
  static std::string lineOf(int size) {
    std::string line(static_cast<std::size_t>(std::max(size, 3) - 2), 'x');
    return line + "\r\n";
  }

  void flood() {
    const auto start = Steady::now();
    std::string batch;
    while (!stop_) {
      const double elapsed = std::chrono::duration<double>(Steady::now() - start).count();
      const auto due = static_cast<std::uint64_t>(elapsed * rate_);
      if (due > sent_) {
        const std::uint64_t n = std::min<std::uint64_t>(due - sent_, 10'000);
        batch.clear();
        for (std::uint64_t i = 0; i < n; ++i) batch += line_;
        std::size_t off = 0;
        while (off < batch.size() && !stop_) {
          const ssize_t m = ::send(fd_, batch.data() + off, batch.size() - off, MSG_NOSIGNAL);
          if (m <= 0 && errno != EINTR) return;
          if (m > 0) off += static_cast<std::size_t>(m);
        }
        sent_ += n;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(1));  // a tool's pacing, not a test
      seconds_ = std::chrono::duration<double>(Steady::now() - start).count();
    }
  }

  double rate_;
  std::string line_;
  int fd_ = -1;
  bool ok_ = false;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  std::atomic<std::uint64_t> sent_{0};
  std::atomic<double> seconds_{0};
};

// Draws something moving and an ImGui window with the counts; collects each frame's stats.
class FloodGame final : public engine::SdlGame {
 public:
  FloodGame(engine::App& app, const std::uint64_t& lines) : app_(app), lines_(lines) {}
  void update(net::Duration) override { ++x_; }
  void render(SDL_Renderer& renderer, double) override {
    // The previous frame's stats are complete now (its frame time ran up to this frame).
    if (app_.loop().frames() > 1) frames.push_back(app_.loop().lastFrame());
    SDL_SetRenderDrawColor(&renderer, 60, 160, 90, 255);
    const SDL_Rect rect{20 + x_ % 200, 60, 40, 40};
    SDL_RenderFillRect(&renderer, &rect);
    ImGui::SetNextWindowPos(ImVec2(20, 130));
    ImGui::Begin("frame-flood", nullptr, ImGuiWindowFlags_AlwaysAutoResize);
    ImGui::Text("lines received: %llu", static_cast<unsigned long long>(lines_));
    ImGui::End();
  }
  std::vector<engine::FrameStats> frames;

 private:
  engine::App& app_;
  const std::uint64_t& lines_;
  int x_ = 0;
};

double ms(net::Duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

void addRow(Table& table, const char* name, const std::vector<engine::FrameStats>& frames,
            net::Duration engine::FrameStats::*field) {
  std::vector<double> samples;
  for (const auto& f : frames) samples.push_back(ms(f.*field));
  const Summary s = summarize(samples);
  table.addRow({name, fixed(s.median, 3), fixed(s.p99, 3), fixed(s.max, 3)});
}

int runFlood(const FloodOptions& o) {
  net::SteadyClock clock;
  net::StderrLogger logger(net::LogLevel::Warning);
  net::ReactorConfig reactorConfig;
  reactorConfig.logger = &logger;
  net::Reactor reactor(clock, reactorConfig);

  std::uint64_t lines = 0;
  CountFactory factory(lines);
  auto port = reactor.listen(*net::parseServerEndpoint("tcp:0:interface=127.0.0.1"), factory);
  if (!port) {
    std::cerr << "weft-bench frame-flood: " << port.error().message << '\n';
    return 1;
  }

  engine::AppConfig config;
  config.options.headless = true;
  config.options.vsync = false;
  config.options.fpsLimit = o.fps;
  config.options.frames = o.frames;
  config.options.screenshotPath = o.screenshot;
  config.window.width = 640;
  config.window.height = 360;
  config.imgui.logger = &logger;
  config.loop.pumpBudget = net::fromSeconds(o.budgetMs / 1000);
  if (o.vsyncLike) {
    // A vsync'd present blocks without serving sockets: the frame's one pump meets the whole
    // backlog. (A tool may sleep; a test may not.)
    config.loop.wait = [](net::Duration d) { std::this_thread::sleep_for(d); };
  }
  auto app = engine::App::open(reactor, config);
  if (!app) {
    std::cerr << "weft-bench frame-flood: " << app.error().message << '\n';
    return 1;
  }
  FloodGame game(**app, lines);

  Flooder flooder((*port)->address().port(), o.rate, o.size);
  if (!flooder.ok()) {
    std::cerr << "weft-bench frame-flood: cannot connect to the app's port\n";
    return 1;
  }
  const auto start = Steady::now();
  auto ran = (*app)->run(game);
  const double seconds = std::chrono::duration<double>(Steady::now() - start).count();
  flooder.stop();
  game.frames.push_back((*app)->loop().lastFrame());
  if (!ran) std::cerr << "weft-bench frame-flood: " << ran.error().message << '\n';

  const auto& frames = game.frames;
  const net::Duration budget = config.loop.pumpBudget;
  std::size_t overruns = 0;
  net::Duration worst{};
  for (const auto& f : frames) {
    if (f.longestPump > budget + kOverrunAllowance) ++overruns;
    worst = std::max(worst, f.longestPump - budget);
  }
  const engine::Window& window = (*app)->window();
  std::cout << "weft-bench frame-flood: renderer " << window.rendererName()
            << (window.vsync() ? " (vsync)" : "") << ", " << frames.size() << " frames at a "
            << fixed(o.fps, 0) << " Hz limit, pump budget " << fixed(o.budgetMs, 2) << " ms; flood "
            << fixed(o.rate, 0) << " lines/s of " << o.size << " bytes over TCP loopback"
            << (o.vsyncLike ? "; vsync-like (no serving while waiting)" : "") << "; "
            << buildDescription() << "\n\n";
  Table table({{"per frame", Table::Align::Left}, {"p50 ms"}, {"p99 ms"}, {"max ms"}});
  addRow(table, "frame time", frames, &engine::FrameStats::frameTime);
  addRow(table, "pump (main)", frames, &engine::FrameStats::pumpTime);
  addRow(table, "update", frames, &engine::FrameStats::updateTime);
  addRow(table, "render", frames, &engine::FrameStats::renderTime);
  addRow(table, "longest pump", frames, &engine::FrameStats::longestPump);
  addRow(table, o.vsyncLike ? "limiter wait (sleeping)" : "limiter wait (serving)", frames,
         &engine::FrameStats::waitTime);
  table.print(std::cout);
  Table totals({{"whole run", Table::Align::Left}, {"value"}});
  totals.addRow({"frames/s", fixed(static_cast<double>(frames.size()) / seconds, 1)});
  totals.addRow({"lines sent", strCat(flooder.sent())});
  totals.addRow(
      {"lines sent/s", fixed(static_cast<double>(flooder.sent()) / flooder.seconds(), 0)});
  totals.addRow({"lines received", strCat(lines)});
  totals.addRow({"lines received/s", fixed(static_cast<double>(lines) / seconds, 0)});
  totals.addRow({"frames with pump > budget + 0.5 ms", strCat(overruns)});
  totals.addRow({"worst pump overrun ms", fixed(ms(worst), 3)});
  std::cout << '\n';
  totals.print(std::cout);
  return ran ? 0 : 1;
}

}  // namespace

Command frameFloodCommand(CLI::App& parent) {
  auto options = std::make_shared<FloodOptions>();
  CLI::App* cli = parent.add_subcommand(
      "frame-flood", "Headless app at 60 Hz while a loopback client floods its TCP connection");
  cli->footer(
      "p50/p99/max per frame of the frame time and its parts (the main pump, update, render, "
      "the longest single pump, the limiter's wait), then the run's rates and the frames whose "
      "pump overran its budget by more than 0.5 ms. No peer: the game's own frame is the "
      "yardstick. See tools/bench/README.md.");
  cli->add_option("--frames", options->frames, "Frames to run")->check(CLI::Range(1, 100'000));
  cli->add_option("--rate", options->rate, "Lines per second sent")->check(CLI::Range(1.0, 5e6));
  cli->add_option("--budget-ms", options->budgetMs, "Pump budget per frame")
      ->check(CLI::Range(0.01, 100.0));
  cli->add_option("--fps", options->fps, "Frame limit")->check(CLI::Range(1.0, 1000.0));
  cli->add_option("--size", options->size, "Bytes per line, with CRLF")->check(CLI::Range(3, 4096));
  cli->add_option("--screenshot", options->screenshot, "Save the last frame as PNG");
  cli->add_flag("--vsync-like", options->vsyncLike,
                "Wait without serving the network, as a vsync'd present does");
  return {cli, [options] { return runFlood(*options); }};
}

}  // namespace weft::bench
