// EnetServerProcess: an enet-echo-server (tools/bench/enet_echo_server.cpp) started as a child
// process pinned to a CPU, with the port and CPU it announced; how enet-echo and enet-peers
// get their servers. Tests: tests/tools/bench/enet_bench_test.cpp (through the subcommands)
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "net/core/result.h"
#include "tools/bench/child_process.h"

namespace weft::bench {

struct EnetServerProcess {
  ChildProcess process;
  std::uint16_t port = 0;
  int cpu = -1;  // where the server said it runs
};

// What to start: enet-echo-server's --kind, and for weft its --batch (seconds; empty: none).
struct EnetServerKind {
  std::string kind;
  std::string batch;
  std::string label() const { return batch.empty() ? kind : kind + "-batch"; }
};

// Starts `self enet-echo-server --kind KIND [--batch SECONDS] --cpu CPU --peers PEERS` and reads
// its "listening" line. A non-empty `wrapper` is put in front of that command line, to run the
// server under a profiler (its first word a path: no PATH search). The error names the kind and
// what the process printed or did instead.
net::Result<EnetServerProcess> startEnetServer(const std::string& self, const EnetServerKind& kind,
                                               int cpu, int peers,
                                               const std::vector<std::string>& wrapper = {});

// Waits for a server whose clients have disconnected to exit; empty if it exited 0, else what
// went wrong, naming the kind.
std::string finishEnetServer(EnetServerProcess& server, const std::string& kind);

}  // namespace weft::bench
