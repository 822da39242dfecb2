#include "field_refusal.h"

#include <cctype>

namespace triad::desktop {

namespace {

bool is_name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// The longest field name the message names as TYPE.FIELD or "needs FIELD ".
std::string field_named_in(const core::TypeSpec& type, const std::string& message) {
  std::string best;
  for (const core::FieldSpec& f : type.fields) {
    const std::string name(f.name);
    for (const std::string& pattern :
         {std::string(type.name) + "." + name, " needs " + name + " "}) {
      const size_t at = message.find(pattern);
      const size_t end = at + pattern.size();
      if (at == std::string::npos || (end < message.size() && is_name_char(message[end]))) continue;
      if (name.size() > best.size()) best = name;
    }
  }
  return best;
}

std::string beside_field_text(const std::string& message, const std::string& prefix) {
  std::string rest = message;
  if (rest.rfind(prefix, 0) == 0) {
    rest = rest.substr(prefix.size());
    while (!rest.empty() && (rest.front() == ':' || rest.front() == ' ')) rest.erase(rest.begin());
  }
  if (!rest.empty()) rest[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(rest[0])));
  // The store's advice to a CLI user ("add them first: triad add person ...") said for the app.
  if (const size_t cli = rest.find("; add them first: triad add person"); cli != std::string::npos)
    rest = rest.substr(0, cli) +
           ". Check the spelling: a colleague new to the alliance reaches this device with the "
           "roster at the next sync.";
  return rest;
}

}  // namespace

FieldRefusal field_refusal(const core::TypeSpec& type, const core::Status& status) {
  FieldRefusal r;
  r.field = field_named_in(type, status.message());
  if (r.field.empty()) return r;
  r.missing = status.message().find(" needs " + r.field + " ") != std::string::npos;
  r.beside = beside_field_text(status.message(), std::string(type.name) + "." + r.field);
  return r;
}

}  // namespace triad::desktop
