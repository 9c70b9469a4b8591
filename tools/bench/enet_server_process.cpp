#include "tools/bench/enet_server_process.h"

#include <sstream>

#include "net/core/str_cat.h"

namespace weft::bench {

using net::strCat;
using namespace std::chrono_literals;

namespace {
constexpr auto kStartLimit = 15s;  // to print "listening" (under valgrind, too)
constexpr auto kExitLimit = 3s;    // after its last peer left
}  // namespace

net::Result<EnetServerProcess> startEnetServer(const std::string& self,
                                               const EnetServerKind& serverKind, int cpu, int peers,
                                               const std::vector<std::string>& wrapper) {
  const std::string kind = serverKind.label();
  std::vector<std::string> argv = wrapper;
  argv.insert(argv.end(), {self, "enet-echo-server", "--kind", serverKind.kind, "--cpu",
                           strCat(cpu), "--peers", strCat(peers)});
  if (!serverKind.batch.empty()) argv.insert(argv.end(), {"--batch", serverKind.batch});
  auto process = ChildProcess::start(argv);
  if (!process) return process.error();
  EnetServerProcess server{std::move(*process)};
  auto line = server.process.readLine(kStartLimit);
  if (!line) return net::Error{strCat("the ", kind, " ENet server ", line.error().message)};
  std::istringstream fields(*line);
  std::string word, cpuWord;
  int port = 0;
  fields >> word >> port >> cpuWord >> server.cpu;
  if (word != "listening" || cpuWord != "cpu" || !fields || port <= 0 || port > 65535) {
    return net::Error{strCat("the ", kind, " ENet server printed: ", *line)};
  }
  server.port = static_cast<std::uint16_t>(port);
  return server;
}

std::string finishEnetServer(EnetServerProcess& server, const std::string& kind) {
  const std::optional<int> status = server.process.waitExit(kExitLimit);
  if (status == 0) return {};
  return strCat("the ", kind, " ENet server ",
                status ? strCat("exited with status ", *status)
                       : strCat("did not exit within ", kExitLimit.count(),
                                " s of its last "
                                "peer leaving"));
}

}  // namespace weft::bench
