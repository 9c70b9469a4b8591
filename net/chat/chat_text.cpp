#include "net/chat/chat_text.h"

#include <algorithm>

namespace weft::net {

std::string sanitizeNotice(std::string_view notice) {
  std::string text = sanitizeText(notice);
  std::erase_if(text, [](char c) { return c == '<' || c == '>'; });
  return text;
}

SanitizedName sanitizeName(std::string_view name, std::size_t maxCharacters) {
  // sanitizeLabel folds the spaces the brackets leave ("anna <> maria").
  SanitizedName result{sanitizeLabel(sanitizeNotice(name))};
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
