#include "net/chat/chat_command.h"

#include <array>
#include <utility>

namespace weft::net {

namespace {

bool isSpace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

std::string_view trimRight(std::string_view text) {
  while (!text.empty() && isSpace(text.back())) text.remove_suffix(1);
  return text;
}

bool equalsIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char c = a[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != b[i]) return false;
  }
  return true;
}

constexpr std::array<std::pair<std::string_view, ChatCommand::Kind>, 11> kWords = {{
    {"me", ChatCommand::Kind::Me},
    {"nick", ChatCommand::Kind::Nick},
    {"rename", ChatCommand::Kind::Nick},
    {"name", ChatCommand::Kind::Nick},
    {"list", ChatCommand::Kind::List},
    {"clients", ChatCommand::Kind::List},
    {"all", ChatCommand::Kind::List},
    {"help", ChatCommand::Kind::Help},
    {"quit", ChatCommand::Kind::Quit},
    {"exit", ChatCommand::Kind::Quit},
    {"history", ChatCommand::Kind::History},
}};

}  // namespace

ChatCommand parseChatCommand(std::string_view line) {
  line = trimRight(line);
  std::string_view start = line;
  while (!start.empty() && isSpace(start.front())) start.remove_prefix(1);
  if (start.empty()) return {};
  if (!line.starts_with('/')) return {ChatCommand::Kind::Say, line};
  if (line.starts_with("//")) return {ChatCommand::Kind::Say, line.substr(1)};

  const std::size_t space = line.find(' ');
  const std::string_view word = line.substr(1, space == std::string_view::npos ? space : space - 1);
  const std::string_view arg =
      space == std::string_view::npos ? std::string_view{} : line.substr(space + 1);
  for (const auto& [name, kind] : kWords) {
    if (equalsIgnoringCase(word, name)) return {kind, arg};
  }
  return {ChatCommand::Kind::Unknown, word};
}

}  // namespace weft::net
