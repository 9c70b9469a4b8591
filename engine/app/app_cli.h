// addAppOptions: the command-line flags every weft SDL program shares (--frames, --screenshot,
// --no-vsync, --fps, --headless), bound to an AppOptions — so any program runs headless in CI.
// Tests: tests/engine/app/app_test.cpp
#pragma once

// The one engine header that needs CLI11 (header-only; the rest of weft::engine does not): a
// game that includes it without CLI11 installed learns which package to add.
#if !__has_include(<CLI/CLI.hpp>)
#error "engine/app/app_cli.h needs CLI11's headers (Debian: apt install libcli11-dev)"
#endif
#include <CLI/CLI.hpp>

#include "engine/app/app.h"

namespace weft::engine {

// Adds the flags to `cli`, writing into `options`, which must outlive parsing.
inline void addAppOptions(CLI::App& cli, AppOptions& options) {
  cli.add_option("--frames", options.frames, "End after N frames (0: until the window closes)");
  cli.add_option("--screenshot", options.screenshotPath,
                 "Save what the player sees as PNG (at --screenshot-frame, or the last frame)");
  cli.add_option("--screenshot-frame", options.screenshotFrame, "Frame to capture, from 1");
  cli.add_flag("!--no-vsync", options.vsync, "Pace with the frame limiter instead of vsync");
  cli.add_option("--fps", options.fpsLimit, "Frame limit without vsync (0: unlimited)")
      ->check(CLI::NonNegativeNumber);
  cli.add_flag("--headless", options.headless, "No display: SDL's dummy driver, software renderer");
}

}  // namespace weft::engine
