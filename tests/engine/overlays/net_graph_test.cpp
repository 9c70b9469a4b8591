// NetGraph: F3 toggling from built SDL events, the labels and colour levels, and whole frames
// drawn headless into a bare ImGui context (no window, no renderer) — read back as draw data.

#include "engine/overlays/net_graph.h"

#include <doctest/doctest.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>

#include "tests/engine/support/sdl_events.h"

using namespace weft::engine;
using weft::testing::keyEvent;
using weft::net::Duration;
using weft::net::NetStats;
using weft::net::TimePoint;
using std::chrono::microseconds;
using std::chrono::milliseconds;

// Every operator new in this program is counted, so a test can show a stretch of frames made
// none. ImGui allocates through its own hooks, counted below.
namespace {
std::size_t newCalls = 0;
std::size_t imguiAllocations = 0;
}  // namespace

void* operator new(std::size_t size) {
  ++newCalls;
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace {

constexpr Duration kFrame = microseconds(16'667);
const TimePoint kStart = TimePoint{} + std::chrono::seconds(100);

void* imguiAlloc(std::size_t size, void*) {
  ++imguiAllocations;
  return std::malloc(size);
}
void imguiFree(void* p, void*) { std::free(p); }

// A bare ImGui context, as ImGui's example_null sets one up: a display size and a built font
// atlas are all NewFrame needs.
struct Headless {
  Headless() {
    ImGui::SetAllocatorFunctions(imguiAlloc, imguiFree);
    context = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(1280, 720);
    io.DeltaTime = 1.0f / 60;
    io.IniFilename = nullptr;
    unsigned char* pixels = nullptr;
    int width = 0;
    int height = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &width, &height);
  }
  ~Headless() { ImGui::DestroyContext(context); }
  Headless(const Headless&) = delete;
  Headless& operator=(const Headless&) = delete;

  ImDrawData& frame(NetGraph& graph, TimePoint now) {
    ImGui::NewFrame();
    graph.draw(now);
    ImGui::Render();
    return *ImGui::GetDrawData();
  }

  ImGuiContext* context;
};

// The graph's draw list in this frame's draw data, or null when it drew nothing.
const ImDrawList* graphList(const ImDrawData& data) {
  for (int i = 0; i < data.CmdListsCount; ++i) {
    const ImDrawList* list = data.CmdLists[i];
    if (list->_OwnerName && std::strcmp(list->_OwnerName, NetGraph::kWindowName) == 0) return list;
  }
  return nullptr;
}

int verticesOfColour(const ImDrawList& list, ImU32 colour) {
  int n = 0;
  for (const ImDrawVert& v : list.VtxBuffer) n += v.col == colour ? 1 : 0;
  return n;
}

NetStats linkWith(Duration rtt, Duration jitter = milliseconds(2), double loss = 0) {
  NetStats stats;
  stats.rtt = rtt;
  stats.rttVariance = jitter;
  stats.lossPercent = loss;
  stats.bytesReceivedPerSecond = 12'300;
  stats.bytesSentPerSecond = 4'100;
  return stats;
}

FrameStats frameStats(Duration frameTime = kFrame, Duration pump = microseconds(210)) {
  FrameStats frame;
  frame.frameTime = frameTime;
  frame.pumpTime = pump;
  return frame;
}

// Samples `frames` frames of `net` from `from`, one every kFrame; returns the last frame's time.
TimePoint feed(NetGraph& graph, TimePoint from, int frames, const std::optional<NetStats>& net) {
  TimePoint now = from;
  for (int i = 0; i < frames; ++i) {
    now = from + i * kFrame;
    graph.sample(now, net, frameStats());
  }
  return now;
}

}  // namespace

TEST_CASE("F3 toggles the graph; its key events are consumed, other keys ignored") {
  NetGraph graph;
  CHECK_FALSE(graph.visible());
  CHECK(graph.handleEvent(keyEvent(SDLK_F3)) == EventUse::Consumed);
  CHECK(graph.visible());
  SUBCASE("a held key's repeats do not flicker it") {
    CHECK(graph.handleEvent(keyEvent(SDLK_F3, SDL_KEYDOWN, KMOD_NONE, 1)) == EventUse::Consumed);
    CHECK(graph.visible());
  }
  SUBCASE("the release is consumed and changes nothing") {
    CHECK(graph.handleEvent(keyEvent(SDLK_F3, SDL_KEYUP)) == EventUse::Consumed);
    CHECK(graph.visible());
  }
  SUBCASE("pressed again, it hides") {
    CHECK(graph.handleEvent(keyEvent(SDLK_F3)) == EventUse::Consumed);
    CHECK_FALSE(graph.visible());
  }
  SUBCASE("other keys, F3 with Ctrl or Alt, and other events belong to the game") {
    CHECK(graph.handleEvent(keyEvent(SDLK_F4)) == EventUse::Ignored);
    CHECK(graph.handleEvent(keyEvent(SDLK_F3, SDL_KEYDOWN, KMOD_LCTRL)) == EventUse::Ignored);
    CHECK(graph.handleEvent(keyEvent(SDLK_F3, SDL_KEYDOWN, KMOD_RALT)) == EventUse::Ignored);
    SDL_Event text{};
    text.type = SDL_TEXTINPUT;
    std::strcpy(text.text.text, "3");
    CHECK(graph.handleEvent(text) == EventUse::Ignored);
    CHECK(graph.visible());
  }
}

TEST_CASE("the toggle key and the starting state come from the config") {
  NetGraphConfig config;
  config.toggleKey = SDLK_F8;
  config.visible = true;
  NetGraph graph(config);
  CHECK(graph.visible());
  CHECK(graph.handleEvent(keyEvent(SDLK_F3)) == EventUse::Ignored);
  CHECK(graph.handleEvent(keyEvent(SDLK_F8)) == EventUse::Consumed);
  CHECK_FALSE(graph.visible());
}

TEST_CASE("levels go to warn and bad at the configured thresholds") {
  NetGraph graph;  // RTT 80/150 ms, loss 1/5 %, pump 2/4 ms, frame 20/34 ms
  CHECK(graph.level(GraphSeries::Rtt, 79.9f) == GraphLevel::Good);
  CHECK(graph.level(GraphSeries::Rtt, 80.0f) == GraphLevel::Warn);
  CHECK(graph.level(GraphSeries::Rtt, 150.0f) == GraphLevel::Bad);
  CHECK(graph.level(GraphSeries::Loss, 0.5f) == GraphLevel::Good);
  CHECK(graph.level(GraphSeries::Loss, 1.2f) == GraphLevel::Warn);
  CHECK(graph.level(GraphSeries::Loss, 5.0f) == GraphLevel::Bad);
  CHECK(graph.level(GraphSeries::Pump, 0.21f) == GraphLevel::Good);
  CHECK(graph.level(GraphSeries::Pump, 4.5f) == GraphLevel::Bad);
  CHECK(graph.level(GraphSeries::Frame, 16.7f) == GraphLevel::Good);
  CHECK(graph.level(GraphSeries::Frame, 25.0f) == GraphLevel::Warn);
  CHECK(graph.level(GraphSeries::Frame, 40.0f) == GraphLevel::Bad);
  CHECK(graph.level(GraphSeries::Jitter, 1000.0f) == GraphLevel::Good);  // no thresholds
  CHECK(graph.level(GraphSeries::KBytesIn, 1e6f) == GraphLevel::Good);
}

TEST_CASE("the labels show current and max figures with their units") {
  NetGraph graph;
  graph.sample(kStart, linkWith(milliseconds(41), milliseconds(7), 3.0), frameStats(milliseconds(20)));
  graph.sample(kStart + kFrame, linkWith(milliseconds(23), milliseconds(4), 1.2), frameStats());
  CHECK(graph.label(NetGraphRow::Rtt) == "RTT 23 ms \xC2\xB1" "4.0  max 41");
  CHECK(graph.label(NetGraphRow::Loss) == "loss 1.2 %  max 3.0");
  CHECK(graph.label(NetGraphRow::Traffic) == "in 12.3 kB/s out 4.1 kB/s  max 12.3/4.1");
  CHECK(graph.label(NetGraphRow::Pump) == "pump 0.21 ms  max 0.21");
  CHECK(graph.label(NetGraphRow::Frame) == "frame 16.7 ms  max 20.0");
  SUBCASE("without a connection the network rows say so; the frame rows go on") {
    graph.sample(kStart + 2 * kFrame, std::nullopt, frameStats());
    CHECK(graph.label(NetGraphRow::Rtt) == "RTT --  no connection");
    CHECK(graph.label(NetGraphRow::Loss) == "loss --");
    CHECK(graph.label(NetGraphRow::Traffic) == "in -- out --");
    CHECK(graph.label(NetGraphRow::Frame) == "frame 16.7 ms  max 20.0");
  }
}

TEST_CASE("shown, the graph draws its panel; hidden, it draws nothing") {
  Headless imgui;
  NetGraph graph;
  const TimePoint last = feed(graph, kStart, 120, linkWith(milliseconds(23)));
  graph.setVisible(true);
  imgui.frame(graph, last);  // an auto-sized window is measured on its first frame, not drawn
  const ImDrawData& shown = imgui.frame(graph, last);
  const ImDrawList* list = graphList(shown);
  REQUIRE(list != nullptr);
  CHECK(list->VtxBuffer.Size > 0);
  CHECK(shown.TotalVtxCount > 0);

  REQUIRE(graph.handleEvent(keyEvent(SDLK_F3)) == EventUse::Consumed);
  const ImDrawData& hidden = imgui.frame(graph, last);
  CHECK(graphList(hidden) == nullptr);
  CHECK(hidden.TotalVtxCount == 0);
}

TEST_CASE("the panel sits in the configured corner, inside the margin") {
  Headless imgui;
  NetGraphConfig config;
  config.visible = true;
  ScreenCorner corner = ScreenCorner::TopRight;
  SUBCASE("top right") { corner = ScreenCorner::TopRight; }
  SUBCASE("bottom left") { corner = ScreenCorner::BottomLeft; }
  config.corner = corner;
  NetGraph graph(config);
  const TimePoint last = feed(graph, kStart, 60, linkWith(milliseconds(23)));
  imgui.frame(graph, last);
  const ImDrawList* list = graphList(imgui.frame(graph, last));
  REQUIRE(list != nullptr);
  REQUIRE(list->VtxBuffer.Size > 0);
  ImVec2 low(1e9f, 1e9f);
  ImVec2 high(-1e9f, -1e9f);
  for (const ImDrawVert& v : list->VtxBuffer) {
    low = ImVec2(std::min(low.x, v.pos.x), std::min(low.y, v.pos.y));
    high = ImVec2(std::max(high.x, v.pos.x), std::max(high.y, v.pos.y));
  }
  CAPTURE(low.x);
  CAPTURE(low.y);
  CAPTURE(high.x);
  CAPTURE(high.y);
  CHECK(high.x - low.x >= config.plotWidth);
  // Edges within a pixel and a half: anti-aliased borders fade out one pixel beyond the window.
  const auto near = [](float a, float b) { return std::abs(a - b) <= 1.5f; };
  if (corner == ScreenCorner::TopRight) {
    CHECK(near(high.x, 1280 - config.margin));
    CHECK(near(low.y, config.margin));
    CHECK(low.x > 640);
  } else {
    CHECK(near(low.x, config.margin));
    CHECK(near(high.y, 720 - config.margin));
    CHECK(low.y > 360);
  }
}

TEST_CASE("an RTT past the bad threshold is drawn red; a good one is not") {
  Headless imgui;
  NetGraphConfig config;
  config.visible = true;
  NetGraph graph(config);
  Duration rtt = milliseconds(23);
  bool expectRed = false;
  SUBCASE("good") {
    rtt = milliseconds(23);
    expectRed = false;
  }
  SUBCASE("bad") {
    rtt = milliseconds(300);
    expectRed = true;
  }
  const TimePoint last = feed(graph, kStart, 120, linkWith(rtt));
  imgui.frame(graph, last);
  const ImDrawList* list = graphList(imgui.frame(graph, last));
  REQUIRE(list != nullptr);
  CHECK((verticesOfColour(*list, config.badColour) > 0) == expectRed);
  CHECK(verticesOfColour(*list, config.goodColour) > 0);  // the frame row, at least
}

TEST_CASE("in steady state, sampling and drawing a frame allocates nothing") {
  Headless imgui;
  NetGraph graph;
  graph.setVisible(true);
  // Fill the whole window first, with connection gaps and changing figures, drawing as a game
  // would: every buffer reaches its working size.
  TimePoint now = kStart;
  const auto step = [&](int i) {
    now += kFrame;
    std::optional<NetStats> net;
    if (i % 300 >= 30) net = linkWith(milliseconds(20 + i % 200), milliseconds(i % 7), i % 11);
    graph.sample(now, net, frameStats(kFrame + microseconds(i % 5000), microseconds(i % 900)));
    imgui.frame(graph, now);
  };
  int i = 0;
  for (; i < 700; ++i) step(i);
  const std::size_t newBefore = newCalls;
  const std::size_t imguiBefore = imguiAllocations;
  for (; i < 1000; ++i) step(i);
  CHECK(newCalls - newBefore == 0);
  CHECK(imguiAllocations - imguiBefore == 0);
  CHECK(graph.history().size() > 500);
}
