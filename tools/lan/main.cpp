// weft-lan: LAN discovery from a terminal — `browse` lists the game servers that answer on the
// local network as they come and go; `announce` makes this host one of them.
// Run: weft-lan browse; weft-lan announce --name "LAN party" --game-port 7777

#include <CLI/CLI.hpp>
#include <iostream>
#include <vector>

#include "tools/lan/lan_commands.h"

int main(int argc, char** argv) {
  // Scripts and tests read the output through a pipe while it runs: every line leaves at once.
  std::cout << std::unitbuf;
  CLI::App app{
      "weft-lan: finds weft game servers on the local network (browse) or announces one "
      "(announce). Discovery uses UDP port 7778; see net/discovery/WIRE.md."};
  app.require_subcommand(1);
  const std::vector<weft::lan::Command> commands = {
      weft::lan::browseCommand(app),
      weft::lan::announceCommand(app),
  };
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error) == 0 ? 0 : weft::lan::kExitUsage;
  }
  for (const auto& command : commands) {
    if (command.cli->parsed()) return command.run();
  }
  return weft::lan::kExitUsage;
}
