#include "engine/imgui/fonts.h"

#include <imgui.h>

#include <array>
#include <cstring>
#include <fstream>
#include <iterator>
#include <optional>

namespace weft::engine {
namespace {

// Basic Latin, Latin-1 (German), Latin Extended-A, Cyrillic and its supplements, general
// punctuation (dashes, quotes, ellipsis). ImGui keeps a pointer: this must outlive the atlas.
constexpr std::array<ImWchar, 15> kMainRanges = {
    0x0020, 0x00FF, 0x0100, 0x017F, 0x0400, 0x052F, 0x2000, 0x206F,
    0x2DE0, 0x2DFF, 0xA640, 0xA69F, 0xFFFD, 0xFFFD, 0,
};

// A font file's bytes, owned by ImGui's allocator (the atlas frees them), or why not.
struct FontBytes {
  void* data = nullptr;
  int size = 0;
  std::string problem;
};

bool looksLikeFont(const std::string& bytes) {
  if (bytes.size() < 12) return false;
  static constexpr std::array<const char*, 4> kMagics = {"\x00\x01\x00\x00", "true", "OTTO",
                                                         "ttcf"};
  for (const char* magic : kMagics) {
    if (std::memcmp(bytes.data(), magic, 4) == 0) return true;
  }
  return false;
}

FontBytes readFont(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {.problem = "cannot be opened"};
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!looksLikeFont(bytes)) return {.problem = "is not a TrueType/OpenType font"};
  void* data = ImGui::MemAlloc(bytes.size());
  std::memcpy(data, bytes.data(), bytes.size());
  return {.data = data, .size = static_cast<int>(bytes.size()), .problem = {}};
}

// Adds `path` to the atlas (merged into the previous font when `merge`); false, logged, when
// the file is unusable.
bool addFont(ImFontAtlas& atlas, const std::filesystem::path& path, float size,
             const ImWchar* ranges, bool merge, net::Logger& logger) {
  FontBytes bytes = readFont(path);
  if (bytes.data == nullptr) {
    logger.warning("font " + path.string() + " " + bytes.problem);
    return false;
  }
  ImFontConfig config;
  config.MergeMode = merge;
  config.FontDataOwnedByAtlas = true;
  config.OversampleH = 1;  // CJK atlases grow fast; 1x keeps a 2k texture
  return atlas.AddFontFromMemoryTTF(bytes.data, bytes.size, size, &config, ranges) != nullptr;
}

std::optional<std::filesystem::path> firstExisting(
    const std::vector<std::filesystem::path>& paths) {
  std::error_code ec;
  for (const auto& path : paths) {
    if (std::filesystem::is_regular_file(path, ec)) return path;
  }
  return std::nullopt;
}

LoadedFonts fallBackToDefault(ImFontAtlas& atlas, net::Logger& logger) {
  atlas.Clear();
  atlas.AddFontDefault();
  atlas.Build();
  logger.warning("fonts: using ImGui's built-in font (ASCII only)");
  return {};
}

}  // namespace

std::vector<std::filesystem::path> defaultCjkFonts() {
  return {
      "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
      "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
      "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
  };
}

LoadedFonts loadFonts(ImFontAtlas& atlas, const FontConfig& config, net::Logger& logger) {
  atlas.Clear();
  LoadedFonts loaded;
  auto main = findAsset(config.assetDirs, config.mainFont);
  if (!main) {
    std::string searched;
    for (const auto& dir : config.assetDirs) searched += " " + dir.string();
    logger.warning("fonts: " + config.mainFont + " not found in:" + searched +
                   " (set WEFT_ASSETS_DIR to the directory holding fonts/)");
    return fallBackToDefault(atlas, logger);
  }
  if (!addFont(atlas, *main, config.sizePixels, kMainRanges.data(), false, logger)) {
    return fallBackToDefault(atlas, logger);
  }
  loaded.main = *main;

  if (auto cjk = firstExisting(config.cjkFonts)) {
    const ImWchar* ranges = config.fullCjk ? atlas.GetGlyphRangesChineseFull()
                                           : atlas.GetGlyphRangesChineseSimplifiedCommon();
    if (addFont(atlas, *cjk, config.sizePixels * config.cjkScale, ranges, true, logger)) {
      loaded.cjk = *cjk;
    }
  } else if (!config.cjkFonts.empty()) {
    logger.info(
        "fonts: no CJK font installed (e.g. apt install fonts-droid-fallback); "
        "Chinese renders as '?'");
  }

  if (!atlas.Build()) {
    logger.warning("fonts: building the atlas from " + loaded.main.string() + " failed");
    return fallBackToDefault(atlas, logger);
  }
  logger.info(
      "fonts: " + loaded.main.string() +
      (loaded.cjk.empty() ? std::string(" (no CJK)") : " + CJK from " + loaded.cjk.string()));
  return loaded;
}

}  // namespace weft::engine
