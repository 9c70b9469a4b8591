#include "tools/arena/map_lookup.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <system_error>

#include "game/sim/map_parser.h"
#include "net/core/str_cat.h"

namespace weft::arena_tools {

std::vector<std::filesystem::path> mapDirs() {
  std::vector<std::filesystem::path> dirs;
  if (const char* env = std::getenv("WEFT_ASSETS_DIR"); env && *env) {
    dirs.push_back(std::filesystem::path(env) / "maps");
  }
  // A dedicated server links no SDL, so it finds its own binary through /proc, not
  // SDL_GetBasePath as the engine's asset list does.
  std::error_code ec;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) dirs.push_back(self.parent_path() / ".." / "share" / "weft" / "assets" / "maps");
  dirs.push_back(std::filesystem::path(WEFT_INSTALLED_ASSETS_DIR) / "maps");
  dirs.push_back(std::filesystem::path(WEFT_SOURCE_ASSETS_DIR) / "maps");
  return dirs;
}

std::vector<std::string> shippedMapNames(const std::vector<std::filesystem::path>& dirs) {
  std::vector<std::string> names;
  for (const auto& dir : dirs) {
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
      if (entry.path().extension() == ".txt" && entry.is_regular_file(ec)) {
        names.push_back(entry.path().stem().string());
      }
    }
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

net::Result<std::shared_ptr<const game::sim::Map>> loadMap(
    std::string_view nameOrPath, const std::vector<std::filesystem::path>& dirs) {
  const bool isPath = nameOrPath.find('/') != std::string_view::npos ||
                      (nameOrPath.size() > 4 && nameOrPath.substr(nameOrPath.size() - 4) == ".txt");
  std::filesystem::path file;
  if (isPath) {
    file = std::filesystem::path(nameOrPath);
  } else {
    std::string looked;
    for (const auto& dir : dirs) {
      std::error_code ec;
      const auto candidate = dir / net::strCat(nameOrPath, ".txt");
      if (std::filesystem::is_regular_file(candidate, ec)) {
        file = candidate;
        break;
      }
      looked += net::strCat(looked.empty() ? "" : ", ", dir.string());
    }
    if (file.empty()) {
      return net::Error{net::strCat("no map called \"", nameOrPath, "\" (looked in ", looked,
                                    "); the maps there: ", [&] {
                                      std::string list;
                                      for (const auto& n : shippedMapNames(dirs)) {
                                        list += net::strCat(list.empty() ? "" : ", ", n);
                                      }
                                      return list.empty() ? std::string("none") : list;
                                    }())};
    }
  }
  game::sim::MapResult loaded = game::sim::loadMapFile(file.string());
  if (!loaded) return net::Error{loaded.error().toString()};
  return std::make_shared<const game::sim::Map>(std::move(*loaded));
}

}  // namespace weft::arena_tools
