#include "net/core/endpoint.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <span>
#include <vector>

#include "net/core/assert.h"
#include "net/core/endpoint_schema.h"
#include "net/core/endpoint_syntax.h"
#include "net/core/str_cat.h"

namespace weft::net {
namespace {

using detail::Field;
using detail::FieldList;
using detail::FieldSpec;
using detail::fieldSpec;
using detail::isDigits;
using detail::KindSpec;
using detail::RoleSpec;
using enum detail::Field;
using Family = Address::Family;
using Role = Endpoint::Role;
using Token = detail::EndpointToken;

std::string_view roleName(Role role) {
  return role == Role::Server ? "servers" : "clients";
}

// "(tcp servers take: interface, backlog)"
std::string optionsHint(const KindSpec& kind, Role role) {
  const FieldList& options = kind.role(role).options;
  std::string out = strCat("(", kind.name, " ", roleName(role), " take");
  if (options.size() == 0) return out + " no options)";
  for (std::size_t i = 0; i < options.size(); ++i) {
    out += strCat(i == 0 ? ": " : ", ", fieldSpec(options[i]).name);
  }
  return out + ")";
}

// "tcp clients take tcp:HOST:PORT"
std::string usage(const KindSpec& kind, Role role) {
  std::string out = strCat(kind.name, " ", roleName(role), " take ", kind.name);
  for (Field field : kind.role(role).positional) {
    out += ':';
    for (char c : fieldSpec(field).name) out += static_cast<char>(std::toupper(c));
  }
  return out;
}

std::string missingMessage(Field field, const KindSpec& kind, Role role) {
  // "tcp:7777:interface=::1" splits at every ':', leaving the interface empty.
  if (field == Host || field == Interface) {
    return strCat("missing ", fieldSpec(field).name, " (IPv6 addresses go in brackets: [::1])");
  }
  return strCat("missing ", fieldSpec(field).name, " (", usage(kind, role), ")");
}

// The field a key=value token sets, or why this kind and role take no such option.
Result<Field> optionField(std::string_view key, std::string_view value, const KindSpec& kind,
                          Role role) {
  if (key.empty()) {
    return Error{strCat("option '=", value, "' has no name ", optionsHint(kind, role))};
  }
  auto fields = detail::endpointFields();
  auto row = std::find_if(fields.begin(), fields.end(),
                          [key](const FieldSpec& f) { return f.name == key; });
  if (row != fields.end() && kind.role(role).takes(row->field)) return row->field;
  Role other = role == Role::Server ? Role::Client : Role::Server;
  if (row != fields.end() && kind.role(other).takes(row->field)) {
    return Error{strCat("option '", key, "' is for ", kind.name, " ", roleName(other), " ",
                        optionsHint(kind, role))};
  }
  return Error{strCat("unknown option '", key, "' ", optionsHint(kind, role))};
}

// Two passes, each in the order written: first which field each token sets (names, surplus
// values, repeats, gaps), then each value. So "tcp:example.org:7777" as a server is an
// unexpected '7777', not a port 'example.org' that is not a number.
Result<void> parseFields(std::span<const Token> tokens, const KindSpec& kind, Endpoint& e) {
  const RoleSpec& role = kind.role(e.role);
  if (tokens.size() > 1 && !tokens.back().key && tokens.back().value.empty()) {
    return Error{"unexpected ':' at the end"};
  }
  auto isValue = [](const Token& t) { return !t.key; };
  std::size_t next = 0;  // the positional field the next value fills
  // "tcp:7777" as a client: a lone number is the port, and the host stays loopback.
  if (std::count_if(tokens.begin(), tokens.end(), isValue) == 1 && role.positional.size() == 2 &&
      role.positional[0] == Host && role.positional[1] == Port &&
      isDigits(std::find_if(tokens.begin(), tokens.end(), isValue)->value)) {
    next = 1;
  }

  std::vector<Field> fields;  // the field each token sets
  std::uint32_t seen = 0;     // a bit per Field
  auto bit = [](Field field) { return std::uint32_t{1} << static_cast<unsigned>(field); };
  for (const Token& token : tokens) {
    if (token.key) {
      auto option = optionField(*token.key, token.value, kind, e.role);
      if (!option) return option.error();
      fields.push_back(*option);
    } else if (next < role.positional.size()) {
      fields.push_back(role.positional[next++]);
    } else {
      bool path = role.positional.contains(Path);
      return Error{
          strCat("unexpected ", token.value.empty() ? "':'" : strCat("'", token.value, "'"), " (",
                 usage(kind, e.role), path ? R"(; write '\:' for a ':' in a path)" : "", ")")};
    }
    Field field = fields.back();
    if (seen & bit(field)) return Error{strCat("'", fieldSpec(field).name, "' is given twice")};
    seen |= bit(field);
    if (token.value.empty()) return Error{missingMessage(field, kind, e.role)};
  }
  for (Field field : role.positional) {
    if (fieldSpec(field).required && !(seen & bit(field))) {
      return Error{missingMessage(field, kind, e.role)};
    }
  }
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (auto parsed = fieldSpec(fields[i]).parse(tokens[i].value, kind, e); !parsed) {
      return parsed.error();
    }
  }
  return {};
}

const KindSpec* findKind(const Token& head) {
  if (head.key) return nullptr;
  auto kinds = detail::endpointKinds();
  auto row = std::find_if(kinds.begin(), kinds.end(),
                          [&head](const KindSpec& k) { return k.name == head.value; });
  return row == kinds.end() ? nullptr : &*row;
}

Result<Endpoint> parse(std::string_view text, Role role);

// "7777" or "10.0.0.5:7777" is an endpoint without its type: suggest "tcp:" when that parses.
std::string unknownKindMessage(std::string_view text, Role role, const Token& head) {
  std::string expected;
  for (const KindSpec& kind : detail::endpointKinds()) {
    expected += strCat(expected.empty() ? "" : ", ", kind.name);
  }
  if (!head.key && head.value.empty()) {
    return strCat("missing endpoint type (expected ", expected, ")");
  }
  std::string name = head.key ? strCat(*head.key, "=", head.value) : head.value;
  std::string message = strCat("unknown endpoint type '", name, "' (expected ", expected);
  bool looksLikeAddress =
      !head.key && (isDigits(name) || name.starts_with('[') || name.find('.') != std::string::npos);
  if (std::string guess = strCat("tcp:", text); looksLikeAddress && parse(guess, role)) {
    message += strCat("; did you mean '", guess, "'?");
  }
  return message + ")";
}

Result<Endpoint> parse(std::string_view text, Role role) {
  if (text.empty()) {
    return Error{strCat("empty endpoint (expected something like '",
                        role == Role::Server ? "tcp:7777" : "tcp:example.org:7777", "')")};
  }
  auto fail = [text](std::string_view message) {
    return Error{detail::printableText(strCat(text, ": ", message))};
  };
  auto tokens = detail::tokenizeEndpoint(text);
  if (!tokens) return fail(tokens.error().message);
  const KindSpec* kind = findKind(tokens->front());
  if (kind == nullptr) return fail(unknownKindMessage(text, role, tokens->front()));

  Endpoint endpoint = detail::endpointDefaults(*kind, role);
  if (auto parsed = parseFields(std::span(*tokens).subspan(1), *kind, endpoint); !parsed) {
    return fail(parsed.error().message);
  }
  return endpoint;
}

// The row an Endpoint prints as: its kind, IPv6-only exactly when the endpoint is IPv6.
const KindSpec& kindFor(const Endpoint& e) {
  const KindSpec* fallback = nullptr;
  for (const KindSpec& kind : detail::endpointKinds()) {
    if (kind.kind != e.kind) continue;
    if ((kind.family == Family::IPv6) == (e.family == Family::IPv6)) return kind;
    if (fallback == nullptr) fallback = &kind;
  }
  WEFT_ASSERT(fallback != nullptr, "every Endpoint::Kind needs a row in endpointKinds()");
  return *fallback;
}

}  // namespace

std::string Endpoint::toString() const {
  const KindSpec& row = kindFor(*this);
  const RoleSpec& fields = row.role(role);
  std::string out(row.name);
  for (Field field : fields.positional) out += strCat(":", fieldSpec(field).print(*this));
  for (Field field : fields.options) {
    if (std::string value = fieldSpec(field).print(*this); !value.empty()) {
      out += strCat(":", fieldSpec(field).name, "=", value);
    }
  }
  return out;
}

Result<Endpoint> parseServerEndpoint(std::string_view text) {
  return parse(text, Role::Server);
}
Result<Endpoint> parseClientEndpoint(std::string_view text) {
  return parse(text, Role::Client);
}

}  // namespace weft::net
