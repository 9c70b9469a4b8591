#include "net/core/endpoint_syntax.h"

#include <algorithm>
#include <charconv>
#include <cstdint>

#include "net/core/str_cat.h"

namespace weft::net::detail {

Result<std::vector<EndpointToken>> tokenizeEndpoint(std::string_view text) {
  std::vector<EndpointToken> tokens(1);
  bool atValueStart = true;
  std::size_t openBracket = std::string_view::npos;  // where the unclosed '[' is, if any
  for (std::size_t i = 0; i < text.size(); ++i) {
    EndpointToken& token = tokens.back();
    char c = text[i];
    if (c == '\\') {
      if (++i == text.size()) return Error{R"(ends in a lone '\' (write '\\' for a backslash))"};
      token.value += text[i];
    } else if (openBracket != std::string_view::npos) {
      if (c == ']') openBracket = std::string_view::npos;
      token.value += c;
    } else if (c == '[' && atValueStart) {
      openBracket = i;
      token.value += c;
    } else if (c == ':') {
      tokens.emplace_back();
      atValueStart = true;
      continue;
    } else if (c == '=' && !token.key) {
      token.key = std::move(token.value);
      token.value.clear();
      atValueStart = true;
      continue;
    } else {
      token.value += c;
    }
    atValueStart = false;
  }
  if (openBracket != std::string_view::npos) {
    return Error{strCat("'", text.substr(openBracket), "' is missing its closing ']'")};
  }
  return tokens;
}

std::string escapeEndpointValue(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (std::size_t i = 0; i < value.size(); ++i) {
    char c = value[i];
    if (c == ':' || c == '=' || c == '\\' || (i == 0 && c == '[')) out += '\\';
    out += c;
  }
  return out;
}

namespace {

constexpr std::int64_t kNanosPerSecond = 1'000'000'000;

bool isLabel(std::string_view label) {
  if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
    return false;
  }
  return std::all_of(label.begin(), label.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
  });
}

}  // namespace

bool isDigits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool isHostName(std::string_view name) {
  if (name.ends_with('.')) name.remove_suffix(1);
  if (name.empty() || name.size() > 253) return false;
  for (std::size_t start = 0; start <= name.size();) {
    std::size_t dot = std::min(name.find('.', start), name.size());
    if (!isLabel(name.substr(start, dot - start))) return false;
    start = dot + 1;
  }
  // An all-digit last label is a number, not a name: resolvers read "7777" as 0.0.30.97.
  return !isDigits(name.substr(name.rfind('.') + 1));
}

std::optional<Duration> parseDecimalSeconds(std::string_view text) {
  std::size_t dot = std::min(text.find('.'), text.size());
  std::string_view whole = text.substr(0, dot);
  std::string_view fraction = text.substr(std::min(dot + 1, text.size()));
  bool hasFraction = dot < text.size();
  // "5", "1.5" and ".5"; not "", ".", "5." or anything signed.
  bool wholeOk = whole.empty() ? hasFraction : isDigits(whole);
  bool fractionOk = !hasFraction || isDigits(fraction);
  if (!wholeOk || !fractionOk) return std::nullopt;
  std::int64_t nanos = 0;
  for (std::size_t i = 0; i < 9; ++i) {
    nanos = nanos * 10 + (i < fraction.size() ? fraction[i] - '0' : 0);
  }
  std::int64_t seconds = 0;
  auto [end, ec] = std::from_chars(whole.data(), whole.data() + whole.size(), seconds);
  if (ec == std::errc::result_out_of_range ||
      seconds > (Duration::max().count() - nanos) / kNanosPerSecond) {
    return Duration::max();
  }
  return Duration(seconds * kNanosPerSecond + nanos);
}

std::string formatDecimalSeconds(Duration duration) {
  std::int64_t nanos = std::max<std::int64_t>(duration.count(), 0);
  std::string out = strCat(nanos / kNanosPerSecond);
  if (std::int64_t fraction = nanos % kNanosPerSecond; fraction != 0) {
    std::string digits = strCat(fraction);
    digits.insert(0, 9 - digits.size(), '0');
    out += strCat(".", digits.substr(0, digits.find_last_not_of('0') + 1));
  }
  return out;
}

std::string printableText(std::string_view text) {
  constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte != 0x7f) {
      out += c;
    } else {
      out += strCat("\\x", kHex[byte >> 4], kHex[byte & 0xf]);
    }
  }
  return out;
}

}  // namespace weft::net::detail
