#include "engine/app/assets.h"

#include <SDL.h>

#include <cstdlib>
#include <system_error>

namespace weft::engine {

std::vector<std::filesystem::path> defaultAssetDirs() {
  std::vector<std::filesystem::path> dirs;
  if (const char* env = std::getenv("WEFT_ASSETS_DIR"); env != nullptr && *env != '\0') {
    dirs.emplace_back(env);
  }
  // Beside the program in an installed tree (bin/../share/weft/assets), wherever the tree was
  // copied or installed to: the configure-time prefix below is only a guess at that.
  if (char* base = SDL_GetBasePath(); base != nullptr) {
    dirs.push_back(std::filesystem::path(base) / ".." / "share" / "weft" / "assets");
    SDL_free(base);
  }
  dirs.emplace_back(WEFT_INSTALLED_ASSETS_DIR);
  dirs.emplace_back(WEFT_SOURCE_ASSETS_DIR);
  return dirs;
}

std::optional<std::filesystem::path> findAsset(const std::vector<std::filesystem::path>& dirs,
                                               std::string_view relative) {
  std::error_code ec;
  const std::filesystem::path rel(relative);
  if (rel.is_absolute()) {
    if (std::filesystem::is_regular_file(rel, ec)) return rel;
    return std::nullopt;
  }
  for (const auto& dir : dirs) {
    auto candidate = dir / rel;
    if (std::filesystem::is_regular_file(candidate, ec)) return candidate;
  }
  return std::nullopt;
}

}  // namespace weft::engine
