#include "tools/chat/chat_tool.h"

#include <cmath>
#include <ctime>
#include <iostream>

#include "net/core/str_cat.h"
#include "net/endpoints/builtin_endpoints.h"
#include "net/enet/enet_endpoint.h"
#include "net/text/display_text.h"
#include "net/udp/udp_endpoint.h"

namespace weft::chat_tools {

using net::strCat;

std::string_view describe(Front front) {
  return front == Front::Telnet ? "telnet" : "game";
}

net::Result<Front> frontFor(const net::Endpoint& endpoint, std::string_view text, bool game) {
  if (endpoint.kind == &net::kEnetKind) return Front::Game;
  if (endpoint.kind == &net::kUdpKind) {
    return net::Error{strCat(text, ": chat runs over tcp, tcp6, unix or enet, not udp")};
  }
  return game ? Front::Game : Front::Telnet;
}

net::Result<net::Endpoint> parseChatEndpoint(std::string_view text, net::Endpoint::Role role) {
  auto parsed = role == net::Endpoint::Role::Server ? net::parseServerEndpoint(text)
                                                    : net::parseClientEndpoint(text);
  if (!parsed) return parsed.error();
  if (auto front = frontFor(*parsed, text, false); !front) return front.error();
  return parsed;
}

CLI::Validator finite(CLI::Validator range) {
  std::string description = range.get_description();
  return CLI::Validator(
      [range = std::move(range)](std::string& input) -> std::string {
        double value = 0;
        if (CLI::detail::lexical_cast(input, value) && !std::isfinite(value)) {
          return strCat("Value ", input, " is not a finite number");
        }
        return range(input);
      },
      std::move(description));
}

net::ChatTime wallNow() {
  return std::chrono::floor<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

namespace {
std::tm localTime(net::ChatTime time) {
  const std::time_t seconds =
      std::chrono::system_clock::to_time_t(std::chrono::floor<std::chrono::seconds>(time));
  std::tm parts{};
  ::localtime_r(&seconds, &parts);
  return parts;
}
}  // namespace

std::string clockTime(net::ChatTime time) {
  const std::tm parts = localTime(time);
  char text[16];
  std::strftime(text, sizeof text, "%H:%M:%S", &parts);
  return text;
}

std::string asctimeOf(net::ChatTime time) {
  const std::tm parts = localTime(time);
  char text[40];
  // asctime's layout (day of month padded with a space), without its newline.
  std::strftime(text, sizeof text, "%a %b %e %H:%M:%S %Y", &parts);
  return text;
}

void ConsoleLogger::write(net::LogLevel level, std::string_view message) {
  if (level < minimum_) return;
  std::cout << '[' << clockTime(wallNow()) << "] "
            << (level >= net::LogLevel::Warning ? strCat(net::toString(level), ": ") : "")
            << net::sanitizeText(message) << std::endl;
}

}  // namespace weft::chat_tools
