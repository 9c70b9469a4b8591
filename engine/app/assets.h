// Assets: where weft's programs find the files they load (fonts) — a list of directories tried
// in order, so the same binary works from the build tree, installed, or pointed elsewhere.
// Tests: tests/engine/imgui/imgui_layer_test.cpp
#pragma once

#include <filesystem>
#include <optional>
#include <string_view>
#include <vector>

namespace weft::engine {

// The default search list, first match wins: $WEFT_ASSETS_DIR when set and non-empty,
// share/weft/assets beside the program's bin/ (an installed tree, wherever it is), the
// configure-time install prefix's share/weft/assets, then the source tree's assets/ (for
// running from a build dir).
std::vector<std::filesystem::path> defaultAssetDirs();

// `relative` (e.g. "fonts/DejaVuSans.ttf") under the first of `dirs` that holds it as a regular
// file; an absolute `relative` is taken as is when it exists. Nothing when no directory has it.
std::optional<std::filesystem::path> findAsset(const std::vector<std::filesystem::path>& dirs,
                                               std::string_view relative);

}  // namespace weft::engine
