// NetGraph: the F3 overlay that plots the last seconds of RTT, jitter, loss, traffic, pump and
// frame time in a compact corner panel with current and max figures, going yellow then red past
// thresholds — the net graph players know from shooters, over any weft connection's NetStats.
// Tests: tests/engine/overlays/net_graph_test.cpp
#pragma once

#include <imgui.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "engine/frame_stats.h"
#include "engine/overlay.h"
#include "engine/overlays/net_graph_history.h"
#include "net/core/net_stats.h"

namespace weft::engine {

enum class ScreenCorner : std::uint8_t { TopLeft, TopRight, BottomLeft, BottomRight };

// How a figure stands against its thresholds.
enum class GraphLevel : std::uint8_t { Good, Warn, Bad };

// One line of the panel: a label with figures over a plot.
enum class NetGraphRow : std::uint8_t {
  Rtt,      // "RTT 23 ms ±4  max 41": RTT coloured by level, jitter drawn beside it in grey
  Loss,     // "loss 1.2 %  max 3.0"
  Traffic,  // "in 12.3 kB/s out 4.1 kB/s": two lines, in and out
  Pump,     // "pump 0.21 ms  max 0.80"
  Frame,    // "frame 16.7 ms  max 33.4"
};
inline constexpr std::size_t kNetGraphRowCount = 5;

struct NetGraphConfig {
  NetGraphHistoryConfig history;   // how far back, how many samples
  SDL_Keycode toggleKey = SDLK_F3; // without Ctrl, Alt or GUI: those combinations pass to the game
  bool visible = false;            // shown from the start
  ScreenCorner corner = ScreenCorner::TopRight;
  float margin = 8;                // px between the panel and the screen edges
  float plotWidth = 260;           // px, 16-1024, at least: plots widen to the widest label
  float plotHeight = 26;           // px per plot, >= 8
  float backgroundAlpha = 0.6f;    // the panel's background; the game shows through
  // A figure at or above `warn` is drawn in warnColour, at or above `bad` in badColour.
  net::Duration rttWarn = std::chrono::milliseconds(80);
  net::Duration rttBad = std::chrono::milliseconds(150);
  double lossWarnPercent = 1;
  double lossBadPercent = 5;
  net::Duration pumpWarn = std::chrono::milliseconds(2);  // an eighth of a 60 Hz frame
  net::Duration pumpBad = std::chrono::milliseconds(4);
  net::Duration frameWarn = std::chrono::microseconds(20'000);  // under 50 fps
  net::Duration frameBad = std::chrono::microseconds(34'000);   // under 30 fps
  ImU32 goodColour = IM_COL32(140, 230, 140, 255);
  ImU32 warnColour = IM_COL32(255, 210, 80, 255);
  ImU32 badColour = IM_COL32(255, 80, 70, 255);
  ImU32 secondColour = IM_COL32(150, 190, 255, 255);  // jitter, kB/s out
  ImU32 textColour = IM_COL32(235, 235, 235, 255);    // figures without thresholds
};

class NetGraph final : public Overlay {
 public:
  // The ImGui window's name (no title bar shows it): how a test finds the panel's draw list.
  static constexpr const char* kWindowName = "##weft_net_graph";

  // Asserts a config in range (thresholds ordered, sizes as documented). Allocates all it
  // needs here: sample() and draw() do not allocate.
  explicit NetGraph(NetGraphConfig config = {});

  // Call once per frame, shown or not, so the history is there when F3 is pressed: the
  // connection's stats (none while not connected) and the last frame's timings — in a game:
  // sample(now, chatClient.connectionStats(), gameLoop.lastFrame()).
  void sample(net::TimePoint now, const std::optional<net::NetStats>& net,
              const FrameStats& frame) {
    history_.add(now, net, frame);
  }

  // F3 down toggles (a held key's repeats do not); F3 down and up are Consumed either way.
  EventUse handleEvent(const SDL_Event& event) override;
  // Nothing while hidden; otherwise the panel in its corner, plotted up to `now`.
  void draw(net::TimePoint now) override;

  bool visible() const { return visible_; }
  void setVisible(bool visible) { visible_ = visible; }
  const NetGraphHistory& history() const { return history_; }

  // The level of `value` (in the series' unit, see GraphSeries) against the config. Series
  // without thresholds (jitter, traffic) are always Good.
  GraphLevel level(GraphSeries series, float value) const;
  // The row's text from the history as draw() shows it. Valid until the next label() or draw().
  std::string_view label(NetGraphRow row);

 private:
  struct Column {
    float value = 0;   // the highest sample that fell in this pixel column
    bool present = false;
    bool cut = false;  // a gap or a time jump lies between this and the previous present column
  };
  struct Thresholds {
    float warn;
    float bad;
  };

  void refreshSummaries();
  std::string_view formatRow(NetGraphRow row);
  void drawRow(NetGraphRow row, net::TimePoint now);
  void plotSeries(ImDrawList& list, ImVec2 origin, std::size_t columnCount, GraphSeries series,
                  net::TimePoint now, float scale, std::optional<ImU32> fixedColour);
  ImU32 colourOf(GraphLevel level) const;
  std::optional<Thresholds> thresholds(GraphSeries series) const;

  NetGraphConfig config_;
  NetGraphHistory history_;
  bool visible_;
  std::array<SeriesSummary, kGraphSeriesCount> summaries_{};
  std::vector<Column> columns_;  // one a pixel of the widest plot allowed, reused for every plot
  std::array<char, 128> text_{};
};

}  // namespace weft::engine
