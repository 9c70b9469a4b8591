// Fonts: loads the shipped DejaVu Sans (Latin, Cyrillic) into an ImGui font atlas and merges CJK
// glyphs from a system font when one is installed, so chat in German, Russian and Chinese
// renders instead of '?'; a missing or broken font falls back to ImGui's default, never a crash.
// Tests: tests/engine/imgui/imgui_layer_test.cpp
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "engine/app/assets.h"
#include "net/core/logger.h"

struct ImFontAtlas;

namespace weft::engine {

// Where CJK glyphs are looked for, first found wins (Debian: fonts-droid-fallback,
// fonts-noto-cjk, fonts-wqy-microhei).
std::vector<std::filesystem::path> defaultCjkFonts();

struct FontConfig {
  float sizePixels = 18.0f;
  // The main font, relative to one of assetDirs (or absolute).
  std::string mainFont = "fonts/DejaVuSans.ttf";
  std::vector<std::filesystem::path> assetDirs = defaultAssetDirs();
  // Merged into the main font when one exists; empty: no CJK.
  std::vector<std::filesystem::path> cjkFonts = defaultCjkFonts();
  // false: ImGui's ~2500 common simplified Chinese ideographs plus kana (a 2k atlas);
  // true: every CJK ideograph (an atlas of tens of megabytes).
  bool fullCjk = false;
  // ImGui sizes a font by ascent-to-descent height, not by em; the CJK fallbacks have taller
  // line boxes than DejaVu, so at the same size their ideographs come out smaller than the
  // Latin text beside them. This evens them out (1.2 suits DroidSansFallback, looked at;
  // the other fonts in defaultCjkFonts() were not).
  float cjkScale = 1.2f;
};

// Which files ended up in the atlas; an empty path was not loaded.
struct LoadedFonts {
  std::filesystem::path main;  // empty: ImGui's built-in ProggyClean (ASCII only)
  std::filesystem::path cjk;
};

// Clears `atlas`, adds the fonts and builds it (so glyphs can be looked up at once). Logs to
// `logger` which files were loaded and, for each that was not, why.
LoadedFonts loadFonts(ImFontAtlas& atlas, const FontConfig& config, net::Logger& logger);

}  // namespace weft::engine
