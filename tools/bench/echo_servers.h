// The command lines that start weft-bench's hidden echo servers (echo_servers.cpp): the server
// halves of echo-rtt (a line echo over TCP) and of enet-echo and enet-peers (a message echo over
// ENet), each a weft server or a raw one to compare it with, in a process pinned to one CPU.
// Tests: tests/tools/bench/commands_test.cpp, enet_bench_test.cpp (through the subcommands)
#pragma once

#include <string>
#include <vector>

namespace weft::bench {

// `self echo-server --kind KIND --cpu CPU`; KIND is "weft" or "raw".
std::vector<std::string> echoServerArgv(const std::string& self, const std::string& kind, int cpu);

// What enet-echo-server runs: --kind, and for weft its --batch (seconds; empty: none).
struct EnetServerKind {
  std::string kind;
  std::string batch;
  std::string label() const { return batch.empty() ? kind : kind + "-batch"; }
};

// `[wrapper...] self enet-echo-server --kind KIND [--batch S] --cpu CPU --peers PEERS`; a
// wrapper (a profiler) goes in front.
std::vector<std::string> enetServerArgv(const std::string& self, const EnetServerKind& kind,
                                        int cpu, int peers,
                                        const std::vector<std::string>& wrapper);

}  // namespace weft::bench
