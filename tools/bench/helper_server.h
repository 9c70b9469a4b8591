// HelperServer: a server process that a benchmark starts and measures (weft-bench's own hidden
// echo servers, weft-chatd, the Twisted chat server), with the port it announced on its first
// line, and the CPU too if it said. Every wait is bounded; its stderr is weft-bench's.
// Tests: tests/tools/bench/commands_test.cpp (through the subcommands)
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "net/core/result.h"
#include "tools/support/subprocess.h"

namespace weft::bench {

struct HelperServer {
  tools::Subprocess process;
  std::uint16_t port = 0;
  int cpu = -1;  // where it said it runs, or -1
};

// Starts `argv` and reads its first line within `limit`: "listening PORT [cpu CPU]" or
// "listening on 127.0.0.1:PORT ..." (weft-chatd's). A script that cannot run says
// "unavailable WHY", which becomes the error. Every error starts with `name`.
net::Result<HelperServer> startHelperServer(const std::string& name, std::vector<std::string> argv,
                                            std::chrono::milliseconds limit);

// Waits up to `limit` for a server whose clients have left to exit; the error, naming `name`,
// says how it did not exit 0.
net::Result<void> finishHelperServer(HelperServer& server, const std::string& name,
                                     std::chrono::milliseconds limit);

}  // namespace weft::bench
