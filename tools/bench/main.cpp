// weft-bench: the benchmark driver. Each subcommand measures one part of weft and, where there
// is one, its peer (Twisted, a bare system call, raw libenet) in the same run, and prints both in
// one table; tools/bench/README.md says how to read each.
// Run: weft-bench --help, weft-bench <subcommand> --help

#include <CLI/CLI.hpp>
#include <csignal>
#include <iostream>
#include <string>
#include <vector>

#include "tools/bench/command.h"

int main(int argc, char** argv) {
  // Comparison scripts run as child processes behind pipes: one that dies must show up as a
  // failed write (EPIPE), not as weft-bench killed by SIGPIPE.
  std::signal(SIGPIPE, SIG_IGN);

  CLI::App app{
      "weft-bench: measures weft and prints a table of its figures beside its peer's (Twisted, "
      "a bare system call, raw libenet), measured in the same run. Figures are medians over "
      "rounds; build with optimisation (the default RelWithDebInfo) and without sanitizers for "
      "meaningful numbers. What each subcommand measures, how to read its table and the goal "
      "each row is held to: tools/bench/README.md."};
  app.require_subcommand(1);

  // The subcommands, one line each (see command.h).
  const std::vector<weft::bench::Command> commands = {
      weft::bench::timersCommand(app),         weft::bench::pumpCommand(app),
      weft::bench::echoRttCommand(app),        weft::bench::echoServerCommand(app),
      weft::bench::enetEchoCommand(app),       weft::bench::enetPeersCommand(app),
      weft::bench::enetEchoServerCommand(app), weft::bench::chatFanoutCommand(app),
      weft::bench::arenaCodecCommand(app),
#ifdef WEFT_BENCH_ENGINE
      weft::bench::frameFloodCommand(app),
#endif
  };

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    // CLI11 reports "weft-bench nosuch" as a missing subcommand; name the word it did not know.
    const std::vector<std::string> unknown = app.remaining();
    if (app.get_subcommands().empty() && !unknown.empty() && !unknown.front().starts_with("-")) {
      std::cerr << "weft-bench: unknown subcommand '" << unknown.front()
                << "'; see weft-bench --help\n";
      return static_cast<int>(CLI::ExitCodes::ExtrasError);
    }
    return app.exit(error);
  }
  for (const auto& command : commands) {
    if (command.cli->parsed()) return command.run();
  }
  return 1;  // unreachable: require_subcommand(1) made the parse fail first
}
