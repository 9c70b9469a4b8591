#include "net/chat/chat_text.h"

#include <algorithm>

namespace weft::net {

SanitizedName sanitizeName(std::string_view name, std::size_t maxCharacters) {
  std::string withoutBrackets = sanitizeText(name);
  std::erase_if(withoutBrackets, [](char c) { return c == '<' || c == '>'; });
  SanitizedName result{sanitizeLabel(withoutBrackets)};  // folds the spaces the brackets left
  const std::string_view kept = firstCharacters(result.name, maxCharacters);
  if (kept.size() < result.name.size()) {
    result.truncated = true;
    result.name.resize(kept.size());
    while (!result.name.empty() && result.name.back() == ' ') result.name.pop_back();
  }
  return result;
}

std::string nameKey(std::string_view name) {
  return visibleKey(name);
}

}  // namespace weft::net
