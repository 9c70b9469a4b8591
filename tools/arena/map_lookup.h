// Finding and loading the arena's maps for the servers' --map option: a name from assets/maps/
// (where the build tree, an install or $WEFT_ASSETS_DIR keeps them) or a file path.
// Tests: tests/tools/arena/arena_server_test.cpp
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "game/sim/map.h"
#include "net/core/result.h"

namespace weft::arena_tools {

// $WEFT_ASSETS_DIR/maps when set, then the installed share/weft/assets/maps beside this program
// (bin/../share), the configure-time install prefix's, and the source tree's.
std::vector<std::filesystem::path> mapDirs();

// The maps every directory offers, by name ("cross", "dust"), sorted, without duplicates.
std::vector<std::string> shippedMapNames(const std::vector<std::filesystem::path>& dirs);

// `nameOrPath`: a path when it holds a '/' or ends in ".txt", else NAME.txt in the first of
// `dirs` that has it. Errors say where it looked, or the parse error's file:line:column.
net::Result<std::shared_ptr<const game::sim::Map>> loadMap(
    std::string_view nameOrPath, const std::vector<std::filesystem::path>& dirs);

}  // namespace weft::arena_tools
