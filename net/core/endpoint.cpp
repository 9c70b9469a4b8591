#include "net/core/endpoint.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <span>
#include <vector>

#include "net/core/endpoint_kind.h"
#include "net/core/endpoint_syntax.h"
#include "net/core/str_cat.h"

namespace weft::net {
namespace {

using detail::isDigits;
using Family = Address::Family;
using Role = Endpoint::Role;
using Token = detail::EndpointToken;
namespace shared = endpoint_fields;

std::string_view roleName(Role role) {
  return role == Role::Server ? "servers" : "clients";
}

Role otherRole(Role role) {
  return role == Role::Server ? Role::Client : Role::Server;
}

// "(tcp servers take: interface, backlog)"
std::string optionsHint(const EndpointSpelling& spelling, Role role) {
  const EndpointFieldList& options = spelling.kind.fields(role).options;
  std::string out = strCat("(", spelling.name(), " ", roleName(role), " take");
  if (options.size() == 0) return out + " no options)";
  for (std::size_t i = 0; i < options.size(); ++i) {
    out += strCat(i == 0 ? ": " : ", ", options[i]->name);
  }
  return out + ")";
}

// "tcp clients take tcp:HOST:PORT"
std::string usage(const EndpointSpelling& spelling, Role role) {
  std::string out = strCat(spelling.name(), " ", roleName(role), " take ", spelling.name());
  for (const EndpointField* field : spelling.kind.fields(role).positional) {
    out += ':';
    for (char c : field->name) out += static_cast<char>(std::toupper(c));
  }
  return out;
}

std::string missingMessage(const EndpointField& field, const EndpointSpelling& spelling,
                           Role role) {
  // "tcp:7777:interface=::1" splits at every ':', leaving the interface empty.
  if (&field == &shared::kHost || &field == &shared::kInterface) {
    return strCat("missing ", field.name, " (IPv6 addresses go in brackets: [::1])");
  }
  return strCat("missing ", field.name, " (", usage(spelling, role), ")");
}

// The field `key` names among what `fields` lists, or null.
const EndpointField* findField(const EndpointRoleFields& fields, std::string_view key) {
  for (const EndpointFieldList* list : {&fields.positional, &fields.options}) {
    for (const EndpointField* field : *list) {
      if (field->name == key) return field;
    }
  }
  return nullptr;
}

// The field a key=value token sets, or why this kind and role take no such option.
Result<const EndpointField*> optionField(std::string_view key, std::string_view value,
                                         const EndpointSpelling& spelling, Role role) {
  if (key.empty()) {
    return Error{strCat("option '=", value, "' has no name ", optionsHint(spelling, role))};
  }
  if (const EndpointField* field = findField(spelling.kind.fields(role), key)) return field;
  if (findField(spelling.kind.fields(otherRole(role)), key) != nullptr) {
    return Error{strCat("option '", key, "' is for ", spelling.name(), " ",
                        roleName(otherRole(role)), " ", optionsHint(spelling, role))};
  }
  return Error{strCat("unknown option '", key, "' ", optionsHint(spelling, role))};
}

// Two passes, each in the order written: first which field each token sets (names, surplus
// values, repeats, gaps), then each value. So "tcp:example.org:7777" as a server is an
// unexpected '7777', not a port 'example.org' that is not a number.
Result<void> parseFields(std::span<const Token> tokens, const EndpointSpelling& spelling,
                         Endpoint& e) {
  const EndpointRoleFields& role = spelling.kind.fields(e.role);
  if (tokens.size() > 1 && !tokens.back().key && tokens.back().value.empty()) {
    return Error{"unexpected ':' at the end"};
  }
  auto isValue = [](const Token& t) { return !t.key; };
  std::size_t next = 0;  // the positional field the next value fills
  // "tcp:7777" as a client: a lone number is the port, and the host stays loopback.
  if (std::count_if(tokens.begin(), tokens.end(), isValue) == 1 && role.positional.size() == 2 &&
      role.positional[0] == &shared::kHost && role.positional[1] == &shared::kPort &&
      isDigits(std::find_if(tokens.begin(), tokens.end(), isValue)->value)) {
    next = 1;
  }

  std::vector<const EndpointField*> fields;  // the field each token sets
  for (const Token& token : tokens) {
    if (token.key) {
      auto option = optionField(*token.key, token.value, spelling, e.role);
      if (!option) return option.error();
      fields.push_back(*option);
    } else if (next < role.positional.size()) {
      fields.push_back(role.positional[next++]);
    } else {
      bool path = role.positional.contains(shared::kPath);
      return Error{
          strCat("unexpected ", token.value.empty() ? "':'" : strCat("'", token.value, "'"), " (",
                 usage(spelling, e.role), path ? R"(; write '\:' for a ':' in a path)" : "", ")")};
    }
    const EndpointField& field = *fields.back();
    if (std::count(fields.begin(), fields.end(), &field) > 1) {
      return Error{strCat("'", field.name, "' is given twice")};
    }
    if (token.value.empty()) return Error{missingMessage(field, spelling, e.role)};
  }
  for (const EndpointField* field : role.positional) {
    if (field->required && std::find(fields.begin(), fields.end(), field) == fields.end()) {
      return Error{missingMessage(*field, spelling, e.role)};
    }
  }
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (auto parsed = fields[i]->parse(tokens[i].value, spelling, e); !parsed) {
      return parsed.error();
    }
  }
  return {};
}

// The kind the first token names, and how: "tcp6" is tcp's IPv6-only spelling.
std::optional<EndpointSpelling> findKind(const Token& head, EndpointKinds kinds) {
  if (head.key) return std::nullopt;
  for (const EndpointKind* kind : kinds) {
    if (kind->name == head.value) return EndpointSpelling{*kind, false};
    if (!kind->ipv6Name.empty() && kind->ipv6Name == head.value) {
      return EndpointSpelling{*kind, true};
    }
  }
  return std::nullopt;
}

Result<Endpoint> parse(std::string_view text, Role role, EndpointKinds kinds);

// "7777" or "10.0.0.5:7777" is an endpoint without its type: suggest the first kind ("tcp:")
// when that parses.
std::string unknownKindMessage(std::string_view text, Role role, const Token& head,
                               EndpointKinds kinds) {
  std::string expected;
  for (const EndpointKind* kind : kinds) {
    expected += strCat(expected.empty() ? "" : ", ", kind->name);
    if (!kind->ipv6Name.empty()) expected += strCat(", ", kind->ipv6Name);
  }
  if (!head.key && head.value.empty()) {
    return strCat("missing endpoint type (expected ", expected, ")");
  }
  std::string name = head.key ? strCat(*head.key, "=", head.value) : head.value;
  std::string message = strCat("unknown endpoint type '", name, "' (expected ", expected);
  bool looksLikeAddress =
      !head.key && (isDigits(name) || name.starts_with('[') || name.find('.') != std::string::npos);
  if (looksLikeAddress && !kinds.empty()) {
    if (std::string guess = strCat(kinds.front()->name, ":", text); parse(guess, role, kinds)) {
      message += strCat("; did you mean '", guess, "'?");
    }
  }
  return message + ")";
}

// An Endpoint as spelled before any field is set: the default interface or loopback host.
Endpoint defaults(const EndpointSpelling& spelling, Role role) {
  Endpoint e;
  e.kind = &spelling.kind;
  e.role = role;
  if (spelling.kind.addressing == EndpointAddressing::Path) {
    e.family = Family::Unix;
    e.host.clear();
    return e;
  }
  e.family = spelling.ipv6Only ? Family::IPv6 : Family::IPv4;
  if (role == Role::Server) {
    e.host = spelling.ipv6Only ? "::" : "0.0.0.0";
  } else {
    e.host = spelling.ipv6Only ? "::1" : "127.0.0.1";
  }
  return e;
}

Result<Endpoint> parse(std::string_view text, Role role, EndpointKinds kinds) {
  if (text.empty()) {
    return Error{strCat("empty endpoint (expected something like '",
                        role == Role::Server ? "tcp:7777" : "tcp:example.org:7777", "')")};
  }
  auto fail = [text](std::string_view message) {
    return Error{detail::printableText(strCat(text, ": ", message))};
  };
  auto tokens = detail::tokenizeEndpoint(text);
  if (!tokens) return fail(tokens.error().message);
  std::optional<EndpointSpelling> spelling = findKind(tokens->front(), kinds);
  if (!spelling) return fail(unknownKindMessage(text, role, tokens->front(), kinds));

  Endpoint endpoint = defaults(*spelling, role);
  if (auto parsed = parseFields(std::span(*tokens).subspan(1), *spelling, endpoint); !parsed) {
    return fail(parsed.error().message);
  }
  return endpoint;
}

}  // namespace

std::string_view EndpointSpelling::name() const {
  return ipv6Only ? kind.ipv6Name : kind.name;
}

// An IPv6 endpoint of a kind with an IPv6-only spelling prints with it, so "tcp:[::1]:7777"
// and "tcp6:[::1]:7777" are one endpoint with one canonical string.
std::string Endpoint::toString() const {
  const EndpointSpelling spelling{*kind, !kind->ipv6Name.empty() && family == Family::IPv6};
  const EndpointRoleFields& fields = kind->fields(role);
  std::string out(spelling.name());
  for (const EndpointField* field : fields.positional) out += strCat(":", field->print(*this));
  for (const EndpointField* field : fields.options) {
    if (std::string value = field->print(*this); !value.empty()) {
      out += strCat(":", field->name, "=", value);
    }
  }
  return out;
}

Result<Endpoint> parseServerEndpoint(std::string_view text, EndpointKinds kinds) {
  return parse(text, Role::Server, kinds);
}
Result<Endpoint> parseClientEndpoint(std::string_view text, EndpointKinds kinds) {
  return parse(text, Role::Client, kinds);
}

}  // namespace weft::net
