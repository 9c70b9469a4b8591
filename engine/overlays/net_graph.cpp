#include "engine/overlays/net_graph.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <span>

#include "net/core/assert.h"

namespace weft::engine {

namespace {

constexpr float kTrafficScaleFloor = 1;  // kB/s: a quiet link still gets a readable scale
constexpr float kHeadroom = 1.15f;       // the plot's top sits this far above the window's max
constexpr ImU32 kPlotBackground = IM_COL32(0, 0, 0, 110);
constexpr float kMaxPlotWidth = 1024;  // px: the column buffer made at construction

float milliseconds(net::Duration d) {
  return static_cast<float>(std::chrono::duration<double, std::milli>(d).count());
}

// Digits after the point: small figures keep one, large ones none ("0.4 ms", "23 ms").
int precision(float value) {
  return value < 10 ? 1 : 0;
}

ImU32 faded(ImU32 colour, unsigned alpha) {
  return (colour & ~IM_COL32_A_MASK) | (static_cast<ImU32>(alpha) << IM_COL32_A_SHIFT);
}

}  // namespace

NetGraph::NetGraph(NetGraphConfig config)
    : config_(config), history_(config.history), visible_(config.visible) {
  WEFT_ASSERT(config_.rttWarn <= config_.rttBad, "NetGraphConfig: rttWarn must be <= rttBad");
  WEFT_ASSERT(config_.lossWarnPercent <= config_.lossBadPercent,
              "NetGraphConfig: lossWarnPercent must be <= lossBadPercent");
  WEFT_ASSERT(config_.pumpWarn <= config_.pumpBad, "NetGraphConfig: pumpWarn must be <= pumpBad");
  WEFT_ASSERT(config_.frameWarn <= config_.frameBad,
              "NetGraphConfig: frameWarn must be <= frameBad");
  WEFT_ASSERT(config_.plotWidth >= 16 && config_.plotWidth <= kMaxPlotWidth,
              "NetGraphConfig::plotWidth must be 16-1024 px");
  WEFT_ASSERT(config_.plotHeight >= 8, "NetGraphConfig::plotHeight must be >= 8 px");
  columns_.resize(static_cast<std::size_t>(kMaxPlotWidth));
}

EventUse NetGraph::handleEvent(const SDL_Event& event) {
  if (event.type != SDL_KEYDOWN && event.type != SDL_KEYUP) return EventUse::Ignored;
  if (event.key.keysym.sym != config_.toggleKey) return EventUse::Ignored;
  if ((event.key.keysym.mod & (KMOD_CTRL | KMOD_ALT | KMOD_GUI)) != 0) return EventUse::Ignored;
  if (event.type == SDL_KEYDOWN && event.key.repeat == 0) visible_ = !visible_;
  return EventUse::Consumed;
}

std::optional<NetGraph::Thresholds> NetGraph::thresholds(GraphSeries series) const {
  switch (series) {
    case GraphSeries::Rtt:
      return Thresholds{milliseconds(config_.rttWarn), milliseconds(config_.rttBad)};
    case GraphSeries::Loss:
      return Thresholds{static_cast<float>(config_.lossWarnPercent),
                        static_cast<float>(config_.lossBadPercent)};
    case GraphSeries::Pump:
      return Thresholds{milliseconds(config_.pumpWarn), milliseconds(config_.pumpBad)};
    case GraphSeries::Frame:
      return Thresholds{milliseconds(config_.frameWarn), milliseconds(config_.frameBad)};
    default:
      return std::nullopt;
  }
}

GraphLevel NetGraph::level(GraphSeries series, float value) const {
  const auto limits = thresholds(series);
  if (!limits) return GraphLevel::Good;
  if (value >= limits->bad) return GraphLevel::Bad;
  if (value >= limits->warn) return GraphLevel::Warn;
  return GraphLevel::Good;
}

ImU32 NetGraph::colourOf(GraphLevel level) const {
  switch (level) {
    case GraphLevel::Good:
      return config_.goodColour;
    case GraphLevel::Warn:
      return config_.warnColour;
    case GraphLevel::Bad:
      return config_.badColour;
  }
  return config_.goodColour;
}

void NetGraph::refreshSummaries() {
  for (std::size_t i = 0; i < kGraphSeriesCount; ++i) {
    summaries_[i] = history_.summary(static_cast<GraphSeries>(i));
  }
}

std::string_view NetGraph::label(NetGraphRow row) {
  refreshSummaries();
  return formatRow(row);
}

std::string_view NetGraph::formatRow(NetGraphRow row) {
  const auto& s = [&](GraphSeries series) -> const SeriesSummary& {
    return summaries_[static_cast<std::size_t>(series)];
  };
  char* out = text_.data();
  const std::size_t size = text_.size();
  int n = 0;
  switch (row) {
    case NetGraphRow::Rtt: {
      const SeriesSummary& rtt = s(GraphSeries::Rtt);
      const SeriesSummary& jitter = s(GraphSeries::Jitter);
      if (!rtt.current || !jitter.current) {
        n = std::snprintf(out, size, "RTT --  no connection");
        break;
      }
      n = std::snprintf(out, size, "RTT %.*f ms \xC2\xB1%.*f  max %.*f", precision(*rtt.current),
                        *rtt.current, precision(*jitter.current), *jitter.current,
                        precision(rtt.max), rtt.max);
      break;
    }
    case NetGraphRow::Loss: {
      const SeriesSummary& loss = s(GraphSeries::Loss);
      if (!loss.current) {
        n = std::snprintf(out, size, "loss --");
        break;
      }
      n = std::snprintf(out, size, "loss %.1f %%  max %.1f", *loss.current, loss.max);
      break;
    }
    case NetGraphRow::Traffic: {
      const SeriesSummary& in = s(GraphSeries::KBytesIn);
      const SeriesSummary& sent = s(GraphSeries::KBytesOut);
      if (!in.current || !sent.current) {
        n = std::snprintf(out, size, "in -- out --");
        break;
      }
      n = std::snprintf(out, size, "in %.1f kB/s out %.1f kB/s  max %.1f/%.1f", *in.current,
                        *sent.current, in.max, sent.max);
      break;
    }
    case NetGraphRow::Pump: {
      const SeriesSummary& pump = s(GraphSeries::Pump);
      n = std::snprintf(out, size, "pump %.2f ms  max %.2f", pump.current.value_or(0), pump.max);
      break;
    }
    case NetGraphRow::Frame: {
      const SeriesSummary& frame = s(GraphSeries::Frame);
      n = std::snprintf(out, size, "frame %.1f ms  max %.1f", frame.current.value_or(0), frame.max);
      break;
    }
  }
  return {out, static_cast<std::size_t>(std::clamp<int>(n, 0, static_cast<int>(size) - 1))};
}

void NetGraph::draw(net::TimePoint now) {
  if (!visible_) return;
  refreshSummaries();
  const ImGuiIO& io = ImGui::GetIO();
  const bool right =
      config_.corner == ScreenCorner::TopRight || config_.corner == ScreenCorner::BottomRight;
  const bool bottom =
      config_.corner == ScreenCorner::BottomLeft || config_.corner == ScreenCorner::BottomRight;
  const ImVec2 position(right ? io.DisplaySize.x - config_.margin : config_.margin,
                        bottom ? io.DisplaySize.y - config_.margin : config_.margin);
  ImGui::SetNextWindowPos(position, ImGuiCond_Always,
                          ImVec2(right ? 1.0f : 0.0f, bottom ? 1.0f : 0.0f));
  ImGui::SetNextWindowBgAlpha(config_.backgroundAlpha);
  constexpr ImGuiWindowFlags kFlags =
      ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize |
      ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing |
      ImGuiWindowFlags_NoNav | ImGuiWindowFlags_NoInputs;
  if (ImGui::Begin(kWindowName, nullptr, kFlags)) {
    for (std::size_t row = 0; row < kNetGraphRowCount; ++row) {
      drawRow(static_cast<NetGraphRow>(row), now);
    }
  }
  ImGui::End();
}

void NetGraph::drawRow(NetGraphRow row, net::TimePoint now) {
  // The row's series: the first sets the label's colour and the thresholds drawn.
  GraphSeries first = GraphSeries::Rtt;
  std::optional<GraphSeries> second;
  float floor = 0;
  switch (row) {
    case NetGraphRow::Rtt:
      first = GraphSeries::Rtt;
      second = GraphSeries::Jitter;
      break;
    case NetGraphRow::Loss:
      first = GraphSeries::Loss;
      break;
    case NetGraphRow::Traffic:
      first = GraphSeries::KBytesIn;
      second = GraphSeries::KBytesOut;
      floor = kTrafficScaleFloor;
      break;
    case NetGraphRow::Pump:
      first = GraphSeries::Pump;
      break;
    case NetGraphRow::Frame:
      first = GraphSeries::Frame;
      break;
  }
  const auto limits = thresholds(first);
  if (limits) floor = limits->bad;
  const SeriesSummary& main = summaries_[static_cast<std::size_t>(first)];
  float top = main.max;
  if (second) top = std::max(top, summaries_[static_cast<std::size_t>(*second)].max);
  const float scale = std::max(floor, top * kHeadroom);

  const ImU32 textColour =
      limits && main.current ? colourOf(level(first, *main.current)) : config_.textColour;
  const std::string_view text = formatRow(row);
  ImGui::PushStyleColor(ImGuiCol_Text, textColour);
  ImGui::TextUnformatted(text.data(), text.data() + text.size());
  ImGui::PopStyleColor();

  const ImVec2 origin = ImGui::GetCursorScreenPos();
  // As wide as the widest label when that is wider (a larger font): the panel stays one column.
  const float width =
      std::clamp(ImGui::GetContentRegionAvail().x, config_.plotWidth, kMaxPlotWidth);
  const ImVec2 size(std::floor(width), config_.plotHeight);
  ImGui::Dummy(size);
  ImDrawList& list = *ImGui::GetWindowDrawList();
  list.AddRectFilled(origin, ImVec2(origin.x + size.x, origin.y + size.y), kPlotBackground);
  if (limits) {
    const auto rule = [&](float value, ImU32 colour) {
      if (value <= 0 || value > scale) return;
      const float y = origin.y + size.y - 1 - value / scale * (size.y - 1);
      list.AddLine(ImVec2(origin.x, y), ImVec2(origin.x + size.x, y), faded(colour, 70));
    };
    rule(limits->warn, config_.warnColour);
    rule(limits->bad, config_.badColour);
  }
  const auto columns = static_cast<std::size_t>(size.x);
  if (second) plotSeries(list, origin, columns, *second, now, scale, config_.secondColour);
  const bool levelled = limits.has_value();
  plotSeries(list, origin, columns, first, now, scale,
             levelled ? std::nullopt : std::optional<ImU32>(config_.textColour));
}

// Bins the window's samples into one column a pixel (keeping each column's highest value, so a
// spike never hides between pixels) and joins neighbouring columns unless a gap or a time jump
// lies between them.
void NetGraph::plotSeries(ImDrawList& list, ImVec2 origin, std::size_t columnCount,
                          GraphSeries series, net::TimePoint now, float scale,
                          std::optional<ImU32> fixedColour) {
  const std::span<Column> columns(columns_.data(), columnCount);
  std::fill(columns.begin(), columns.end(), Column{});
  const bool network = isNetworkSeries(series);
  const net::Duration window = history_.config().window;
  const net::TimePoint start = now - window;
  const double last = static_cast<double>(columnCount - 1);
  bool pendingCut = false;
  for (std::size_t i = 0; i < history_.size(); ++i) {
    const GraphSample& sample = history_.at(i);
    if (sample.breakBefore) pendingCut = true;
    if (network && !sample.connected) {
      pendingCut = true;
      continue;
    }
    if (sample.at < start || sample.at > now) continue;
    const double x = net::toSeconds(sample.at - start) / net::toSeconds(window) * last;
    Column& column = columns[std::min(columnCount - 1, static_cast<std::size_t>(x + 0.5))];
    const float value = sample.value(series);
    if (!column.present) {
      column = Column{value, true, pendingCut};
    } else {
      column.value = std::max(column.value, value);
      column.cut = column.cut || pendingCut;
    }
    pendingCut = false;
  }
  const float height = config_.plotHeight - 1;
  const auto point = [&](std::size_t c) {
    const float share = std::clamp(columns[c].value / scale, 0.0f, 1.0f);
    return ImVec2(origin.x + static_cast<float>(c) + 0.5f, origin.y + height - share * height);
  };
  std::optional<std::size_t> previous;
  for (std::size_t c = 0; c < columnCount; ++c) {
    const Column& column = columns[c];
    if (!column.present) continue;
    const ImU32 colour = fixedColour ? *fixedColour : colourOf(level(series, column.value));
    const ImVec2 p = point(c);
    if (previous && !column.cut) {
      list.AddLine(point(*previous), p, colour);
    } else {
      list.AddRectFilled(ImVec2(p.x - 0.5f, p.y - 0.5f), ImVec2(p.x + 0.5f, p.y + 0.5f), colour);
    }
    previous = c;
  }
}

}  // namespace weft::engine
