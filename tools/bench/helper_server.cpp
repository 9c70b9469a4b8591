#include "tools/bench/helper_server.h"

#include <sstream>

#include "net/core/str_cat.h"

namespace weft::bench {

using net::strCat;

net::Result<HelperServer> startHelperServer(const std::string& name, std::vector<std::string> argv,
                                            std::chrono::milliseconds limit) {
  tools::Subprocess::Options options;
  options.shareStderr = true;  // its complaints show as they are
  auto process = tools::Subprocess::start(std::move(argv), options);
  if (!process) return net::Error{strCat(name, ": ", process.error().message)};
  HelperServer server{std::move(*process)};
  auto line = server.process.readLine(limit);
  if (!line) return net::Error{strCat(name, " ", line.error().message)};
  if (line->starts_with("unavailable ")) return net::Error{strCat(name, ": ", line->substr(12))};

  const std::size_t loopback = line->find("127.0.0.1:");
  std::istringstream fields(line->substr(loopback == std::string::npos ? 9 : loopback + 10));
  int port = 0;
  std::string cpuWord;
  fields >> port;
  if (fields >> cpuWord && cpuWord == "cpu") fields >> server.cpu;
  if (!line->starts_with("listening") || port <= 0 || port > 65535) {
    return net::Error{strCat(name, " printed: ", *line)};
  }
  server.port = static_cast<std::uint16_t>(port);
  return server;
}

net::Result<void> finishHelperServer(HelperServer& server, const std::string& name,
                                     std::chrono::milliseconds limit) {
  const std::optional<int> status = server.process.waitExit(limit);
  if (status == 0) return {};
  return net::Error{strCat(name, " ",
                           status ? strCat("exited with status ", *status)
                                  : strCat("did not exit within ", limit.count(), " ms"))};
}

}  // namespace weft::bench
